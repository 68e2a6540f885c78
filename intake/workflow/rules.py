"""Who may do what, from which status, with what: each operation's check, and what a page may offer.

Every check returns None (allowed) or the reason it is refused, in words a person reads.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from intake.choices import STATE_NAMES
from intake.models import (
    AccessLog,
    Booking,
    BookingInvitation,
    Clinician,
    ConsultationRequest,
    MedicineMatch,
    StatusChange,
)
from welltopia import clinic_time

Status = ConsultationRequest.Status
Assessment = ConsultationRequest.Assessment
Event = StatusChange.Event
Action = AccessLog.Action

OPEN = (Status.NEW, Status.IN_REVIEW, Status.SCHEDULED)
PATIENT_WITHDRAWABLE = OPEN
DECLINABLE = OPEN


class Refused(Exception):
    """The operation is not allowed as asked; nothing was changed. str() says why.

    `about_input` is True when what was asked for (a time, a reason) is the problem, so a form
    can show the reason beside what the person typed rather than leave the page.
    """

    def __init__(self, reason: str, *, about_input: bool = False) -> None:
        super().__init__(reason)
        self.about_input = about_input


class BadInput(str):
    """A refusal reason about the input, not about the request's state."""


class Done(str):
    """What an operation says it did, for the person who asked. `changed` is False when there was
    nothing to do ("… was already assigned to you")."""

    changed = True


def nothing_to_do(message: str) -> Done:
    done = Done(message)
    done.changed = False
    return done


# --------------------------------------------------------------------------- who may do what


def may_work(user: AbstractBaseUser | None) -> bool:
    """Coordinators and clinicians (and superusers) work requests; nobody else sees them."""
    return bool(
        user and user.is_active and user.is_staff and user.has_perm("intake.change_consultationrequest")
    )


def may_assess(user: AbstractBaseUser | None) -> bool:
    return may_work(user) and user.has_perm("intake.assess_consultationrequest")


def may_export(user: AbstractBaseUser | None) -> bool:
    return may_work(user) and user.has_perm("intake.export_consultationrequest")


def status_label(status: str) -> str:
    return Status(status).label.lower()


def _not_worker(user: AbstractBaseUser | None) -> str | None:
    return None if may_work(user) else "Only intake coordinators and clinicians can work requests."


def _from(consultation: ConsultationRequest, allowed: tuple[str, ...], doing: str) -> str | None:
    if consultation.status in allowed:
        return None
    return f"A request that is {status_label(consultation.status)} cannot be {doing}."


# --------------------------------------------------------------------------- the checks


