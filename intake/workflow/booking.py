"""The booking moves: staff invite to book; the patient books, moves or cancels; staff cancel or
record a no-show. Completing, declining, withdrawing and scheduling directly end or place the
booking through the helpers at the bottom (intake/workflow/moves.py calls them).

Each move, in one transaction: its check, the booking row (intake/bookings.py: the database
refuses a clinician's time twice), the status move and history, the access log, the emails and
reminders. A time someone else took in the meantime is refused with "that time was just taken",
about the input, so the page lists the times again.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake import bookings, notifications, slots, time_zones
from intake.choices import STATE_NAMES
from intake.models import Booking, BookingInvitation, Clinician, ConsultationRequest
from intake.workflow.record import in_one_transaction, move_status, record_access, record_history
from intake.workflow.rules import (
    BadInput,
    Done,
    Event,
    Refused,
    Status,
    check_book,
    check_cancel,
    check_invite,
    check_no_show,
    check_offer,
    check_reschedule,
    require,
)
from welltopia import clinic_time

TAKEN = _("Sorry, that time was just taken. Please choose another time.")


def open_invitation(consultation: ConsultationRequest) -> BookingInvitation | None:
    return (
        BookingInvitation.objects.open()
        .filter(request=consultation)
        .select_related("clinician", "request")
        .first()
    )


def _clinic_when(moment: datetime.datetime) -> str:
    return f"{clinic_time.local(moment):%Y-%m-%d %H:%M %Z}"


def _with(clinician: Clinician | None) -> str:
    return f" with {clinician}" if clinician else ""


# --------------------------------------------------------------------------------- staff


@in_one_transaction
def invite(
    consultation: ConsultationRequest, *, clinician: Clinician | None, kind: str, by: AbstractBaseUser
) -> str:
    """Offer the patient a clinician's open times (or those of any licensed for their state)."""
    require(check_invite(consultation, by))
    require(check_offer(consultation, clinician))
    if kind not in ConsultationRequest.ConsultationType.values:
        raise Refused("Choose video or phone.", about_input=True)
    now = timezone.now()
    invitation = BookingInvitation(
        request=consultation, clinician=clinician, consultation_type=kind, invited_by=by, invited_at=now
    )
    if not slots.for_invitation(invitation, now=now):
        who = str(clinician) if clinician else "No clinician licensed for the patient's state"
        raise Refused(
            BadInput(
                f"{who} has no open times in the next {settings.BOOKING_WEEKS_AHEAD} weeks. "
                "Add working hours, or set a time directly."
            ),
            about_input=True,
        )
    BookingInvitation.objects.open().filter(request=consultation).update(closed_at=now)
    invitation.save()
    state = STATE_NAMES.get(consultation.state, consultation.state)
    who = str(clinician) if clinician else f"any clinician licensed in {state}"
    how = ConsultationRequest.ConsultationType(kind).label.lower()
    record_history(consultation, by=by, event=Event.INVITED, reason=f"Invited to book with {who} ({how})")
    record_access(by, consultation, "Invited to book")
    notifications.queue("patient_invited", consultation)
    return (
        f"{consultation.reference}: the patient is being emailed an invitation to choose a time with {who}."
    )


@in_one_transaction
def cancel_by_staff(consultation: ConsultationRequest, *, by: AbstractBaseUser) -> str:
    """Cancel the booked time (the clinician cannot make it…): back to in review, the patient emailed
    the cancellation; an open invitation lets them choose again."""
    require(check_cancel(consultation, bookings.current(consultation), by))
    was = f" (was {_clinic_when(consultation.scheduled_at)})" if consultation.scheduled_at else ""
    end_booking(consultation, Booking.Status.CANCELLED)
    _back_to_review(
        consultation, by=by, reason=f"Booking cancelled by staff{was}", action="Cancelled the booking"
    )
    again = " They can choose a new time on their status page." if open_invitation(consultation) else ""
    return f"{consultation.reference}: the booking is cancelled and the patient is being emailed.{again}"


@in_one_transaction
def no_show(consultation: ConsultationRequest, *, by: AbstractBaseUser) -> str:
    """The patient did not attend: recorded on the booking; the request goes back to in review."""
    require(check_no_show(consultation, by))
    end_booking(consultation, Booking.Status.NO_SHOW, close_invitation=True)
    when = _clinic_when(consultation.scheduled_at) if consultation.scheduled_at else "the booked time"
    _back_to_review(
        consultation,
        by=by,
        reason=f"Did not attend the consultation booked for {when}",
        action="Recorded a no-show",
    )
    return (
        f"{consultation.reference} is recorded as not attended and is back in review: "
        "invite the patient to book again, or decline."
    )


# --------------------------------------------------------------------------------- the patient


def _take(
    consultation: ConsultationRequest, candidates: list[slots.Slot], *, kind: str, zone: str
) -> Booking:
    """Book the first clinician still free at the chosen time, least busy that day first."""
    if not candidates:
        raise Refused(str(TAKEN), about_input=True)
    by_clinician = {slot.clinician.pk: slot for slot in candidates}
    day = clinic_time.local(candidates[0].starts_at).date()
    for clinician in bookings.least_busy([slot.clinician for slot in candidates], day):
        try:
            return bookings.place(
                consultation,
                start=by_clinician[clinician.pk].starts_at,
                clinician=clinician,
                kind=kind,
                time_zone=zone,
            )
        except bookings.Taken:
            continue
    raise Refused(str(TAKEN), about_input=True)


def _offered_at(
    invitation: BookingInvitation, start: datetime.datetime, ignoring: Booking | None = None
) -> list[slots.Slot]:
    return [slot for slot in slots.for_invitation(invitation, ignoring=ignoring) if slot.starts_at == start]


