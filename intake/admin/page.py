"""Everything a request's page shows, in a few queries: answers, medicines with why they were
flagged, the flags with their reasons, notes and history, and the forms for the next moves."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch

from intake import screening, urgency, workflow
from intake.admin import booking, display
from intake.admin.forms import (
    AssessmentForm,
    AssignForm,
    ClearMatchForm,
    DeclineChoiceForm,
    NoteForm,
    ScheduleForm,
)
from intake.models import ConsultationRequest, MedicineMatch, RequestMedicine, StatusChange


def medicine_rows(consultation: ConsultationRequest) -> list[dict]:
    """Each row as the patient wrote it, with every catalog match and the reason it gives."""
    rows = RequestMedicine.objects.filter(request=consultation).prefetch_related(
        Prefetch("matches", queryset=MedicineMatch.objects.select_related("medicine", "cleared_by"))
    )
    result = []
    for row in rows:
        matches = [
            {
                "match": match,
                "class": match.medicine.get_drug_class_display(),
                "raises": screening.CLASS_FLAGS.get(match.medicine.drug_class, ""),
                "reason": screening.match_reason(match),
            }
            for match in row.matches.all()
        ]
        result.append(
            {
                "row": row,
                "matches": matches,
                "raises": any(m["raises"] and not m["match"].is_cleared for m in matches),
            }
        )
    return result


def context(consultation: ConsultationRequest, user: AbstractBaseUser) -> dict:
    medicines = medicine_rows(consultation)
    matches = [item["match"] for row in medicines for item in row["matches"]]
    reasons = screening.flag_reasons(consultation, matches)
    meta = ConsultationRequest._meta
    return {
        **workflow.available(consultation, user),
        "patient_name": display.patient_name(consultation),
        "age": display.age(consultation),
        "waiting": display.waiting(consultation),
        "answer_sections": display.sections(consultation),
        "medicine_rows": medicines,
        "flags": [
            {"field": field, "label": meta.get_field(field).verbose_name, "reasons": reasons[field]}
            for field in ConsultationRequest.FLAG_FIELDS
            if field in reasons
        ],
        "scheduled_for": display.clinic_datetime(consultation.scheduled_at),
        "due": urgency.due(consultation),
        "raised_flags": display.raised_flags(consultation),
        "language_needs": display.language_needs(consultation),
        "consents": list(consultation.consents.all()),
        "timeline": timeline(consultation),
        "assign_form": AssignForm(initial={"assigned_to": consultation.assigned_to_id}),
        "schedule_form": ScheduleForm(),
        "decline_form": DeclineChoiceForm(),
        "assessment_form": AssessmentForm(
            initial={"assessment": consultation.assessment, "note": consultation.assessment_note}
        ),
        "note_form": NoteForm(),
        "clear_match_form": ClearMatchForm(),
        **booking.context(consultation, user),
    }


def timeline(consultation: ConsultationRequest) -> list[dict]:
    """History and notes together, oldest first: what happened, who did it, why, what was said."""
    entries = [
        {
            "at": change.changed_at,
            "kind": change.event,
            "what": (
                f"{change.get_from_status_display() + ' → ' if change.from_status and change.from_status != change.to_status else ''}"
                f"{change.get_to_status_display()}"
                if change.event == StatusChange.Event.STATUS
                else change.get_event_display()
            ),
            "by": str(change.changed_by) if change.changed_by else "The patient or the system",
            "text": change.reason,
        }
        for change in consultation.status_changes.select_related("changed_by")
    ]
    entries += [
        {
            "at": note.created_at,
            "kind": "note",
            "what": "Note",
            "by": str(note.author or "—"),
            "text": note.text,
        }
        for note in consultation.notes.select_related("author")
    ]
    return sorted(entries, key=lambda entry: entry["at"])
