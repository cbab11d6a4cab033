"""The counter of reference numbers lives in common.ReferenceCounter now; its values were
copied there by common 0002 (issue #13 item 4)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("primary", "0003_delete_reviewaccesslog"),
        ("common", "0002_copy_reference_counters"),
    ]
    operations = [migrations.DeleteModel(name="ReferenceCounter")]
