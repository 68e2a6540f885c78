"""Who may open the queue, a request, its buttons and the export; and who records the clinical assessment."""

from collections.abc import Callable

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client

from intake.models import AccessLog, ConsultationRequest, StatusChange
from intake.roles import CLINICIANS, CONTENT_EDITORS, COORDINATORS
from tests.support.html import admin_messages, page
from tests.support.patients import make_request
from tests.support.staff import login_verified, make_staff, make_user
from tests.support.urls import CHANGELIST, change_url, work_url

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status


def person(kind: str) -> Client:
    """A browser session for one kind of person, signed in (with two-factor) unless anonymous."""
    if kind == "anonymous":
        return Client()
    users = {
        "non-staff user": lambda: make_user("visitor"),
        "staff without groups": lambda: make_staff("sam"),
        "content editor": lambda: make_staff("eddie", CONTENT_EDITORS),
        "coordinator": lambda: make_staff("casey", COORDINATORS),
        "clinician": lambda: make_staff("dr_okafor", CLINICIANS),
        "superuser": lambda: make_staff("root", superuser=True),
    }
    return login_verified(Client(), users[kind]())


NOT_SIGNED_IN = ["anonymous", "non-staff user"]
OUTSIDE_WORKING_GROUPS = ["staff without groups", "content editor"]
WORKING_STAFF = ["coordinator", "clinician", "superuser"]

# Each way into a request, as (name, what the browser sends).
Visit = Callable[[Client, ConsultationRequest], HttpResponse]
VISITS: dict[str, Visit] = {
    "changelist": lambda client, c: client.get(CHANGELIST),
    "change view": lambda client, c: client.get(change_url(c)),
    "claim": lambda client, c: client.post(work_url(c, "claim")),
    "start review": lambda client, c: client.post(work_url(c, "review")),
    "schedule": lambda client, c: client.post(work_url(c, "schedule"), {}),
    "decline": lambda client, c: client.post(work_url(c, "decline"), {}),
    "export": lambda client, c: client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [c.pk], "index": "0"}
    ),
}
PATHS: dict[str, Callable[[ConsultationRequest], str]] = {
    "changelist": lambda c: CHANGELIST,
    "change view": change_url,
    "claim": lambda c: work_url(c, "claim"),
    "start review": lambda c: work_url(c, "review"),
    "schedule": lambda c: work_url(c, "schedule"),
    "decline": lambda c: work_url(c, "decline"),
    "export": lambda c: CHANGELIST,
}


def assert_untouched(consultation: ConsultationRequest) -> None:
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW
    assert consultation.assigned_to is None
    assert StatusChange.objects.filter(request=consultation).count() == 1
    assert not AccessLog.objects.exists()
    assert mail.outbox == []


# Not signed in as staff ---------------------------------------------------------------------
@pytest.mark.parametrize("visit", VISITS)
@pytest.mark.parametrize("kind", NOT_SIGNED_IN)
def test_it_sends_people_who_are_not_staff_to_the_login_page(kind: str, visit: str) -> None:
    consultation = make_request()

    response = VISITS[visit](person(kind), consultation)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={PATHS[visit](consultation)}"
    assert_untouched(consultation)


@pytest.mark.parametrize("kind", NOT_SIGNED_IN)
def test_it_sends_people_who_are_not_staff_from_the_admin_index_to_the_login_page(kind: str) -> None:
    response = person(kind).get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


# Staff outside the two working groups ---------------------------------------------------------
@pytest.mark.parametrize("visit", VISITS)
@pytest.mark.parametrize("kind", OUTSIDE_WORKING_GROUPS)
def test_it_refuses_staff_outside_the_working_groups(kind: str, visit: str) -> None:
    consultation = make_request(first_name="Marta", last_name="Quillfeather")

    response = VISITS[visit](person(kind), consultation)

    assert response.status_code == 403
    body = response.content.decode()
    assert consultation.reference not in body
    assert "Quillfeather" not in body
    assert_untouched(consultation)


def test_a_refusal_inside_the_admin_is_the_admin_s_own_page() -> None:
    consultation = make_request()
    response = person("content editor").get(change_url(consultation))

    assert response.status_code == 403
    html = page(response)
    assert html.find("h1").text == "Your role does not allow this"
    assert "signed in as eddie" in html.text
    assert "Nothing was changed." in html.text
    back = [a for a in html.find_all("a") if a.text == "Back to the staff home"]
    assert [a.attrs["href"] for a in back] == ["/admin/"]
    assert html.find(id="user-tools")  # the admin's own header: log out, change password
    assert "Traceback" not in html.text


def test_a_refusal_outside_the_admin_is_the_site_s_page(rf) -> None:
    from django.contrib.auth.models import AnonymousUser

    from welltopia.views import permission_denied

    request = rf.get("/admin/intake/")
    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert b"This page is not available to you" in response.content


