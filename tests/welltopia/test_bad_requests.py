"""What the site answers to requests no page asks for: HEAD, NUL characters, huge bodies, no cookies."""

import logging

import pytest
from django.test import Client

from education.seeding import seed_pages
from tests.support.html import read
from tests.support.patients import valid_form_data
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/learn/",
        "/learn/ldn-for-ra-overview/",
        "/privacy/",
        "/consultation/",
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
    ],
)
def test_head_is_answered_like_get_without_a_body(client: Client, url: str) -> None:
    seed_pages()

    get, head = client.get(url), client.head(url)

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_the_status_page_answers_head(client: Client) -> None:
    client.post("/consultation/", valid_form_data())
    from intake.models import ConsultationRequest

    assert client.head(ConsultationRequest.objects.get().get_status_url()).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "state=%00",
        "status__exact=%00",
        "q=Marta%00",
        "flag=%00opioid",
        "assignee=%00",
        "o=%00",
        "p=%00",
        "%00=1",
    ],
)
def test_a_nul_character_in_a_queue_parameter_is_a_kind_400_not_a_500(query: str) -> None:
    staff = Client()
    from tests.support.staff import login_verified

    login_verified(staff, make_staff("casey", "Intake coordinators"))

    response = staff.get(f"/admin/intake/consultationrequest/?{query}")

    assert response.status_code == 400
    assert "We could not read that" in read(response).main_text


def test_a_nul_character_in_a_posted_value_is_a_kind_400(client: Client) -> None:
    response = client.post("/consultation/", valid_form_data(first_name="Mar\x00ta"))

    assert response.status_code == 400
    assert "We could not read that" in read(response).main_text


def test_a_body_over_the_limit_is_a_kind_413_with_one_warning_and_no_traceback(
    client: Client, settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    caplog.set_level(logging.DEBUG)

    response = client.post("/consultation/", {**valid_form_data(), "goals": "x" * 20_000})

    assert response.status_code == 413
    assert "That was too much to send" in read(response).main_text
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage() for record in warnings] == ["Content Too Large: /consultation/"]
    assert not any(record.exc_info for record in caplog.records)


def test_a_form_sent_without_its_cookie_gets_a_kind_page_that_says_what_to_do() -> None:
    browser_without_cookies = Client(enforce_csrf_checks=True)

    response = browser_without_cookies.post("/consultation/", valid_form_data())

    assert response.status_code == 403
    page = read(response)
    assert page.title == "We could not send your form · Welltopia"
    assert "Allow cookies for this site" in page.main_text
    assert "Go back to the form with your browser's Back button" in page.main_text
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
