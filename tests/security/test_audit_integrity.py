"""Status history, internal notes and the access log are append-only: in the admin, and on PostgreSQL in the database."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction
from django.test import Client

from intake import workflow
from intake.models import AccessLog, ConsultationRequest, DeclineMessage, Note, StatusChange
from intake.retention import ERASED, erase_personal_data
from tests.support.html import form_data
from tests.support.patients import submit_request
from tests.support.staff import login_verified, make_staff
from tests.support.urls import change_url

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers are PostgreSQL's"
)
AUDIT_TABLES = ["intake_statuschange", "intake_note", "intake_accesslog"]
NOTE = "Called the patient; she will send her latest liver panel."
REASON = "Active opioid prescription after knee surgery."


@pytest.fixture
def superuser() -> AbstractBaseUser:
    return make_staff("root", superuser=True)


@pytest.fixture
def superuser_client(superuser: AbstractBaseUser) -> Client:
    return login_verified(Client(), superuser)


@pytest.fixture
def consultation(superuser: AbstractBaseUser) -> ConsultationRequest:
    """A declined request with a note, its status history and an access log entry."""
    consultation = submit_request()
    Note.objects.create(request=consultation, author=superuser, text=NOTE)
    workflow.decline(consultation, reason=REASON, message=DeclineMessage.objects.first().body, by=superuser)
    AccessLog.record(superuser, AccessLog.Action.VIEWED, consultation)
    return consultation


# --------------------------------------------------------------------------- the admin


@pytest.mark.parametrize("model", [Note, StatusChange])
def test_notes_and_status_history_have_no_admin_pages(superuser_client: Client, model: type) -> None:
    assert not admin.site.is_registered(model)
    for page in ("", "add/", "1/change/", "1/delete/"):
        url = f"/admin/intake/{model._meta.model_name}/{page}"
        assert superuser_client.get(url).status_code == 404, url


def test_the_access_log_cannot_be_changed_even_by_a_superuser(
    superuser_client: Client, consultation: ConsultationRequest
) -> None:
    entry = AccessLog.objects.get(action=AccessLog.Action.VIEWED)
    url = f"/admin/intake/accesslog/{entry.pk}/change/"

    response = superuser_client.post(
        url, {"action": "exported", "detail": "nothing happened", "_save": "Save"}
    )

    assert response.status_code == 403
    assert AccessLog.objects.get(pk=entry.pk).detail == ""
    assert 'name="_save"' not in superuser_client.get(url).content.decode()


def test_the_access_log_cannot_be_deleted_even_by_a_superuser(
    superuser_client: Client, consultation: ConsultationRequest
) -> None:
    entry = AccessLog.objects.get(action=AccessLog.Action.VIEWED)
    url = f"/admin/intake/accesslog/{entry.pk}/delete/"

    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    superuser_client.post(
        "/admin/intake/accesslog/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_the_access_log_cannot_be_written_by_hand(superuser_client: Client) -> None:
    assert superuser_client.get("/admin/intake/accesslog/add/").status_code == 403


def test_saved_notes_show_read_only_on_the_request_page(
    superuser_client: Client, consultation: ConsultationRequest
) -> None:
    response = superuser_client.get(change_url(consultation))

    assert NOTE in response.content.decode()
    # The only form about notes adds a new one: no field holds a saved note.
    assert set(form_data(response, "note-form")) == {"csrfmiddlewaretoken", "text"}
    assert form_data(response, "note-form")["text"] == [""]


def test_a_forged_edit_of_a_saved_note_or_status_reason_changes_nothing(
    superuser_client: Client, consultation: ConsultationRequest
) -> None:
    note = Note.objects.get()
    decline = StatusChange.objects.get(to_status=ConsultationRequest.Status.DECLINED)
    history = list(StatusChange.objects.values_list("pk", "reason"))
    forged = {
        "notes-0-id": str(note.pk),
        "notes-0-request": str(consultation.pk),
        "notes-0-text": "Nothing to see here.",
        "notes-0-DELETE": "on",
        "status_changes-0-id": str(decline.pk),
        "status_changes-0-reason": "",
        "_save": "Save",
    }

    response = superuser_client.post(change_url(consultation), forged)

    assert response.status_code == 405
    assert Note.objects.get().text == NOTE
    assert list(StatusChange.objects.values_list("pk", "reason")) == history


# --------------------------------------------------------------------------- PostgreSQL triggers


def assert_refused(sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="audit records are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def row_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - one of AUDIT_TABLES
        return cursor.fetchone()[0]


@pytest.mark.checks_trigger_message
@pytest.mark.postgres
@needs_postgresql
@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.usefixtures("consultation")
def test_raw_sql_cannot_update_audit_rows(table: str) -> None:
    assert_refused(f"UPDATE {table} SET id = id")  # noqa: S608


@pytest.mark.checks_trigger_message
@pytest.mark.postgres
@needs_postgresql
@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.usefixtures("consultation")
def test_raw_sql_cannot_delete_audit_rows(table: str) -> None:
    before = row_count(table)

    assert_refused(f"DELETE FROM {table}")  # noqa: S608

    assert row_count(table) == before > 0


@pytest.mark.checks_trigger_message
@pytest.mark.postgres
@needs_postgresql
def test_a_request_with_a_history_cannot_be_deleted_through_the_orm(
    consultation: ConsultationRequest,
) -> None:
    """Deleting the request would cascade to its notes and history, which the database refuses."""
    with pytest.raises(DatabaseError, match="audit records are append-only"), transaction.atomic():
        ConsultationRequest.objects.filter(pk=consultation.pk).delete()

    assert ConsultationRequest.objects.filter(pk=consultation.pk).exists()


@pytest.mark.erases_personal_data
@pytest.mark.postgres
@needs_postgresql
def test_the_retention_purge_may_erase_note_text_and_decline_reasons(
    consultation: ConsultationRequest, superuser: AbstractBaseUser
) -> None:
    erase_personal_data(consultation)

    assert list(Note.objects.values_list("text", flat=True)) == [ERASED]
    assert list(StatusChange.objects.exclude(reason="").values_list("reason", flat=True)) == [ERASED]


@pytest.mark.erases_personal_data
@pytest.mark.postgres
@needs_postgresql
def test_the_purges_permission_ends_with_the_purge(
    consultation: ConsultationRequest, superuser: AbstractBaseUser
) -> None:
    """Even inside a caller's transaction (here the test's), the exemption covers the erasure only."""
    erase_personal_data(consultation)

    assert_refused("UPDATE intake_note SET text = 'rewritten'")
    assert_refused("DELETE FROM intake_accesslog")
