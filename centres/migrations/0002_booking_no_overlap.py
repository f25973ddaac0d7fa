"""On PostgreSQL, the database itself refuses two approved bookings of one room that
overlap (an exclusion constraint over the room and the booked time; ``btree_gist`` lets
the room's id take part). SQLite has no such constraint: there the services' check under
the room's row lock is the rule."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE centres_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    room_id WITH =, tstzrange(start, "end", '[)') WITH &&
) WHERE (status = 'approved');
"""
DROP = "ALTER TABLE centres_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
