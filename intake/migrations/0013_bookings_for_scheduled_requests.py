"""Every scheduled request has a booking: requests scheduled before bookings existed get theirs.

Without a clinician (staff had set only a time), 30 minutes long, at the calendar SEQUENCE the
patient's invitation already has, so the next change sends the next one. No reminders are
queued for them: their patients were never told to expect any.
"""

import datetime

from django.db import migrations

LENGTH = datetime.timedelta(minutes=30)


def add_bookings(apps, schema_editor):
    ConsultationRequest = apps.get_model("intake", "ConsultationRequest")
    Booking = apps.get_model("intake", "Booking")
    scheduled = ConsultationRequest.objects.filter(status="scheduled", scheduled_at__isnull=False).exclude(
        bookings__status="booked"
    )
    Booking.objects.bulk_create(
        Booking(
            request=consultation,
            number=1,
            starts_at=consultation.scheduled_at,
            ends_at=consultation.scheduled_at + LENGTH,
            blocked_until=consultation.scheduled_at + LENGTH,
            consultation_type=consultation.consultation_type or "video",
            sequence=consultation.schedule_sequence,
            created_at=consultation.updated_at,
            updated_at=consultation.updated_at,
        )
        for consultation in scheduled
    )


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0012_booking_no_double_booking"),
    ]

    operations = [
        migrations.RunPython(add_bookings, migrations.RunPython.noop),
    ]
