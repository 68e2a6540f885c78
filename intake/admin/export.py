"""The CSV export: one list of (header, value) columns. Answers come from intake/answers.py.

The patient's free text (details, goals) is never exported; times are in the clinic's zone.
"""

import csv
import datetime
import re
from collections.abc import Callable, Iterable

from django.http import HttpResponse

from intake import answers
from intake.admin.display import EMPTY, answer_text
from intake.models import ConsultationRequest
from welltopia import clinic_time

Column = tuple[str, Callable[[ConsultationRequest], object]]


def _clinic_minutes(moment) -> str:
    return clinic_time.local(moment).isoformat(timespec="minutes") if moment else ""


def _medicines(consultation: ConsultationRequest) -> str:
    rows = []
    for row in consultation.medicines.all():
        found = ", ".join(match.medicine.generic_name for match in row.matches.all() if not match.is_cleared)
        written = " ".join(part for part in (row.name, row.dose, row.frequency) if part)
        rows.append(f"{written} [{found}]" if found else written)
    return "; ".join(rows)


def _answer(consultation: ConsultationRequest, name: str) -> str:
    """As staff read it, but dates as a spreadsheet reads them (1970-03-25) and nothing for no answer."""
    value = getattr(consultation, name)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = answer_text(consultation, name)
    return "" if text == EMPTY else text


def _answer_columns() -> list[Column]:
    return [
        (question.staff_label, lambda obj, name=question.name: _answer(obj, name))
        for section in answers.SECTIONS
        for question in section.questions
        if not question.free_text
    ]


COLUMNS: list[Column] = [
    ("Reference", lambda obj: obj.reference),
    ("Status", lambda obj: obj.get_status_display()),
    ("Submitted (clinic time)", lambda obj: _clinic_minutes(obj.created_at)),
    ("Form language", lambda obj: obj.get_language_display()),
    *_answer_columns(),
    ("Medicines [as matched]", _medicines),
    ("Safety flags", lambda obj: "; ".join(obj.flags)),
    ("Assessment", lambda obj: obj.get_assessment_display()),
    ("Assigned to", lambda obj: str(obj.assigned_to or "")),
    ("Scheduled for (clinic time)", lambda obj: _clinic_minutes(obj.scheduled_at)),
]

PLAIN_NUMBER = re.compile(r"\+?\d+")


def csv_safe(value: object) -> object:
    """Stop a spreadsheet from running what a patient typed as a formula.

    A plain number such as a phone number in E.164 form (+12015550123) is left as it is.
    """
    if (
        isinstance(value, str)
        and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return "" if value is None else value


def csv_response(requests: Iterable[ConsultationRequest]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="consultation-requests.csv"'
    response["Cache-Control"] = "no-store, private"
    writer = csv.writer(response)
    writer.writerow(header for header, _value in COLUMNS)
    for obj in requests:
        writer.writerow(csv_safe(value(obj)) for _header, value in COLUMNS)
    return response
