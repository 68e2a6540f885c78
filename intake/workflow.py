"""The life of a request: which status moves are allowed, and recording each one.

new → in review → scheduled → completed; new, in review or scheduled → declined; and the
patient alone can withdraw an open request. A move is a conditional UPDATE on the status the
caller saw, so two people acting at once cannot both move the same request.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from intake.models import ConsultationRequest, StatusChange

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
    consultation: ConsultationRequest, to_status: str, *, by: AbstractBaseUser, reason: str = ""
) -> StatusChange:
    """A staff member moves a request along an allowed transition."""
    if not can_move(consultation.status, to_status):
        raise TransitionNotAllowed(
            f"A request that is {consultation.get_status_display().lower()} cannot be moved to "
            f"{Status(to_status).label.lower()}."
        )
    if to_status == Status.DECLINED and not reason.strip():
        raise TransitionNotAllowed("A reason is required to decline a request.")
    return _move(consultation, to_status, by=by, reason=reason)


def withdraw(consultation: ConsultationRequest, *, delete_data: bool) -> StatusChange:
    """The patient withdraws their own request from the status page."""
    if consultation.status not in PATIENT_WITHDRAWABLE:
        raise TransitionNotAllowed(
            f"This request is {consultation.get_status_display().lower()} and can no longer be withdrawn."
        )
    reason = "Withdrawn by the patient" + (
        ", who asked for their answers to be deleted." if delete_data else "."
    )
    return _move(
        consultation,
        Status.WITHDRAWN,
        by=None,
        reason=reason,
        extra={"withdrawn_at": timezone.now(), "deletion_requested": delete_data},
    )
