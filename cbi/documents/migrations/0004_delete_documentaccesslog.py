from django.db import migrations


class Migration(migrations.Migration):
    """Openings of files are in audit.AccessEvent now (audit 0003 copied them)."""

    dependencies = [
        ("documents", "0003_alter_document_kind_alter_historicaldocument_kind"),
        ("audit", "0003_copy_access_logs"),
    ]

    operations = [migrations.DeleteModel(name="DocumentAccessLog")]
