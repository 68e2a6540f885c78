"""Holding a clinician's time: the booking rows, written so that no clinician is ever booked twice.

On PostgreSQL the exclusion constraint of migration 0012 refuses a second booking whose held
time overlaps another of the same clinician, whichever transaction writes it and however many
write at once: the loser waits for the winner's commit, then fails, and becomes `Taken`. The
check that runs first (`overlapping`) only gives the common case its answer without an error.

On SQLite (development) the booking transaction's first statement writes (`hold_request`), which
takes the database's single write lock before anything is read; so the check and the write that
follow are one step no other booking can come between.

The workflow (intake/workflow/booking.py) decides when these run, and records and emails.
"""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from intake.models import Booking, Clinician, ConsultationRequest
from welltopia import clinic_time

# A time set by staff without choosing a clinician lasts as long as the invitation always said.
DEFAULT_LENGTH = datetime.timedelta(minutes=30)
EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for an exclusion constraint's refusal
DEADLOCK_DETECTED = "40P01"
# Bookings written at the same moment can each wait for the other while PostgreSQL checks the
# exclusion constraint; it then cancels one write as a deadlock. Written again, once the other has
# finished, the booking gets the honest answer (taken, or free). How many times before "taken".
WRITE_ATTEMPTS = 3


class Taken(Exception):
    """The time is no longer free: another booking of the clinician holds part of it."""


def current(consultation: ConsultationRequest) -> Booking | None:
    """The request's active booking, if it has one."""
    return (
        Booking.objects.filter(request=consultation, status=Booking.Status.BOOKED)
        .select_related("clinician__user")
        .first()
    )


def for_calendar(consultation: ConsultationRequest) -> Booking:
    """The booking the patient's calendar knows: the active one, else the latest (cancelled, done),
    else, for a time set before bookings had rows, one made (not saved) from the request's time."""
    booking = current(consultation) or (
        Booking.objects.filter(request=consultation).select_related("clinician").order_by("-number").first()
    )
    if booking is not None:
        return booking
    return Booking(
        request=consultation,
        starts_at=consultation.scheduled_at,
        ends_at=consultation.scheduled_at + DEFAULT_LENGTH,
        blocked_until=consultation.scheduled_at + DEFAULT_LENGTH,
        consultation_type=consultation.consultation_type,
        sequence=consultation.schedule_sequence,
    )


def hold_request(consultation: ConsultationRequest) -> None:
    """The first write of a booking transaction: locks the request's row (PostgreSQL: two tabs of
    one patient book one after the other) and, on SQLite, the database, before anything is read."""
    ConsultationRequest.objects.filter(pk=consultation.pk).update(updated_at=timezone.now())


def place(
    consultation: ConsultationRequest,
    *,
    start: datetime.datetime,
    clinician: Clinician | None,
    kind: str,
    time_zone: str = "",
    by: AbstractBaseUser | None = None,
) -> Booking:
    """Book the request at `start` (a new booking), or move its active booking there.

    Raises Taken when the clinician's time is held by another booking. The caller's transaction
    is untouched by a refusal (the write runs in its own savepoint).
    """
    length = clinician.length if clinician else DEFAULT_LENGTH
    buffer = clinician.buffer if clinician else datetime.timedelta()
    booking = current(consultation)
    if booking is None:
        number = Booking.objects.filter(request=consultation).aggregate(last=Max("number"))["last"] or 0
        booking = Booking(request=consultation, number=number + 1, sequence=0)
    else:
        booking.sequence += 1
    booking.clinician = clinician
    booking.starts_at = start
    booking.ends_at = start + length
    booking.blocked_until = start + length + buffer
    booking.consultation_type = kind
    # Staff moving a time the patient chose keep it shown in the patient's zone.
    booking.time_zone = time_zone or booking.time_zone
    booking.booked_by = by
    booking.updated_at = timezone.now()
    if clinician is not None and clashes(booking):
        raise Taken
    attempts_left = WRITE_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                booking.save()
            return booking
        except IntegrityError as error:
            if _sqlstate(error) == EXCLUSION_VIOLATION:
                raise Taken from error
            raise
        except OperationalError as error:
            attempts_left -= 1
            if _sqlstate(error) != DEADLOCK_DETECTED:
                raise
            if not attempts_left:
                raise Taken from error  # still contested: the patient chooses again


def _sqlstate(error: Exception) -> str | None:
    return getattr(error.__cause__, "sqlstate", None)


def clashes(booking: Booking) -> bool:
    """Whether another booking of the clinician holds part of this one's time (as committed so far)."""
    return (
        Booking.objects.overlapping(booking.starts_at, booking.blocked_until)
        .filter(clinician=booking.clinician_id)
        .exclude(pk=booking.pk)
        .exists()
    )


def release(consultation: ConsultationRequest, status: str = Booking.Status.CANCELLED) -> Booking | None:
    """End the request's active booking (cancelled, completed or not attended); its time is free again
    unless it took place. Returns the booking, or None when there was none."""
    booking = current(consultation)
    if booking is None:
        return None
    booking.status = status
    if status == Booking.Status.CANCELLED:
        booking.sequence += 1  # a calendar's CANCEL outranks the invitation it cancels
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "sequence", "updated_at"])
    return booking


def least_busy(clinicians: list[Clinician], day: datetime.date) -> list[Clinician]:
    """The clinicians in the order to offer a time to: fewest bookings on that clinic date first."""
    start = clinic_time.at(day, datetime.time())
    end = clinic_time.at(day + datetime.timedelta(days=1), datetime.time())
    counts: dict[int, int] = {}
    for pk in (
        Booking.objects.holding_time()
        .filter(clinician__in=clinicians, starts_at__gte=start, starts_at__lt=end)
        .values_list("clinician_id", flat=True)
    ):
        counts[pk] = counts.get(pk, 0) + 1
    return sorted(clinicians, key=lambda clinician: (counts.get(clinician.pk, 0), clinician.pk))


def video_link(booking: Booking) -> str:
    """The video-visit link for a booked video consultation (VIDEO_LINK_TEMPLATE), else ""."""
    template = settings.VIDEO_LINK_TEMPLATE
    if not template or not booking.is_video or booking.status != Booking.Status.BOOKED:
        return ""
    room = ""
    if booking.clinician is not None:
        room = booking.clinician.video_room or slugify(booking.clinician.display_name)
    if "{clinician}" in template and not room:
        return ""  # staff set the time without a clinician: no room to name yet
    return template.format(reference=quote(booking.request.reference), clinician=quote(room))