@in_one_transaction
def book(consultation: ConsultationRequest, *, start: datetime.datetime, zone: str) -> Done:
    """The patient books one of the offered times. Exactly one of several patients choosing the same
    time at once gets it; the others are told it was just taken."""
    bookings.hold_request(consultation)
    consultation.refresh_from_db()
    invitation = open_invitation(consultation)
    require(check_book(consultation, invitation))
    zone = time_zones.chosen(zone, consultation.state)
    booking = _take(
        consultation, _offered_at(invitation, start), kind=invitation.consultation_type, zone=zone
    )
    _scheduled_by_patient(
        consultation,
        booking,
        action="Booked by the patient",
        reason=f"Booked by the patient for {_clinic_when(start)}",
        staff_email="staff_patient_booked",
    )
    return Done(_("Your consultation is booked. We have emailed you the calendar invitation."))


def _scheduled_by_patient(
    consultation: ConsultationRequest, booking: Booking, *, action: str, reason: str, staff_email: str
) -> None:
    """What booking and rescheduling share: the request scheduled at the booking's time (the
    history says when and with whom), the access log, the invitation, staff told, the reminders."""
    move_status(
        consultation,
        Status.SCHEDULED,
        by=None,
        reason=f"{reason}{_with(booking.clinician)}",
        extra={
            "scheduled_at": booking.starts_at,
            "consultation_type": booking.consultation_type,
            "schedule_sequence": booking.sequence,
        },
    )
    record_access(None, consultation, action)
    notifications.queue("patient_scheduled", consultation, booking=booking)
    notifications.queue(staff_email, consultation, booking=booking)
    notifications.queue_reminders(booking)


@in_one_transaction
def reschedule(consultation: ConsultationRequest, *, start: datetime.datetime, zone: str) -> Done:
    """The patient moves their booking to another offered time, until the cut-off."""
    bookings.hold_request(consultation)
    consultation.refresh_from_db()
    current = bookings.current(consultation)
    invitation = open_invitation(consultation)
    require(check_reschedule(consultation, current, invitation))
    zone = time_zones.chosen(zone, consultation.state)
    booking = _take(
        consultation,
        _offered_at(invitation, start, ignoring=current),
        kind=invitation.consultation_type,
        zone=zone,
    )
    _scheduled_by_patient(
        consultation,
        booking,
        action="Rescheduled by the patient",
        reason=f"Rescheduled by the patient to {_clinic_when(start)}",
        staff_email="staff_patient_rescheduled",
    )
    return Done(_("Your consultation has a new time. We have emailed you the updated calendar invitation."))


@in_one_transaction
def cancel(consultation: ConsultationRequest) -> Done:
    """The patient cancels their booking, until the cut-off. An open invitation lets them book again."""
    bookings.hold_request(consultation)
    consultation.refresh_from_db()
    require(check_cancel(consultation, bookings.current(consultation)))
    when = _clinic_when(consultation.scheduled_at)
    booking = end_booking(consultation, Booking.Status.CANCELLED, tell_staff=True)
    _back_to_review(
        consultation,
        by=None,
        reason=f"Cancelled by the patient (was {when}{_with(booking.clinician if booking else None)})",
        action="Cancelled by the patient",
    )
    return Done(_("Your consultation is cancelled. We have emailed you to confirm."))


# --------------------------------------------------------------------------------- for the other moves


def place_by_staff(
    consultation: ConsultationRequest,
    *,
    at: datetime.datetime,
    kind: str,
    clinician: Clinician | None,
    by: AbstractBaseUser,
) -> Booking:
    """Staff set the time directly (schedule): the booking is placed or moved, even outside the
    clinician's hours, but never over another of their bookings. Reminders follow it."""
    if clinician is not None:
        require(check_offer(consultation, clinician))
    try:
        booking = bookings.place(consultation, start=at, clinician=clinician, kind=kind, by=by)
    except bookings.Taken:
        raise Refused(
            BadInput(f"{clinician} already has a consultation at that time."), about_input=True
        ) from None
    notifications.queue_reminders(booking)
    return booking


def end_booking(
    consultation: ConsultationRequest,
    status: str,
    *,
    close_invitation: bool = False,
    tell_staff: bool = False,
) -> Booking | None:
    """End the request's booking (if any): reminders cancelled; a cancelled one's patient is sent the
    calendar cancellation (and staff told when the patient cancelled); the invitation closed if asked."""
    notifications.cancel_reminders(consultation)
    if close_invitation:
        BookingInvitation.objects.open().filter(request=consultation).update(closed_at=timezone.now())
    booking = bookings.release(consultation, status)
    if booking is not None and status == Booking.Status.CANCELLED:
        notifications.queue("patient_booking_cancelled", consultation, booking=booking)
        if tell_staff:
            notifications.queue("staff_patient_cancelled", consultation, booking=booking)
    return booking


def _back_to_review(
    consultation: ConsultationRequest, *, by: AbstractBaseUser | None, reason: str, action: str
) -> None:
    """The booked time is gone: back to in review with no time or type, in the history (`reason`)
    and the access log (`action`)."""
    move_status(
        consultation,
        Status.IN_REVIEW,
        by=by,
        reason=reason,
        extra={"scheduled_at": None, "consultation_type": ""},
    )
    record_access(by, consultation, action)


def close(consultation: ConsultationRequest, status: str) -> None:
    """The request closes (completed, declined, withdrawn): its booking ends, its invitation closes."""
    end_booking(consultation, status, close_invitation=True)
