"""On PostgreSQL, the journal of applications refuses UPDATE and DELETE in the database
itself (a row trigger), so not even a raw SQL statement can change it unnoticed. Other
databases rely on the model (save/delete refuse) and on ``verify_journal``."""

from django.db import migrations

TABLE = "carqueue_journalentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION carqueue_journal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the journal of applications is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS carqueue_journal_append_only ON {TABLE};
CREATE TRIGGER carqueue_journal_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION carqueue_journal_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS carqueue_journal_append_only ON {TABLE};
DROP FUNCTION IF EXISTS carqueue_journal_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("carqueue", "0002_car_applications_and_journal")]

    operations = [migrations.RunPython(install, uninstall)]
