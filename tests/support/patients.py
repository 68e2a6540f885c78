"""Patients' requests for tests: the form data a patient posts, and requests stored directly."""

import datetime
import itertools
import uuid
from typing import Any

from django.test import Client
from django.utils import timezone

from intake import screening, urgency
from intake.catalog import load_catalog
from intake.models import ConsultationRequest, Medicine, MedicineName, StatusChange


def medicine_rows(*rows: tuple[str, str, str], extra_blank: int = 1) -> dict[str, str]:
    data = {
        "medicines-TOTAL_FORMS": str(len(rows) + extra_blank),
        "medicines-INITIAL_FORMS": "0",
        "medicines-MIN_NUM_FORMS": "0",
        "medicines-MAX_NUM_FORMS": "30",
    }
    for index, (name, dose, frequency) in enumerate(rows):
        data[f"medicines-{index}-name"] = name
        data[f"medicines-{index}-dose"] = dose
        data[f"medicines-{index}-frequency"] = frequency
    return data


def valid_form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "state": "CA",
        "first_name": "Marta",
        "last_name": "Quillfeather",
        "date_of_birth": "1970-03-25",
        "email": "marta@example.com",
        "phone": "(201) 555-0123",
        "contact_method": "email",
        "contact_time": "morning",
        "consultation_language": "en",
        "consultation_language_other": "",
        "interpreter": "no",
        "diagnosis_year": "2012",
        "rheumatologist_confirmed": "yes",
        "prescriber_name": "Dr. Imani Okonjo",
        "prescriber_practice": "Bayview Rheumatology",
        "prescriber_phone": "",
        "pain_score": "6",
        "overall_score": "5",
        "morning_stiffness_minutes": "45",
        "flares_last_3_months": "2",
        "opioid_use": "no",
        "opioid_details": "",
        "planned_surgery": "no",
        "liver_disease": "no",
        "kidney_disease": "no",
        "pregnancy": "no",
        "naltrexone_allergy": "no",
        "thyroid_condition": "no",
        "ldn_use": "never",
        "naltrexone_use": "never",
        "concerns": ["joint_pain", "sleep"],
        "goals": "Less pain in the mornings.",
        "consent_accurate": "on",
        "consent_privacy": "on",
        "consent_telehealth": "on",
        "consent_not_emergency": "on",
    }
    data.update(medicine_rows(("Methotrexate", "15 mg", "once a week"), ("ibuprofen", "400 mg", "as needed")))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def with_medicines(data: dict[str, Any], *rows: tuple[str, str, str], extra_blank: int = 1) -> dict[str, Any]:
    """`data` with its medicine rows replaced by exactly `rows` (none at all when empty)."""
    kept = {key: value for key, value in data.items() if not key.startswith("medicines-")}
    return kept | medicine_rows(*rows, extra_blank=extra_blank)


_addresses = itertools.count(1)


def submit_request(
    client: Client | None = None,
    *,
    medicines: list[tuple[str, str, str]] | None = None,
    form: str = "/consultation/",
    **overrides: Any,
) -> ConsultationRequest:
    """A request sent through the public form, as a patient sends it (with exactly `medicines`, if given),
    from the English form or another (`form="/es/consultation/"`).

    Without a client, each comes from its own address (the form is rate limited per address).
    """
    data = valid_form_data(**overrides)
    if medicines is not None:
        data = with_medicines(data, *medicines)
    client = client or Client(REMOTE_ADDR=f"192.0.2.{next(_addresses) % 250 + 1}")
    response = client.post(form, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsultationRequest.objects.get(submission_token=data["submission_token"])


def request_fields(**overrides: Any) -> dict[str, Any]:
    """The least a stored request has: who, where, how to reach them. No medicines, no health answers."""
    fields: dict[str, Any] = {
        "submission_token": uuid.uuid4(),
        "first_name": "Marta",
        "last_name": "Quillfeather",
        "email": "marta@example.com",
        "phone": "+12015550123",
        "state": "CA",
        "contact_method": ConsultationRequest.ContactMethod.EMAIL,
        "contact_time": ConsultationRequest.ContactTime.MORNING,
        "consultation_language": ConsultationRequest.ConsultationLanguage.ENGLISH,
        "interpreter": False,
        "rheumatologist_confirmed": ConsultationRequest.Confirmed.YES,
    }
    fields.update(overrides)
    return fields


def make_request(*, days_ago: float = 0, **overrides: Any) -> ConsultationRequest:
    """A request stored through the ORM, with its first status change, submitted `days_ago` days ago."""
    created_at = timezone.now() - datetime.timedelta(days=days_ago)
    fields = request_fields(
        created_at=created_at, **({"respond_by": urgency.respond_by(created_at)} | overrides)
    )
    consultation = ConsultationRequest.objects.create(**fields)
    StatusChange.objects.create(
        request=consultation, to_status=ConsultationRequest.Status.NEW, changed_at=created_at
    )
    return consultation


def load_reviewed_catalog() -> None:
    """The medicine catalog as a new database holds it (a transactional test flushes it away)."""
    load_catalog(Medicine, MedicineName)
    screening.catalog_changed()
