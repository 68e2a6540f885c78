"""The queue's rows and cells, written directly (intake/admin/results.py, cells.py), are Django's own
HTML; the paginator takes the view's count from its tab instead of counting again."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.admin.utils import display_for_field
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from intake.admin import results
from intake.models import ConsultationRequest
from tests.support.html import page
from tests.support.patients import make_request
from tests.support.urls import CHANGELIST

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
QUEUE_ADMIN = admin.site.get_model_admin(ConsultationRequest)


@pytest.fixture
def every_kind(coordinator: AbstractBaseUser) -> list[ConsultationRequest]:
    """Requests that use every branch of every cell: each status, flags, assignee or none, a
    language need, a due time passed and one still to come, an assessment and a time booked."""
    now = timezone.now()
    return [
        make_request(days_ago=9, status=Status.NEW, respond_by=now - datetime.timedelta(hours=3)),
        make_request(
            days_ago=8, status=Status.IN_REVIEW, assigned_to=coordinator, flag_opioid=True, flag_liver=True
        ),
        make_request(
            days_ago=7, status=Status.NEW, language="es", first_name="Lucía", last_name="<b>Ortiz</b>"
        ),
        make_request(
            days_ago=6,
            status=Status.SCHEDULED,
            assigned_to=coordinator,
            scheduled_at=now + datetime.timedelta(days=3),
            assessment=ConsultationRequest.Assessment.ELIGIBLE,
            consultation_language=ConsultationRequest.ConsultationLanguage.OTHER,
            consultation_language_other="Tagalog",
            interpreter=True,
        ),
        make_request(
            days_ago=5, status=Status.COMPLETED, closed_at=now, state="NY", flag_opioid_blocker=True
        ),
        make_request(days_ago=4, status=Status.DECLINED, closed_at=now, state="TX", respond_by=None),
        make_request(days_ago=3, status=Status.WITHDRAWN, closed_at=now),
    ]


def changelist(user: AbstractBaseUser, query: str = "queue=all"):
    request = RequestFactory().get(f"{CHANGELIST}?{query}")
    request.user, request.resolver_match = user, resolve(CHANGELIST)  # as the admin's own view has them
    return QUEUE_ADMIN.get_changelist_instance(request)


def test_each_row_is_exactly_the_html_djangos_admin_writes(
    coordinator: AbstractBaseUser, every_kind: list[ConsultationRequest]
) -> None:
    cl = changelist(coordinator, "queue=all&q=&o=2")
    assert len(cl.result_list) == len(every_kind)

    ours = ["".join(row) for row in results.rows(cl)]
    djangos = ["".join(items_for_result(cl, row, None)) for row in cl.result_list]

    assert ours == djangos
    assert "&lt;b&gt;Ortiz&lt;/b&gt;" in "".join(ours)  # what a patient typed stays text
    assert "_changelist_filters=" in ours[0]  # the way back to this view, as Django links it


def test_a_list_it_does_not_know_is_left_to_django(
    coordinator: AbstractBaseUser, every_kind: list[ConsultationRequest], monkeypatch
) -> None:
    cl = changelist(coordinator)
    monkeypatch.setattr(cl, "list_display", [*cl.list_display, "created_at"])  # a date column

    rows = list(results.rows(cl))

    assert [len(row) for row in rows] == [len(cl.list_display)] * len(every_kind)  # one item per cell
    assert rows[0] == list(items_for_result(cl, cl.result_list[0], None))


def test_the_row_checkbox_and_the_state_are_djangos_cells(
    coordinator: AbstractBaseUser, every_kind: list[ConsultationRequest]
) -> None:
    state = ConsultationRequest._meta.get_field("state")
    for consultation in every_kind:
        assert QUEUE_ADMIN.action_checkbox(consultation) == admin.ModelAdmin.action_checkbox(
            QUEUE_ADMIN, consultation
        )
        assert QUEUE_ADMIN.state_name(consultation) == display_for_field(consultation.state, state, "-")


@pytest.mark.parametrize(
    "query, counted",
    [
        ("", True),
        ("queue=all&p=1", True),
        ("queue=mine&o=3", True),
        ("q=Quill", False),
        ("flag=liver", False),
    ],
)
def test_a_view_on_its_own_is_counted_once_and_honestly(
    coordinator_client: Client, every_kind: list[ConsultationRequest], query: str, counted: bool
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(f"{CHANGELIST}?{query}")
    counts = [q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]

    # The "All" tab's plain count is always one; the page's own count only when it is not a view's.
    assert len(counts) == (1 if counted else 2), "\n".join(counts)
    shown = len(page(response).find(id="result_list").find("tbody").find_all("tr"))
    paginator = response.context["cl"].paginator
    assert paginator.count == shown == response.context["cl"].result_count
