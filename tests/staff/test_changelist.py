"""The queue: what needs work by default, oldest first, with flags, waiting time and who has each request."""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest
from tests.support.html import Element, page, queue_rows
from tests.support.patients import make_request, request_fields
from tests.support.urls import CHANGELIST

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status


def references(response) -> list[str]:
    return [row["Reference"] for row in queue_rows(response)]


@pytest.fixture
def one_of_each_status() -> dict[str, ConsultationRequest]:
    """One request in every status; the older the status, the longer ago it came in."""
    return {
        status: make_request(status=status, days_ago=days, last_name=f"Patient{days}")
        for status, days in [
            (Status.COMPLETED, 9),
            (Status.DECLINED, 8),
            (Status.IN_REVIEW, 7),
            (Status.SCHEDULED, 6),
            (Status.WITHDRAWN, 5),
            (Status.NEW, 4),
        ]
    } | {"newest": make_request(status=Status.NEW, days_ago=1)}


def test_it_shows_only_new_and_in_review_requests_by_default_oldest_first(
    coordinator_client: Client, one_of_each_status: dict[str, ConsultationRequest]
) -> None:
    response = coordinator_client.get(CHANGELIST)

    assert references(response) == [
        one_of_each_status[Status.IN_REVIEW].reference,
        one_of_each_status[Status.NEW].reference,
        one_of_each_status["newest"].reference,
    ]
    selected = page(response).find(id="changelist-filter").find("details").find("li", cls="selected")
    assert selected.text == "Needs work (new and in review)"


def test_all_requests_shows_every_status_oldest_first(
    coordinator_client: Client, one_of_each_status: dict[str, ConsultationRequest]
) -> None:
    response = coordinator_client.get(CHANGELIST + "?queue=all")

    assert references(response) == [
        one_of_each_status[status].reference
        for status in [
            Status.COMPLETED,
            Status.DECLINED,
            Status.IN_REVIEW,
            Status.SCHEDULED,
            Status.WITHDRAWN,
            Status.NEW,
            "newest",
        ]
    ]


def test_a_search_for_a_completed_requests_reference_finds_it(
    coordinator_client: Client, one_of_each_status: dict[str, ConsultationRequest]
) -> None:
    completed = one_of_each_status[Status.COMPLETED]

    response = coordinator_client.get(CHANGELIST, {"q": completed.reference})

    assert references(response) == [completed.reference]
    assert queue_rows(response)[0]["Status"] == "Completed"


@pytest.mark.parametrize("term", ["Zanetti", "zanetti", "gia.zanetti@example.org"])
def test_a_search_by_name_or_email_looks_across_every_status(coordinator_client: Client, term: str) -> None:
    declined = make_request(status=Status.DECLINED, last_name="Zanetti", email="gia.zanetti@example.org")
    make_request(last_name="Quillfeather")

    response = coordinator_client.get(CHANGELIST, {"q": term})

    assert references(response) == [declined.reference]