def check_claim(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    return (
        _not_worker(user)
        or _from(consultation, OPEN, "assigned")
        or (
            f"{consultation.reference} is already assigned to {consultation.assigned_to}."
            if consultation.assigned_to_id not in (None, getattr(user, "pk", None))
            else None
        )
    )


def check_assign(
    consultation: ConsultationRequest, user: AbstractBaseUser | None, to: AbstractBaseUser | None = None
) -> str | None:
    if reason := _not_worker(user) or _from(consultation, OPEN, "assigned"):
        return reason
    if to is not None and not may_work(to):
        return BadInput(f"{to} is not an intake coordinator or clinician.")
    return None


def check_start_review(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    return _not_worker(user) or _from(consultation, (Status.NEW,), "moved to in review")


def clinical_gate(consultation: ConsultationRequest) -> str | None:
    """A clinician's word before a consultation is booked: required for any safety flag.

    "Not eligible" and "needs more information" stop booking whether or not a flag is raised.
    """
    match consultation.assessment:
        case Assessment.NOT_ELIGIBLE:
            return (
                "A clinician assessed this request as not eligible: decline it, or record a new assessment."
            )
        case Assessment.NEEDS_INFO:
            return (
                "A clinician needs more information before a consultation is booked (see the assessment); "
                "record a new assessment once it is in."
            )
        case Assessment.ELIGIBLE:
            return None
    if consultation.flags:
        return (
            f"This request has safety flags ({', '.join(consultation.flags)}): a clinician must record an "
            "assessment of \u201cEligible\u201d before a consultation is booked."
        )
    return None


def check_schedule(
    consultation: ConsultationRequest, user: AbstractBaseUser | None, at: datetime.datetime | None = None
) -> str | None:
    if reason := _not_worker(user) or _from(consultation, (Status.IN_REVIEW, Status.SCHEDULED), "scheduled"):
        return reason
    if reason := clinical_gate(consultation):
        return reason
    if at is not None and at <= timezone.now():
        return BadInput("Choose a time in the future.")
    return None


def check_decline(
    consultation: ConsultationRequest, user: AbstractBaseUser | None, reason: str = "-", message: str = "-"
) -> str | None:
    if refusal := _not_worker(user) or _from(consultation, DECLINABLE, "declined"):
        return refusal
    if not reason.strip():
        return BadInput("A reason is required to decline a request.")
    if not message.strip():
        return BadInput("Choose the message the patient will receive.")
    return None


def check_complete(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    if reason := _not_worker(user) or _from(consultation, (Status.SCHEDULED,), "marked completed"):
        return reason
    if consultation.scheduled_at and consultation.scheduled_at > timezone.now():
        local = clinic_time.local(consultation.scheduled_at)
        when = f"{dateformat.format(local, 'l, F j, Y, g:i A')} ({local.tzname()}, clinic time)"
        return f"The consultation is on {when}: it can be marked completed once it has taken place."
    return None


def check_withdraw(consultation: ConsultationRequest) -> str | None:
    if consultation.status in PATIENT_WITHDRAWABLE:
        return None
    # The patient reads this one (the status page), in their language.
    return str(
        _("This request is %(status)s and can no longer be withdrawn.")
        % {"status": str(Status(consultation.status).label).lower()}
    )


def check_assess(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    if not may_assess(user):
        return "Only clinicians can record the clinical assessment."
    return _from(consultation, OPEN, "assessed")


def check_add_note(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    return _not_worker(user)


def check_clear_match(match: MedicineMatch, user: AbstractBaseUser | None, note: str = "-") -> str | None:
    if reason := _not_worker(user):
        return reason
    if not match.is_possible:
        return "Only a possible match (a probable misspelling) can be cleared."
    if match.is_cleared:
        return "This possible match was already cleared."
    if not note.strip():
        return BadInput("Say why it is not that medicine (for example, what the patient confirmed).")
    return None


# --------------------------------------------------------------------------- booking
# Staff invite a reviewed request to book; the patient books, moves or cancels from the status
# page until BOOKING_CUTOFF_HOURS before; staff cancel, or record a no-show once the time has come.
# The patient's reasons are theirs to read, in their language.


def check_invite(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    """Inviting to book is offering to schedule: the same rule as scheduling, from in review only."""
    if reason := check_schedule(consultation, user):
        return reason
    if consultation.status != Status.IN_REVIEW:
        return f"A request that is {status_label(consultation.status)} cannot be invited to book."
    return None


def check_offer(consultation: ConsultationRequest, clinician: Clinician | None) -> str | None:
    """Whether staff may offer this clinician's times (None: any licensed for the patient's state)."""
    state = STATE_NAMES.get(consultation.state, consultation.state)
    licensed = Clinician.objects.bookable().licensed_in(consultation.state, clinic_time.today())
    if clinician is None:
        if not licensed.exists():
            return BadInput(f"No clinician taking bookings is licensed in {state}.")
        return None
    if not licensed.filter(pk=clinician.pk).exists():
        if not (clinician.accepts_bookings and clinician.user.is_active):
            return BadInput(f"{clinician} is not taking bookings.")
        return BadInput(f"{clinician} is not licensed in {state}.")
    return None


def changes_close_at(booking: Booking) -> datetime.datetime:
    """When the patient can no longer move or cancel the booking themselves."""
    return booking.starts_at - datetime.timedelta(hours=settings.BOOKING_CUTOFF_HOURS)


def _too_late(booking: Booking, now: datetime.datetime | None = None) -> str | None:
    if (now or timezone.now()) < changes_close_at(booking):
        return None
    return str(
        _(
            "Your consultation is less than %(hours)s hours away, so it can no longer be changed here. "
            "Please write to %(email)s."
        )
        % {"hours": settings.BOOKING_CUTOFF_HOURS, "email": settings.CLINIC_CONTACT_EMAIL}
    )


def check_book(consultation: ConsultationRequest, invitation: BookingInvitation | None) -> str | None:
    """The patient chooses a time: the request is in review and they were invited to."""
    if consultation.status == Status.SCHEDULED:
        return str(_("Your consultation is already booked."))
    # The clinical gate again: a clinician may have said "not eligible" after the invitation. The
    # patient is not told the staff-side reason, only that booking online is closed.
    if consultation.status != Status.IN_REVIEW or invitation is None or clinical_gate(consultation):
        return str(_("This request cannot be booked online. Please write to us if you need a time."))
    return None


def check_reschedule(
    consultation: ConsultationRequest,
    booking: Booking | None,
    invitation: BookingInvitation | None,
    now: datetime.datetime | None = None,
) -> str | None:
    """The patient moves their booking to another offered time, until the cut-off."""
    if consultation.status != Status.SCHEDULED or booking is None:
        return str(_("There is no booked consultation to change."))
    if invitation is None:
        return str(
            _("This time was arranged with our team: to change it, please write to %(email)s.")
            % {"email": settings.CLINIC_CONTACT_EMAIL}
        )
    return _too_late(booking, now)


def check_cancel(
    consultation: ConsultationRequest,
    booking: Booking | None,
    user: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> str | None:
    """The patient (user None) until the cut-off; staff until the consultation's time."""
    now = now or timezone.now()
    if user is None:
        if consultation.status != Status.SCHEDULED or booking is None:
            return str(_("There is no booked consultation to cancel."))
        return _too_late(booking, now)
    if reason := _not_worker(user) or _from(consultation, (Status.SCHEDULED,), "cancelled back to in review"):
        return reason
    if consultation.scheduled_at and consultation.scheduled_at <= now:
        return "The consultation's time has come: mark it completed or not attended instead."
    return None


def check_no_show(
    consultation: ConsultationRequest, user: AbstractBaseUser | None, now: datetime.datetime | None = None
) -> str | None:
    if reason := _not_worker(user) or _from(consultation, (Status.SCHEDULED,), "marked as not attended"):
        return reason
    if consultation.scheduled_at and consultation.scheduled_at > (now or timezone.now()):
        return "A consultation can be marked as not attended once its time has come."
    return None


def patient_available(
    consultation: ConsultationRequest,
    booking: Booking | None,
    invitation: BookingInvitation | None,
    now: datetime.datetime | None = None,
) -> dict[str, bool]:
    """What the status page may offer the patient: each of their operations' own check."""
    return {
        "can_book": check_book(consultation, invitation) is None,
        "can_reschedule": check_reschedule(consultation, booking, invitation, now) is None,
        "can_cancel_booking": check_cancel(consultation, booking, None, now) is None,
    }


def available(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> dict[str, bool]:
    """What the page may offer: each operation's own check, with nothing yet chosen."""
    return {
        "can_work": may_work(user),
        "can_claim": check_claim(consultation, user) is None and consultation.assigned_to_id is None,
        "can_start_review": check_start_review(consultation, user) is None,
        "can_schedule": check_schedule(consultation, user) is None,
        # Why booking waits (the clinical gate), shown where the button would be.
        "schedule_waits_for": clinical_gate(consultation) if consultation.status in OPEN else None,
        "can_decline": check_decline(consultation, user) is None,
        "can_complete": check_complete(consultation, user) is None,
        "complete_waits_for": (
            check_complete(consultation, user)
            if consultation.status == Status.SCHEDULED and may_work(user)
            else None
        ),
        "can_assess": check_assess(consultation, user) is None,
        "can_add_note": check_add_note(consultation, user) is None,
        "can_invite": check_invite(consultation, user) is None,
        "can_cancel_booking": check_cancel(consultation, None, user) is None,
        "can_no_show": check_no_show(consultation, user) is None,
        # The patient asked for their answers to be deleted: the next purge will.
        "erasure_pending": (
            consultation.status == Status.WITHDRAWN
            and consultation.deletion_requested
            and not consultation.personal_data_erased_at
        ),
    }


def require(reason: str | None) -> None:
    if reason:
        raise Refused(reason, about_input=isinstance(reason, BadInput))
