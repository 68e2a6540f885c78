"""The CSV export: the selected requests, without notes or free text, safe to open in a spreadsheet."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest, Note
from tests.staff.factories import CHANGELIST, make_request

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
HEADER = [
    "reference",
    "status",
    "submitted",
    "state",
    "first name",
    "last name",
    "date of birth",
    "email",
    "phone",
    "contact method",
    "contact time",
    "diagnosis year",
    "pain (0-10)",
    "overall (0-10)",
    "morning stiffness (min)",
    "flares (3 months)",
    "flags",
    "assigned to",
    "scheduled at",
]


def export(client: Client, *requests: ConsultationRequest, url: str = CHANGELIST) -> HttpResponse:
    return client.post(
        url, {"action": "export_csv", "_selected_action": [item.pk for item in requests], "index": "0"}
    )


def rows(response: HttpResponse) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(response.content.decode("utf-8")))
    header, *lines = list(reader)
    assert header == HEADER
    return [dict(zip(header, line, strict=True)) for line in lines]


def test_it_sends_a_csv_file_that_is_never_cached(coordinator_client: Client) -> None:
    response = export(coordinator_client, make_request())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="consultation-requests.csv"'
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_it_has_a_header_row_and_one_row_per_selected_request(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    created = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=2)
    first = make_request(
        first_name="Marta",
        last_name="Quillfeather",
        date_of_birth=datetime.date(1970, 3, 25),
        email="marta@example.com",
        phone="+12015550123",
        state="TX",
        diagnosis_year=2012,
        pain_score=6,
        overall_score=5,
        morning_stiffness_minutes=45,
        flares_last_3_months=2,
        flag_opioid=True,
        flag_liver=True,
        assigned_to=coordinator,
        status=Status.IN_REVIEW,
    )
    ConsultationRequest.objects.filter(pk=first.pk).update(created_at=created)
    second = make_request(days_ago=1, first_name="Gia", last_name="Zanetti")
    make_request(first_name="Not", last_name="Selected")

    response = export(coordinator_client, second, first)

    assert rows(response) == [
        {
            "reference": first.reference,
            "status": "In review",
            "submitted": created.isoformat(timespec="minutes"),
            "state": "TX",
            "first name": "Marta",
            "last name": "Quillfeather",
            "date of birth": "1970-03-25",
            "email": "marta@example.com",
            # E.164 starts with "+", which a spreadsheet reads as a formula: it gets the guard too.
            "phone": "+12015550123",
            "contact method": "Email",
            "contact time": "Mornings (8am–12pm)",
            "diagnosis year": "2012",
            "pain (0-10)": "6",
            "overall (0-10)": "5",
            "morning stiffness (min)": "45",
            "flares (3 months)": "2",
            "flags": "Opioid; Liver",
            "assigned to": "casey",
            "scheduled at": "",
        },
        {
            **{column: "" for column in HEADER},
            "reference": second.reference,
            "status": "New",
            "submitted": second.created_at.isoformat(timespec="minutes"),
            "state": "CA",
            "first name": "Gia",
            "last name": "Zanetti",
            "email": "marta@example.com",
            "phone": "+12015550123",
            "contact method": "Email",
            "contact time": "Mornings (8am–12pm)",
        },
    ]


def test_it_exports_a_closed_request_selected_from_all_requests(coordinator_client: Client) -> None:
    completed = make_request(status=Status.COMPLETED)

    response = export(coordinator_client, completed, url=CHANGELIST + "?queue=all")

    assert [row["reference"] for row in rows(response)] == [completed.reference]


def test_it_leaves_out_notes_goals_and_every_free_text_answer(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request(
        goals="GOALS-TEXT walk my dog again",
        opioid_use=True,
        opioid_details="OPIOID-DETAILS tramadol",
        planned_surgery=True,
        planned_surgery_details="SURGERY-DETAILS knee",
        tried_ldn_before=True,
        tried_ldn_details="TRIED-DETAILS 2019",
        assessment_note="ASSESSMENT-NOTE fine",
        decline_message="DECLINE-MESSAGE sorry",
    )
    Note.objects.create(request=consultation, author=coordinator, text="NOTE-TEXT called her")

    text = export(coordinator_client, consultation).content.decode()

    assert consultation.reference in text
    for private in [
        "GOALS",
        "OPIOID-DETAILS",
        "SURGERY",
        "TRIED",
        "ASSESSMENT",
        "DECLINE",
        "NOTE-TEXT",
        "tramadol",
    ]:
        assert private not in text, private


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ('=HYPERLINK("https://evil.example","Click")', '\'=HYPERLINK("https://evil.example","Click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("O'Brien", "O'Brien"),
    ],
)
def test_a_value_that_a_spreadsheet_would_run_is_made_plain_text(
    coordinator_client: Client, typed: str, exported: str
) -> None:
    consultation = make_request(last_name=typed)

    [row] = rows(export(coordinator_client, consultation))

    assert row["last name"] == exported


def test_the_export_makes_as_many_queries_for_thirty_requests_as_for_one(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    """Guards the N+1 on the export: each row's assignee comes with the requests, not one query per row."""
    one = [make_request(assigned_to=coordinator)]
    with CaptureQueriesContext(connection) as single:
        export(coordinator_client, *one)

    many = [make_request(assigned_to=coordinator) for _ in range(30)]
    with CaptureQueriesContext(connection) as thirty:
        assert len(rows(export(coordinator_client, *many))) == 30

    assert len(thirty) == len(single)
