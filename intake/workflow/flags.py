"""Operations on what the screening found: clearing a possible match, re-screening after the catalog changed."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from intake import screening
from intake.models import ConsultationRequest, MedicineMatch
from intake.workflow.record import in_one_transaction, record_access, record_history
from intake.workflow.rules import OPEN, Event, check_clear_match, require


@in_one_transaction
def clear_possible_match(match: MedicineMatch, *, note: str, by: AbstractBaseUser) -> str:
    """Staff checked a possible misspelling with the patient: it no longer raises its flag."""
    require(check_clear_match(match, by, note))
    consultation = match.row.request
    now = timezone.now()
    cleared = MedicineMatch.objects.filter(pk=match.pk, cleared_at__isnull=True).update(
        cleared_at=now, cleared_by=by, clear_note=note.strip()
    )
    require(None if cleared else "This possible match was already cleared.")
    match.cleared_at, match.cleared_by, match.clear_note = now, by, note.strip()
    refresh_flags(consultation)
    record_history(
        consultation,
        by=by,
        event=Event.FLAG_CLEARED,
        reason=f"'{match.written}' is not {match.medicine.generic_name}: {note.strip()}",
    )
    # The access log is kept for ever: it names what was done, never a health detail.
    record_access(by, consultation, "Cleared a possible medicine match")
    return f"Cleared: '{match.written}' is no longer read as {match.medicine.generic_name}."


def refresh_flags(consultation: ConsultationRequest) -> dict[str, list[str]]:
    matches = MedicineMatch.objects.filter(row__request=consultation).select_related("medicine")
    before = {field: getattr(consultation, field) for field in ConsultationRequest.FLAG_FIELDS}
    reasons = screening.set_flags(consultation, matches)
    after = {field: getattr(consultation, field) for field in ConsultationRequest.FLAG_FIELDS}
    if after != before:
        ConsultationRequest.objects.filter(pk=consultation.pk).update(**after)
    return reasons


@in_one_transaction
def rescreen(consultation: ConsultationRequest, catalog: "screening.Catalog") -> list[str]:
    """Match every row again with the current catalog; record each newly raised flag and why.

    A possible match staff cleared stays cleared: a flag is never silently raised again.
    """
    existing = {
        (match.row_id, match.medicine_id): match
        for match in MedicineMatch.objects.filter(row__request=consultation).select_related("medicine")
    }
    before = {field for field in ConsultationRequest.FLAG_FIELDS if getattr(consultation, field)}
    seen = set()
    for row in consultation.medicines.all():
        for found in catalog.find(row.name):
            key = (row.pk, found.medicine_id)
            seen.add(key)
            match = existing.get(key)
            if match is None:
                MedicineMatch.objects.create(
                    row=row,
                    medicine_id=found.medicine_id,
                    matched_name=found.matched_name,
                    written=found.written,
                    how=found.how,
                )
            elif (match.how, match.matched_name, match.written) != (
                found.how,
                found.matched_name,
                found.written,
            ):
                MedicineMatch.objects.filter(pk=match.pk).update(
                    how=found.how, matched_name=found.matched_name, written=found.written
                )
    MedicineMatch.objects.filter(pk__in=[m.pk for key, m in existing.items() if key not in seen]).delete()
    reasons = refresh_flags(consultation)
    raised = [field for field in ConsultationRequest.FLAG_FIELDS if field in reasons and field not in before]
    notes = []
    for field in raised:
        label = ConsultationRequest._meta.get_field(field).verbose_name
        note = f"{label} flag raised on re-screening: {'; '.join(reasons[field])}"
        record_history(consultation, by=None, event=Event.FLAG_RAISED, reason=note[:2000])
        notes.append(note)
    return notes


def rescreen_open_requests() -> tuple[int, list[str]]:
    """Re-screen every open request with the current catalog (after the catalog changed).

    Returns how many were screened and the reference of each newly raised flag.
    """
    catalog = screening.current_catalog()
    raised: list[str] = []
    count = 0
    for consultation in ConsultationRequest.objects.filter(status__in=OPEN).prefetch_related("medicines"):
        count += 1
        raised.extend(consultation.reference for _note in rescreen(consultation, catalog))
    return count, raised
