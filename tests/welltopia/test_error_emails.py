"""Error emails to ADMINS: the same error at most once per few minutes, with a count; no storms."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from welltopia import error_reports

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.welltopia.raising_urls")]


@pytest.fixture(autouse=True)
def admins(settings: Settings) -> None:
    settings.ADMINS = ["ops@clinic.example"]
    error_reports.throttle.local.clear()


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_the_same_error_is_emailed_once_per_window_then_with_a_count(client: Client) -> None:
    for _attempt in range(5):
        assert client.get("/fail/").status_code == 500
    assert subjects() == ["[Django] ERROR (EXTERNAL IP): Internal Server Error: /fail/"]

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=301)):
        client.get("/fail/")

    assert subjects()[1] == (
        "[Django] ERROR (EXTERNAL IP): Internal Server Error: /fail/ "
        "[happened 4 more times since the last report]"
    )


def test_a_database_outage_is_one_email_not_one_per_request(client: Client) -> None:
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("server closed")
    ):
        for path in ["/learn/", "/consultation/", "/", "/learn/"] * 5:
            assert client.get(path).status_code == 503

    assert subjects() == [
        "[Django] ERROR (EXTERNAL IP): Service Unavailable: /learn/ "
        "[database unavailable; repeats within 300 s are counted, not emailed]"
    ]


def test_different_errors_are_each_reported(client: Client) -> None:
    client.get("/fail/")
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("server closed")
    ):
        client.get("/learn/")

    assert len(mail.outbox) == 2


def test_with_the_cache_unavailable_each_process_still_holds_repeats_back(client: Client) -> None:
    with mock.patch("welltopia.error_reports.cache.add", side_effect=ConnectionError("redis down")):
        for _attempt in range(5):
            client.get("/fail/")

    assert len(mail.outbox) == 1


def test_reports_still_carry_no_request_data(client: Client) -> None:
    client.get("/fail/?email=marta@example.com")

    [message] = mail.outbox
    assert "marta" not in message.subject
    assert "marta" not in message.body
