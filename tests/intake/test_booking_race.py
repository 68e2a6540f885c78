"""No clinician is ever booked twice, however many patients click at once (PostgreSQL).

Twenty patients race for five times, each in its own thread and database connection, released
together: five bookings, no two overlapping, fifteen told the time was just taken. The same race
with the application's own checks switched off still ends with five: the exclusion constraint
(migration 0009) is what decides.
"""

import datetime
import itertools
import random
import threading
from collections.abc import Callable
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction

from intake import workflow
from intake.models import (
    AvailabilityException,
    Booking,
    Clinician,
    ConsultationRequest,
    OutgoingEmail,
    StatusChange,
)
from intake.roles import COORDINATORS
from tests.support.booking import BOOKING_MONDAY, TAKEN, clinic_moment, invited_request, make_clinician
from tests.support.patients import make_request
from tests.support.staff import make_staff

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the exclusion constraint is PostgreSQL's (SQLite has one writer)",
)
pytestmark = [
    pytest.mark.postgres,
    only_on_postgresql,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("clock"),
]

Status = ConsultationRequest.Status
MONDAY = BOOKING_MONDAY
# 9:00 to 12:20, 30 minutes and a 10-minute buffer: 9:00, 9:40, 10:20, 11:00 and 11:40.
FIVE = [clinic_moment(MONDAY, 9) + datetime.timedelta(minutes=40 * n) for n in range(5)]
PATIENTS = 20


@pytest.fixture
def patients() -> list[ConsultationRequest]:
    coordinator = make_staff("casey", COORDINATORS)
    okafor = make_clinician(days=[])
    AvailabilityException.objects.create(
        clinician=okafor, kind="extra", first_day=MONDAY, starts=datetime.time(9), ends=datetime.time(12, 20)
    )
    return [invited_request(okafor, by=coordinator, email=f"patient{n}@example.com") for n in range(PATIENTS)]


def all_at_once(attempts: list[Callable[[], object]]) -> list[object]:
    """Run each attempt in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(attempts))
    results: list[object] = [None] * len(attempts)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = attempts[index]()
        except Exception as error:  # the outcome, a result or an exception, is what the test checks
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def keep_trying(consultation: ConsultationRequest, order: list[datetime.datetime]) -> Callable[[], str]:
    """A patient who, told a time was taken, goes back to the list and picks the next one."""

    def attempt() -> str:
        for start in order:
            try:
                return str(workflow.book(consultation, start=start, zone="America/New_York"))
            except workflow.Refused as refused:
                assert str(refused) == TAKEN, str(refused)
        return TAKEN

    return attempt


def assert_five_bookings_without_overlap(patients: list[ConsultationRequest], results: list[object]) -> None:
    booked = "Your consultation is booked. We have emailed you the calendar invitation."
    assert results.count(booked) == 5, results
    assert results.count(TAKEN) == PATIENTS - 5, results
    bookings = list(Booking.objects.holding_time().order_by("starts_at"))
    assert [booking.starts_at for booking in bookings] == FIVE
    for earlier, later in itertools.pairwise(bookings):
        assert earlier.blocked_until <= later.starts_at
    winners = {booking.request_id for booking in bookings}
    for consultation, result in zip(patients, results, strict=True):
        consultation.refresh_from_db()
        if result == booked:
            assert consultation.pk in winners
            assert consultation.status == Status.SCHEDULED
        else:
            assert consultation.pk not in winners
            assert (consultation.status, consultation.scheduled_at) == (Status.IN_REVIEW, None)
            # The loser's attempts left nothing behind: no history, no emails, no reminders.
            assert not StatusChange.objects.filter(request=consultation, to_status=Status.SCHEDULED).exists()
            assert not OutgoingEmail.objects.filter(request=consultation).exists()
    assert OutgoingEmail.objects.filter(kind="patient_reminder_day").count() == 5


def test_twenty_patients_racing_for_five_times_make_five_bookings_and_no_overlap(patients) -> None:
    picker = random.Random(14)
    orders = [picker.sample(FIVE, len(FIVE)) for _ in patients]

    results = all_at_once(
        [keep_trying(consultation, order) for consultation, order in zip(patients, orders, strict=True)]
    )

    assert_five_bookings_without_overlap(patients, results)


def test_the_database_alone_keeps_the_race_honest_when_the_applications_checks_see_nothing(patients) -> None:
    # Every page was loaded before anyone booked: the slots and the check before writing both see
    # every time as free. Only the exclusion constraint stands between the patients.
    with (
        mock.patch("intake.slots._held_times", side_effect=lambda pks, *_: {pk: [] for pk in pks}),
        mock.patch("intake.bookings.clashes", return_value=False),
    ):
        results = all_at_once([keep_trying(consultation, FIVE) for consultation in patients])

    assert_five_bookings_without_overlap(patients, results)


def test_the_database_refuses_an_overlapping_booking_whatever_writes_it(patients) -> None:
    okafor = Clinician.objects.get()
    start = FIVE[0]
    Booking.objects.create(
        request=patients[0],
        clinician=okafor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=40),
        consultation_type="video",
    )

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Booking.objects.create(
            request=patients[1],
            clinician=okafor,
            starts_at=start + datetime.timedelta(minutes=35),  # inside the first one's buffer
            ends_at=start + datetime.timedelta(minutes=65),
            blocked_until=start + datetime.timedelta(minutes=75),
            consultation_type="video",
        )
    assert "intake_booking_no_overlap" in str(refused.value)

    # Back to back is fine, and so is the same time for another clinician or a cancelled booking.
    Booking.objects.create(
        request=patients[1],
        clinician=okafor,
        starts_at=start + datetime.timedelta(minutes=40),
        ends_at=start + datetime.timedelta(minutes=70),
        blocked_until=start + datetime.timedelta(minutes=80),
        consultation_type="video",
    )
    other = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")
    Booking.objects.create(
        request=patients[2],
        clinician=other,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=40),
        consultation_type="video",
    )
    Booking.objects.create(
        request=make_request(),
        clinician=okafor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=40),
        consultation_type="video",
        status=Booking.Status.CANCELLED,
    )
