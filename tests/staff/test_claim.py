"""Claiming a request ("Assign to me"): safe when two people click at once."""

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client

from intake import workflow
from intake.models import AccessLog, ConsultationRequest
from intake.roles import COORDINATORS
from tests.support.html import admin_messages, page
from tests.support.patients import make_request
from tests.support.staff import login_verified, make_staff
from tests.support.urls import CHANGELIST, work_url

Status = ConsultationRequest.Status
only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (SQLite serialises every write)"
)


# One person at a time ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_assign_to_me_assigns_an_unassigned_request(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request()

    response = coordinator_client.post(work_url(consultation, "claim"), follow=True)

    assert admin_messages(response, "success") == [f"{consultation.reference} is now assigned to you."]
    consultation.refresh_from_db()
    assert consultation.assigned_to == coordinator
    assert "Assigned to casey" in page(response).find(id="request-header").text
    assert "Assign to me" not in page(response).find(id="work").text
    log = AccessLog.objects.get(action="changed")
    assert (log.user, log.request, log.detail) == (coordinator, consultation, "Assigned to themselves")


@pytest.mark.django_db
def test_assign_to_me_on_your_own_request_says_it_already_was(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request(assigned_to=coordinator)

    response = coordinator_client.post(work_url(consultation, "claim"), follow=True)

    assert admin_messages(response, "info") == [f"{consultation.reference} was already assigned to you."]
    assert not AccessLog.objects.filter(action="changed").exists()


@pytest.mark.django_db
def test_assign_to_me_on_someone_elses_request_names_them_and_changes_nothing(
    coordinator_client: Client, other_coordinator: AbstractBaseUser
) -> None:
    consultation = make_request(assigned_to=other_coordinator)

    response = coordinator_client.post(work_url(consultation, "claim"), follow=True)

    assert admin_messages(response, "error") == [f"{consultation.reference} is already assigned to robin."]
    consultation.refresh_from_db()
    assert consultation.assigned_to == other_coordinator
    assert not AccessLog.objects.filter(action="changed").exists()


@pytest.mark.django_db
def test_the_assign_action_claims_each_selected_request_it_can(
    coordinator_client: Client, coordinator: AbstractBaseUser, other_coordinator: AbstractBaseUser
) -> None:
    free = make_request(days_ago=2)
    taken = make_request(days_ago=1, assigned_to=other_coordinator)

    response = coordinator_client.post(
        CHANGELIST,
        {"action": "claim_selected", "_selected_action": [free.pk, taken.pk], "index": "0"},
        follow=True,
    )

    assert admin_messages(response) == [
        f"{free.reference} is now assigned to you.",
        f"{taken.reference} is already assigned to robin.",
    ]
    free.refresh_from_db()
    taken.refresh_from_db()
    assert (free.assigned_to, taken.assigned_to) == (coordinator, other_coordinator)


# Two people at the same moment (PostgreSQL) -----------------------------------------------------
def at_the_same_moment(*attempts: Callable[[], object]) -> list[object]:
    """Run each attempt in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(attempts))
    results: list[object] = [None] * len(attempts)

    def run(index: int, attempt: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = attempt()
        except Exception as error:  # the outcome, a result or an exception, is what the test checks
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, attempt)) for index, attempt in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_claims_have_exactly_one_winner() -> None:
    casey, robin = make_staff("casey", COORDINATORS), make_staff("robin", COORDINATORS)
    for _ in range(10):  # A race that is won by luck once would be lost by luck in ten tries.
        consultation = make_request()
        seen_by_casey = ConsultationRequest.objects.get(pk=consultation.pk)
        seen_by_robin = ConsultationRequest.objects.get(pk=consultation.pk)

        results = at_the_same_moment(
            lambda: workflow.claim(seen_by_casey, casey),  # noqa: B023 - called before the loop moves on
            lambda: workflow.claim(seen_by_robin, robin),  # noqa: B023
        )

        consultation.refresh_from_db()
        winner = consultation.assigned_to
        assert winner in (casey, robin)
        assert results.count(f"{consultation.reference} is now assigned to you.") == 1, results
        (loser_result,) = [result for result in results if isinstance(result, Exception)]
        assert isinstance(loser_result, workflow.Refused), loser_result
        assert str(loser_result) == f"{consultation.reference} is already assigned to {winner.username}."


@pytest.mark.postgres
@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_clicks_on_assign_to_me_tell_the_loser_who_won() -> None:
    casey, robin = make_staff("casey", COORDINATORS), make_staff("robin", COORDINATORS)
    browsers = {"casey": login_verified(Client(), casey), "robin": login_verified(Client(), robin)}
    consultation = make_request()
    url = work_url(consultation, "claim")

    casey_page, robin_page = at_the_same_moment(
        lambda: browsers["casey"].post(url, follow=True),
        lambda: browsers["robin"].post(url, follow=True),
    )

    consultation.refresh_from_db()
    winner = consultation.assigned_to.username
    loser = "robin" if winner == "casey" else "casey"
    pages = {"casey": casey_page, "robin": robin_page}
    assert admin_messages(pages[winner]) == [f"{consultation.reference} is now assigned to you."]
    assert admin_messages(pages[loser]) == [f"{consultation.reference} is already assigned to {winner}."]
    assert list(AccessLog.objects.filter(action="changed").values_list("user__username", flat=True)) == [
        winner
    ]
