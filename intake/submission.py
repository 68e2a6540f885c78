"""Saving a consultation request: one transaction for the request, its medicines and consents."""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from intake import notifications, screening, urgency
from intake.forms import ConsultationForm
from intake.medicine_forms import BaseMedicineFormSet
from intake.models import (
    Consent,
    ConsultationRequest,
    MedicineMatch,
    RequestMedicine,
    StatusChange,
    new_reference,
)
from welltopia import languages


class DuplicateSubmission(Exception):
    """The form's one-time token was used already: the request exists."""

    def __init__(self, existing: ConsultationRequest) -> None:
        super().__init__(existing.reference)
        self.existing = existing


def submit_request(form: ConsultationForm, formset: BaseMedicineFormSet) -> ConsultationRequest:
    """Store the request with its medicine rows, consents and first status, all or nothing.

    Raises DuplicateSubmission when the same form was submitted before (a double click, a
    refresh, or two posts racing): the unique token decides, even across processes.
    """
    token = form.cleaned_data["submission_token"]
    existing = ConsultationRequest.objects.filter(submission_token=token).first()
    if existing is not None:
        raise DuplicateSubmission(existing)
    catalog = screening.current_catalog()
    rows = formset.filled_forms()
    # What each row names, decided once; the flags come from these and the answers.
    findings = [catalog.find(row.cleaned_data["name"]) for row in rows]
    try:
        with transaction.atomic():
            consultation = form.save(commit=False)
            consultation.submission_token = token
            consultation.reference = new_reference()
            consultation.respond_by = urgency.respond_by(consultation.created_at)
            # The form's language (the Spanish side's pages are served in Spanish): its emails and
            # status page keep to it.
            consultation.language = languages.normalize(translation.get_language())
            screening.set_flags(consultation, [found for row in findings for found in row])
            consultation.save()
            now = timezone.now()
            medicines = RequestMedicine.objects.bulk_create(
                RequestMedicine(
                    request=consultation,
                    name=row.cleaned_data["name"].strip(),
                    dose=row.cleaned_data.get("dose", "").strip(),
                    frequency=row.cleaned_data.get("frequency", "").strip(),
                    position=position,
                )
                for position, row in enumerate(rows)
            )
            MedicineMatch.objects.bulk_create(
                MedicineMatch(
                    row=medicine,
                    medicine_id=found.medicine_id,
                    matched_name=found.matched_name,
                    written=found.written,
                    how=found.how,
                )
                for medicine, row_findings in zip(medicines, findings, strict=True)
                for found in row_findings
            )
            Consent.objects.bulk_create(
                Consent(request=consultation, kind=kind, given_at=now) for kind in form.consent_kinds()
            )
            StatusChange.objects.create(
                request=consultation, to_status=ConsultationRequest.Status.NEW, changed_at=now
            )
            notifications.queue("patient_confirmation", consultation)
            notifications.queue("staff_new_request", consultation)
    except IntegrityError:
        existing = ConsultationRequest.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None
    return consultation
