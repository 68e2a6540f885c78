"""Every operation on a consultation request, and the rules of each. Nowhere else.

new → in review → scheduled → completed; new, in review or scheduled → declined; the patient
alone withdraws an open request. Each operation checks its own preconditions (who may do it,
from which status, with what), then in ONE transaction moves the status with a conditional
UPDATE on the status the caller saw (so two people acting at once cannot both move it), writes
the history, the access log and queues the emails. Callers — admin views and actions, the
status page, management commands — only call an operation and show the message it returns, or
the reason it was refused. Templates ask `available()`, which runs the same checks.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from intake import notifications, retention, screening
from intake.models import (
    AccessLog,
    ConsultationRequest,
    MedicineMatch,
    Note,
    StatusChange,
)
from welltopia import clinic_time

Status = ConsultationRequest.Status
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


def _nothing_to_do(message: str) -> Done:
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


def _status_label(status: str) -> str:
    return Status(status).label.lower()


def _not_worker(user: AbstractBaseUser | None) -> str | None:
    return None if may_work(user) else "Only intake coordinators and clinicians can work requests."


def _from(consultation: ConsultationRequest, allowed: tuple[str, ...], doing: str) -> str | None:
    if consultation.status in allowed:
        return None
    return f"A request that is {_status_label(consultation.status)} cannot be {doing}."


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


def check_schedule(
    consultation: ConsultationRequest, user: AbstractBaseUser | None, at: datetime.datetime | None = None
) -> str | None:
    if reason := _not_worker(user) or _from(consultation, (Status.IN_REVIEW, Status.SCHEDULED), "scheduled"):
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
    return _not_worker(user) or _from(consultation, (Status.SCHEDULED,), "marked completed")


def check_withdraw(consultation: ConsultationRequest) -> str | None:
    if consultation.status in PATIENT_WITHDRAWABLE:
        return None
    return f"This request is {_status_label(consultation.status)} and can no longer be withdrawn."


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


def check_erase_on_request(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> str | None:
    if reason := _not_worker(user):
        return reason
    if consultation.personal_data_erased_at:
        return f"{consultation.reference} was already erased."
    if consultation.status != Status.WITHDRAWN or not consultation.deletion_requested:
        return "Only withdrawn requests whose patient asked for deletion can be erased now."
    return None


def available(consultation: ConsultationRequest, user: AbstractBaseUser | None) -> dict[str, bool]:
    """What the page may offer: each operation's own check, with nothing yet chosen."""
    return {
        "can_work": may_work(user),
        "can_claim": check_claim(consultation, user) is None and consultation.assigned_to_id is None,
        "can_start_review": check_start_review(consultation, user) is None,
        "can_schedule": check_schedule(consultation, user) is None,
        "can_decline": check_decline(consultation, user) is None,
        "can_complete": check_complete(consultation, user) is None,
        "can_assess": check_assess(consultation, user) is None,
        "can_add_note": check_add_note(consultation, user) is None,
        "can_erase": check_erase_on_request(consultation, user) is None,
    }


def _require(reason: str | None) -> None:
    if reason:
        raise Refused(reason, about_input=isinstance(reason, BadInput))


# --------------------------------------------------------------------------- recording


