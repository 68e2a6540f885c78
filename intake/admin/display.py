"""How staff read a request: answers in consistent words, flags, waiting time, clinic time."""

import datetime

from django.db import models
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from intake import answers, screening
from intake.models import ConsultationRequest
from welltopia import clinic_time

EMPTY = "—"
META = ConsultationRequest._meta


def clinic_datetime(moment: datetime.datetime | None) -> str:
    """'Tuesday, December 8, 2026, 2:30 PM (EST, clinic time)'."""
    if moment is None:
        return EMPTY
    local = clinic_time.local(moment)
    return f"{dateformat.format(local, 'l, F j, Y, g:i A')} ({local.tzname()}, clinic time)"


def answer_text(consultation: ConsultationRequest, name: str) -> str:
    """One answer as staff read it: Yes / No for every yes-or-no question, labels for choices."""
    field = META.get_field(name)
    value = getattr(consultation, name)
    if value is None or value == "" or value == []:
        return EMPTY
    if name == "concerns":
        labels = dict(ConsultationRequest.Concern.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if field.choices:
        return str(getattr(consultation, f"get_{name}_display")())
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateField):
        return dateformat.format(value, "F j, Y")
    return str(value)


def flag_badges(consultation: ConsultationRequest) -> SafeString:
    raised = [field for field in ConsultationRequest.FLAG_FIELDS if getattr(consultation, field)]
    if not raised:
        return format_html('<span class="wt-noflags">{}</span>', "none")
    return format_html_join(
        " ",
        '<span class="wt-flag wt-flag-{}">{}</span>',
        ((field.removeprefix("flag_"), META.get_field(field).verbose_name) for field in raised),
    )


def waiting(consultation: ConsultationRequest) -> str:
    end = consultation.closed_at or timezone.now()
    return timesince(consultation.created_at, end, depth=1)


def patient_name(consultation: ConsultationRequest) -> str:
    return f"{consultation.first_name} {consultation.last_name}".strip() or "(erased)"


def age(consultation: ConsultationRequest) -> str:
    return str(clinic_time.age(consultation.date_of_birth)) if consultation.date_of_birth else EMPTY


def sections(consultation: ConsultationRequest) -> list[dict]:
    """The answers in the form's sections, each with its staff label, text and whether it raised a flag."""
    flagged = screening.raising_answers(consultation)
    return [
        {
            "key": section.key,
            "title": section.staff_title,
            "answers": [
                {
                    "name": question.name,
                    "label": question.staff_label,
                    "text": answer_text(consultation, question.name),
                    "flagged": question.name in flagged,
                }
                for question in section.questions
            ],
        }
        for section in answers.SECTIONS
    ]
