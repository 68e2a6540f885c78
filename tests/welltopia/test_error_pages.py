"""The 404 and 500 pages: branded, helpful, and never a traceback (the suite runs with DEBUG off)."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from tests.support.html import read
from tests.welltopia.raising_urls import FAILURE

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_the_branded_404(client: Client) -> None:
    response = client.get("/no/such/page/")
    page = read(response)

    assert response.status_code == 404
    assert page.title == "Page not found · Welltopia"
    assert page.main_text == (
        "We couldn't find that page The link may be old, or the address may have a typo. "
        "You can read about LDN for rheumatoid arthritis or go to the home page."
    )
    assert page.main_links == [
        ("read about LDN for rheumatoid arthritis", "/learn/"),
        ("go to the home page", "/"),
    ]
    assert "In an emergency, call 911" in page.text


@pytest.mark.urls("tests.welltopia.raising_urls")
def test_a_failing_view_gets_the_branded_500_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/fail/")

    page = read(response)
    assert response.status_code == 500
    assert page.title == "Something went wrong · Welltopia"
    assert page.main_text.startswith(
        "Sorry, something went wrong on our side The problem has been reported to our team. "
        "Please try again in a few minutes. If you were sending a consultation request and are not sure "
        "it went through,"
    )
    assert ("Go to the home page", "/") in page.main_links
    assert page.meta["robots"] == "noindex"
    content = response.content.decode()
    for leak in ("Traceback", "RuntimeError", "s3cret", FAILURE):
        assert leak not in content
    assert [record.getMessage() for record in caplog.records] == ["Internal Server Error: /fail/"]
