"""Staff see emails that were not delivered (admin index, the request's emails) and can retry them."""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.template import engines
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from intake import outbox
from intake.models import ConsultationRequest, OutgoingEmail
from intake.roles import CONTENT_EDITORS, COORDINATORS
from tests.support.html import admin_messages, page
from tests.support.patients import submit_request
from tests.support.staff import login_verified, make_staff
from tests.support.urls import change_url

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/intake/outgoingemail/"


@pytest.fixture
def stuck(client: Client, settings: Settings) -> ConsultationRequest:
    """A request whose two emails have failed for two hours (no worker has sent them)."""
    settings.EMAIL_DELIVERY = "worker"
    consultation = submit_request(client)
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    consultation.emails.update(send_after=two_hours_ago, attempts=7, last_error="SMTPServerDisconnected")
    return consultation


def notice(client: Client) -> str | None:
    try:
        return page(client.get("/admin/")).find(id="undelivered-emails").text
    except LookupError:
        return None


def test_the_admin_index_says_how_many_emails_are_not_delivered_and_since_when(
    coordinator_client: Client, stuck: ConsultationRequest
) -> None:
    assert notice(coordinator_client) == (
        "Emails not delivered 2 emails not delivered — oldest 2 hours ago. See them and retry"
    )
    link = page(coordinator_client.get("/admin/")).find(id="undelivered-emails").find("a")
    assert link.attrs["href"] == f"{CHANGELIST}?delivery=undelivered"


def test_the_notice_counts_in_one_query(
    coordinator_client: Client, stuck: ConsultationRequest, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    from intake.templatetags.outbox_tags import undelivered_emails_notice

    request = RequestFactory().get("/admin/")
    request.user = make_staff("counter", COORDINATORS)
    request.user.has_perm("intake.view_outgoingemail")  # permissions cached, as during a page
    with django_assert_num_queries(1):
        undelivered_emails_notice({"request": request})


def test_just_queued_and_sent_emails_are_not_called_undelivered(
    coordinator_client: Client, client: Client, settings: Settings
) -> None:
    settings.EMAIL_DELIVERY = "worker"
    submit_request(client)

    assert notice(coordinator_client) is None


def test_content_editors_see_no_email_notice(client: Client, stuck: ConsultationRequest) -> None:
    editor = login_verified(Client(), make_staff("eddie", CONTENT_EDITORS))

    assert notice(editor) is None
    assert editor.get(CHANGELIST).status_code == 403


def test_the_undelivered_list_shows_reference_kind_and_problem_never_content(
    coordinator_client: Client, stuck: ConsultationRequest
) -> None:
    response = coordinator_client.get(f"{CHANGELIST}?delivery=undelivered")

    text = page(response).text
    assert stuck.reference in text
    assert "Confirmation to the patient" in text and "New request, to staff" in text
    assert "SMTPServerDisconnected" in text
    for private in [stuck.email, stuck.first_name, stuck.last_name]:
        assert private not in response.content.decode()


def test_retry_action_sends_them_once_the_mail_server_is_back(
    coordinator_client: Client, stuck: ConsultationRequest
) -> None:
    ids = [str(pk) for pk in stuck.emails.values_list("pk", flat=True)]

    response = coordinator_client.post(
        CHANGELIST, {"action": "retry_selected", "_selected_action": ids}, follow=True
    )

    assert admin_messages(response) == ["2 email(s) will be sent again within seconds."]
    assert outbox.deliver_next("worker") and outbox.deliver_next("worker")
    assert sorted(message.subject for message in mail.outbox) == [
        f"New consultation request {stuck.reference}",
        f"We received your consultation request {stuck.reference}",
    ]
    assert notice(coordinator_client) is None


def render_request_emails(user: AbstractBaseUser, consultation: ConsultationRequest) -> str:
    request = RequestFactory().get(change_url(consultation))
    request.user = user
    template = engines["django"].from_string('{% include "admin/intake/includes/_request_emails.html" %}')
    return template.render({"original": consultation, "csrf_token": "token"}, request)


def test_the_request_page_include_lists_its_emails_with_retry_now(
    coordinator: AbstractBaseUser, stuck: ConsultationRequest
) -> None:
    html = render_request_emails(coordinator, stuck)

    rows = page(type("Response", (), {"content": html.encode()})()).find(id="emails").find_all("tr")
    assert [row.text for row in rows[1:]] == [
        "Confirmation to the patient English Not delivered · Waiting to be sent 7 SMTPServerDisconnected — Retry now",
        "New request, to staff English Not delivered · Waiting to be sent 7 SMTPServerDisconnected — Retry now",
    ]
    confirmation = stuck.emails.get(kind="patient_confirmation")
    assert f'action="/admin/intake/outgoingemail/{confirmation.pk}/retry/"' in html


def test_retry_now_on_the_request_page_goes_back_to_the_request(
    coordinator_client: Client, stuck: ConsultationRequest
) -> None:
    confirmation = stuck.emails.get(kind="patient_confirmation")

    response = coordinator_client.post(
        f"{CHANGELIST}{confirmation.pk}/retry/", {"next": change_url(stuck)}, follow=False
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(stuck)
    confirmation.refresh_from_db()
    assert confirmation.next_attempt_at <= timezone.now()
    assert admin_messages(coordinator_client.get(change_url(stuck))) == [
        f"The confirmation to the patient for {stuck.reference} will be sent again within seconds."
    ]


def test_retry_now_refuses_get_and_foreign_next_addresses(
    coordinator_client: Client, stuck: ConsultationRequest
) -> None:
    confirmation = stuck.emails.get(kind="patient_confirmation")
    url = f"{CHANGELIST}{confirmation.pk}/retry/"

    assert coordinator_client.get(url).status_code == 403
    response = coordinator_client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == change_url(stuck)


def test_staff_who_may_only_view_cannot_retry(stuck: ConsultationRequest) -> None:
    viewer = make_staff("viewer")
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_outgoingemail"))
    client = login_verified(Client(), viewer)
    confirmation = stuck.emails.get(kind="patient_confirmation")

    assert client.post(f"{CHANGELIST}{confirmation.pk}/retry/").status_code == 403
    assert "Retry now" not in render_request_emails(viewer, stuck)
    OutgoingEmail.objects.get(pk=confirmation.pk)  # untouched
