"""Defences of the public form: CSRF, a per-address rate limit (in the database), a honeypot."""

import logging
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from pytest_django import Settings

from intake.models import ConsultationRequest, RateLimitHit
from tests.support.html import read
from tests.support.patients import valid_form_data
from welltopia import redis_cache

pytestmark = pytest.mark.django_db


def send(client: Client, address: str = "198.51.100.7", **headers: str) -> HttpResponse:
    return client.post("/consultation/", valid_form_data(), REMOTE_ADDR=address, **headers)


# --------------------------------------------------------------------------- CSRF


def test_a_post_without_the_csrf_token_is_refused(csrf_client: Client, mailoutbox: list) -> None:
    response = csrf_client.post("/consultation/", valid_form_data())

    assert response.status_code == 403
    assert ConsultationRequest.objects.count() == 0
    assert mailoutbox == []


def test_a_post_with_the_csrf_token_from_the_form_is_accepted(csrf_client: Client) -> None:
    csrf_client.get("/consultation/")
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post("/consultation/", {**valid_form_data(), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 1


# --------------------------------------------------------------------------- rate limit


@pytest.fixture
def limit_of_two(settings: Settings) -> None:
    settings.INTAKE_RATE_LIMIT = 2


def assert_paused(response: HttpResponse) -> None:
    page = read(response)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert page.title == "Please try again later · Welltopia"
    assert page.main_text.startswith(
        "Please try again a little later We have received several requests from your connection in a short "
        "time, so we have paused new ones for now. Nothing is wrong with you or your answers."
    )


def test_the_third_request_from_one_address_is_paused(client: Client, limit_of_two: None) -> None:
    assert send(client).status_code == 302
    assert send(client).status_code == 302

    response = send(client)

    assert_paused(response)
    assert ConsultationRequest.objects.count() == 2


def test_another_address_can_still_send(client: Client, limit_of_two: None) -> None:
    send(client, "198.51.100.7")
    send(client, "198.51.100.7")

    response = send(client, "203.0.113.9")

    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 3


def test_answers_with_problems_do_not_count_towards_the_limit(client: Client, limit_of_two: None) -> None:
    for _ in range(3):
        client.post("/consultation/", valid_form_data(first_name=""), REMOTE_ADDR="198.51.100.7")

    assert send(client).status_code == 302
    assert send(client).status_code == 302


def test_it_stores_the_address_only_as_a_keyed_hash(client: Client) -> None:
    send(client, "198.51.100.7")

    hit = RateLimitHit.objects.get()
    assert "198.51.100.7" not in hit.key
    assert len(hit.key) == 64


def test_behind_a_proxy_a_made_up_forwarded_address_does_not_escape_the_limit(
    client: Client, limit_of_two: None, settings: Settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for made_up in ["192.0.2.1", "192.0.2.2"]:
        send(client, "10.0.0.2", HTTP_X_FORWARDED_FOR=f"{made_up}, 198.51.100.7")

    response = send(client, "10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.3, 198.51.100.7")

    assert_paused(response)


@pytest.fixture
def redis_down(settings: Settings) -> Iterator[None]:
    """Redis configured as the cache, but nothing listens there: as when it has stopped."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "welltopia.redis_cache.OptionalRedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield
    redis_cache.breaker.down_until, redis_cache.breaker.down_since = 0.0, None


def test_with_redis_down_pages_and_requests_are_served_and_still_counted(
    client: Client, limit_of_two: None, redis_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="welltopia.redis_cache"):
        assert client.get("/").status_code == 200
        assert send(client).status_code == 302
        assert client.get("/learn/").status_code == 200
        assert send(client).status_code == 302
        response = send(client)

    assert_paused(response)
    assert ConsultationRequest.objects.count() == 2
    assert RateLimitHit.objects.count() == 2
    assert [record.getMessage() for record in caplog.records if record.name == "welltopia.redis_cache"] == [
        "Redis unreachable (ConnectionError): pages are built from the database until it answers"
    ]


def test_a_request_is_saved_only_together_with_its_count(client: Client) -> None:
    failing = mock.patch.object(RateLimitHit.objects, "create", side_effect=OperationalError("server closed"))
    with failing:
        response = Client(raise_request_exception=False).post("/consultation/", valid_form_data())

    assert response.status_code == 503
    assert ConsultationRequest.objects.count() == 0


# --------------------------------------------------------------------------- honeypot


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(
    client: Client, mailoutbox: list, django_capture_on_commit_callbacks
) -> None:
    data = valid_form_data(website="https://cheap-pills.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consultation/", data)

    assert response.status_code == 302
    assert response["Location"] == "/consultation/received/"
    assert ConsultationRequest.objects.count() == 0
    assert mailoutbox == []


def test_the_received_page_thanks_without_a_reference(client: Client) -> None:
    response = client.get("/consultation/received/")

    page = read(response)
    assert page.main_text == (
        "Thank you We have received your request. Please check your email for our confirmation."
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