def test_it_shows_each_requests_reference_patient_state_waiting_time_status_flags_and_assignee(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request(
        days_ago=3,
        first_name="Marta",
        last_name="Quillfeather",
        state="TX",
        status=Status.IN_REVIEW,
        assigned_to=coordinator,
        flag_surgery=True,
        flag_liver=True,
        flag_opioid=True,
    )

    response = coordinator_client.get(CHANGELIST)

    assert queue_rows(response) == [
        {
            "Reference": consultation.reference,
            "Patient": "Marta Quillfeather",
            "State": "Texas",
            "Waiting": "3 days",
            "Status": "In review",
            "Safety flags": "Opioid Liver Planned surgery",
            "Assigned to": "casey",
        }
    ]


def test_it_shows_the_flag_badges_opioid_first(coordinator_client: Client) -> None:
    make_request(
        flag_pregnancy=True, flag_kidney=True, flag_opioid=True, flag_allergy=True, flag_opioid_blocker=True
    )

    response = coordinator_client.get(CHANGELIST)

    badges = page(response).find("table", id="result_list").find_all("span", cls="wt-flag")
    assert [badge.text for badge in badges] == [
        "Opioid",
        "Already on an opioid blocker",
        "Kidney",
        "Pregnancy / breastfeeding",
        "Allergy to an opioid blocker",
    ]


def test_it_says_none_for_a_request_without_flags_and_dash_when_nobody_has_it(
    coordinator_client: Client,
) -> None:
    make_request()

    row = queue_rows(coordinator_client.get(CHANGELIST))[0]

    assert (row["Safety flags"], row["Assigned to"]) == ("none", "-")


def test_a_closed_request_waited_until_it_was_closed(coordinator_client: Client) -> None:
    make_request(
        days_ago=10, status=Status.COMPLETED, closed_at=timezone.now() - datetime.timedelta(days=8, hours=1)
    )

    row = queue_rows(coordinator_client.get(CHANGELIST + "?queue=all"))[0]

    assert row["Waiting"] == "1 day"


# Filters ----------------------------------------------------------------------------------------
def test_the_status_filter_shows_that_status_even_outside_the_default_queue(
    coordinator_client: Client, one_of_each_status: dict[str, ConsultationRequest]
) -> None:
    response = coordinator_client.get(CHANGELIST, {"status__exact": "scheduled"})

    assert references(response) == [one_of_each_status[Status.SCHEDULED].reference]


def test_the_flag_filter_shows_requests_with_that_flag(coordinator_client: Client) -> None:
    opioid = make_request(days_ago=3, flag_opioid=True)
    make_request(days_ago=2, flag_liver=True)
    make_request(days_ago=1)

    response = coordinator_client.get(CHANGELIST, {"flag": "opioid"})

    assert references(response) == [opioid.reference]


def test_the_any_flag_filter_shows_every_flagged_request(coordinator_client: Client) -> None:
    opioid = make_request(days_ago=3, flag_opioid=True)
    liver = make_request(days_ago=2, flag_liver=True)
    make_request(days_ago=1)

    response = coordinator_client.get(CHANGELIST, {"flag": "any"})

    assert references(response) == [opioid.reference, liver.reference]


def test_an_unknown_flag_filters_nothing(coordinator_client: Client) -> None:
    make_request(flag_opioid=True)
    make_request()

    response = coordinator_client.get(CHANGELIST, {"flag": "status"})

    assert len(references(response)) == 2


@pytest.mark.parametrize(
    ("assignee", "expected"),
    [("me", ["mine"]), ("none", ["nobody's"]), ("others", ["robin's"])],
)
def test_the_assignee_filter(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    other_coordinator: AbstractBaseUser,
    assignee: str,
    expected: list[str],
) -> None:
    requests = {
        "mine": make_request(days_ago=3, assigned_to=coordinator),
        "robin's": make_request(days_ago=2, assigned_to=other_coordinator),
        "nobody's": make_request(days_ago=1),
    }

    response = coordinator_client.get(CHANGELIST, {"assignee": assignee})

    assert references(response) == [requests[name].reference for name in expected]


def test_the_state_filter(coordinator_client: Client) -> None:
    texan = make_request(state="TX")
    make_request(state="CA")

    response = coordinator_client.get(CHANGELIST, {"state": "TX"})

    assert references(response) == [texan.reference]


def test_the_submitted_date_filter(coordinator_client: Client) -> None:
    today = make_request()
    make_request(days_ago=30)
    [link] = [
        item.find("a")
        for item in filter_sections(coordinator_client.get(CHANGELIST))["By submitted"].find_all("li")
        if item.text == "Today"
    ]

    response = coordinator_client.get(CHANGELIST + link.attrs["href"])

    assert references(response) == [today.reference]


def filter_sections(response) -> dict[str, Element]:
    return {
        details.find("summary").text: details
        for details in page(response).find(id="changelist-filter").find_all("details")
    }


def test_the_filters_say_what_they_offer(coordinator_client: Client) -> None:
    make_request(state="TX")
    make_request(state="CA", status=Status.COMPLETED)

    response = coordinator_client.get(CHANGELIST)

    filters = {
        title: [item.text for item in section.find_all("li")]
        for title, section in filter_sections(response).items()
    }
    assert filters == {
        "By queue": ["Needs work (new and in review)", "All requests"],
        "By status": ["All", "New", "In review", "Scheduled", "Completed", "Declined", "Withdrawn"],
        "By safety flag": [
            "All",
            "Any flag",
            "Opioid",
            "Already on an opioid blocker",
            "Liver",
            "Kidney",
            "Pregnancy / breastfeeding",
            "Allergy to an opioid blocker",
            "Planned surgery",
        ],
        "By assigned to": ["All", "Me", "Unassigned", "Someone else"],
        "By state": ["All", "California", "Texas"],
        "By submitted": ["Any date", "Today", "Past 7 days", "This month", "This year"],
    }


# Query count ------------------------------------------------------------------------------------
def test_the_queue_makes_as_many_queries_for_200_requests_as_for_one(
    coordinator_client: Client, coordinator: AbstractBaseUser, other_coordinator: AbstractBaseUser
) -> None:
    """Guards the N+1 on the queue: assignee, flags and status of each row come with the page's one query."""
    ConsultationRequest.objects.bulk_create([ConsultationRequest(**request_fields(assigned_to=coordinator))])
    with CaptureQueriesContext(connection) as one:
        assert len(references(coordinator_client.get(CHANGELIST))) == 1

    ConsultationRequest.objects.bulk_create(
        ConsultationRequest(
            **request_fields(
                assigned_to=[coordinator, other_coordinator, None][number % 3],
                flag_opioid=number % 2 == 0,
                status=[Status.NEW, Status.IN_REVIEW][number % 2],
                created_at=timezone.now() - datetime.timedelta(minutes=number),
            )
        )
        for number in range(199)
    )
    with CaptureQueriesContext(connection) as many:
        assert len(references(coordinator_client.get(CHANGELIST))) == 50

    assert len(many) == len(one), "\n".join(query["sql"] for query in many)
