"""/healthz: what the load balancer and the operator ask; 200 while the database answers, 503 otherwise."""

import datetime
import logging
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from intake.models import OutgoingEmail
from tests.support.patients import valid_form_data

pytestmark = pytest.mark.django_db

DATABASE_DOWN = mock.patch(
    "django.db.backends.utils.CursorWrapper.execute",
    side_effect=OperationalError('connection to server at "db" failed: password authentication failed'),
)


def test_it_says_ok_with_the_email_queue_in_one_query(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == "ok\ndatabase: ok\nemail queue: 0 waiting\n"


def test_it_returns_503_without_details_when_the_database_fails(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with DATABASE_DOWN, caplog.at_level(logging.WARNING):
        first = client.get("/healthz")
        second = client.get("/healthz")

    assert first.status_code == second.status_code == 503
    assert first.content.decode() == "unavailable\ndatabase: unavailable\n"
    assert first["Retry-After"] == "30"
    assert b"password" not in first.content
    # One line when the database goes, not one per probe; and nothing for django.request to email.
    assert [(record.name, record.getMessage()) for record in caplog.records] == [
        ("welltopia.views", "Health check: the database did not answer")
    ]

    client.get("/healthz")
    assert caplog.records[-1].getMessage() == "Health check: the database answers again"


def test_a_database_outage_never_emails_the_admins(client: Client, settings: Settings) -> None:
    settings.ADMINS = ["ops@clinic.example"]

    with DATABASE_DOWN:
        for _probe in range(5):
            client.get("/healthz")

    assert mail.outbox == []


def test_it_reports_emails_waiting_and_those_not_delivered(client: Client, settings: Settings) -> None:
    settings.EMAIL_DELIVERY = "worker"
    client.post("/consultation/", valid_form_data())
    OutgoingEmail.objects.filter(kind="patient_confirmation").update(
        send_after=timezone.now() - datetime.timedelta(hours=2, minutes=5)
    )

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode() == (
        "degraded\ndatabase: ok\nemail queue: 2 waiting, 1 not delivered, oldest 2\xa0hours ago\n"
    )


def test_it_reports_redis_when_configured(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:6399/0"
    with mock.patch("welltopia.views.cache") as cache:
        cache.ping.return_value = False
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode() == "degraded\ndatabase: ok\nredis: unreachable\nemail queue: 0 waiting\n"


def test_it_answers_over_plain_http_even_where_everything_else_is_redirected_to_https(
    client: Client, settings: Settings
) -> None:
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/learn/").status_code == 301


def test_it_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_it_rejects_post(client: Client) -> None:
    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
