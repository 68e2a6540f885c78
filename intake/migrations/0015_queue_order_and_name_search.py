"""The staff queue at any size: an index in the queue's own order (a deep page's keys come from it,
intake/admin/pagination.py), and on PostgreSQL trigram indexes for the name and email search.

The admin searches with icontains, which PostgreSQL runs as UPPER(column) LIKE UPPER('%term%'):
a GIN index of pg_trgm over UPPER(column) answers that without reading every request. pg_trgm is
a trusted extension (PostgreSQL 13+): the database's owner, who runs migrate, may create it. On
SQLite there is no such index; the search reads the table, as before.
"""

from django.db import migrations, models

SEARCHED = ["first_name", "last_name", "email"]
REFERENCE_INDEX = "intake_request_reference_upper"


def _index(column: str) -> str:
    return f"intake_request_{column}_trgm"


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {_index(column)} ON intake_consultationrequest '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
    # The reference is searched exactly (iexact): every branch of the search's OR has an index.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {REFERENCE_INDEX} ON intake_consultationrequest "
        '((UPPER("reference"::text)))'
    )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index(column)}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {REFERENCE_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0014_email_language_and_spanish_decline_messages"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(fields=["created_at", "-id"], name="intake_request_order_idx"),
        ),
        migrations.RunPython(add_search_indexes, drop_search_indexes, elidable=False),
    ]
