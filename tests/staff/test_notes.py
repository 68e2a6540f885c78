"""Internal notes: added from the request page, stamped by the server, never edited or deleted."""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import formats, timezone

from intake.models import AccessLog, ConsultationRequest, Note
from tests.staff.factories import change_url, make_request
from tests.staff.pages import admin_messages, form_data, page, save_change_form

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=3)


@pytest.fixture
def consultation() -> ConsultationRequest:
    return make_request()


@pytest.fixture
def existing_note(consultation: ConsultationRequest, other_coordinator: AbstractBaseUser) -> Note:
    return Note.objects.create(
        request=consultation,
        author=other_coordinator,
        created_at=LONG_AGO,
        text="Left a voicemail on Monday.",
    )


def notes_section(client: Client, consultation: ConsultationRequest):
    response = client.get(change_url(consultation))
    return response, page(response).find(id="notes-group")


def test_a_note_is_added_from_the_request_page_with_the_author_and_time_set_by_the_server(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    other_coordinator: AbstractBaseUser,
    consultation: ConsultationRequest,
) -> None:
    before = timezone.now()

    response = save_change_form(
        coordinator_client,
        consultation,
        {
            "notes-0-text": "Called the patient; she prefers mornings.",
            "notes-0-author": str(other_coordinator.pk),
            "notes-0-created_at": "2001-01-01 09:00:00",
            "notes-0-created_at_0": "2001-01-01",
            "notes-0-created_at_1": "09:00:00",
        },
    )

    assert response.status_code == 302
    note = Note.objects.get(request=consultation)
    assert note.text == "Called the patient; she prefers mornings."
    assert note.author == coordinator
    assert before <= note.created_at <= timezone.now()
    log = AccessLog.objects.get(action="changed")
    assert (log.user, log.request, log.detail) == (coordinator, consultation, "Added a note")


def test_saving_with_an_empty_note_adds_nothing(
    coordinator_client: Client, consultation: ConsultationRequest
) -> None:
    response = save_change_form(coordinator_client, consultation, {"notes-0-text": ""})

    assert response.status_code == 302
    assert not Note.objects.exists()
    assert not AccessLog.objects.filter(action="changed").exists()


def test_existing_notes_are_shown_read_only_with_author_and_time(
    coordinator_client: Client, consultation: ConsultationRequest, existing_note: Note
) -> None:
    response, section = notes_section(coordinator_client, consultation)

    first = section.find(id="notes-0")
    assert [cell.text for cell in first.find_all("div", cls="readonly")] == [
        "Left a voicemail on Monday.",
        "robin",
        formats.date_format(timezone.localtime(LONG_AGO), "DATETIME_FORMAT"),
    ]
    assert first.find_all("textarea") == []
    assert "notes-0-text" not in form_data(response, "consultationrequest_form")
    assert "notes-1-text" in form_data(response, "consultationrequest_form")
    assert "Delete" not in section.text


def test_a_forged_post_cannot_edit_an_existing_note(
    coordinator_client: Client, consultation: ConsultationRequest, existing_note: Note, other_coordinator
) -> None:
    response = save_change_form(
        coordinator_client,
        consultation,
        {"notes-0-id": str(existing_note.pk), "notes-0-text": "Patient never called back."},
    )

    assert response.status_code == 302
    existing_note.refresh_from_db()
    assert existing_note.text == "Left a voicemail on Monday."
    assert (existing_note.author, existing_note.created_at) == (other_coordinator, LONG_AGO)
    assert Note.objects.count() == 1


def test_a_forged_post_cannot_delete_an_existing_note(
    coordinator_client: Client, consultation: ConsultationRequest, existing_note: Note
) -> None:
    save_change_form(
        coordinator_client, consultation, {"notes-0-id": str(existing_note.pk), "notes-0-DELETE": "on"}
    )

    assert Note.objects.filter(pk=existing_note.pk).exists()


def test_a_new_note_is_added_alongside_the_existing_ones(
    coordinator_client: Client, consultation: ConsultationRequest, existing_note: Note
) -> None:
    response = save_change_form(coordinator_client, consultation, {"notes-1-text": "Booked for Tuesday."})

    assert admin_messages(coordinator_client.get(response["Location"]), "success") == [
        f"The consultation request “{consultation.reference}” was changed successfully."
    ]
    assert list(Note.objects.filter(request=consultation).values_list("text", flat=True)) == [
        "Left a voicemail on Monday.",
        "Booked for Tuesday.",
    ]


@pytest.mark.parametrize(
    "url", ["/admin/intake/note/", "/admin/intake/note/add/", "/admin/intake/note/1/change/"]
)
def test_there_is_no_admin_page_for_notes(superuser_client: Client, existing_note: Note, url: str) -> None:
    assert superuser_client.get(url).status_code == 404
    assert superuser_client.get(f"/admin/intake/note/{existing_note.pk}/delete/").status_code == 404


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_the_database_refuses_to_edit_or_delete_a_note(existing_note: Note) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Note.objects.filter(pk=existing_note.pk).update(text="Rewritten.")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Note.objects.filter(pk=existing_note.pk).delete()

    existing_note.refresh_from_db()
    assert existing_note.text == "Left a voicemail on Monday."
