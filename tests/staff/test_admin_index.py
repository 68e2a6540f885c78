"""The admin index: "The queue today" for the people who work requests, nothing about them for anyone else."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake.models import ConsultationRequest
from tests.support.html import Element, page
from tests.support.patients import make_request
from tests.support.staff import login_verified

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status


def queue_today(client: Client) -> list[str]:
    summary = page(client.get("/admin/")).find(id="queue-summary")
    assert summary.find("h2").text == "The queue today"
    return [item.text for item in summary.find_all("li")]


def links(summary: Element) -> dict[str, str]:
    return {link.text: link.attrs["href"] for link in summary.find_all("a")}


def test_it_shows_coordinators_the_counts_by_status_the_oldest_wait_and_the_flagged_count(
    coordinator_client: Client,
) -> None:
    make_request(status=Status.NEW, days_ago=4, flag_opioid=True)
    make_request(status=Status.NEW, days_ago=1)
    make_request(status=Status.IN_REVIEW, days_ago=2, flag_liver=True)
    make_request(status=Status.SCHEDULED, days_ago=12, flag_kidney=True)
    make_request(status=Status.COMPLETED, days_ago=30, flag_opioid=True)
    make_request(status=Status.DECLINED, days_ago=20)
    make_request(status=Status.WITHDRAWN, days_ago=15)

    assert queue_today(coordinator_client) == [
        "New: 2",
        "In review: 1",
        "Scheduled: 1",
        "Completed: 1",
        "Declined: 1",
        "Withdrawn: 1",
        "Oldest waiting for work: 4 days",
        "Flagged and needing work: 2",
    ]


def test_it_says_nothing_is_waiting_when_the_queue_is_empty(coordinator_client: Client) -> None:
    make_request(status=Status.COMPLETED, days_ago=3)

    items = queue_today(coordinator_client)

    assert items[-2:] == ["Oldest waiting for work: nothing waiting", "Flagged and needing work: 0"]


def test_its_counts_link_to_the_queue_filtered(clinician_client: Client) -> None:
    summary = page(clinician_client.get("/admin/")).find(id="queue-summary")

    assert links(summary) == {
        "New": "/admin/intake/consultationrequest/?status__exact=new",
        "In review": "/admin/intake/consultationrequest/?status__exact=in_review",
        "Scheduled": "/admin/intake/consultationrequest/?status__exact=scheduled",
        "Completed": "/admin/intake/consultationrequest/?status__exact=completed",
        "Declined": "/admin/intake/consultationrequest/?status__exact=declined",
        "Withdrawn": "/admin/intake/consultationrequest/?status__exact=withdrawn",
        "Flagged and needing work": "/admin/intake/consultationrequest/?flag=any",
    }


def test_content_editors_get_no_queue_summary_and_no_requests(content_editor) -> None:
    make_request(status=Status.NEW, flag_opioid=True)

    response = login_verified(Client(), content_editor).get("/admin/")

    assert response.status_code == 200
    content = page(response).find(id="content")
    assert not content.find_all(id="queue-summary")
    assert "The queue today" not in content.text
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
