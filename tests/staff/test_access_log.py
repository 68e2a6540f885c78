"""The access log: every look at, change to and export of a request; read by superusers, edited by nobody."""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone

from intake.models import AccessLog, ConsultationRequest
from tests.support.html import page, queue_rows
from tests.support.patients import make_request
from tests.support.staff import login_verified
from tests.support.urls import CHANGELIST, change_url, work_url

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
ACCESS_LOG = "/admin/intake/accesslog/"


def log_rows() -> list[tuple[str, str, str, str]]:
    return list(
        AccessLog.objects.order_by("id").values_list("user__username", "reference", "action", "detail")
    )


def test_opening_a_request_writes_a_viewed_row(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request()
    before = timezone.now()

    coordinator_client.get(change_url(consultation))

    row = AccessLog.objects.get()
    assert (row.user, row.request, row.reference, row.action) == (
        coordinator,
        consultation,
        consultation.reference,
        "viewed",
    )
    assert before <= row.at <= timezone.now()


def test_each_opening_is_its_own_row(coordinator_client: Client, clinician_client: Client) -> None:
    consultation = make_request()

    coordinator_client.get(change_url(consultation))
    clinician_client.get(change_url(consultation))
    coordinator_client.get(change_url(consultation))

    assert [row[:3] for row in log_rows()] == [
        ("casey", consultation.reference, "viewed"),
        ("dr_okafor", consultation.reference, "viewed"),
        ("casey", consultation.reference, "viewed"),
    ]


def test_the_queue_itself_writes_no_row(coordinator_client: Client) -> None:
    make_request()

    coordinator_client.get(CHANGELIST)

    assert log_rows() == []


def test_a_refused_look_writes_no_row(content_editor: AbstractBaseUser) -> None:
    consultation = make_request()

    login_verified(Client(), content_editor).get(change_url(consultation))

    assert log_rows() == []


def test_changing_the_assignee_writes_a_changed_row(
    coordinator_client: Client, other_coordinator: AbstractBaseUser
) -> None:
    consultation = make_request()

    coordinator_client.post(work_url(consultation, "assign"), {"assigned_to": str(other_coordinator.pk)})

    consultation.refresh_from_db()
    assert consultation.assigned_to == other_coordinator
    assert log_rows() == [("casey", consultation.reference, "changed", "Assigned to robin")]


def test_adding_a_note_writes_a_changed_row(coordinator_client: Client) -> None:
    consultation = make_request()

    coordinator_client.post(work_url(consultation, "note"), {"text": "Spoke to the patient."})

    assert log_rows()[-1] == ("casey", consultation.reference, "changed", "Added a note")


def test_assigning_to_whoever_has_it_already_writes_no_changed_row(
    coordinator_client: Client, coordinator: AbstractBaseUser
) -> None:
    consultation = make_request(assigned_to=coordinator)

    coordinator_client.post(work_url(consultation, "assign"), {"assigned_to": str(coordinator.pk)})

    assert log_rows() == []


def test_a_status_move_writes_a_changed_row(coordinator_client: Client) -> None:
    consultation = make_request()

    coordinator_client.post(work_url(consultation, "review"))

    assert log_rows() == [("casey", consultation.reference, "changed", "Status New → In review")]


def test_an_export_is_one_entry_with_its_row_count_and_references(coordinator_client: Client) -> None:
    first, second = make_request(days_ago=2), make_request(days_ago=1)
    make_request()

    coordinator_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [first.pk, second.pk], "index": "0"}
    )

    assert log_rows() == [
        ("casey", "", "exported", f"CSV export of 2 requests: {first.reference}, {second.reference}"),
    ]


