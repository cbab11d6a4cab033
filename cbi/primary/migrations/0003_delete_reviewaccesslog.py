from django.db import migrations


class Migration(migrations.Migration):
    """Openings of applications are in audit.AccessEvent now (audit 0003 copied them)."""

    dependencies = [
        ("primary", "0002_save_and_return"),
        ("audit", "0003_copy_access_logs"),
    ]

    operations = [migrations.DeleteModel(name="ReviewAccessLog")]
