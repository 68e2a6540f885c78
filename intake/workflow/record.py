"""Recording a move: the conditional status UPDATE, the history entry, the access log, one transaction."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from intake.models import AccessLog, ConsultationRequest, StatusChange
from intake.workflow.rules import Action, Event, Refused, Status, status_label


def record_history(
    consultation: ConsultationRequest,
    *,
    by: AbstractBaseUser | None,
    event: str = Event.STATUS,
    from_status: str = "",
    reason: str = "",
    at: datetime.datetime | None = None,
) -> StatusChange:
    return StatusChange.objects.create(
        request=consultation,
        event=event,
        from_status=from_status or consultation.status,
        to_status=consultation.status,
        changed_by=by,
        changed_at=at or timezone.now(),
        reason=reason,
    )


def record_access(
    user: AbstractBaseUser | None,
    consultation: ConsultationRequest,
    detail: str,
    action: str = Action.CHANGED,
) -> None:
    AccessLog.record(user, action, consultation, detail)


def move_status(
    consultation: ConsultationRequest,
    to_status: str,
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    """Move from the status the caller saw to `to_status` (inside the caller's transaction)."""
    from_status = consultation.status
    now = timezone.now()
    updates = {"status": to_status, "updated_at": now, **(extra or {})}
    if to_status in ConsultationRequest.CLOSED:
        updates["closed_at"] = now
    if to_status == Status.WITHDRAWN:
        updates["withdrawn_at"] = now
    moved = ConsultationRequest.objects.filter(pk=consultation.pk, status=from_status).update(**updates)
    if not moved:
        current = (
            ConsultationRequest.objects.filter(pk=consultation.pk).values_list("status", flat=True).first()
        )
        raise Refused(
            f"{consultation.reference} is now {status_label(current) if current else 'gone'}; nothing was changed."
        )
    for field, value in updates.items():
        setattr(consultation, field, value)
    record_history(consultation, by=by, from_status=from_status, reason=reason, at=now)


def in_one_transaction(operation: Callable[..., str]) -> Callable[..., str]:
    def run(*args: Any, **kwargs: Any) -> str:
        with transaction.atomic():
            return operation(*args, **kwargs)

    run.__name__ = operation.__name__
    run.__doc__ = operation.__doc__
    return run
