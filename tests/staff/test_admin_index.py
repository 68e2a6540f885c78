"""The admin index: "The queue" for the people who work requests, nothing about them for anyone else."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest
from tests.support.html import Element, page
from tests.support.patients import make_request
from tests.support.staff import login_verified

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status


def queue_summary(client: Client) -> list[str]:
    summary = page(client.get("/admin/")).find(id="queue-summary")
    assert summary.find("h2").text == "The queue"
    return [line.text for line in summary.find_all("p")]


def links(summary: Element) -> dict[str, str]:
    return {link.text: link.attrs["href"] for link in summary.find_all("a")}


def test_it_shows_coordinators_what_is_open_what_needs_an_answer_and_each_period_it_counts(
    coordinator_client: Client,
) -> None:
    now = timezone.now()
    make_request(status=Status.NEW, days_ago=4, flag_opioid=True, respond_by=now - datetime.timedelta(days=1))
    make_request(status=Status.NEW, days_ago=0)
    make_request(
        status=Status.IN_REVIEW, days_ago=2, flag_liver=True, respond_by=now + datetime.timedelta(hours=3)
    )
    make_request(status=Status.SCHEDULED, days_ago=12, flag_kidney=True)
    make_request(
        status=Status.COMPLETED, days_ago=30, flag_opioid=True, closed_at=now - datetime.timedelta(days=2)
    )
    make_request(status=Status.DECLINED, days_ago=20, closed_at=now - datetime.timedelta(days=10))
    make_request(status=Status.WITHDRAWN, days_ago=15, closed_at=now - datetime.timedelta(days=15))

    assert queue_summary(coordinator_client) == [
        "Open now: New: 2 · In review: 1 · Scheduled: 1",
        "Needing an answer now: overdue: 1 · flagged: 2 · oldest waiting: 4 days",
        "Sent today (clinic time): 1 · last 7 days: 3 sent, 1 closed",
    ]


def test_it_says_nothing_is_waiting_when_the_queue_is_empty(coordinator_client: Client) -> None:
    make_request(status=Status.COMPLETED, days_ago=3)

    assert (
        queue_summary(coordinator_client)[1]
        == "Needing an answer now: overdue: 0 · flagged: 0 · oldest waiting: nothing waiting"
    )


def test_its_counts_link_to_the_queue_views(clinician_client: Client) -> None:
    summary = page(clinician_client.get("/admin/")).find(id="queue-summary")

    assert links(summary) == {
        "New: 0": "/admin/intake/consultationrequest/?status__exact=new",
        "In review: 0": "/admin/intake/consultationrequest/?status__exact=in_review",
        "Scheduled: 0": "/admin/intake/consultationrequest/?status__exact=scheduled",
        "overdue: 0": "/admin/intake/consultationrequest/?queue=overdue",
        "flagged: 0": "/admin/intake/consultationrequest/?queue=flagged",
    }


def test_content_editors_get_no_queue_summary_and_no_requests(content_editor) -> None:
    make_request(status=Status.NEW, flag_opioid=True)

    response = login_verified(Client(), content_editor).get("/admin/")

    assert response.status_code == 200
    content = page(response).find(id="content")
    assert not content.find_all(id="queue-summary")
    assert "The queue" not in content.text
    assert "Consultation requests" not in content.find(id="content-main").text
    assert "Education" in content.find(id="content-main").text


def test_content_editors_get_403_for_the_queue_by_its_url(content_editor) -> None:
    make_request()

    response = login_verified(Client(), content_editor).get("/admin/intake/consultationrequest/")

    assert response.status_code == 403


def test_the_summary_makes_as_many_queries_for_a_long_queue_as_for_a_short_one(
    coordinator_client: Client,
) -> None:
    """Guards the index against counting per request or per status: the summary is two aggregate queries."""
    make_request(flag_opioid=True)
    with CaptureQueriesContext(connection) as short:
        coordinator_client.get("/admin/")

    for number in range(30):
        make_request(status=list(Status)[number % 6], flag_liver=number % 2 == 0)
    with CaptureQueriesContext(connection) as long:
        coordinator_client.get("/admin/")

    assert len(long) == len(short)
