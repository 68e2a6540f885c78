"""What a patient types stays on the pages and in the database: never in logs, URLs, titles, subjects or error reports.

Marker values are sent through the public form and handled by staff in the admin; then every
log record, redirect, page title and email subject of the journey is searched for them.
(The admin's search puts its term in the URL by design, so the journey does not search.)
"""

import logging
import re

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils.log import AdminEmailHandler
from pytest_django import Settings

from intake.models import ConsultationRequest, Note
from tests.security.failing_urls import FAILURE
from tests.support.logs import leaked, logged_text
from tests.support.patients import valid_form_data, with_medicines
from tests.support.staff import login_verified, make_staff
from tests.support.urls import CHANGELIST, change_url, work_url

pytestmark = pytest.mark.django_db

ANSWERS = {
    "first_name": "Qx7Firstname",
    "last_name": "Qx7Lastname",
    "email": "qx7.patient@example.com",
    "phone": "(201) 555-0147",
    "opioid_use": "yes",
    "opioid_details": "Qx7Opioid tramadol at night",
    "opioid_last_taken": "2026-10-01",
    "prescriber_name": "Dr. Qx7Prescriber",
    "other_allergies": "Qx7Allergy penicillin",
    "goals": "Qx7Goal: garden again",
}
MEDICINE = ("Qx7Medicine", "Qx7Dose", "daily")
NOTE = "Qx7Note: she prefers a morning call"
MARKERS = ["qx7", "555-0147", "5550147"]


def patient_answers(**overrides: object) -> dict:
    return with_medicines(valid_form_data(**(ANSWERS | overrides)), MEDICINE)


def title(response: HttpResponse) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    return found.group(1) if found else ""


def what_leaves_the_page(responses: list[HttpResponse]) -> list[str]:
    """Where a value would travel beyond the page: redirect targets (history, Referer, proxies) and titles."""
    texts = []
    for response in responses:
        texts.append(response.get("Location", ""))
        if response.get("Content-Type", "").startswith("text/html"):
            texts.append(title(response))
    return texts


def test_a_patients_journey_leaves_no_answer_in_logs_urls_titles_or_subjects(
    caplog: pytest.LogCaptureFixture, mailoutbox: list, django_capture_on_commit_callbacks
) -> None:
    caplog.set_level(logging.DEBUG)
    patient = Client()
    responses = []

    with django_capture_on_commit_callbacks(execute=True):
        responses.append(patient.post("/consultation/", patient_answers(consent_privacy=None)))
        responses.append(patient.post("/consultation/", patient_answers(email="qx7.patient@")))
        responses.append(patient.post("/consultation/", patient_answers()))
        responses.append(patient.get(responses[-1]["Location"]))

        consultation = ConsultationRequest.objects.get()
        staff = login_verified(Client(), make_staff("alex", superuser=True))
        responses.append(staff.get(CHANGELIST))
        responses.append(staff.get(change_url(consultation)))
        responses.append(staff.post(work_url(consultation, "note"), {"text": NOTE}))
        responses.append(staff.get(responses[-1]["Location"]))

    assert [response.status_code for response in responses] == [200, 200, 302, 200, 200, 200, 302, 200]
    assert consultation.first_name == "Qx7Firstname"
    assert Note.objects.get().text == NOTE
    assert len(mailoutbox) == 2
    assert leaked(MARKERS, logged_text(caplog)) == []
    assert leaked(MARKERS, what_leaves_the_page(responses)) == []
    assert leaked(MARKERS, [message.subject for message in mailoutbox]) == []
    staff_email = next(message for message in mailoutbox if message.to == ["intake@welltopia.example"])
    assert leaked(MARKERS, [staff_email.body]) == []


# --------------------------------------------------------------------------- a server error


@pytest.fixture
def error_reports_to_ops(settings: Settings) -> None:
    # Django 6 takes plain addresses here (name/address pairs are deprecated).
    settings.ADMINS = ["ops@example.com"]
    handlers = logging.getLogger("django.request").handlers
    assert any(isinstance(handler, AdminEmailHandler) for handler in handlers), "mail_admins is not attached"


@pytest.fixture
def failed_response(error_reports_to_ops: None) -> HttpResponse:
    """A view fails while holding the patient's answers, their search in the URL, and a Referer with a name."""
    client = Client(raise_request_exception=False)
    client.cookies["preferences"] = "qx7-cookie-value"
    return client.post(
        "/consultation/fail/?q=Qx7Lastname&email=qx7.patient%40example.com",
        patient_answers(),
        headers={"Referer": "https://testserver/admin/intake/consultationrequest/?q=Qx7Firstname"},
    )


@pytest.mark.urls("tests.security.failing_urls")
def test_a_server_error_shows_the_branded_page_without_a_traceback_or_answers(
    failed_response: HttpResponse,
) -> None:
    content = failed_response.content.decode()

    assert failed_response.status_code == 500
    assert title(failed_response) == "Something went wrong · Welltopia"
    assert "Sorry, something went wrong on our side" in content
    for leak in ("Traceback", "RuntimeError", FAILURE):
        assert leak not in content
    assert leaked(MARKERS, [content]) == []


@pytest.mark.urls("tests.security.failing_urls")
def test_the_error_report_emailed_to_admins_carries_no_request_data_or_local_variables(
    failed_response: HttpResponse,
) -> None:
    assert mail.outbox, "no error report was sent"
    for report in mail.outbox:
        everything = [
            report.subject,
            report.body,
            *map(str, report.alternatives),
            *map(str, report.attachments),
        ]
        assert report.to == ["ops@example.com"]
        assert report.subject.endswith("Internal Server Error: /consultation/fail/")
        assert f"RuntimeError at /consultation/fail/\n{FAILURE}" in report.body
        for masked in ("first_name", "QUERY_STRING", "HTTP_REFERER", "REMOTE_ADDR", "preferences"):
            assert f"\n{masked} = '********************'" in report.body, masked
        assert leaked(MARKERS, everything) == []


@pytest.fixture
def html_reports_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if someone switched on the HTML report (which shows every frame's local variables)."""
    for handler in logging.getLogger("django.request").handlers:
        if isinstance(handler, AdminEmailHandler):
            monkeypatch.setattr(handler, "include_html", True)


@pytest.mark.urls("tests.security.failing_urls")
def test_an_html_error_report_names_local_variables_without_their_values(
    html_reports_too: None, failed_response: HttpResponse
) -> None:
    (html,) = [alternative.content for report in mail.outbox for alternative in report.alternatives]

    assert "fail_holding_answers" in html
    assert "<td>answers</td>" in html
    assert leaked(MARKERS, [html]) == []


@pytest.mark.urls("tests.security.failing_urls")
def test_one_error_sends_one_report(failed_response: HttpResponse) -> None:
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------- caches


def cache_control(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_pages_with_patient_data_are_never_stored_by_a_browser_or_proxy(client: Client) -> None:
    form = client.get("/consultation/")
    status_page = client.get(client.post("/consultation/", patient_answers())["Location"])
    consultation = ConsultationRequest.objects.get()
    staff = login_verified(Client(), make_staff("alex", superuser=True))
    pages = {
        "intake form": form,
        "status page": status_page,
        "admin changelist": staff.get(CHANGELIST),
        "admin change view": staff.get(change_url(consultation)),
    }

    for name, response in pages.items():
        assert response.status_code == 200, name
        assert {"no-store", "private"} <= cache_control(response), name
