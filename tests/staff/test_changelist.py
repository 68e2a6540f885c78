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
    assert selected.text == "Needs work"
    assert page(response).find("nav", cls="wt-views").find("a", cls=None).attrs.get("aria-current") == "page"


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
        # The answer was due yesterday (the target counts working days: fixed, so any clock agrees).
        respond_by=timezone.now() - datetime.timedelta(days=1),
    )

    response = coordinator_client.get(CHANGELIST)

    [row] = queue_rows(response)
    assert row | {"Answer due": "", "Request": ""} == {
        "Reference": consultation.reference,
        "Patient": "Marta Quillfeather",
        "Status": "In review",
        "Safety flags": "Opioid Liver Planned surgery",
        "Answer due": "",
        "Waiting": "3 days",
        "Assessment": "-",
        "Scheduled for": "-",
        "Assigned to": "casey",
        "State": "Texas",
        "Language": "English",
        "Request": "",
    }
    assert row["Answer due"] == "Overdue by 1 day"
    # The phone's card holds the same in one cell.
    assert row["Request"] == (
        f"Marta Quillfeather {consultation.reference} In review {row['Answer due']} Opioid Liver Planned surgery "
        "Assigned to casey"
    )


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({"language": "es", "consultation_language": "es"}, "Prefers Spanish"),
        ({"language": "en", "consultation_language": "es"}, "Prefers Spanish"),
        ({"language": "es", "consultation_language": "en"}, "Prefers Spanish"),
        ({"consultation_language": "en", "interpreter": True}, "Interpreter"),
        (
            {"consultation_language": "other", "consultation_language_other": "Tagalog", "interpreter": True},
            "Interpreter (Tagalog)",
        ),
        (
            {"language": "es", "consultation_language": "other", "consultation_language_other": "Quechua"},
            "Prefers Spanish Consultation in Quechua",
        ),
    ],
)
def test_it_shows_the_language_help_a_patient_needs_and_filters_by_it(
    coordinator_client: Client, answers: dict, shown: str
) -> None:
    needing = make_request(**answers)
    make_request(first_name="Plain")

    rows = queue_rows(coordinator_client.get(CHANGELIST))
    assert {row["Reference"]: row["Language"] for row in rows} == {
        needing.reference: shown,
        **{row["Reference"]: "English" for row in rows if row["Reference"] != needing.reference},
    }
    card = next(row["Request"] for row in rows if row["Reference"] == needing.reference)
    assert card.endswith(shown)

    wanted = "es" if "Spanish" in shown else "interpreter" if answers.get("interpreter") else "other"
    filtered = queue_rows(coordinator_client.get(f"{CHANGELIST}?language={wanted}"))
    assert [row["Reference"] for row in filtered] == [needing.reference]


def test_it_shows_the_flag_badges_opioid_first(coordinator_client: Client) -> None:
    make_request(
        flag_pregnancy=True, flag_kidney=True, flag_opioid=True, flag_allergy=True, flag_opioid_blocker=True
    )

    response = coordinator_client.get(CHANGELIST)

    badges = page(response).find("td", cls="field-flag_badges").find_all("span", cls="wt-flag")
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


def test_a_closed_request_no_longer_waits_and_owes_no_answer(coordinator_client: Client) -> None:
    make_request(
        days_ago=10, status=Status.COMPLETED, closed_at=timezone.now() - datetime.timedelta(days=8, hours=1)
    )

    row = queue_rows(coordinator_client.get(CHANGELIST + "?queue=all"))[0]

    assert (row["Waiting"], row["Answer due"]) == ("-", "—")


@pytest.mark.parametrize(
    ("days_ago", "shown"),
    [(0.0001, "under a minute"), (0.1, "2 hours"), (1.2, "1 day"), (9.5, "9 days"), (13.9, "13 days")],
)
def test_the_waiting_time_is_precise_enough_to_act_on(
    coordinator_client: Client, days_ago: float, shown: str
) -> None:
    make_request(days_ago=days_ago)

    assert queue_rows(coordinator_client.get(CHANGELIST))[0]["Waiting"] == shown


def test_a_request_past_its_answer_time_is_marked_overdue(coordinator_client: Client) -> None:
    make_request(respond_by=timezone.now() - datetime.timedelta(days=2, hours=3))
    make_request(respond_by=timezone.now() + datetime.timedelta(hours=5, minutes=10))

    rows = queue_rows(coordinator_client.get(CHANGELIST))

    assert [row["Answer due"] for row in rows] == ["Overdue by 2 days", "Due in 5 hours"]
    cells = page(coordinator_client.get(CHANGELIST)).find_all("td", cls="field-due")
    assert [len(cell.find_all("strong", cls="wt-overdue")) for cell in cells] == [1, 0]


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
    make_request(state="OR", status=Status.COMPLETED)  # from when the clinic served Oregon

    response = coordinator_client.get(CHANGELIST)

    filters = {
        title: [item.text for item in section.find_all("li")]
        for title, section in filter_sections(response).items()
    }
    assert filters == {
        "By view": ["Needs work", "My requests", "Unassigned", "Flagged", "Overdue", "All"],
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
        # The states the clinic serves, and any other a request came from (served before).
        "By state": ["All", "California", "Florida", "New York", "Oregon", "Texas", "Washington"],
        "By language": ["All", "Prefers Spanish", "Would like an interpreter", "Another language"],
        "By submitted": ["Any date", "Today", "Past 7 days", "This month", "This year"],
    }


