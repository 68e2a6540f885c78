"""What a patient types stays out of logs, URLs, titles, subjects, error reports, caches and search engines."""

import logging

import pytest
from django.test import Client, RequestFactory
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from intake import submission, views
from intake.models import ConsultationRequest
from tests.support.html import read
from tests.support.patients import valid_form_data, with_medicines

pytestmark = pytest.mark.django_db

MARKERS = {
    "first_name": "Zq9MarkerFirst",
    "last_name": "Zq9MarkerLast",
    "email": "zq9marker@example.com",
    "goals": "Zq9MarkerGoal",
    "opioid_details": "Zq9MarkerOpioid",
}
MEDICINE = "Zq9MarkerMed"


def marked_form_data(**overrides: object) -> dict:
    data = valid_form_data(**(MARKERS | {"opioid_use": "yes", "opioid_last_taken": "2026-10-01"} | overrides))
    return with_medicines(data, (MEDICINE, "Zq9MarkerDose", "daily"))


def assert_unmarked(text: str) -> None:
    assert "zq9marker" not in text.lower()


def logged_text(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{record.getMessage()} {record.msg!r} {record.args!r}" for record in caplog.records]


# --------------------------------------------------------------------------- logs, URLs, titles, subjects


def test_a_sent_request_leaves_no_typed_value_in_logs_urls_titles_or_subjects(
    client: Client,
    caplog: pytest.LogCaptureFixture,
    mailoutbox: list,
    django_capture_on_commit_callbacks,
) -> None:
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consultation/", marked_form_data(), follow=True)

    assert ConsultationRequest.objects.get().first_name == "Zq9MarkerFirst"
    assert caplog.records, "the request should have logged something (the email tasks at least)"
    for text in logged_text(caplog):
        assert_unmarked(text)
    for url, _status in response.redirect_chain:
        assert_unmarked(url)
    assert_unmarked(read(response).title)
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert_unmarked(message.subject)


def test_a_refused_request_leaves_no_typed_value_in_logs_or_the_title(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    response = client.post("/consultation/", marked_form_data(consent_privacy=None, pain_score="11"))

    assert response.status_code == 200
    assert "Zq9MarkerFirst" in response.content.decode(), "the typed values come back in the form"
    for text in logged_text(caplog):
        assert_unmarked(text)
    assert_unmarked(read(response).title)


def test_the_status_page_leaves_no_typed_value_in_logs_or_the_page(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    client.post("/consultation/", marked_form_data())
    consultation = ConsultationRequest.objects.get()
    caplog.set_level(logging.DEBUG)

    response = client.get(consultation.get_status_url())

    assert response.status_code == 200
    for text in logged_text(caplog):
        assert_unmarked(text)
    assert_unmarked(response.content.decode())


# --------------------------------------------------------------------------- error reports


def test_the_form_view_marks_every_posted_value_as_sensitive(rf: RequestFactory) -> None:
    request = rf.post("/consultation/", marked_form_data(first_name=""))

    views.request_consultation(request)

    assert request.sensitive_post_parameters == "__ALL__"
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert set(cleansed.values()) == {SafeExceptionReporterFilter.cleansed_substitute}


def test_a_crash_while_saving_reports_no_typed_value(
    client: Client, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error email to ADMINS carries the POST data and each frame's local variables."""

    def database_gone() -> str:
        raise RuntimeError("database gone")

    monkeypatch.setattr(submission, "new_reference", database_gone)
    client.raise_request_exception = False

    response = client.post("/consultation/", marked_form_data())

    assert response.status_code == 500
    [record] = [record for record in caplog.records if record.name == "django.request"]
    report = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    assert report.get_traceback_text().startswith("RuntimeError at /consultation/\ndatabase gone\n")
    assert "submission.py" in report.get_traceback_html()
    assert_unmarked(report.get_traceback_text())
    assert_unmarked(report.get_traceback_html())


# --------------------------------------------------------------------------- caches and search engines


def test_the_form_is_never_cached_but_the_empty_form_may_be_indexed(client: Client) -> None:
    response = client.get("/consultation/")

    assert "no-store" in response["Cache-Control"]
    assert "robots" not in read(response).meta  # the clinic's call to action, nobody's data


def test_the_form_with_problems_is_never_cached(client: Client) -> None:
    response = client.post("/consultation/", valid_form_data(first_name=""))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert read(response).meta["robots"] == "noindex"  # it holds what the patient typed


def test_the_status_page_is_never_cached_or_indexed(client: Client) -> None:
    client.post("/consultation/", valid_form_data())

    response = client.get(ConsultationRequest.objects.get().get_status_url())

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert read(response).meta["robots"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_withdraw_confirmation_is_never_cached_or_indexed(client: Client) -> None:
    client.post("/consultation/", valid_form_data())
    consultation = ConsultationRequest.objects.get()

    response = client.get(f"/consultation/status/{consultation.status_token}/withdraw/")

    assert "no-store" in response["Cache-Control"]
    assert read(response).meta["robots"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
