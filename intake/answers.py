"""The one list of a patient's answers: the form's sections, what staff read, export and erase.

Every field of a consultation request is classified here by what it holds. The form page, the
staff request page, the CSV export and the retention purge all read this module, so a new
question is added once and appears (or is erased) everywhere; a test fails when a model field
is not classified.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    IDENTITY = "identity"  # who the patient is
    CONTACT = "contact"  # how and where to reach them
    HEALTH = "health"  # what they told us about their health, medicines and hopes
    CLINICAL = "clinical"  # what the screening and staff concluded about them
    OPERATIONAL = "operational"  # the request's own life: reference, status, dates, who worked it


# Erased by the retention purge (and on the patient's request); the rest is kept, as the
# privacy notice says: the reference and a record of what happened, without name or health.
ERASED_KINDS = frozenset({Kind.IDENTITY, Kind.CONTACT, Kind.HEALTH, Kind.CLINICAL})


@dataclass(frozen=True)
class Question:
    name: str
    staff_label: str
    half_width: bool = False  # shown beside its neighbour on a wide screen
    free_text: bool = False  # the patient's own words: never in the CSV export
    include_after: str = ""  # a template shown right after the question on the form


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # what the patient reads, in the form's language
    staff_title: str
    questions: tuple[Question, ...]

    @property
    def names(self) -> list[str]:
        return [question.name for question in self.questions]


SECTIONS: tuple[Section, ...] = (
    Section(
        "about",
        _("About you"),
        "About the patient",
        (
            Question(
                "state",
                "State during the consultation",
                include_after="intake/includes/_state_not_served.html",
            ),
            Question("first_name", "First name", half_width=True),
            Question("last_name", "Last name", half_width=True),
            Question("date_of_birth", "Date of birth"),
            Question("email", "Email", half_width=True),
            Question("phone", "Phone", half_width=True),
            Question("contact_method", "Contact by"),
            Question("contact_time", "Best time"),
            Question("consultation_language", "Consultation language"),
            Question("consultation_language_other", "Other language"),
            Question("interpreter", "Would like an interpreter"),
        ),
    ),
    Section(
        "ra",
        _("Your rheumatoid arthritis"),
        "Their RA",
        (
            Question("diagnosis_year", "Diagnosed (year)"),
            Question("rheumatologist_confirmed", "Confirmed by a rheumatologist"),
            Question("prescriber_name", "Rheumatologist or prescriber", half_width=True),
            Question("prescriber_practice", "Practice", half_width=True),
            Question("prescriber_phone", "Prescriber's phone"),
            Question("no_prescriber", "Has no rheumatologist or prescriber now"),
            Question("pain_score", "Pain, last week (0 none – 10 worst)"),
            Question("overall_score", "Overall (0 very well – 10 very poorly)"),
            Question("morning_stiffness_minutes", "Morning stiffness (minutes)"),
            Question("flares_last_3_months", "Flares in the last 3 months"),
        ),
    ),
    Section(
        "medicines",
        _("Your medicines"),
        "Medicines",
        (Question("takes_no_medicines", "Takes no medicines"),),
    ),
    Section(
        "safety",
        _("Safety questions"),
        "Safety",
        (
            Question("opioid_use", "Takes or has a prescription for an opioid"),
            Question("opioid_details", "Which opioid", free_text=True),
            Question("opioid_last_taken", "Opioid last taken"),
            Question("planned_surgery", "Surgery or dental work in the next 3 months"),
            Question("planned_surgery_details", "What and when", free_text=True),
            Question("liver_disease", "Liver disease, hepatitis or a liver blood test"),
            Question("kidney_disease", "Kidney disease"),
            Question("pregnancy", "Pregnancy / breastfeeding"),
            Question("naltrexone_allergy", "Allergy to naltrexone, naloxone or nalmefene"),
            Question("other_allergies", "Other medicine allergies", free_text=True),
            Question("thyroid_condition", "Thyroid condition"),
            Question("ldn_use", "Low-dose naltrexone before"),
            Question("ldn_details", "How LDN went", free_text=True),
            Question("naltrexone_use", "Naltrexone at any dose"),
        ),
    ),
    Section(
        "goals",
        _("Your concerns and goals"),
        "Concerns and goals",
        (
            Question("concerns", "Concerns"),
            Question("goals", "Goals, in their words", free_text=True),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {
    question.name: question for section in SECTIONS for question in section.questions
}

# Fields of a request that are not questions on the form.
OTHER_FIELDS: dict[str, Kind] = {
    "id": Kind.OPERATIONAL,
    "reference": Kind.OPERATIONAL,
    "submission_token": Kind.OPERATIONAL,
    "status": Kind.OPERATIONAL,
    "created_at": Kind.OPERATIONAL,
    "updated_at": Kind.OPERATIONAL,
    "respond_by": Kind.OPERATIONAL,
    # The language of the form it came from: which language its emails and status page use.
    "language": Kind.OPERATIONAL,
    "flag_opioid": Kind.CLINICAL,
    "flag_opioid_blocker": Kind.CLINICAL,
    "flag_liver": Kind.CLINICAL,
    "flag_kidney": Kind.CLINICAL,
    "flag_pregnancy": Kind.CLINICAL,
    "flag_allergy": Kind.CLINICAL,
    "flag_surgery": Kind.CLINICAL,
    "assigned_to": Kind.OPERATIONAL,
    "scheduled_at": Kind.OPERATIONAL,
    "consultation_type": Kind.OPERATIONAL,
    "schedule_sequence": Kind.OPERATIONAL,
    "decline_message": Kind.CLINICAL,
    "assessment": Kind.CLINICAL,
    "assessment_note": Kind.CLINICAL,
    "assessed_by": Kind.OPERATIONAL,
    "assessed_at": Kind.OPERATIONAL,
    "withdrawn_at": Kind.OPERATIONAL,
    "deletion_requested": Kind.OPERATIONAL,
    "closed_at": Kind.OPERATIONAL,
    "personal_data_erased_at": Kind.OPERATIONAL,
}

_QUESTION_KINDS: dict[str, Kind] = {
    **dict.fromkeys(["first_name", "last_name", "date_of_birth"], Kind.IDENTITY),
    **dict.fromkeys(
        [
            "email",
            "phone",
            "state",
            "contact_method",
            "contact_time",
            "consultation_language",
            "consultation_language_other",
            "interpreter",
        ],
        Kind.CONTACT,
    ),
}

FIELD_KINDS: dict[str, Kind] = {
    **{name: _QUESTION_KINDS.get(name, Kind.HEALTH) for name in QUESTIONS},
    **OTHER_FIELDS,
}


def erased_field_names() -> list[str]:
    return [name for name, kind in FIELD_KINDS.items() if kind in ERASED_KINDS]