# Query count ------------------------------------------------------------------------------------
def test_the_queue_makes_as_many_queries_for_a_full_page_as_for_one_request(
    coordinator_client: Client, coordinator: AbstractBaseUser, other_coordinator: AbstractBaseUser
) -> None:
    """Guards the N+1 on the queue: assignee, flags and status of each row come with the page's one query."""
    ConsultationRequest.objects.bulk_create([ConsultationRequest(**request_fields(assigned_to=coordinator))])
    coordinator_client.get(CHANGELIST)  # the states found so far are kept for an hour (filters.states_used)
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
        for number in range(49)
    )
    # A full page of 50 (one page, as with one request; further pages: tests/staff/test_queue_pages.py).
    with CaptureQueriesContext(connection) as many:
        assert len(references(coordinator_client.get(CHANGELIST))) == 50

    assert len(many) == len(one), "\n".join(query["sql"] for query in many)


# Saved views --------------------------------------------------------------------------------------
def test_the_saved_views_hold_what_they_say_with_honest_counts(
    coordinator_client: Client, coordinator: AbstractBaseUser, other_coordinator: AbstractBaseUser
) -> None:
    late, soon = timezone.now() - datetime.timedelta(hours=1), timezone.now() + datetime.timedelta(days=1)
    mine = make_request(days_ago=6, assigned_to=coordinator, status=Status.IN_REVIEW, respond_by=soon)
    mine_scheduled = make_request(
        days_ago=5, assigned_to=coordinator, status=Status.SCHEDULED, respond_by=late
    )
    unassigned_flagged = make_request(days_ago=4, flag_liver=True, respond_by=soon)
    unassigned_overdue = make_request(days_ago=3, respond_by=late)
    robins = make_request(days_ago=2, assigned_to=other_coordinator, flag_opioid=True, respond_by=soon)
    closed = make_request(days_ago=1, status=Status.COMPLETED, closed_at=timezone.now(), respond_by=late)

    views = {
        link.text.rsplit(" ", 1)[0]: int(link.text.rsplit(" ", 1)[1])
        for link in page(coordinator_client.get(CHANGELIST)).find("nav", cls="wt-views").find_all("a")
        if "wt-jump" not in link.classes
    }

    assert views == {"Needs work": 4, "My requests": 2, "Unassigned": 2, "Flagged": 2, "Overdue": 1, "All": 6}
    expected = {
        "mine": [mine, mine_scheduled],
        "unassigned": [unassigned_flagged, unassigned_overdue],
        # Strongest flags first, then the oldest.
        "flagged": [robins, unassigned_flagged],
        "overdue": [unassigned_overdue],
        "all": [mine, mine_scheduled, unassigned_flagged, unassigned_overdue, robins, closed],
    }
    for key, requests in expected.items():
        assert references(coordinator_client.get(CHANGELIST, {"queue": key})) == [
            r.reference for r in requests
        ], key


def test_flags_can_be_sorted_strongest_first(coordinator_client: Client) -> None:
    liver = make_request(days_ago=3, flag_liver=True)
    none = make_request(days_ago=2)
    blocker = make_request(days_ago=1, flag_opioid_blocker=True)
    header = page(coordinator_client.get(CHANGELIST)).find("th", cls="column-flag_badges").find("a")

    response = coordinator_client.get(CHANGELIST + header.attrs["href"])

    assert references(response) == [blocker.reference, liver.reference, none.reference]


def test_show_all_after_a_search_shows_every_request(coordinator_client: Client) -> None:
    make_request(last_name="Zanetti")

    link = page(coordinator_client.get(CHANGELIST, {"q": "Zanetti"})).find(id="changelist-search").find("a")

    assert (link.text, link.attrs["href"]) == ("Show all requests", "?queue=all")


def test_the_strongest_flags_look_strongest(coordinator_client: Client) -> None:
    make_request(flag_opioid=True, flag_kidney=True)

    badges = (
        page(coordinator_client.get(CHANGELIST))
        .find("table", id="result_list")
        .find_all("span", cls="wt-flag")
    )

    assert [(badge.text, "wt-flag-strong" in badge.classes) for badge in badges][:2] == [
        ("Opioid", True),
        ("Kidney", False),
    ]
