"""Erasing a request's personal and health data: after the retention period, or when the patient asks.

What goes is decided by intake/answers.py: every identity, contact, health and clinical value,
the medicine rows, and the free text of notes and of the history. What stays is what the
privacy notice promises: the reference, the status and its history (who moved it and when),
the consent times and the dates, so the clinic's counts and audit trail still add up. The
operations that call this (and log it) are in intake/workflow.py.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from intake import answers
from intake.models import ConsultationRequest, Note, RequestMedicine, StatusChange

ERASED = "[erased]"


def erased_value(field: models.Field) -> Any:
    """What an erased field holds: empty, never a made-up answer."""
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        return field.get_default()
    if isinstance(field, models.BooleanField):
        return False
    return ""


def erased_values() -> dict[str, Any]:
    meta = ConsultationRequest._meta
    return {name: erased_value(meta.get_field(name)) for name in answers.erased_field_names()}


ASKED = "The patient asked for deletion when withdrawing"


def due_for_purge(now: datetime.datetime | None = None) -> QuerySet:
    """Requests whose personal data is due to go: closed longer ago than the retention period, or
    withdrawn by a patient who asked for their answers to be deleted (at once, not in two years)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    past_retention = Q(closed_at__lt=cutoff)
    asked = Q(status=ConsultationRequest.Status.WITHDRAWN, deletion_requested=True)
    return ConsultationRequest.objects.closed().filter(
        past_retention | asked, personal_data_erased_at__isnull=True
    )


def why_erased(consultation: ConsultationRequest) -> str:
    if consultation.status == ConsultationRequest.Status.WITHDRAWN and consultation.deletion_requested:
        return ASKED
    return f"Retention: closed over {settings.RETENTION_DAYS} days"


def _allow_audit_erasure(allowed: bool) -> None:
    """Let the erasure (only) rewrite audit rows past the PostgreSQL append-only triggers.

    SET LOCAL lasts until the outermost transaction ends, which may be a caller's; so the flag
    is switched off again as soon as the erasure is done (a rollback undoes it as well).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if allowed:
                cursor.execute("SET LOCAL welltopia.retention_purge = 'on'")
            else:
                cursor.execute("SET LOCAL welltopia.retention_purge = 'off'")


def erase_personal_data(consultation: ConsultationRequest) -> None:
    with transaction.atomic():
        _allow_audit_erasure(True)
        now = timezone.now()
        ConsultationRequest.objects.filter(pk=consultation.pk).update(
            **erased_values(), personal_data_erased_at=now, updated_at=now
        )
        RequestMedicine.objects.filter(request=consultation).delete()
        Note.objects.filter(request=consultation).update(text=ERASED)
        StatusChange.objects.filter(request=consultation).exclude(reason="").update(reason=ERASED)
        _allow_audit_erasure(False)
    consultation.refresh_from_db()
