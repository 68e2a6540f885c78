"""Valid form data for the consultation form, to vary one answer at a time in tests."""

import uuid
from typing import Any


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
        "diagnosis_year": "2012",
        "rheumatologist_confirmed": "yes",
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
        "tried_ldn_before": "no",
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
