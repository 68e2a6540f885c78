"""The life of a request: which status moves are allowed, and recording each one.

new → in review → scheduled → completed; new, in review or scheduled → declined; and the
patient alone can withdraw an open request. A move is a conditional UPDATE on the status the
caller saw, so two people acting at once cannot both move the same request.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from intake.models import ConsultationRequest, StatusChange
from welltopia import clinic_time

Status = ConsultationRequest.Status

STAFF_TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.IN_REVIEW, Status.DECLINED},
    Status.IN_REVIEW: {Status.SCHEDULED, Status.DECLINED},
    Status.SCHEDULED: {Status.COMPLETED, Status.DECLINED},
    Status.COMPLETED: set(),
    Status.DECLINED: set(),
    Status.WITHDRAWN: set(),
}
PATIENT_WITHDRAWABLE = {Status.NEW, Status.IN_REVIEW, Status.SCHEDULED}


class TransitionNotAllowed(Exception):
    """The move is not allowed from the request's current status; nothing was changed."""


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in STAFF_TRANSITIONS.get(from_status, set())


def _move(
    consultation: ConsultationRequest,
    to_status: str,
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    extra: dict | None = None,
) -> StatusChange:
    """Move from the status the caller saw to `to_status`, or raise without changing anything."""
    from_status = consultation.status
    now = timezone.now()
    updates = {"status": to_status, "updated_at": now, **(extra or {})}
    if to_status in ConsultationRequest.CLOSED:
        updates["closed_at"] = now
    if to_status == Status.WITHDRAWN:
        updates["withdrawn_at"] = now
    with transaction.atomic():
        moved = ConsultationRequest.objects.filter(pk=consultation.pk, status=from_status).update(**updates)
        if not moved:
            current = (
                ConsultationRequest.objects.filter(pk=consultation.pk)
                .values_list("status", flat=True)
                .first()
            )
            raise TransitionNotAllowed(
                f"{consultation.reference} is now {Status(current).label.lower() if current else 'gone'}; "
                "nothing was changed."
            )
        change = StatusChange.objects.create(
            request=consultation,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            changed_at=now,
            reason=reason,
        )
    for field, value in updates.items():
        setattr(consultation, field, value)
    return change


def move(
    consultation: ConsultationRequest,
    to_status: str,
    *,
    by: AbstractBaseUser,
    reason: str = "",
    extra: dict | None = None,
) -> StatusChange:
    """A staff member moves a request along an allowed transition."""
    if not can_move(consultation.status, to_status):
        raise TransitionNotAllowed(
            f"A request that is {consultation.get_status_display().lower()} cannot be moved to "
            f"{Status(to_status).label.lower()}."
        )
    if to_status == Status.DECLINED and not reason.strip():
        raise TransitionNotAllowed("A reason is required to decline a request.")
    return _move(consultation, to_status, by=by, reason=reason, extra=extra)


class AlreadyClaimed(Exception):
    def __init__(self, holder: AbstractBaseUser | None) -> None:
        super().__init__(f"Already assigned to {holder}.")
        self.holder = holder


def claim(consultation: ConsultationRequest, user: AbstractBaseUser) -> bool:
    """Assign an unassigned request to `user`. Exactly one of two simultaneous claims wins.

    Returns False when it was already theirs; raises AlreadyClaimed when someone else has it.
    """
    won = ConsultationRequest.objects.filter(pk=consultation.pk, assigned_to__isnull=True).update(
        assigned_to=user, updated_at=timezone.now()
    )
    consultation.refresh_from_db(fields=["assigned_to", "updated_at"])
    if won:
        return True
    if consultation.assigned_to_id == user.pk:
        return False
    raise AlreadyClaimed(consultation.assigned_to)


def schedule(
    consultation: ConsultationRequest, *, at: datetime.datetime, kind: str, by: AbstractBaseUser
) -> StatusChange:
    """Book (from in review) or move (when scheduled) the consultation, and email the invitation."""
    from intake import notifications

    when = f"{clinic_time.local(at):%Y-%m-%d %H:%M %Z}"
    with transaction.atomic():
        if consultation.status == Status.SCHEDULED:
            change = _move(
                consultation,
                Status.SCHEDULED,
                by=by,
                reason=f"Rescheduled to {when}",
                extra={
                    "scheduled_at": at,
                    "consultation_type": kind,
                    "schedule_sequence": consultation.schedule_sequence + 1,
                },
            )
        else:
            change = move(
                consultation,
                Status.SCHEDULED,
                by=by,
                reason=f"Scheduled for {when}",
                extra={"scheduled_at": at, "consultation_type": kind},
            )
        notifications.queue("patient_scheduled", consultation)
    return change


def decline(
    consultation: ConsultationRequest, *, reason: str, message: str, by: AbstractBaseUser
) -> StatusChange:
    """Close the request with an internal reason, and send the patient the chosen kind message."""
    from intake import notifications

    if not message.strip():
        raise TransitionNotAllowed("Choose the message the patient will receive.")
    with transaction.atomic():
        change = move(consultation, Status.DECLINED, by=by, reason=reason, extra={"decline_message": message})
        notifications.queue("patient_declined", consultation)
    return change


def withdraw(consultation: ConsultationRequest, *, delete_data: bool) -> StatusChange:
    """The patient withdraws their own request from the status page."""
    if consultation.status not in PATIENT_WITHDRAWABLE:
        raise TransitionNotAllowed(
            f"This request is {consultation.get_status_display().lower()} and can no longer be withdrawn."
        )
    from intake import notifications

    reason = "Withdrawn by the patient" + (
        ", who asked for their answers to be deleted." if delete_data else "."
    )
    with transaction.atomic():
        change = _move(
            consultation,
            Status.WITHDRAWN,
            by=None,
            reason=reason,
            extra={"deletion_requested": delete_data},
        )
        notifications.queue("staff_withdrawn", consultation)
    return change