def _history(
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


def _log(
    user: AbstractBaseUser | None,
    consultation: ConsultationRequest,
    detail: str,
    action: str = Action.CHANGED,
) -> None:
    AccessLog.record(user, action, consultation, detail)


def _move(
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
            f"{consultation.reference} is now {_status_label(current) if current else 'gone'}; nothing was changed."
        )
    for field, value in updates.items():
        setattr(consultation, field, value)
    _history(consultation, by=by, from_status=from_status, reason=reason, at=now)


def _in_one_transaction(operation: Callable[..., str]) -> Callable[..., str]:
    def run(*args: Any, **kwargs: Any) -> str:
        with transaction.atomic():
            return operation(*args, **kwargs)

    run.__name__ = operation.__name__
    run.__doc__ = operation.__doc__
    return run


# --------------------------------------------------------------------------- the operations


@_in_one_transaction
def claim(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    """Assign an open, unassigned request to `by`. Exactly one of two simultaneous claims wins."""
    _require(check_claim(consultation, by))
    if consultation.assigned_to_id == by.pk:
        return _nothing_to_do(f"{consultation.reference} was already assigned to you.")
    won = ConsultationRequest.objects.filter(
        pk=consultation.pk, assigned_to__isnull=True, status__in=OPEN
    ).update(assigned_to=by, updated_at=timezone.now())
    consultation.refresh_from_db(fields=["assigned_to", "status", "updated_at"])
    if not won:
        if consultation.assigned_to_id == by.pk:
            return _nothing_to_do(f"{consultation.reference} was already assigned to you.")
        _require(check_claim(consultation, by) or f"{consultation.reference} could not be assigned.")
    _history(consultation, by=by, event=Event.ASSIGNED, reason=f"Assigned to {by}")
    _log(by, consultation, "Assigned to themselves")
    return f"{consultation.reference} is now assigned to you."


@_in_one_transaction
def assign(consultation: ConsultationRequest, to: AbstractBaseUser | None, by: AbstractBaseUser) -> str:
    """Give an open request to someone else (or nobody)."""
    _require(check_assign(consultation, by, to))
    if consultation.assigned_to_id == getattr(to, "pk", None):
        return _nothing_to_do(f"{consultation.reference} was already assigned to {to or 'nobody'}.")
    ConsultationRequest.objects.filter(pk=consultation.pk).update(assigned_to=to, updated_at=timezone.now())
    consultation.assigned_to = to
    what = f"Assigned to {to}" if to else "Unassigned"
    _history(consultation, by=by, event=Event.ASSIGNED, reason=what)
    _log(by, consultation, what)
    return f"{consultation.reference}: {what.lower()}."


@_in_one_transaction
def start_review(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    _require(check_start_review(consultation, by))
    _move(consultation, Status.IN_REVIEW, by=by)
    _log(by, consultation, "Status New → In review")
    return f"{consultation.reference} is now in review."


@_in_one_transaction
def schedule(
    consultation: ConsultationRequest, *, at: datetime.datetime, kind: str, by: AbstractBaseUser
) -> str:
    """Book (from in review) or move (when scheduled) the consultation; email the invitation."""
    _require(check_schedule(consultation, by, at))
    when = f"{clinic_time.local(at):%Y-%m-%d %H:%M %Z}"
    rescheduling = consultation.status == Status.SCHEDULED
    extra: dict[str, Any] = {"scheduled_at": at, "consultation_type": kind}
    if rescheduling:
        extra["schedule_sequence"] = consultation.schedule_sequence + 1
    _move(
        consultation,
        Status.SCHEDULED,
        by=by,
        reason=f"{'Rescheduled to' if rescheduling else 'Scheduled for'} {when}",
        extra=extra,
    )
    _log(by, consultation, "Rescheduled" if rescheduling else "Scheduled")
    notifications.queue("patient_scheduled", consultation)
    verb = "rescheduled" if rescheduling else "scheduled"
    return f"{consultation.reference} is {verb}. The patient is being emailed the calendar invitation."


@_in_one_transaction
def decline(consultation: ConsultationRequest, *, reason: str, message: str, by: AbstractBaseUser) -> str:
    """Close the request with an internal reason, and send the patient the chosen kind message."""
    _require(check_decline(consultation, by, reason, message))
    _move(consultation, Status.DECLINED, by=by, reason=reason, extra={"decline_message": message})
    _log(by, consultation, "Declined")
    notifications.queue("patient_declined", consultation)
    return f"{consultation.reference} is declined. The patient is being emailed."


@_in_one_transaction
def complete(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    _require(check_complete(consultation, by))
    _move(consultation, Status.COMPLETED, by=by)
    _log(by, consultation, "Status Scheduled → Completed")
    return f"{consultation.reference} is now completed."


@_in_one_transaction
def withdraw(consultation: ConsultationRequest, *, delete_data: bool) -> str:
    """The patient withdraws their own request from the status page."""
    _require(check_withdraw(consultation))
    reason = "Withdrawn by the patient" + (
        ", who asked for their answers to be deleted." if delete_data else "."
    )
    _move(consultation, Status.WITHDRAWN, by=None, reason=reason, extra={"deletion_requested": delete_data})
    notifications.queue("staff_withdrawn", consultation)
    return "Your request has been withdrawn. You don't need to do anything else."


@_in_one_transaction
def record_assessment(
    consultation: ConsultationRequest, *, assessment: str, note: str, by: AbstractBaseUser
) -> str:
    """A clinician records (or revises) the clinical assessment."""
    _require(check_assess(consultation, by))
    if assessment not in ConsultationRequest.Assessment.values:
        raise Refused("Choose an assessment.")
    if (consultation.assessment, consultation.assessment_note) == (assessment, note):
        return _nothing_to_do(f"The assessment of {consultation.reference} is unchanged.")
    now = timezone.now()
    ConsultationRequest.objects.filter(pk=consultation.pk).update(
        assessment=assessment, assessment_note=note, assessed_by=by, assessed_at=now, updated_at=now
    )
    consultation.assessment, consultation.assessment_note = assessment, note
    consultation.assessed_by, consultation.assessed_at = by, now
    label = ConsultationRequest.Assessment(assessment).label
    _history(consultation, by=by, event=Event.ASSESSED, reason=f"Assessment: {label}")
    _log(by, consultation, "Recorded the clinical assessment")
    return f"The assessment of {consultation.reference} is recorded: {label}."


@_in_one_transaction
def add_note(consultation: ConsultationRequest, *, text: str, by: AbstractBaseUser) -> str:
    _require(check_add_note(consultation, by))
    if not text.strip():
        raise Refused("Write the note first.")
    Note.objects.create(request=consultation, author=by, created_at=timezone.now(), text=text.strip())
    _log(by, consultation, "Added a note")
    return f"Your note on {consultation.reference} is saved."


@_in_one_transaction
def clear_possible_match(match: MedicineMatch, *, note: str, by: AbstractBaseUser) -> str:
    """Staff checked a possible misspelling with the patient: it no longer raises its flag."""
    _require(check_clear_match(match, by, note))
    consultation = match.row.request
    now = timezone.now()
    cleared = MedicineMatch.objects.filter(pk=match.pk, cleared_at__isnull=True).update(
        cleared_at=now, cleared_by=by, clear_note=note.strip()
    )
    _require(None if cleared else "This possible match was already cleared.")
    match.cleared_at, match.cleared_by, match.clear_note = now, by, note.strip()
    _refresh_flags(consultation)
    _history(
        consultation,
        by=by,
        event=Event.FLAG_CLEARED,
        reason=f"'{match.written}' is not {match.medicine.generic_name}: {note.strip()}",
    )
    # The access log is kept for ever: it names what was done, never a health detail.
    _log(by, consultation, "Cleared a possible medicine match")
    return f"Cleared: '{match.written}' is no longer read as {match.medicine.generic_name}."


def _refresh_flags(consultation: ConsultationRequest) -> dict[str, list[str]]:
    matches = MedicineMatch.objects.filter(row__request=consultation).select_related("medicine")
    before = {field: getattr(consultation, field) for field in ConsultationRequest.FLAG_FIELDS}
    reasons = screening.set_flags(consultation, matches)
    after = {field: getattr(consultation, field) for field in ConsultationRequest.FLAG_FIELDS}
    if after != before:
        ConsultationRequest.objects.filter(pk=consultation.pk).update(**after)
    return reasons


@_in_one_transaction
def rescreen(consultation: ConsultationRequest, catalog: "screening.Catalog") -> list[str]:
    """Match every row again with the current catalog; record each newly raised flag and why.

    A possible match staff cleared stays cleared: a flag is never silently raised again.
    """
    existing = {
        (match.row_id, match.medicine_id): match
        for match in MedicineMatch.objects.filter(row__request=consultation).select_related("medicine")
    }
    before = {field for field in ConsultationRequest.FLAG_FIELDS if getattr(consultation, field)}
    seen = set()
    for row in consultation.medicines.all():
        for found in catalog.find(row.name):
            key = (row.pk, found.medicine_id)
            seen.add(key)
            match = existing.get(key)
            if match is None:
                MedicineMatch.objects.create(
                    row=row,
                    medicine_id=found.medicine_id,
                    matched_name=found.matched_name,
                    written=found.written,
                    how=found.how,
                )
            elif (match.how, match.matched_name, match.written) != (
                found.how,
                found.matched_name,
                found.written,
            ):
                MedicineMatch.objects.filter(pk=match.pk).update(
                    how=found.how, matched_name=found.matched_name, written=found.written
                )
    MedicineMatch.objects.filter(pk__in=[m.pk for key, m in existing.items() if key not in seen]).delete()
    reasons = _refresh_flags(consultation)
    raised = [field for field in ConsultationRequest.FLAG_FIELDS if field in reasons and field not in before]
    notes = []
    for field in raised:
        label = ConsultationRequest._meta.get_field(field).verbose_name
        note = f"{label} flag raised on re-screening: {'; '.join(reasons[field])}"
        _history(consultation, by=None, event=Event.FLAG_RAISED, reason=note[:2000])
        notes.append(note)
    return notes


def rescreen_open_requests() -> tuple[int, list[str]]:
    """Re-screen every open request with the current catalog (after the catalog changed).

    Returns how many were screened and the reference of each newly raised flag.
    """
    catalog = screening.current_catalog()
    raised: list[str] = []
    count = 0
    for consultation in ConsultationRequest.objects.filter(status__in=OPEN).prefetch_related("medicines"):
        count += 1
        raised.extend(consultation.reference for _note in rescreen(consultation, catalog))
    return count, raised


@_in_one_transaction
def erase_on_request(consultation: ConsultationRequest, by: AbstractBaseUser) -> str:
    """Erase a withdrawn request's personal data because the patient asked."""
    _require(check_erase_on_request(consultation, by))
    why = "The patient asked for deletion when withdrawing"
    retention.erase_personal_data(consultation)
    _log(by, consultation, why, action=Action.ERASED)
    return f"Erased the personal data of {consultation.reference}."


def purge(now: datetime.datetime | None = None) -> list[str]:
    """Erase every request closed longer ago than the retention period. By the system."""
    erased = []
    for consultation in retention.due_for_purge(now):
        with transaction.atomic():
            retention.erase_personal_data(consultation)
            _log(
                None,
                consultation,
                f"Retention: closed over {settings.RETENTION_DAYS} days",
                action=Action.ERASED,
            )
        erased.append(consultation.reference)
    return erased


def record_export(requests: list[ConsultationRequest], by: AbstractBaseUser) -> None:
    """An export is a look at every exported request: written to the access log."""
    _require(None if may_export(by) else "Only staff allowed to export can export requests.")
    AccessLog.record(by, Action.EXPORTED, requests, f"CSV export of {len(requests)} requests")
