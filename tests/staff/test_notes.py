"""Internal notes: added from the request page, stamped by the server, never edited or deleted."""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import formats, timezone

from intake.models import AccessLog, ConsultationRequest, Note
from tests.support.html import admin_messages, form_data, page
from tests.support.patients import make_request
from tests.support.urls import change_url, work_url

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
    """The timeline, where notes stand among the request's history."""
    response = client.get(change_url(consultation))
    return response, page(response).find(id="timeline")


def test_a_note_is_added_from_the_request_page_with_the_author_and_time_set_by_the_server(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    other_coordinator: AbstractBaseUser,
    consultation: ConsultationRequest,
) -> None:
    before = timezone.now()
    form = form_data(coordinator_client.get(change_url(consultation)), "note-form")

    response = coordinator_client.post(
        work_url(consultation, "note"),
        {
            **form,
            "text": "Called the patient; she prefers mornings.",
            "author": str(other_coordinator.pk),
            "created_at": "2001-01-01 09:00:00",
        },
        follow=True,
    )

    assert admin_messages(response, "success") == [f"Your note on {consultation.reference} is saved."]
    note = Note.objects.get(request=consultation)
    assert note.text == "Called the patient; she prefers mornings."
    assert note.author == coordinator
    assert before <= note.created_at <= timezone.now()
    log = AccessLog.objects.get(action="changed")
    assert (log.user, log.request, log.detail) == (coordinator, consultation, "Added a note")


def test_an_empty_note_is_refused_with_a_message_and_adds_nothing(
    coordinator_client: Client, consultation: ConsultationRequest
) -> None:
    response = coordinator_client.post(work_url(consultation, "note"), {"text": "  "})

    assert response.status_code == 400
    assert "Write the note first." in page(response).find(id="content").text
    assert not Note.objects.exists()
    assert not AccessLog.objects.filter(action="changed").exists()


def test_existing_notes_are_shown_read_only_with_author_and_time(
    coordinator_client: Client, consultation: ConsultationRequest, existing_note: Note
) -> None:
    response, section = notes_section(coordinator_client, consultation)

    note = section.find("li", cls="wt-entry-note")
    assert note.text == (
        f"{formats.date_format(timezone.localtime(LONG_AGO), 'DATETIME_FORMAT')} · Note · robin Left a voicemail on Monday."
    )
    assert "open" not in section.find("details", cls="wt-add-note").attrs  # the form only when adding
    assert [name for name in form_data(response, "note-form")] == ["csrfmiddlewaretoken", "text"]
    assert "Delete" not in section.text


def test_a_new_note_is_added_alongside_the_existing_ones(
    coordinator_client: Client, consultation: ConsultationRequest, existing_note: Note
) -> None:
    coordinator_client.post(work_url(consultation, "note"), {"text": "Booked for Tuesday."})

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


@pytest.mark.checks_trigger_message
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_the_database_refuses_to_edit_or_delete_a_note(existing_note: Note) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Note.objects.filter(pk=existing_note.pk).update(text="Rewritten.")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Note.objects.filter(pk=existing_note.pk).delete()

    existing_note.refresh_from_db()
    assert existing_note.text == "Left a voicemail on Monday."
