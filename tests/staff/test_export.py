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

from intake.models import ConsultationRequest, Medicine, MedicineMatch, Note, RequestMedicine
from tests.support.patients import make_request
from tests.support.urls import CHANGELIST

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
HEADER = [
    "Reference",
    "Status",
    "Submitted (clinic time)",
    "Form language",
    "State during the consultation",
    "First name",
    "Last name",
    "Date of birth",
    "Email",
    "Phone",
    "Contact by",
    "Best time",
    "Consultation language",
    "Other language",
    "Would like an interpreter",
    "Diagnosed (year)",
    "Confirmed by a rheumatologist",
    "Rheumatologist or prescriber",
    "Practice",
    "Prescriber's phone",
    "Has no rheumatologist or prescriber now",
    "Pain, last week (0 none – 10 worst)",
    "Overall (0 very well – 10 very poorly)",
    "Morning stiffness (minutes)",
    "Flares in the last 3 months",
    "Takes no medicines",
    "Takes or has a prescription for an opioid",
    "Opioid last taken",
    "Surgery or dental work in the next 3 months",
    "Liver disease, hepatitis or a liver blood test",
    "Kidney disease",
    "Pregnancy / breastfeeding",
    "Allergy to naltrexone, naloxone or nalmefene",
    "Thyroid condition",
    "Low-dose naltrexone before",
    "Naltrexone at any dose",
    "Concerns",
    "Medicines [as matched]",
    "Safety flags",
    "Assessment",
    "Assigned to",
    "Scheduled for (clinic time)",
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


def test_it_has_a_header_row_and_one_row_per_selected_request_times_in_clinic_time(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    # 15:30 UTC on 25 November is 10:30 at the clinic (EST).
    created = datetime.datetime(2026, 11, 25, 15, 30, tzinfo=datetime.UTC)
    first = make_request(
        first_name="Marta",
        last_name="Quillfeather",
        date_of_birth=datetime.date(1970, 3, 25),
        email="marta@example.com",
        phone="+12015550123",
        state="TX",
        diagnosis_year=2012,
        prescriber_name="Dr. Imani Okonjo",
        prescriber_practice="Bayview Rheumatology",
        pain_score=6,
        overall_score=5,
        morning_stiffness_minutes=45,
        flares_last_3_months=2,
        opioid_use=True,
        opioid_last_taken=datetime.date(2026, 11, 20),
        liver_disease=False,
        ldn_use="never",
        concerns=["sleep", "joint_pain"],
        flag_opioid=True,
        flag_liver=True,
        assigned_to=coordinator,
        status=Status.IN_REVIEW,
        scheduled_at=datetime.datetime(2026, 12, 10, 19, 0, tzinfo=datetime.UTC),
    )
    ConsultationRequest.objects.filter(pk=first.pk).update(created_at=created)
    row = RequestMedicine.objects.create(request=first, name="Norco", dose="5/325", frequency="as needed")
    MedicineMatch.objects.create(
        row=row,
        medicine=Medicine.objects.get(generic_name="hydrocodone"),
        matched_name="Norco",
        written="norco",
        how="brand",
    )
    second = make_request(first_name="Gia", last_name="Zanetti")
    # Sent a day after the first, whatever today is (the export lists the oldest first).
    ConsultationRequest.objects.filter(pk=second.pk).update(created_at=created + datetime.timedelta(days=1))
    make_request(first_name="Not", last_name="Selected")

    exported = rows(export(coordinator_client, second, first))

    assert exported[0] == {
        **{column: "" for column in HEADER},
        "Reference": first.reference,
        "Status": "In review",
        "Submitted (clinic time)": "2026-11-25T10:30-05:00",
        "Form language": "English",
        "State during the consultation": "Texas",
        "First name": "Marta",
        "Last name": "Quillfeather",
        "Date of birth": "1970-03-25",
        "Email": "marta@example.com",
        # E.164 starts with "+", which a spreadsheet reads as a formula; a plain number is left alone.
        "Phone": "+12015550123",
        "Contact by": "Email",
        "Best time": "Mornings (8am–12pm)",
        "Consultation language": "English",
        "Other language": "",
        "Would like an interpreter": "No",
        "Diagnosed (year)": "2012",
        "Confirmed by a rheumatologist": "Yes",
        "Rheumatologist or prescriber": "Dr. Imani Okonjo",
        "Practice": "Bayview Rheumatology",
        "Has no rheumatologist or prescriber now": "No",
        "Pain, last week (0 none – 10 worst)": "6",
        "Overall (0 very well – 10 very poorly)": "5",
        "Morning stiffness (minutes)": "45",
        "Flares in the last 3 months": "2",
        "Takes no medicines": "No",
        "Takes or has a prescription for an opioid": "Yes",
        "Opioid last taken": "2026-11-20",
        "Liver disease, hepatitis or a liver blood test": "No",
        "Low-dose naltrexone before": "No",
        "Concerns": "Sleep, Joint pain",
        "Medicines [as matched]": "Norco 5/325 as needed [hydrocodone]",
        "Safety flags": "Opioid; Liver",
        "Assigned to": "casey",
        "Scheduled for (clinic time)": "2026-12-10T14:00-05:00",
    }
    assert [line["Reference"] for line in exported] == [first.reference, second.reference]
    assert exported[1]["First name"] == "Gia"


def test_it_exports_a_closed_request_selected_from_all_requests(coordinator_client: Client) -> None:
    completed = make_request(status=Status.COMPLETED)

    response = export(coordinator_client, completed, url=CHANGELIST + "?queue=all")

    assert [row["Reference"] for row in rows(response)] == [completed.reference]


def test_it_leaves_out_notes_goals_and_every_free_text_answer(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request(
        goals="GOALS-TEXT walk my dog again",
        opioid_use=True,
        opioid_details="OPIOID-DETAILS tramadol",
        planned_surgery=True,
        planned_surgery_details="SURGERY-DETAILS knee",
        ldn_use="past",
        ldn_details="TRIED-DETAILS 2019",
        other_allergies="ALLERGY-DETAILS penicillin",
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
        "ALLERGY-DETAILS",
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

    assert row["Last name"] == exported


def test_the_export_makes_as_many_queries_for_thirty_requests_as_for_one(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    """Guards the N+1 on the export: assignees, medicine rows and their matches come with the requests."""
    hydrocodone = Medicine.objects.get(generic_name="hydrocodone")

    def with_a_medicine() -> ConsultationRequest:
        consultation = make_request(assigned_to=coordinator)
        row = RequestMedicine.objects.create(request=consultation, name="Norco")
        MedicineMatch.objects.create(
            row=row, medicine=hydrocodone, matched_name="Norco", written="norco", how="brand"
        )
        return consultation

    one = [with_a_medicine()]
    export(coordinator_client, *one)  # warm: the queue keeps the states it has seen (filters.states_used)
    with CaptureQueriesContext(connection) as single:
        export(coordinator_client, *one)

    many = [with_a_medicine() for _ in range(30)]
    with CaptureQueriesContext(connection) as thirty:
        assert len(rows(export(coordinator_client, *many))) == 30

    assert len(thirty) == len(single)
