"""Declining: an internal reason for the record, a kind message for the patient, and the request closed."""

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.test import Client
from django.utils import timezone

from intake.models import AccessLog, ConsultationRequest, DeclineMessage, StatusChange
from tests.support.html import admin_messages, form_data, page
from tests.support.patients import make_request
from tests.support.staff import decline_choice_data, decline_data
from tests.support.urls import change_url, work_url

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
REASON = "Takes tramadol daily for back pain; opioid use rules LDN out for now."


@pytest.fixture
def in_review() -> ConsultationRequest:
    return make_request(status=Status.IN_REVIEW, email="marta@example.com", first_name="Marta")


def decline(
    client: Client, consultation: ConsultationRequest, data: dict, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(work_url(consultation, "decline"), data, follow=True)


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_an_internal_reason(
    coordinator_client: Client,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
    reason: str,
) -> None:
    response = decline(
        coordinator_client, in_review, decline_data(reason=reason), django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    content = page(response).find(id="content")
    assert content.find(cls="errorlist").text == "A reason is required to decline a request."
    assert "Please correct the errors below. Nothing has changed yet." in content.text
    in_review.refresh_from_db()
    assert (in_review.status, in_review.closed_at, in_review.decline_message) == (Status.IN_REVIEW, None, "")
    assert StatusChange.objects.filter(request=in_review).count() == 1
    assert mail.outbox == []


def test_the_form_keeps_the_chosen_message_when_sent_back(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    chosen = DeclineMessage.objects.get(title="We could not reach you")

    response = decline(
        coordinator_client,
        in_review,
        decline_choice_data(reason="", message=chosen),
        django_capture_on_commit_callbacks,
    )

    assert form_data(response)["message"] == [str(chosen.pk)]


def test_choosing_a_message_shows_its_text_to_read_and_edit_before_anything_is_sent(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    chosen = DeclineMessage.objects.get(title="Not a safe fit right now")

    response = decline(
        coordinator_client,
        in_review,
        decline_choice_data(reason=REASON, message=chosen),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 200
    step = page(response).find(id="step")
    assert "Nothing has been sent yet." in step.text
    assert form_data(response) | {"csrfmiddlewaretoken": []} == {
        "csrfmiddlewaretoken": [],
        "reason": [REASON],
        "text": [chosen.body],
        "send": ["1"],
    }
    assert step.find("button").text == "Decline and email this message"
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert mail.outbox == []


def test_no_message_is_chosen_for_the_person(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    response = decline(
        coordinator_client, in_review, {"reason": REASON, "message": ""}, django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert page(response).find(cls="errorlist").text == "Choose the message the patient will receive."


def test_it_declines_with_a_reason_and_sends_the_chosen_kind_message(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    chosen = DeclineMessage.objects.get(title="Not a safe fit right now")
    before = timezone.now()

    response = decline(
        coordinator_client,
        in_review,
        decline_data(reason=REASON, message=chosen),
        django_capture_on_commit_callbacks,
    )

    assert response.redirect_chain == [(change_url(in_review), 302)]
    assert admin_messages(response, "success") == [
        f"{in_review.reference} is declined. The patient is being emailed."
    ]
    in_review.refresh_from_db()
    assert in_review.status == Status.DECLINED
    assert before <= in_review.closed_at <= timezone.now()
    assert in_review.decline_message == chosen.body
    change = StatusChange.objects.filter(request=in_review).latest("id")
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        Status.IN_REVIEW,
        Status.DECLINED,
        coordinator,
        REASON,
    )
    assert AccessLog.objects.filter(request=in_review, action="changed", detail="Declined").count() == 1


def test_the_patients_email_has_the_kind_message_and_not_the_reason(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    chosen = DeclineMessage.objects.get(title="Not a safe fit right now")

    decline(
        coordinator_client,
        in_review,
        decline_data(reason=REASON, message=chosen),
        django_capture_on_commit_callbacks,
    )

    [message] = mail.outbox
    assert message.to == ["marta@example.com"]
    assert message.subject == f"About your consultation request {in_review.reference}"
    assert chosen.body in message.body
    assert message.body.startswith("Hello Marta,\n\n")
    for internal in [REASON, "tramadol", "opioid"]:
        assert internal.lower() not in message.body.lower(), internal
        assert internal.lower() not in message.subject.lower(), internal
    assert message.attachments == []


def test_the_patients_status_page_says_it_was_declined_without_the_reason(
    client: Client,
    coordinator_client: Client,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    decline(coordinator_client, in_review, decline_data(reason=REASON), django_capture_on_commit_callbacks)

    text = page(client.get(in_review.get_status_url())).text

    assert "Status: Declined" in text
    assert "tramadol" not in text.lower()


def test_an_edited_message_is_sent_as_edited(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    chosen = DeclineMessage.objects.create(
        title="Needs a rheumatologist first", body="Please see a rheumatologist before we talk about LDN."
    )

    decline(
        coordinator_client,
        in_review,
        decline_data(
            reason=REASON, message=chosen, text=chosen.body + " Dr. Okafor can suggest one in your area."
        ),
        django_capture_on_commit_callbacks,
    )

    assert (
        "Please see a rheumatologist before we talk about LDN. Dr. Okafor can suggest one in your area."
        in mail.outbox[0].body
    )


def test_an_inactive_message_cannot_be_chosen(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    retired = DeclineMessage.objects.create(title="Old wording", body="Old.", active=False)

    response = decline(
        coordinator_client,
        in_review,
        decline_choice_data(reason=REASON, message=retired),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 400
    assert (
        page(response).find(cls="errorlist").text
        == "Select a valid choice. That choice is not one of the available choices."
    )
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert mail.outbox == []


def test_the_decline_form_lists_the_active_messages_and_hides_the_reason_from_the_patient(
    coordinator_client: Client, in_review: ConsultationRequest
) -> None:
    DeclineMessage.objects.create(title="Old wording", body="Old.", active=False)

    box = page(coordinator_client.get(change_url(in_review))).find(id="decline")

    assert box.find("h2").text == "Decline the request"
    assert "open" not in box.find("details").attrs  # behind its own button, not open on every request
    options = box.find("select").find_all("option")
    assert [option.text for option in options] == [
        "Choose a message…",
        "Not a safe fit right now",
        "Outside the states we serve",
        "We could not reach you",
    ]
    assert [option.attrs for option in options if "selected" in option.attrs] == [
        {"value": "", "selected": ""}
    ]
    assert "For the team and the record; the patient does not see it." in box.text
    assert box.find("button").text == "See the message before sending"


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN])
def test_a_closed_request_offers_no_decline(coordinator_client: Client, status: str) -> None:
    closed = make_request(status=status)

    assert page(coordinator_client.get(change_url(closed))).find_all(id="decline") == []
