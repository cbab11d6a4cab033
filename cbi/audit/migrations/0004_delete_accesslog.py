from django.db import migrations


class Migration(migrations.Migration):
    """The person-record log is in AccessEvent now (0003)."""

    dependencies = [("audit", "0003_copy_access_logs")]

    operations = [migrations.DeleteModel(name="AccessLog")]
