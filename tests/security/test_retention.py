"""Erasing personal and health data: after the retention period (manage.py purge_requests) or on the patient's request."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from intake import workflow
from intake.models import (
    AccessLog,
    Consent,
    ConsultationRequest,
    DeclineMessage,
    Note,
    RequestMedicine,
    StatusChange,
)
from intake.retention import ERASED
from tests.support.patients import submit_request
from tests.support.staff import make_staff
from tests.support.urls import change_url

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
# Everything the privacy notice promises to erase: who the patient is, how to reach them, every
# health answer, and what the screening and clinicians concluded. Written out here on purpose:
# the purge reads intake/answers.py, and this list is what it must come to.
ERASED_ROW = {
    "first_name": "",
    "last_name": "",
    "date_of_birth": None,
    "email": "",
    "phone": "",
    "state": "",
    "contact_method": "",
    "contact_time": "",
    "diagnosis_year": None,
    "rheumatologist_confirmed": "",
    "prescriber_name": "",
    "prescriber_practice": "",
    "prescriber_phone": "",
    "no_prescriber": False,
    "pain_score": None,
    "overall_score": None,
    "morning_stiffness_minutes": None,
    "flares_last_3_months": None,
    "takes_no_medicines": False,
    "opioid_use": None,
    "opioid_details": "",
    "opioid_last_taken": None,
    "planned_surgery": None,
    "planned_surgery_details": "",
    "liver_disease": None,
    "kidney_disease": None,
    "pregnancy": "",
    "naltrexone_allergy": None,
    "other_allergies": "",
    "thyroid_condition": None,
    "ldn_use": "",
    "ldn_details": "",
    "naltrexone_use": "",
    "concerns": [],
    "goals": "",
    "decline_message": "",
    "assessment": "",
    "assessment_note": "",
    "flag_opioid": False,
    "flag_opioid_blocker": False,
    "flag_liver": False,
    "flag_kidney": False,
    "flag_pregnancy": False,
    "flag_allergy": False,
    "flag_surgery": False,
}
PERSONAL_AND_HEALTH_FIELDS = list(ERASED_ROW)
NOTE = "Spoke with her rheumatologist about the methotrexate dose."
REASON = "Takes tramadol daily for back pain."


@pytest.fixture
def clinician() -> AbstractBaseUser:
    return make_staff("dr_okafor", "Clinicians")


def declined_request(by: AbstractBaseUser, *, closed_days_ago: int) -> ConsultationRequest:
    """A request sent through the form (medicines, consents), with a note, declined `closed_days_ago` days ago."""
    consultation = submit_request(
        opioid_use="yes",
        opioid_details="Tramadol 50 mg",
        opioid_last_taken="2026-10-01",
        goals="Sleep through the night",
        other_allergies="Penicillin",
        consent_share_outcome="on",
    )
    Note.objects.create(request=consultation, author=by, text=NOTE)
    workflow.record_assessment(consultation, assessment="not_eligible", note="Daily tramadol.", by=by)
    workflow.decline(consultation, reason=REASON, message=DeclineMessage.objects.first().body, by=by)
    closed_at = timezone.now() - datetime.timedelta(days=closed_days_ago)
    ConsultationRequest.objects.filter(pk=consultation.pk).update(closed_at=closed_at)
    return consultation


def stored(consultation: ConsultationRequest) -> dict[str, object]:
    """The request's row (its personal and health answers) as the database holds it."""
    row = ConsultationRequest.objects.filter(pk=consultation.pk).values(*PERSONAL_AND_HEALTH_FIELDS).get()
    row["phone"] = str(row["phone"] or "")
    return row


def everything_stored() -> list[object]:
    """A snapshot of every row the purge could touch."""
    return [
        list(ConsultationRequest.objects.order_by("pk").values()),
        list(RequestMedicine.objects.order_by("pk").values()),
        list(Note.objects.order_by("pk").values()),
        list(StatusChange.objects.order_by("pk").values()),
        list(Consent.objects.order_by("pk").values()),
        list(AccessLog.objects.order_by("pk").values()),
    ]


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_requests", *args, stdout=out)
    return out.getvalue().strip()


# --------------------------------------------------------------------------- manage.py purge_requests


def test_a_dry_run_says_how_many_would_be_erased_and_changes_nothing(clinician: AbstractBaseUser) -> None:
    declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS + 1)
    declined_request(clinician, closed_days_ago=10)
    before = everything_stored()

    output = purge("--dry-run")

    assert output == (
        f"1 request(s) would be erased: 1 closed more than {settings.RETENTION_DAYS} days ago, "
        "0 withdrawn by a patient who asked for deletion."
    )
    assert everything_stored() == before


