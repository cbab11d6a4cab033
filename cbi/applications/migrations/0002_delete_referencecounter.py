"""The counter of reference numbers lives in common.ReferenceCounter now; its values were
copied there by common 0002 (issue #13 item 4)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("common", "0002_copy_reference_counters"),
    ]
    operations = [migrations.DeleteModel(name="ReferenceCounter")]
