"""The operations on a request: assignment, the status moves, the assessment, notes, erasure, export."""

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from intake import notifications, retention
from intake.models import AccessLog, Booking, Clinician, ConsultationRequest, Note
from intake.workflow import booking as booking_moves
from intake.workflow.record import in_one_transaction, move_status, record_access, record_history
from intake.workflow.rules import (
    OPEN,
    Action,
    Event,
    Refused,
    Status,
    check_add_note,
    check_assess,
    check_assign,
    check_claim,
    check_complete,
    check_decline,
    check_schedule,
    check_start_review,
    check_withdraw,
    may_export,
    nothing_to_do,
    require,
)
from welltopia import clinic_time


@in_one_transaction
def claim(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    """Assign an open, unassigned request to `by`. Exactly one of two simultaneous claims wins."""
    require(check_claim(consultation, by))
    if consultation.assigned_to_id == by.pk:
        return nothing_to_do(f"{consultation.reference} was already assigned to you.")
    won = ConsultationRequest.objects.filter(
        pk=consultation.pk, assigned_to__isnull=True, status__in=OPEN
    ).update(assigned_to=by, updated_at=timezone.now())
    consultation.refresh_from_db(fields=["assigned_to", "status", "updated_at"])
    if not won:
        if consultation.assigned_to_id == by.pk:
            return nothing_to_do(f"{consultation.reference} was already assigned to you.")
        require(check_claim(consultation, by) or f"{consultation.reference} could not be assigned.")
    record_history(consultation, by=by, event=Event.ASSIGNED, reason=f"Assigned to {by}")
    record_access(by, consultation, "Assigned to themselves")
    return f"{consultation.reference} is now assigned to you."


@in_one_transaction
def assign(consultation: ConsultationRequest, to: AbstractBaseUser | None, by: AbstractBaseUser) -> str:
    """Give an open request to someone else (or nobody)."""
    require(check_assign(consultation, by, to))
    if consultation.assigned_to_id == getattr(to, "pk", None):
        return nothing_to_do(f"{consultation.reference} was already assigned to {to or 'nobody'}.")
    ConsultationRequest.objects.filter(pk=consultation.pk).update(assigned_to=to, updated_at=timezone.now())
    consultation.assigned_to = to
    what = f"Assigned to {to}" if to else "Unassigned"
    record_history(consultation, by=by, event=Event.ASSIGNED, reason=what)
    record_access(by, consultation, what)
    return f"{consultation.reference}: {what.lower()}."


@in_one_transaction
def start_review(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    require(check_start_review(consultation, by))
    move_status(consultation, Status.IN_REVIEW, by=by)
    record_access(by, consultation, "Status New → In review")
    return f"{consultation.reference} is now in review."


@in_one_transaction
def schedule(
    consultation: ConsultationRequest,
    *,
    at: datetime.datetime,
    kind: str,
    by: AbstractBaseUser,
    clinician: Clinician | None = None,
) -> str:
    """Book (from in review) or move (when scheduled) the consultation; email the invitation."""
    require(check_schedule(consultation, by, at))
    when = f"{clinic_time.local(at):%Y-%m-%d %H:%M %Z}"
    rescheduling = consultation.status == Status.SCHEDULED
    booking = booking_moves.place_by_staff(consultation, at=at, kind=kind, clinician=clinician, by=by)
    extra: dict[str, Any] = {
        "scheduled_at": at,
        "consultation_type": kind,
        "schedule_sequence": booking.sequence,
    }
    with_whom = f" with {clinician}" if clinician else ""
    move_status(
        consultation,
        Status.SCHEDULED,
        by=by,
        reason=f"{'Rescheduled to' if rescheduling else 'Scheduled for'} {when}{with_whom}",
        extra=extra,
    )
    record_access(by, consultation, "Rescheduled" if rescheduling else "Scheduled")
    notifications.queue("patient_scheduled", consultation, booking=booking)
    verb = "rescheduled" if rescheduling else "scheduled"
    return f"{consultation.reference} is {verb}. The patient is being emailed the calendar invitation."


@in_one_transaction
def decline(consultation: ConsultationRequest, *, reason: str, message: str, by: AbstractBaseUser) -> str:
    """Close the request with an internal reason, and send the patient the chosen kind message."""
    require(check_decline(consultation, by, reason, message))
    booking_moves.close(consultation, Booking.Status.CANCELLED)
    move_status(consultation, Status.DECLINED, by=by, reason=reason, extra={"decline_message": message})
    record_access(by, consultation, "Declined")
    notifications.queue("patient_declined", consultation)
    return f"{consultation.reference} is declined. The patient is being emailed."


@in_one_transaction
def complete(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    require(check_complete(consultation, by))
    booking_moves.close(consultation, Booking.Status.COMPLETED)
    move_status(consultation, Status.COMPLETED, by=by)
    record_access(by, consultation, "Status Scheduled → Completed")
    return f"{consultation.reference} is now completed."


@in_one_transaction
def withdraw(consultation: ConsultationRequest, *, delete_data: bool) -> str:
    """The patient withdraws their own request from the status page."""
    require(check_withdraw(consultation))
    booking_moves.close(consultation, Booking.Status.CANCELLED)
    reason = "Withdrawn by the patient" + (
        ", who asked for their answers to be deleted." if delete_data else "."
    )
    move_status(
        consultation, Status.WITHDRAWN, by=None, reason=reason, extra={"deletion_requested": delete_data}
    )
    notifications.queue("staff_withdrawn", consultation)
    return "Your request has been withdrawn. You don't need to do anything else."


@in_one_transaction
def record_assessment(
    consultation: ConsultationRequest, *, assessment: str, note: str, by: AbstractBaseUser
) -> str:
    """A clinician records (or revises) the clinical assessment."""
    require(check_assess(consultation, by))
    if assessment not in ConsultationRequest.Assessment.values:
        raise Refused("Choose an assessment.")
    if (consultation.assessment, consultation.assessment_note) == (assessment, note):
        return nothing_to_do(f"The assessment of {consultation.reference} is unchanged.")
    now = timezone.now()
    ConsultationRequest.objects.filter(pk=consultation.pk).update(
        assessment=assessment, assessment_note=note, assessed_by=by, assessed_at=now, updated_at=now
    )
    consultation.assessment, consultation.assessment_note = assessment, note
    consultation.assessed_by, consultation.assessed_at = by, now
    label = ConsultationRequest.Assessment(assessment).label
    record_history(consultation, by=by, event=Event.ASSESSED, reason=f"Assessment: {label}")
    record_access(by, consultation, "Recorded the clinical assessment")
    if consultation.status == Status.NEW:
        # A clinician has looked at it: it is in review, whoever started it.
        move_status(consultation, Status.IN_REVIEW, by=by, reason="Assessed by a clinician")
    if assessment == ConsultationRequest.Assessment.NOT_ELIGIBLE:
        return f"The assessment of {consultation.reference} is recorded: {label}. Decline it with a message below."
    return f"The assessment of {consultation.reference} is recorded: {label}."


@in_one_transaction
def add_note(consultation: ConsultationRequest, *, text: str, by: AbstractBaseUser) -> str:
    require(check_add_note(consultation, by))
    if not text.strip():
        raise Refused("Write the note first.")
    Note.objects.create(request=consultation, author=by, created_at=timezone.now(), text=text.strip())
    record_access(by, consultation, "Added a note")
    return f"Your note on {consultation.reference} is saved."


def purge(now: datetime.datetime | None = None) -> list[str]:
    """Erase every request whose personal data is due to go (intake/retention.py says which). By the
    system, as the purge database role: the site's own role may not erase (README, Database roles)."""
    erased = []
    for consultation in retention.due_for_purge(now):
        with transaction.atomic():
            retention.erase_personal_data(consultation)
            record_access(None, consultation, retention.why_erased(consultation), action=Action.ERASED)
        erased.append(consultation.reference)
    return erased


def record_export(requests: list[ConsultationRequest], by: AbstractBaseUser) -> None:
    """An export is one look at many requests: one access-log entry with how many and which."""
    require(None if may_export(by) else "Only staff allowed to export can export requests.")
    references = ", ".join(consultation.reference for consultation in requests)
    detail = f"CSV export of {len(requests)} request{'' if len(requests) == 1 else 's'}: {references}"
    AccessLog.objects.create(
        user=by,
        request=requests[0] if len(requests) == 1 else None,
        reference=requests[0].reference if len(requests) == 1 else "",
        action=Action.EXPORTED,
        detail=detail if len(detail) <= 300 else detail[:299] + "…",
    )
