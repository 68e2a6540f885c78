"""Erasing a request's personal and health data: after the retention period, or when the patient asks.

What stays: the reference, the status and its history (who moved it and when), the consent
times, and the dates, so the clinic's counts and audit trail still add up. What goes: every
answer that could identify the patient or describe their health, their medicine rows, and the
free text of notes and decline reasons.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from intake.models import AccessLog, ConsultationRequest, Note, RequestMedicine, StatusChange

ERASED = "[erased]"

ERASED_VALUES = {
    "first_name": "",
    "last_name": "",
    "date_of_birth": None,
    "email": "",
    "phone": "",
    "diagnosis_year": None,
    "pain_score": None,
    "overall_score": None,
    "morning_stiffness_minutes": None,
    "flares_last_3_months": None,
    "opioid_use": None,
    "opioid_details": "",
    "planned_surgery": None,
    "planned_surgery_details": "",
    "liver_disease": None,
    "kidney_disease": None,
    "pregnancy": "",
    "naltrexone_allergy": None,
    "thyroid_condition": None,
    "tried_ldn_before": None,
    "tried_ldn_details": "",
    "concerns": [],
    "goals": "",
    "decline_message": "",
    "assessment_note": "",
    "flag_opioid": False,
    "flag_liver": False,
    "flag_kidney": False,
    "flag_pregnancy": False,
    "flag_allergy": False,
    "flag_surgery": False,
}


def due_for_purge(now: datetime.datetime | None = None) -> QuerySet:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    return ConsultationRequest.objects.closed().filter(
        closed_at__lt=cutoff, personal_data_erased_at__isnull=True
    )


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


def erase_personal_data(consultation: ConsultationRequest, *, by: AbstractBaseUser | None, why: str) -> None:
    with transaction.atomic():
        _allow_audit_erasure(True)
        now = timezone.now()
        ConsultationRequest.objects.filter(pk=consultation.pk).update(
            **ERASED_VALUES, personal_data_erased_at=now, updated_at=now
        )
        RequestMedicine.objects.filter(request=consultation).delete()
        Note.objects.filter(request=consultation).update(text=ERASED)
        StatusChange.objects.filter(request=consultation).exclude(reason="").update(reason=ERASED)
        _allow_audit_erasure(False)
        AccessLog.record(by, AccessLog.Action.ERASED, consultation, why)
    consultation.refresh_from_db()
