"""The queue's view counts from an index alone (PostgreSQL).

Every view of the queue but "All" holds only open requests (new, in review, scheduled), and its
tab shows how many (intake/admin/filters.py view_counts). Counting them read every row of the
table; this partial index holds just the open requests with the columns the counts look at
(assignee, due time, flags), so PostgreSQL counts them with an index-only scan (about half the
time at 50,000 requests, bench/staff_queue.py). SQLite has no covering indexes: nothing there.
"""

from django.db import migrations

INDEX = "intake_request_open_counts_idx"
COUNTED = [
    "id",
    "assigned_to_id",
    "respond_by",
    "flag_opioid",
    "flag_opioid_blocker",
    "flag_liver",
    "flag_kidney",
    "flag_pregnancy",
    "flag_allergy",
    "flag_surgery",
]
OPEN = ["new", "in_review", "scheduled"]


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statuses = ", ".join(f"'{status}'" for status in OPEN)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON intake_consultationrequest (status) "
        f"INCLUDE ({', '.join(COUNTED)}) WHERE status IN ({statuses})"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0015_queue_order_and_name_search"),
    ]

    operations = [migrations.RunPython(add_index, drop_index, elidable=False)]
