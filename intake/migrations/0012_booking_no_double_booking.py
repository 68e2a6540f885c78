"""No clinician is ever booked twice: on PostgreSQL, the database itself refuses overlapping bookings.

An exclusion constraint over (clinician, [starts_at, blocked_until)) for every booking that
still holds its time (all but cancelled ones), with btree_gist for the equality on the
clinician. However many patients click at once, and whatever code writes the row, two
overlapping bookings of one clinician cannot both commit: the second waits for the first and
then fails (intake/bookings.py says "that time was just taken").

btree_gist is a trusted extension (PostgreSQL 13+): the database's owner, who runs migrate in
production (README, Database roles), may create it. On SQLite this migration does nothing;
there a booking takes the database's write lock before it looks (intake/bookings.py).
"""

from django.db import migrations

CONSTRAINT = "intake_booking_no_overlap"
CREATE = f"""
ALTER TABLE intake_booking ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&)
WHERE (status <> 'cancelled')
"""


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other tables may use it, and it holds no data.
    schema_editor.execute(f"ALTER TABLE intake_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0011_booking"),
    ]

    operations = [
        migrations.RunPython(add_constraint, drop_constraint, elidable=False),
    ]
