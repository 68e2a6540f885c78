"""Previous and next on a request page follow the view the person came from, in its order."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest
from intake.roles import COORDINATORS
from tests.support.html import page, queue_rows
from tests.support.patients import make_request
from tests.support.staff import login_verified, make_staff
from tests.support.urls import CHANGELIST, change_url

pytestmark = pytest.mark.django_db


def casey():
    return get_user_model().objects.get(username="casey")


@pytest.fixture
def client_() -> Client:
    return login_verified(Client(), make_staff("casey", COORDINATORS))


def pager(client: Client, consultation: ConsultationRequest, filters: str) -> dict[str, str | None]:
    url = change_url(consultation) + (f"?{urlencode({'_changelist_filters': filters})}" if filters else "")
    links = {
        a.attrs.get("rel"): a.attrs["href"] for a in page(client.get(url)).find_all("a") if a.attrs.get("rel")
    }
    return {"prev": links.get("prev"), "next": links.get("next")}


def reference_order(client: Client, filters: str) -> list[str]:
    return [row["Reference"] for row in queue_rows(client.get(f"{CHANGELIST}?{filters}"))]


@pytest.mark.parametrize(
    "filters",
    [
        "",
        "queue=all",
        "queue=all&o=-1",
        "queue=flagged",
        "queue=all&o=3",  # by status: ties, broken by the queue's own order
        "queue=all&o=-2.3",  # by name, then status, both with ties
        "queue=all&o=-4.6",  # strongest flags, then the longest waiting
        "queue=all&o=5",  # by answer due, which some requests have none of
        "queue=all&o=-9",  # by who has it, which is nobody for some
    ],
)
def test_previous_and_next_are_the_neighbours_in_the_queue_s_own_order(client_, filters) -> None:
    statuses = [ConsultationRequest.Status.NEW, ConsultationRequest.Status.IN_REVIEW]
    requests = [
        make_request(
            days_ago=days,
            flag_opioid=days % 2 == 0,
            flag_liver=days % 3 == 0,
            status=statuses[days % 2],
            last_name=["Okon", "Varga"][days % 3 == 0],
            respond_by=None if days % 4 == 0 else timezone.now() + datetime.timedelta(days=days % 3),
            assigned_to=None if days % 3 else casey(),
        )
        for days in (1, 2, 3, 4, 5, 6, 7, 8)
    ]
    by_reference = {r.reference: r for r in requests}
    order = reference_order(client_, filters)
    assert len(order) >= 3

    for index, reference in enumerate(order):
        links = pager(client_, by_reference[reference], filters)
        suffix = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""
        expected_prev = change_url(by_reference[order[index - 1]]) + suffix if index > 0 else None
        expected_next = (
            change_url(by_reference[order[index + 1]]) + suffix if index + 1 < len(order) else None
        )
        assert links == {"prev": expected_prev, "next": expected_next}, reference


def test_a_request_outside_the_view_has_no_previous_or_next(client_) -> None:
    flagged = make_request(days_ago=1, flag_opioid=True)
    make_request(days_ago=2, flag_opioid=True)
    plain = make_request(days_ago=3)
    assert plain.reference not in reference_order(client_, "queue=flagged")
    assert pager(client_, plain, "queue=flagged") == {"prev": None, "next": None}
    assert pager(client_, flagged, "queue=flagged") != {"prev": None, "next": None}


def test_finding_the_neighbours_costs_the_same_queries_for_any_number_of_requests(client_) -> None:
    first = make_request(days_ago=1)
    make_request(days_ago=2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_.get(change_url(first) + "?" + urlencode({"_changelist_filters": "queue=all"}))
        return len(captured)

    queries()  # warm: the queue keeps the states it has seen (filters.states_used)
    few = queries()
    for days in range(3, 40):
        make_request(days_ago=days)
    assert queries() == few