@pytest.mark.parametrize("kind", OUTSIDE_WORKING_GROUPS)
def test_it_shows_staff_outside_the_working_groups_no_requests_on_the_admin_index(kind: str) -> None:
    consultation = make_request(last_name="Quillfeather")

    response = person(kind).get("/admin/")

    assert response.status_code == 200
    content = page(response).find(id="content")
    assert "Consultation requests" not in content.find(id="content-main").text
    assert "The queue" not in content.find(id="content-main").text
    assert consultation.reference not in content.text
    assert "/admin/intake/" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/intake/consultationrequest/?q={reference}",
        "/admin/intake/consultationrequest/?q=Quillfeather",
        "/admin/intake/consultationrequest/?queue=all&q=marta%40example.com",
        "/admin/autocomplete/?app_label=intake&model_name=note&field_name=request&term=Quillfeather",
        "/admin/intake/declinemessage/",
        "/admin/intake/accesslog/",
    ],
)
@pytest.mark.parametrize("kind", OUTSIDE_WORKING_GROUPS)
def test_it_finds_no_request_for_staff_outside_the_working_groups_by_search_either(
    kind: str, url: str
) -> None:
    consultation = make_request(last_name="Quillfeather", email="marta@example.com")

    response = person(kind).get(url.format(reference=consultation.reference))

    assert response.status_code == 403
    assert consultation.reference not in response.content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("kind", OUTSIDE_WORKING_GROUPS)
def test_it_has_no_intake_section_for_staff_outside_the_working_groups(kind: str) -> None:
    make_request()

    assert person(kind).get("/admin/intake/").status_code == 404


# The two working groups and superusers --------------------------------------------------------
@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_see_the_request_in_the_queue(kind: str) -> None:
    consultation = make_request(last_name="Quillfeather")

    response = person(kind).get(CHANGELIST)

    assert response.status_code == 200
    assert consultation.reference in page(response).find("table", id="result_list").text


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_open_the_request(kind: str) -> None:
    consultation = make_request(first_name="Marta", last_name="Quillfeather")

    response = person(kind).get(change_url(consultation))

    assert response.status_code == 200
    text = page(response).text
    assert consultation.reference in text
    assert "Quillfeather" in text


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_claim_the_request(kind: str) -> None:
    consultation = make_request()

    response = person(kind).post(work_url(consultation, "claim"))

    assert response.status_code == 302
    assert response["Location"] == change_url(consultation)
    consultation.refresh_from_db()
    assert consultation.assigned_to is not None


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_start_the_review(kind: str) -> None:
    consultation = make_request()

    response = person(kind).post(work_url(consultation, "review"))

    assert response["Location"] == change_url(consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.IN_REVIEW


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_reach_the_schedule_form(kind: str) -> None:
    consultation = make_request(status=Status.IN_REVIEW)

    response = person(kind).post(work_url(consultation, "schedule"), {})

    assert response.status_code == 400
    assert "This field is required." in page(response).text


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_reach_the_decline_form(kind: str) -> None:
    consultation = make_request()

    response = person(kind).post(work_url(consultation, "decline"), {})

    assert response.status_code == 400
    assert "A reason is required to decline a request." in page(response).text


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_export_the_request(kind: str) -> None:
    consultation = make_request()

    response = VISITS["export"](person(kind), consultation)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert consultation.reference in response.content.decode()


@pytest.mark.parametrize("kind", WORKING_STAFF)
def test_working_staff_see_the_requests_on_the_admin_index(kind: str) -> None:
    response = person(kind).get("/admin/")

    content = page(response).find(id="content")
    assert "Consultation requests" in content.find(id="content-main").text
    assert "The queue Open now" in content.text


# The clinical assessment ------------------------------------------------------------------------
def test_a_coordinator_sees_the_clinical_assessment_and_no_form_to_change_it(
    coordinator_client: Client,
) -> None:
    consultation = make_request(
        assessment=ConsultationRequest.Assessment.NEEDS_INFO, assessment_note="Ask about dose."
    )

    section = page(coordinator_client.get(change_url(consultation))).find(id="assessment")

    assert "Needs more information" in section.text
    assert "Ask about dose." in section.text
    assert section.find_all("form") == []


def test_a_coordinator_posting_the_assessment_changes_nothing(coordinator_client: Client) -> None:
    consultation = make_request()

    response = coordinator_client.post(
        work_url(consultation, "assess"), {"assessment": "eligible", "note": "Fine."}, follow=True
    )

    assert admin_messages(response, "error") == ["Only clinicians can record the clinical assessment."]
    consultation.refresh_from_db()
    assert (consultation.assessment, consultation.assessment_note, consultation.assessed_by) == ("", "", None)


@pytest.mark.parametrize("kind", ["clinician", "superuser"])
def test_a_clinician_records_the_clinical_assessment(kind: str) -> None:
    client = person(kind)
    consultation = make_request()

    response = client.post(
        work_url(consultation, "assess"),
        {"assessment": "eligible", "note": "No contraindications found."},
        follow=True,
    )

    assert admin_messages(response, "success") == [
        f"The assessment of {consultation.reference} is recorded: Eligible."
    ]
    consultation.refresh_from_db()
    assert consultation.assessment == ConsultationRequest.Assessment.ELIGIBLE
    assert consultation.assessment_note == "No contraindications found."
    assert consultation.assessed_by.username == {"clinician": "dr_okafor", "superuser": "root"}[kind]
    assert consultation.assessed_at is not None
