"""On PostgreSQL, refuse UPDATE and DELETE on the audit tables at the database itself.

Status history, notes and the access log are append-only. The retention purge is the one
path allowed to erase personal text in them: it sets the transaction-local flag
`welltopia.retention_purge = on` (SET LOCAL), which these triggers recognise. On other
databases (SQLite in development) the migration does nothing; the app never edits these rows.
"""

from django.db import migrations

TABLES = ["intake_statuschange", "intake_note", "intake_accesslog"]

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION welltopia_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('welltopia.retention_purge', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'welltopia: % on % refused: audit records are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: the function body's RAISE uses % placeholders, which must reach PostgreSQL as they are
    # (with the default params=() psycopg reads them as query parameters and refuses the statement).
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION welltopia_refuse_audit_change()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS welltopia_refuse_audit_change()")


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_staff_groups_and_decline_messages")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
