"""Load the territorial codifier КАТОТТГ (edition 19.01.2024) shipped in
cbi/registry/data/. Reference data, versioned with the code that uses it."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from cbi.registry import katottg

    katottg.load(apps.get_model("registry", "Territory"), settings.CBI_KATOTTG_CSV)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
