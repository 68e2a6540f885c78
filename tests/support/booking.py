"""Booking for tests: clinicians with hours and licenses, invitations, and a clock at a known moment."""

import datetime
import re

from django.contrib.auth.models import AbstractBaseUser
from django.core import mail

from intake.models import (
    BookingInvitation,
    Clinician,
    ConsultationRequest,
    License,
    StatusChange,
    WeeklyHours,
)
from intake.roles import CLINICIANS
from tests.support.patients import make_request
from tests.support.staff import make_staff
from welltopia import clinic_time

Status = ConsultationRequest.Status
WEEKDAYS = range(5)  # Monday to Friday
NINE, FIVE = datetime.time(9), datetime.time(17)
TAKEN = "Sorry, that time was just taken. Please choose another time."


def make_clinician(
    username: str = "dr_okafor",
    *,
    name: str = "Dr. Ada Okafor",
    states: tuple[str, ...] = ("CA", "NY"),
    days: range | list[int] = WEEKDAYS,
    hours: tuple[datetime.time, datetime.time] = (NINE, FIVE),
    minutes: int = 30,
    buffer: int = 10,
    user: AbstractBaseUser | None = None,
    **fields: object,
) -> Clinician:
    """A clinician in the Clinicians group, licensed in `states`, working `hours` on `days` (clinic time)."""
    user = user or make_staff(username, CLINICIANS)
    clinician = Clinician.objects.create(
        user=user, display_name=name, consultation_minutes=minutes, buffer_minutes=buffer, **fields
    )
    License.objects.bulk_create(License(clinician=clinician, state=state) for state in states)
    WeeklyHours.objects.bulk_create(
        WeeklyHours(clinician=clinician, weekday=day, starts=hours[0], ends=hours[1]) for day in days
    )
    return clinician


def invited_request(
    clinician: Clinician | None,
    *,
    by: AbstractBaseUser,
    kind: str = "video",
    **fields: object,
) -> ConsultationRequest:
    """A request in review that staff invited to book (with `clinician`, or any licensed when None)."""
    consultation = make_request(status=Status.IN_REVIEW, **fields)
    BookingInvitation.objects.create(
        request=consultation, clinician=clinician, consultation_type=kind, invited_by=by
    )
    StatusChange.objects.create(
        request=consultation, from_status=Status.NEW, to_status=Status.IN_REVIEW, changed_by=by
    )
    return consultation


def clinic_moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment by the clinic's wall clock."""
    return clinic_time.at(day, datetime.time(hour, minute))


def next_weekday(weekday: int, after: datetime.date | None = None, *, weeks: int = 1) -> datetime.date:
    """The date of `weekday` (0 = Monday) at least `weeks` weeks after `after` (default: today, clinic time)."""
    start = (after or clinic_time.today()) + datetime.timedelta(weeks=weeks - 1, days=1)
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


def status_link(message: mail.EmailMessage) -> str:
    """The path of the status page link in an email."""
    found = re.search(r"https://clinic\.example(/consultation/status/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


# The booking tests' clock (tests/conftest.py, `clock`): the clinic's Monday morning, 25 January
# 2027 (EST), a week before the Monday whose times they book.
BOOKING_NOW = clinic_moment(datetime.date(2027, 1, 25), 8)
BOOKING_MONDAY = datetime.date(2027, 2, 1)
