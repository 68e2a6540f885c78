"""The buttons on a request's page reach the workflow: each posts to its own URL and shows the result.

Which moves are allowed, for whom and why not, is tested in tests/intake/test_workflow.py.
"""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone

from intake.models import AccessLog, ConsultationRequest, StatusChange
from tests.support.html import admin_messages, page
from tests.support.patients import make_request
from tests.support.staff import decline_data, schedule_data
from tests.support.urls import CHANGELIST, change_url, work_url

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status


def in_status(status: str, **fields) -> ConsultationRequest:
    if status == Status.SCHEDULED:
        fields = {
            # An hour ago: it has taken place, so it can be completed.
            "scheduled_at": timezone.now() - datetime.timedelta(hours=1),
            "consultation_type": "phone",
            **fields,
        }
    if status in ConsultationRequest.CLOSED:
        fields = {"closed_at": timezone.now() - datetime.timedelta(days=1), **fields}
    return make_request(status=status, days_ago=5, **fields)


BUTTONS = [
    # (step, data, from, to, the message)
    ("review", {}, Status.NEW, Status.IN_REVIEW, "{reference} is now in review."),
    (
        "schedule",
        schedule_data(),
        Status.IN_REVIEW,
        Status.SCHEDULED,
        "{reference} is scheduled. The patient is being emailed the calendar invitation.",
    ),
    ("complete", {}, Status.SCHEDULED, Status.COMPLETED, "{reference} is now completed."),
    ("decline", None, Status.NEW, Status.DECLINED, "{reference} is declined. The patient is being emailed."),
]


@pytest.mark.parametrize(
    ("step", "data", "from_status", "to_status", "message"), BUTTONS, ids=[b[0] for b in BUTTONS]
)
def test_each_button_moves_the_request_and_says_so(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    django_capture_on_commit_callbacks,
    step: str,
    data: dict | None,
    from_status: str,
    to_status: str,
    message: str,
) -> None:
    consultation = in_status(from_status)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            work_url(consultation, step), data if data is not None else decline_data(), follow=True
        )

    assert response.redirect_chain == [(change_url(consultation), 302)]
    assert admin_messages(response, "success") == [message.format(reference=consultation.reference)]
    consultation.refresh_from_db()
    assert consultation.status == to_status
    change = StatusChange.objects.filter(request=consultation).latest("changed_at", "id")
    assert (change.from_status, change.to_status, change.changed_by) == (from_status, to_status, coordinator)
    assert AccessLog.objects.filter(request=consultation, action="changed", user=coordinator).exists()


def test_a_refused_move_shows_the_workflows_reason_and_changes_nothing(coordinator_client: Client) -> None:
    consultation = in_status(Status.COMPLETED)
    before = ConsultationRequest.objects.values().get(pk=consultation.pk)

    response = coordinator_client.post(work_url(consultation, "review"), follow=True)

    assert admin_messages(response, "error") == ["A request that is completed cannot be moved to in review."]
    assert ConsultationRequest.objects.values().get(pk=consultation.pk) == before


def test_a_page_offers_only_the_buttons_its_request_allows(coordinator_client: Client) -> None:
    new = in_status(Status.NEW)
    completed = in_status(Status.COMPLETED)

    new_buttons = page(coordinator_client.get(change_url(new))).find(id="work").text
    completed_page = page(coordinator_client.get(change_url(completed)))

    assert "Start review" in new_buttons
    assert "Mark completed" not in new_buttons
    assert "Decline" in new_buttons
    assert "Start review" not in completed_page.find(id="work").text
    assert "Assign to me" not in completed_page.find(id="work").text


@pytest.mark.parametrize(
    "step", ["claim", "assign", "review", "complete", "schedule", "decline", "assess", "note"]
)
def test_a_get_to_a_workflow_url_changes_nothing(coordinator_client: Client, step: str) -> None:
    consultation = in_status(Status.NEW)

    response = coordinator_client.get(work_url(consultation, step))

    assert response.status_code == 403
    consultation.refresh_from_db()
    assert (consultation.status, consultation.assigned_to) == (Status.NEW, None)


def test_a_workflow_url_for_a_missing_request_is_404(coordinator_client: Client) -> None:
    assert coordinator_client.post("/admin/intake/consultationrequest/999999/review/").status_code == 404


def test_the_request_page_has_no_form_that_edits_the_request(coordinator_client: Client) -> None:
    """Every change is a workflow operation with its own URL; the admin's own Save is not offered."""
    consultation = in_status(Status.NEW)

    response = coordinator_client.get(change_url(consultation))

    assert page(response).find_all("form", id="consultationrequest_form") == []
    assert "Save" not in [button.text for button in page(response).find_all("input")]


@pytest.mark.parametrize("client_fixture", ["coordinator_client", "superuser_client"])
def test_posting_to_the_change_page_changes_nothing(request, client_fixture: str) -> None:
    client = request.getfixturevalue(client_fixture)
    consultation = in_status(Status.NEW)

    response = client.post(
        change_url(consultation), {"status": "completed", "closed_at": "2020-01-01", "_save": "Save"}
    )

    assert response.status_code == 405
    consultation.refresh_from_db()
    assert (consultation.status, consultation.closed_at) == (Status.NEW, None)


def test_the_start_review_action_moves_each_selected_request_and_says_which_could_not(
    coordinator_client: Client,
) -> None:
    new = in_status(Status.NEW)
    in_review = in_status(Status.IN_REVIEW)

    response = coordinator_client.post(
        CHANGELIST,
        {"action": "start_review_selected", "_selected_action": [new.pk, in_review.pk], "index": "0"},
        follow=True,
    )

    assert admin_messages(response) == [
        f"{new.reference} is now in review.",
        f"{in_review.reference}: A request that is in review cannot be moved to in review.",
    ]
    new.refresh_from_db()
    assert new.status == Status.IN_REVIEW


def test_the_assign_action_refuses_a_closed_request_even_from_all_requests(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    withdrawn = in_status(Status.WITHDRAWN)

    response = coordinator_client.post(
        f"{CHANGELIST}?queue=all",
        {"action": "claim_selected", "_selected_action": [withdrawn.pk], "index": "0"},
        follow=True,
    )

    assert admin_messages(response, "error") == [
        f"{withdrawn.reference}: A request that is withdrawn cannot be assigned."
    ]
    withdrawn.refresh_from_db()
    assert withdrawn.assigned_to is None


def test_claiming_a_completed_request_by_its_url_is_refused(coordinator_client: Client) -> None:
    completed = in_status(Status.COMPLETED)

    response = coordinator_client.post(work_url(completed, "claim"), follow=True)

    assert admin_messages(response, "error") == ["A request that is completed cannot be assigned."]
    completed.refresh_from_db()
    assert completed.assigned_to is None
