"""The one declaration of a request's answers: every field classified, every question shown, exported, erased."""

import pytest
from django.test import Client

from intake import answers
from intake.forms import ConsultationForm
from intake.models import ConsultationRequest
from tests.support.html import page
from tests.support.patients import submit_request
from tests.support.urls import change_url

pytestmark = pytest.mark.django_db


def test_every_field_of_a_request_is_classified() -> None:
    """A new field fails this until it says what it holds (and so whether the purge erases it)."""
    fields = {field.name for field in ConsultationRequest._meta.concrete_fields}

    assert fields == set(answers.FIELD_KINDS)


def test_every_question_on_the_form_is_a_declared_answer_and_the_reverse() -> None:
    asked = {name for name in ConsultationForm.base_fields if not name.startswith("consent_")}

    assert asked - {"submission_token", "website"} == set(answers.QUESTIONS)


def test_only_the_requests_own_life_is_kept_after_erasure() -> None:
    kept = {name for name, kind in answers.FIELD_KINDS.items() if kind not in answers.ERASED_KINDS}

    assert kept == {
        "id", "reference", "submission_token", "status", "created_at", "updated_at", "respond_by", "language", "assigned_to",
        "scheduled_at", "consultation_type", "schedule_sequence", "assessed_by", "assessed_at",
        "withdrawn_at", "deletion_requested", "closed_at", "personal_data_erased_at",
    }  # fmt: skip


def test_the_request_page_shows_every_answer_in_its_section(coordinator_client: Client) -> None:
    consultation = submit_request()

    root = page(coordinator_client.get(change_url(consultation)))

    for section in answers.SECTIONS:
        if section.key == "medicines":
            continue
        shown = [term.text for term in root.find(id=f"answers-{section.key}").find_all("dt")]
        assert shown == [question.staff_label for question in section.questions], section.key