def test_printing_a_summary_and_downloading_an_invitation_are_logged(coordinator_client: Client) -> None:
    consultation = make_request(status="scheduled", scheduled_at=timezone.now() + datetime.timedelta(days=3))

    printed = coordinator_client.get(work_url(consultation, "print"))
    invitation = coordinator_client.get(work_url(consultation, "invitation"))

    assert printed.status_code == invitation.status_code == 200
    assert invitation["Content-Disposition"] == f'attachment; filename="{consultation.reference}.ics"'
    assert b"BEGIN:VEVENT" in invitation.content
    assert log_rows() == [
        ("casey", consultation.reference, "printed", "Opened the printable summary"),
        ("casey", consultation.reference, "viewed", "Downloaded the calendar invitation"),
    ]


# Reading the log ----------------------------------------------------------------------------------
def test_superusers_read_the_log(superuser_client: Client, coordinator_client: Client) -> None:
    consultation = make_request()
    coordinator_client.get(change_url(consultation))

    response = superuser_client.get(ACCESS_LOG)

    assert response.status_code == 200
    [row] = queue_rows(response)
    assert (row["User"], row["Action"], row["Reference"]) == ("casey", "Viewed", consultation.reference)


def test_superusers_find_a_requests_rows_by_reference(
    superuser_client: Client, coordinator_client: Client
) -> None:
    looked_at, other = make_request(), make_request()
    coordinator_client.get(change_url(looked_at))
    coordinator_client.get(change_url(other))

    response = superuser_client.get(ACCESS_LOG, {"q": looked_at.reference})

    assert [row["Reference"] for row in queue_rows(response)] == [looked_at.reference]


@pytest.mark.parametrize("client_fixture", ["coordinator_client", "clinician_client"])
def test_the_working_groups_cannot_read_the_log(request, client_fixture: str) -> None:
    client = request.getfixturevalue(client_fixture)
    AccessLog.record(None, AccessLog.Action.VIEWED, make_request())

    assert client.get(ACCESS_LOG).status_code == 403
    assert client.get(f"{ACCESS_LOG}{AccessLog.objects.get().pk}/change/").status_code == 403
    assert "Access logs" not in page(client.get("/admin/")).text


def test_nobody_can_add_a_row(superuser_client: Client) -> None:
    response = superuser_client.get(ACCESS_LOG)

    assert page(response).find(id="content").find_all("a", cls="addlink") == []
    assert "Add access log" not in page(response).text
    assert superuser_client.get(f"{ACCESS_LOG}add/").status_code == 403
    assert (
        superuser_client.post(
            f"{ACCESS_LOG}add/", {"reference": "WT-FAKE-FAKE", "action": "viewed"}
        ).status_code
        == 403
    )
    assert not AccessLog.objects.exists()


def test_nobody_can_change_a_row(superuser_client: Client, coordinator: AbstractBaseUser) -> None:
    consultation = make_request()
    AccessLog.record(coordinator, AccessLog.Action.VIEWED, consultation)
    row = AccessLog.objects.get()

    shown = superuser_client.get(f"{ACCESS_LOG}{row.pk}/change/")
    posted = superuser_client.post(
        f"{ACCESS_LOG}{row.pk}/change/", {"reference": "WT-FAKE-FAKE", "action": "exported", "detail": "x"}
    )

    assert page(shown).find_all("input", cls="default") == []  # read-only: no Save button
    assert posted.status_code == 403
    row.refresh_from_db()
    assert (row.reference, row.action, row.detail) == (consultation.reference, "viewed", "")


def test_nobody_can_delete_a_row(superuser_client: Client) -> None:
    AccessLog.record(None, AccessLog.Action.VIEWED, make_request())
    row = AccessLog.objects.get()

    assert superuser_client.get(f"{ACCESS_LOG}{row.pk}/delete/").status_code == 403
    assert superuser_client.post(f"{ACCESS_LOG}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = superuser_client.post(
        ACCESS_LOG, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert AccessLog.objects.filter(pk=row.pk).exists()
    assert "delete_selected" not in superuser_client.get(ACCESS_LOG).content.decode()


def test_the_request_has_no_admin_history_page(coordinator_client: Client) -> None:
    consultation = make_request()

    assert coordinator_client.get(f"{CHANGELIST}{consultation.pk}/history/").status_code == 403
