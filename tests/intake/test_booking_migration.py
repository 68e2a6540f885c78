"""Requests scheduled before bookings existed get one, so changing them keeps the calendar right."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from intake.models import Booking, ConsultationRequest
from tests.support.patients import make_request

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("intake.migrations.0013_bookings_for_scheduled_requests")
Status = ConsultationRequest.Status


def test_a_request_scheduled_before_bookings_gets_a_booking_at_its_calendar_sequence() -> None:
    at = timezone.now() + datetime.timedelta(days=3)
    scheduled = make_request(
        status=Status.SCHEDULED, scheduled_at=at, consultation_type="phone", schedule_sequence=2
    )
    make_request(status=Status.IN_REVIEW)
    make_request(
        status=Status.COMPLETED, scheduled_at=at - datetime.timedelta(days=9), consultation_type="video"
    )

    MIGRATION.add_bookings(apps, None)
    MIGRATION.add_bookings(apps, None)  # run twice (a re-run migration): still one

    [booking] = Booking.objects.all()
    assert (booking.request, booking.number, booking.clinician, booking.status) == (
        scheduled,
        1,
        None,
        "booked",
    )
    assert (booking.starts_at, booking.ends_at - booking.starts_at) == (at, datetime.timedelta(minutes=30))
    assert (booking.consultation_type, booking.sequence) == ("phone", 2)
