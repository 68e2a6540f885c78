"""How staff read a request: answers in consistent words, flags, waiting time, clinic time."""

import datetime

from django.db import models
from django.utils import dateformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from intake import answers, screening, urgency
from intake.models import ConsultationRequest
from welltopia import clinic_time

EMPTY = "—"
META = ConsultationRequest._meta


def clinic_datetime(moment: datetime.datetime | None, *, short: bool = False) -> str:
    """'Tuesday, December 8, 2026, 2:30 PM (EST, clinic time)', or 'Tue Dec 8, 2:30 PM EST'."""
    if moment is None:
        return EMPTY
    local = clinic_time.local(moment)
    if short:
        return f"{dateformat.format(local, 'D M j, g:i A')} {local.tzname()}"
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


# Opioids and opioid blockers first and strongest: they are what can harm a patient on LDN.
STRONGEST_FLAGS = {"flag_opioid", "flag_opioid_blocker"}


def raised_flags(consultation: ConsultationRequest) -> list[dict[str, str]]:
    return [
        {
            "field": field,
            "label": str(META.get_field(field).verbose_name),
            "strength": "strong" if field in STRONGEST_FLAGS else "medium",
        }
        for field in ConsultationRequest.FLAG_FIELDS
        if getattr(consultation, field)
    ]


def flag_badges(consultation: ConsultationRequest) -> SafeString:
    raised = raised_flags(consultation)
    if not raised:
        return format_html('<span class="wt-noflags">{}</span>', "none")
    return format_html_join(
        " ",
        '<span class="wt-flag wt-flag-{} wt-flag-{}">{}</span>',
        ((flag["strength"], flag["field"].removeprefix("flag_"), flag["label"]) for flag in raised),
    )


def label(choices: type, value: str) -> str:
    """A choice's label (e.g. a status), or "" for none. Cheaper than get_FOO_display(), which
    rebuilds the field's whole choices mapping on every call: the queue asks 100 times a page."""
    return str(choices(value).label) if value else ""


def status_badge(consultation: ConsultationRequest) -> SafeString:
    return format_html(
        '<span class="wt-status wt-status-{}">{}</span>',
        consultation.status,
        label(ConsultationRequest.Status, consultation.status),
    )


def due_badge(consultation: ConsultationRequest) -> SafeString:
    due = urgency.due(consultation)
    if due is None:
        return format_html('<span class="wt-due-none">{}</span>', EMPTY)
    text, overdue = due
    if overdue:
        return format_html(
            '<strong class="wt-overdue">{} {}</strong>', "Overdue", text.removeprefix("overdue ")
        )
    return format_html('<span class="wt-due">{}</span>', text.capitalize())


def language_needs(consultation: ConsultationRequest) -> list[str]:
    """What staff must arrange for the patient's language: "Prefers Spanish", "Interpreter (Tagalog)"."""
    needs = []
    if consultation.prefers_spanish:
        needs.append("Prefers Spanish")
    if consultation.consultation_language == ConsultationRequest.ConsultationLanguage.OTHER:
        other = consultation.consultation_language_other or "another language"
        needs.append(f"Interpreter ({other})" if consultation.interpreter else f"Consultation in {other}")
    elif consultation.interpreter:
        needs.append("Interpreter")
    return needs


def language_badges(consultation: ConsultationRequest) -> SafeString:
    needs = language_needs(consultation)
    if not needs:
        return format_html('<span class="wt-noflags">{}</span>', "English")
    return format_html_join(" ", '<span class="wt-language">{}</span>', ((need,) for need in needs))


def card(consultation: ConsultationRequest, *, change_url: str) -> SafeString:
    """A request as a phone shows it in the queue: who, which, status, flags, due, assignee."""
    due = urgency.due(consultation)
    return format_html(
        '<div class="wt-card"><a class="wt-card-title" href="{}">{}</a> <span class="wt-card-ref">{}</span>'
        '<div class="wt-card-line">{} {}</div><div class="wt-card-line">{}</div>'
        '<div class="wt-card-line">{}</div>{}</div>',
        change_url,
        patient_name(consultation),
        consultation.reference,
        status_badge(consultation),
        due_badge(consultation) if due else "",
        flag_badges(consultation),
        f"Assigned to {consultation.assigned_to}" if consultation.assigned_to_id else "Unassigned",
        format_html('<div class="wt-card-line">{}</div>', language_badges(consultation))
        if language_needs(consultation)
        else "",
    )


def waiting(consultation: ConsultationRequest) -> str:
    return urgency.waiting(consultation) or EMPTY


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
