"""/healthz: what the load balancer asks; 200 while the database answers, 503 otherwise."""

import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


def test_it_says_ok_when_the_database_answers(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"ok"


def test_it_returns_503_when_the_database_fails(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    failure = OperationalError('connection to server at "db" failed: password authentication failed')

    with mock.patch.object(connection, "cursor", side_effect=failure), caplog.at_level(logging.ERROR):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert b"password" not in response.content
    assert [record.getMessage() for record in caplog.records if record.name == "welltopia.views"] == [
        "Health check: the database did not answer"
    ]


def test_it_returns_503_when_the_query_fails(client: Client) -> None:
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("server closed")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_it_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_it_rejects_post(client: Client) -> None:
    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