@pytest.mark.erases_personal_data
def test_the_purge_erases_personal_and_health_data_of_requests_closed_past_the_retention_period(
    clinician: AbstractBaseUser,
) -> None:
    old = declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS + 1)
    assert stored(old)["first_name"] == "Marta"
    assert old.medicines.count() == 2

    output = purge()

    assert output == "Erased the personal data of 1 request(s)."
    old.refresh_from_db()
    assert stored(old) == ERASED_ROW
    assert old.personal_data_erased_at is not None
    assert not RequestMedicine.objects.filter(request=old).exists()
    assert list(Note.objects.filter(request=old).values_list("text", flat=True)) == [ERASED]
    assert set(
        StatusChange.objects.filter(request=old).exclude(reason="").values_list("reason", flat=True)
    ) == {ERASED}


@pytest.mark.erases_personal_data
def test_the_purge_keeps_the_reference_status_history_and_consents(clinician: AbstractBaseUser) -> None:
    old = declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS + 1)
    history = list(
        StatusChange.objects.filter(request=old).values_list(
            "event", "from_status", "to_status", "changed_by"
        )
    )
    consents = list(Consent.objects.filter(request=old).values_list("kind", "given_at"))

    purge()

    kept = ConsultationRequest.objects.get(pk=old.pk)
    assert (kept.reference, kept.status) == (old.reference, Status.DECLINED)
    assert (
        list(
            StatusChange.objects.filter(request=old).values_list(
                "event", "from_status", "to_status", "changed_by"
            )
        )
        == history
    )
    assert len(history) == 4  # new, assessed, in review (by the assessment), declined
    assert list(Consent.objects.filter(request=old).values_list("kind", "given_at")) == consents
    assert len(consents) == 5
    assert kept.closed_at is not None


@pytest.mark.erases_personal_data
def test_the_purge_is_recorded_in_the_access_log(clinician: AbstractBaseUser) -> None:
    old = declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS + 1)

    purge()

    entry = AccessLog.objects.get(action=AccessLog.Action.ERASED)
    assert (entry.user, entry.request, entry.reference, entry.detail) == (
        None,
        old,
        old.reference,
        f"Retention: closed over {settings.RETENTION_DAYS} days",
    )


def test_the_purge_leaves_open_and_recently_closed_requests_alone(clinician: AbstractBaseUser) -> None:
    recent = declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS - 1)
    still_open = submit_request()
    ConsultationRequest.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.RETENTION_DAYS * 2)
    )
    before = everything_stored()

    output = purge()

    assert output == "Erased the personal data of 0 request(s)."
    assert everything_stored() == before
    assert stored(recent)["first_name"] == stored(still_open)["first_name"] == "Marta"


@pytest.mark.erases_personal_data
def test_a_second_purge_finds_nothing_left_to_erase(clinician: AbstractBaseUser) -> None:
    declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS + 1)
    purge()

    assert purge() == "Erased the personal data of 0 request(s)."
    assert AccessLog.objects.filter(action=AccessLog.Action.ERASED).count() == 1


@pytest.mark.erases_personal_data
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only triggers are PostgreSQL's")
def test_on_postgresql_the_purge_gets_past_the_append_only_triggers(clinician: AbstractBaseUser) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'intake_%%_append_only' ORDER BY tgname"
        )
        triggers = [name for (name,) in cursor.fetchall()]
    assert triggers == [
        "intake_accesslog_append_only",
        "intake_note_append_only",
        "intake_statuschange_append_only",
    ]
    old = declined_request(clinician, closed_days_ago=settings.RETENTION_DAYS + 1)

    purge()

    assert list(Note.objects.filter(request=old).values_list("text", flat=True)) == [ERASED]


# --------------------------------------------------------------------------- when the patient asked


@pytest.mark.erases_personal_data
def test_the_purge_erases_at_once_the_withdrawn_requests_whose_patient_asked(
    coordinator_client: Client,
) -> None:
    asked = submit_request()
    workflow.withdraw(asked, delete_data=True)
    kept_withdrawn = submit_request()
    workflow.withdraw(kept_withdrawn, delete_data=False)
    still_open = submit_request()
    assert "The daily purge" in coordinator_client.get(change_url(asked)).content.decode()

    assert purge("--dry-run") == (
        f"1 request(s) would be erased: 0 closed more than {settings.RETENTION_DAYS} days ago, "
        "1 withdrawn by a patient who asked for deletion."
    )
    assert purge() == "Erased the personal data of 1 request(s)."

    assert stored(asked) == ERASED_ROW
    assert stored(kept_withdrawn)["first_name"] == stored(still_open)["first_name"] == "Marta"
    erased = AccessLog.objects.get(action=AccessLog.Action.ERASED)
    assert (erased.user, erased.reference, erased.detail) == (
        None,
        asked.reference,
        "The patient asked for deletion when withdrawing",
    )
    assert "The daily purge" not in coordinator_client.get(change_url(asked)).content.decode()
