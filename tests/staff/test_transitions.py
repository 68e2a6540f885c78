"""Status moves: only the allowed ones, each recorded with from, to, who, when and why; the rest change nothing."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from intake import workflow
from intake.models import AccessLog, ConsultationRequest, StatusChange
from tests.staff.factories import (
    CHANGELIST,
    change_url,
    decline_data,
    make_request,
    schedule_data,
    work_url,
)
from tests.staff.pages import admin_messages, form_data, page, save_change_form

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
TARGETS = [Status.IN_REVIEW, Status.SCHEDULED, Status.COMPLETED, Status.DECLINED]
ALLOWED = [
    (Status.NEW, Status.IN_REVIEW),
    (Status.IN_REVIEW, Status.SCHEDULED),
    (Status.SCHEDULED, Status.COMPLETED),
    (Status.NEW, Status.DECLINED),
    (Status.IN_REVIEW, Status.DECLINED),
    (Status.SCHEDULED, Status.DECLINED),
]
# Scheduled → scheduled is a reschedule, allowed and tested in test_schedule.py.
FORBIDDEN = [
    (from_status, to_status)
    for from_status in Status
    for to_status in TARGETS
    if (from_status, to_status) not in ALLOWED
    and (from_status, to_status) != (Status.SCHEDULED, Status.SCHEDULED)
]
REASON = "Outside the states we serve."


def in_status(status: str, **fields) -> ConsultationRequest:
    if status == Status.SCHEDULED:
        fields = {
            "scheduled_at": timezone.now() + datetime.timedelta(days=3),
            "consultation_type": "phone",
            **fields,
        }
    if status in ConsultationRequest.CLOSED:
        fields = {"closed_at": timezone.now() - datetime.timedelta(days=1), **fields}
    return make_request(status=status, days_ago=5, **fields)


# The button (a POST to its own URL) that moves a request to each status.
BUTTONS: dict[str, Callable[[Client, ConsultationRequest], HttpResponse]] = {
    Status.IN_REVIEW: lambda client, c: client.post(work_url(c, "move/in_review"), follow=True),
    Status.SCHEDULED: lambda client, c: client.post(work_url(c, "schedule"), schedule_data(), follow=True),
    Status.COMPLETED: lambda client, c: client.post(work_url(c, "move/completed"), follow=True),
    Status.DECLINED: lambda client, c: client.post(work_url(c, "decline"), decline_data(REASON), follow=True),
}
SUCCESS = {
    Status.IN_REVIEW: "{reference} is now in review.",
    Status.SCHEDULED: "{reference} is scheduled. The patient is being emailed the calendar invitation.",
    Status.COMPLETED: "{reference} is now completed.",
    Status.DECLINED: "{reference} is declined. The patient is being emailed.",
}


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_an_allowed_move_changes_the_status_and_records_who_when_and_why(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    django_capture_on_commit_callbacks,
    from_status: str,
    to_status: str,
) -> None:
    consultation = in_status(from_status)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = BUTTONS[to_status](coordinator_client, consultation)

    assert response.redirect_chain == [(change_url(consultation), 302)]
    assert admin_messages(response, "success") == [
        SUCCESS[to_status].format(reference=consultation.reference)
    ]
    consultation.refresh_from_db()
    assert consultation.status == to_status
    change = StatusChange.objects.filter(request=consultation).latest("changed_at", "id")
    assert (change.from_status, change.to_status, change.changed_by) == (from_status, to_status, coordinator)
    assert before <= change.changed_at <= timezone.now()
    if to_status == Status.DECLINED:
        assert change.reason == REASON
    elif to_status == Status.SCHEDULED:
        assert change.reason.startswith("Scheduled for ")
    else:
        assert change.reason == ""
    assert StatusChange.objects.filter(request=consultation).count() == 2
    assert AccessLog.objects.filter(request=consultation, action="changed", user=coordinator).exists()


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_a_forbidden_move_says_so_and_changes_nothing(
    coordinator_client: Client,
    django_capture_on_commit_callbacks,
    from_status: str,
    to_status: str,
) -> None:
    consultation = in_status(from_status)
    before = ConsultationRequest.objects.values().get(pk=consultation.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = BUTTONS[to_status](coordinator_client, consultation)

    assert response.redirect_chain == [(change_url(consultation), 302)]
    assert admin_messages(response) == [
        f"A request that is {Status(from_status).label.lower()} cannot be moved to {Status(to_status).label.lower()}."
    ]
    assert admin_messages(response, "error") == admin_messages(response)
    assert ConsultationRequest.objects.values().get(pk=consultation.pk) == before
    assert StatusChange.objects.filter(request=consultation).count() == 1
    assert not AccessLog.objects.filter(action="changed").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", [Status.NEW, Status.DECLINED, Status.WITHDRAWN, Status.SCHEDULED])
@pytest.mark.parametrize("target", ["declined", "withdrawn", "new", "scheduled", "erased"])
def test_the_move_url_only_takes_start_review_and_complete(
    coordinator_client: Client, status: str, target: str
) -> None:
    consultation = in_status(status)

    response = coordinator_client.post(work_url(consultation, f"move/{target}"))

    assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == status
    assert StatusChange.objects.filter(request=consultation).count() == 1


@pytest.mark.parametrize("step", ["claim", "move/in_review", "move/completed", "schedule", "decline"])
def test_a_get_to_a_workflow_url_changes_nothing(coordinator_client: Client, step: str) -> None:
    consultation = in_status(Status.NEW)

    response = coordinator_client.get(work_url(consultation, step))

    assert response.status_code == 403
    consultation.refresh_from_db()
    assert (consultation.status, consultation.assigned_to) == (Status.NEW, None)


def test_a_workflow_url_for_a_missing_request_is_404(coordinator_client: Client) -> None:
    assert (
        coordinator_client.post("/admin/intake/consultationrequest/999999/move/in_review/").status_code == 404
    )


def test_completing_closes_the_request(coordinator_client: Client) -> None:
    consultation = in_status(Status.SCHEDULED)
    before = timezone.now()

    coordinator_client.post(work_url(consultation, "move/completed"))

    consultation.refresh_from_db()
    assert consultation.status == Status.COMPLETED
    assert before <= consultation.closed_at <= timezone.now()
    assert not consultation.is_open


def test_starting_a_review_leaves_the_request_open(coordinator_client: Client) -> None:
    consultation = in_status(Status.NEW)

    coordinator_client.post(work_url(consultation, "move/in_review"))

    consultation.refresh_from_db()
    assert consultation.closed_at is None


# The status field ------------------------------------------------------------------------------------
def test_the_change_form_has_no_status_field(coordinator_client: Client) -> None:
    consultation = in_status(Status.NEW)

    response = coordinator_client.get(change_url(consultation))

    assert "status" not in form_data(response, "consultationrequest_form")
    assert page(response).find("div", cls="field-status_label").find("div", cls="readonly").text == "New"


@pytest.mark.parametrize("client_fixture", ["coordinator_client", "superuser_client"])
def test_posting_a_status_to_the_change_form_does_not_change_it(request, client_fixture: str) -> None:
    client = request.getfixturevalue(client_fixture)
    consultation = in_status(Status.NEW)

    response = save_change_form(client, consultation, {"status": "completed", "closed_at": "2020-01-01"})

    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW
    assert consultation.closed_at is None
    assert StatusChange.objects.filter(request=consultation).count() == 1


# Moves from a stale page, and the queue's own action ------------------------------------------------
def test_a_move_from_a_stale_page_changes_nothing(
    coordinator: AbstractBaseUser, clinician: AbstractBaseUser
) -> None:
    """Two people had the page open; the first moved it, the second's decline must not overwrite that."""
    consultation = in_status(Status.NEW)
    seen_by_second = ConsultationRequest.objects.get(pk=consultation.pk)
    workflow.move(consultation, Status.IN_REVIEW, by=coordinator)

    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.move(seen_by_second, Status.DECLINED, by=clinician, reason="Not a fit.")

    assert str(refused.value) == f"{consultation.reference} is now in review; nothing was changed."
    consultation.refresh_from_db()
    assert consultation.status == Status.IN_REVIEW
    assert list(StatusChange.objects.filter(request=consultation).values_list("to_status", flat=True)) == [
        Status.NEW,
        Status.IN_REVIEW,
    ]


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
