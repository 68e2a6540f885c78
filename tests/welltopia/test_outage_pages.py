"""While the database is unreachable every page answers 503: branded, kind, with Retry-After."""

import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from intake.models import ConsultationRequest
from tests.support.html import read
from tests.support.patients import valid_form_data

pytestmark = pytest.mark.django_db

SECRET = 'connection to server at "db.internal" (10.0.0.5), port 5432 failed: s3cret'


def database_down() -> mock._patch:
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError(SECRET))


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def test_a_page_answers_503_with_retry_after_and_the_branded_page(client: Client) -> None:
    with database_down():
        response = client.get("/learn/")

    page = read(response)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert page.title == "Back in a few minutes · Welltopia"
    assert page.main_text.startswith(
        "We'll be back in a few minutes Part of our system is briefly unavailable. Please try again in a few minutes."
    )
    assert ("Go to the home page", "/") in page.main_links
    assert "Traceback" not in response.content.decode()
    assert "s3cret" not in response.content.decode()


def test_the_patient_form_says_their_answers_were_not_sent(client: Client) -> None:
    data = valid_form_data()
    with database_down():
        response = client.post("/consultation/", data)

    page = read(response)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert page.title == "Your answers were not sent · Welltopia"
    assert page.main_text.startswith(
        "Sorry, your answers were not sent Our system is briefly unavailable, so we could not save your "
        "consultation request. Nothing you typed has reached us. Please go back to the form with your "
        "browser's Back button (your answers are usually still there) and press Send my request again in "
        "a few minutes. Sending it again will never create a second request."
    )
    # Nothing the patient typed is echoed back.
    assert data["last_name"] not in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_another_form_says_what_was_sent_was_not_saved(client: Client) -> None:
    client.post("/consultation/", valid_form_data())
    status_url = ConsultationRequest.objects.get().get_status_url()

    with database_down():
        response = client.post(f"{status_url}withdraw/", {"delete_data": "no"})

    assert response.status_code == 503
    assert "What you just sent was not saved." in read(response).main_text


def test_the_console_gets_one_line_per_failed_request_and_no_traceback(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    from welltopia.error_reports import DatabaseOutageFilter

    with database_down(), caplog.at_level(logging.ERROR, logger="django.request"):
        client.get("/learn/")

    [record] = caplog.records
    shown = DatabaseOutageFilter().filter(record)
    assert shown.exc_info is None
    assert shown.getMessage() == "Service Unavailable: /learn/ [database unavailable: OperationalError]"


def test_other_failures_still_answer_500(client: Client) -> None:
    with mock.patch("education.views.cache.get_hub", side_effect=RuntimeError("bug")):
        response = client.get("/learn/")

    assert response.status_code == 500
    assert read(response).title == "Something went wrong · Welltopia"
