"""Booking on the staff side: "Invite to book" on a request's page, the booked time and its buttons,
setting a time directly with a clinician, clinicians' availability, and the day/week schedule."""

import datetime

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake import workflow
from intake.models import AccessLog, Booking, BookingInvitation, Clinician, ConsultationRequest, WeeklyHours
from intake.roles import CLINICIANS
from tests.support.booking import BOOKING_MONDAY, clinic_moment, invited_request, make_clinician
from tests.support.html import admin_messages, page
from tests.support.patients import make_request
from tests.support.staff import login_verified, make_staff, schedule_data
from tests.support.urls import change_url, work_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = ConsultationRequest.Status
MONDAY = BOOKING_MONDAY
NINE = clinic_moment(MONDAY, 9)
SCHEDULE = "/admin/intake/booking/"


@pytest.fixture
def in_review() -> ConsultationRequest:
    return make_request(status=Status.IN_REVIEW, state="CA", email="marta@example.com")


# Invite to book ------------------------------------------------------------------------------------------
def test_the_request_page_offers_to_invite_with_a_licensed_clinician_or_any(
    coordinator_client: Client, okafor, in_review
) -> None:
    make_clinician("dr_tx", name="Dr. Tex Only", states=("TX",))

    box = page(coordinator_client.get(change_url(in_review))).find(id="booking")

    assert box.find("h2").text == "Booking"
    assert "No booking yet." in box.text
    options = [option.text for option in box.find("select").find_all("option")]
    assert options == ["Any clinician licensed in California", "Dr. Ada Okafor"]
    assert box.find("form", id="invite-form").attrs["action"] == work_url(in_review, "invite")
    assert box.find("button").text == "Invite to book and email the patient"


def test_inviting_from_the_request_page_emails_the_patient(
    coordinator_client: Client, okafor, in_review, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            work_url(in_review, "invite"), {"clinician": okafor.pk, "kind": "video"}, follow=True
        )

    assert response.redirect_chain == [(change_url(in_review) + "#booking", 302)]
    assert admin_messages(response, "success") == [
        f"{in_review.reference}: the patient is being emailed an invitation to choose a time with Dr. Ada Okafor."
    ]
    assert [message.subject for message in mail.outbox] == [
        f"Choose a time for your consultation ({in_review.reference})"
    ]
    box = page(response).find(id="booking")
    assert "Invited to book with Dr. Ada Okafor (video call) by casey" in box.text
    assert "Waiting for the patient to choose a time on their status page." in box.text
    assert box.find("form", id="invite-form").find("button").text == "Invite again and email the patient"


def test_an_invitation_the_workflow_refuses_comes_back_with_its_reason(
    coordinator_client: Client, okafor, in_review
) -> None:
    other = make_clinician("dr_tx", name="Dr. Tex Only", states=("TX",))

    response = coordinator_client.post(
        work_url(in_review, "invite"), {"clinician": other.pk, "kind": "video"}
    )

    assert response.status_code == 400
    assert "Dr. Tex Only is not licensed in California." in page(response).find(cls="errorlist").text
    assert not BookingInvitation.objects.exists()


def test_a_new_request_is_not_offered_the_invitation(coordinator_client: Client, okafor) -> None:
    new = make_request(status=Status.NEW, state="CA")

    box = page(coordinator_client.get(change_url(new))).find(id="booking")

    assert box.find_all("form", id="invite-form") == []
    response = coordinator_client.post(work_url(new, "invite"), {"kind": "video"}, follow=True)
    assert admin_messages(response, "error") == ["A request that is new cannot be scheduled."]


# The booked time --------------------------------------------------------------------------------------------
def test_a_booked_request_shows_the_time_and_who_chose_it(
    coordinator_client: Client, okafor, coordinator
) -> None:
    consultation = invited_request(okafor, by=coordinator, state="CA")
    workflow.book(consultation, start=NINE, zone="America/Los_Angeles")

    box = page(coordinator_client.get(change_url(consultation))).find(id="booking")

    assert (
        "Booked for Monday, February 1, 2027, 9:00 AM (EST, clinic time), video call with Dr. Ada Okafor. "
        "Chosen by the patient (shown to them in America/Los_Angeles)."
    ) in box.text
    assert [button.text for button in box.find_all("button")] == ["Cancel the booking and email the patient"]


def test_staff_cancel_the_booking_from_the_request_page(
    coordinator_client: Client, okafor, coordinator, django_capture_on_commit_callbacks
) -> None:
    consultation = invited_request(okafor, by=coordinator, state="CA")
    workflow.book(consultation, start=NINE, zone="America/New_York")

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(work_url(consultation, "cancel_booking"), follow=True)

    assert admin_messages(response, "success") == [
        f"{consultation.reference}: the booking is cancelled and the patient is being emailed. "
        "They can choose a new time on their status page."
    ]
    assert Booking.objects.get().status == "cancelled"
    earlier = page(response).find(id="booking").find("table", cls="wt-past-bookings")
    assert "Dr. Ada Okafor Video call Cancelled" in earlier.text


def test_no_show_is_offered_once_the_time_has_come(okafor, coordinator, clock) -> None:
    consultation = invited_request(okafor, by=coordinator, state="CA")
    workflow.book(consultation, start=NINE, zone="America/New_York")
    clock.move_to(NINE + datetime.timedelta(minutes=20))
    coordinator_client = login_verified(Client(), coordinator)  # a week later: a new sign-in

    box = page(coordinator_client.get(change_url(consultation))).find(id="booking")
    assert [button.text for button in box.find_all("button")] == ["Mark as not attended"]

    response = coordinator_client.post(work_url(consultation, "no_show"), follow=True)

    assert admin_messages(response, "success")[0].startswith(
        f"{consultation.reference} is recorded as not attended"
    )
    assert AccessLog.objects.filter(detail="Recorded a no-show").count() == 1


def test_setting_a_time_directly_can_name_the_clinician(
    coordinator_client: Client, okafor, in_review, django_capture_on_commit_callbacks
) -> None:
    data = schedule_data(date=MONDAY, time=datetime.time(9, 0)) | {"clinician": okafor.pk}

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(work_url(in_review, "schedule"), data, follow=True)

    assert admin_messages(response, "success") == [
        f"{in_review.reference} is scheduled. The patient is being emailed the calendar invitation."
    ]
    booking = Booking.objects.get()
    assert (booking.clinician, booking.starts_at) == (okafor, NINE)
    assert "With: Dr. Ada Okafor" in mail.outbox[0].body


def test_setting_a_time_over_another_booking_is_refused_beside_the_form(
    coordinator_client: Client, okafor, coordinator, in_review
) -> None:
    workflow.book(invited_request(okafor, by=coordinator, state="CA"), start=NINE, zone="America/New_York")
    data = schedule_data(date=MONDAY, time=datetime.time(9, 15)) | {"clinician": okafor.pk}

    response = coordinator_client.post(work_url(in_review, "schedule"), data)

    assert response.status_code == 400
    assert (
        "Dr. Ada Okafor already has a consultation at that time." in page(response).find(cls="errorlist").text
    )
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


# Availability -------------------------------------------------------------------------------------------------
def test_a_coordinator_adds_a_clinician_with_hours_and_a_state(coordinator_client: Client) -> None:
    doctor = make_staff("dr_ruiz", CLINICIANS)
    data = {
        "user": doctor.pk,
        "display_name": "Dr. Luis Ruiz",
        "consultation_minutes": "45",
        "buffer_minutes": "15",
        "accepts_bookings": "on",
        "video_room": "",
        "licenses-TOTAL_FORMS": "1",
        "licenses-INITIAL_FORMS": "0",
        "licenses-0-state": "FL",
        "licenses-0-number": "ME12345",
        "weekly_hours-TOTAL_FORMS": "1",
        "weekly_hours-INITIAL_FORMS": "0",
        "weekly_hours-0-weekday": "0",
        "weekly_hours-0-starts": "09:00",
        "weekly_hours-0-ends": "12:00",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
    }

    response = coordinator_client.post("/admin/intake/clinician/add/", data, follow=True)

    clinician = Clinician.objects.get(display_name="Dr. Luis Ruiz")
    assert (clinician.consultation_minutes, clinician.buffer_minutes) == (45, 15)
    assert list(clinician.licenses.values_list("state", flat=True)) == ["FL"]
    assert list(WeeklyHours.objects.filter(clinician=clinician).values_list("starts", "ends")) == [
        (datetime.time(9), datetime.time(12))
    ]
    assert response.status_code == 200
    page_text = page(coordinator_client.get(f"/admin/intake/clinician/{clinician.pk}/change/")).text
    # Mondays 9 to 12, 45 minutes and a 15-minute buffer: 9:00, 10:00 and 11:00, on 4 Mondays.
    assert (
        "Florida: 12 open times in the next 4 weeks, the first Monday, February 1, 9:00 AM EST" in page_text
    )


def test_hours_that_end_before_they_start_are_refused_beside_the_field(
    coordinator_client: Client, okafor
) -> None:
    url = f"/admin/intake/clinician/{okafor.pk}/change/"
    form = page(coordinator_client.get(url))
    assert form.find(id="content").find("h1").text.startswith("Change clinician")
    data = {
        "display_name": okafor.display_name,
        "consultation_minutes": "30",
        "buffer_minutes": "10",
        "accepts_bookings": "on",
        "video_room": "",
        "licenses-TOTAL_FORMS": "0",
        "licenses-INITIAL_FORMS": "0",
        "weekly_hours-TOTAL_FORMS": "1",
        "weekly_hours-INITIAL_FORMS": "0",
        "weekly_hours-0-weekday": "5",
        "weekly_hours-0-starts": "17:00",
        "weekly_hours-0-ends": "09:00",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
    }

    response = coordinator_client.post(url, data)

    assert response.status_code == 200
    assert "The end must be after the start (on the same day)." in page(response).find(cls="errorlist").text
    assert not WeeklyHours.objects.filter(clinician=okafor, weekday=5).exists()


def test_only_clinicians_can_be_made_bookable(coordinator_client: Client, coordinator) -> None:
    response = coordinator_client.get("/admin/intake/clinician/add/")

    users = [option.text for option in page(response).find("select", id="id_user").find_all("option")]
    assert "casey" not in users


def test_a_content_editor_cannot_see_availability_or_bookings(content_editor, okafor) -> None:
    client = login_verified(Client(), content_editor)

    assert client.get("/admin/intake/clinician/").status_code == 403
    assert client.get(SCHEDULE).status_code == 403


# The calendar feed's link ----------------------------------------------------------------------------------------
def test_the_clinicians_page_gives_the_private_feed_link(coordinator_client: Client, okafor) -> None:
    response = coordinator_client.get(f"/admin/intake/clinician/{okafor.pk}/change/")

    feed = page(response).find("code", cls="wt-feed-url").text
    assert feed == f"https://clinic.example/consultation/calendar/{okafor.feed_token}.ics"
    assert len(okafor.feed_token) >= 43


def test_a_new_feed_link_stops_the_old_one(coordinator_client: Client, client: Client, okafor) -> None:
    old = f"/consultation/calendar/{okafor.feed_token}.ics"
    assert client.get(old).status_code == 200

    response = coordinator_client.post(f"/admin/intake/clinician/{okafor.pk}/feed/new/", follow=True)

    okafor.refresh_from_db()
    assert admin_messages(response, "success") == [
        "Dr. Ada Okafor has a new calendar feed link; the old one no longer works. Subscribe again with the new link."
    ]
    assert client.get(old).status_code == 404
    assert client.get(f"/consultation/calendar/{okafor.feed_token}.ics").status_code == 200


def test_the_feed_can_be_turned_off(coordinator_client: Client, client: Client, okafor) -> None:
    old = f"/consultation/calendar/{okafor.feed_token}.ics"

    coordinator_client.post(f"/admin/intake/clinician/{okafor.pk}/feed/off/")

    okafor.refresh_from_db()
    assert okafor.feed_token is None
    assert client.get(old).status_code == 404
    assert coordinator_client.get(f"/admin/intake/clinician/{okafor.pk}/feed/off/").status_code == 403


# The schedule ------------------------------------------------------------------------------------------------------
def book_at(
    okafor: Clinician, coordinator: AbstractBaseUser, start: datetime.datetime
) -> ConsultationRequest:
    consultation = invited_request(okafor, by=coordinator, state="CA")
    workflow.book(consultation, start=start, zone="America/New_York")
    return consultation


def test_the_week_shows_each_days_bookings_in_clinic_time(
    coordinator_client: Client, okafor, coordinator
) -> None:
    first = book_at(okafor, coordinator, NINE)
    second = book_at(okafor, coordinator, clinic_moment(MONDAY + datetime.timedelta(days=2), 14, 20))

    response = coordinator_client.get(SCHEDULE, {"day": "2027-02-03"})

    root = page(response)
    assert root.find("h2", id="schedule-title").text == (
        "Week of February 1 to February 7, 2027 — 2 bookings, times in EST (clinic time)"
    )
    days = {
        section.find("h2").text: section.text for section in root.find_all("section", cls="wt-schedule-day")
    }
    assert list(days) == [
        "Monday, February 1", "Tuesday, February 2", "Wednesday, February 3", "Thursday, February 4",
        "Friday, February 5", "Saturday, February 6", "Sunday, February 7",
    ]  # fmt: skip
    assert (
        f"9:00 AM–9:30 AM Dr. Ada Okafor {first.reference} Video call Booked The patient"
        in days["Monday, February 1"]
    )
    assert f"2:20 PM–2:50 PM Dr. Ada Okafor {second.reference}" in days["Wednesday, February 3"]
    assert days["Tuesday, February 2"].endswith("No bookings.")
    assert "Quillfeather" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_one_day_and_one_clinician(coordinator_client: Client, okafor, coordinator) -> None:
    ruiz = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")
    book_at(okafor, coordinator, NINE)
    theirs = invited_request(ruiz, by=coordinator, state="CA")
    workflow.book(theirs, start=NINE, zone="America/New_York")

    response = coordinator_client.get(SCHEDULE, {"span": "day", "day": "2027-02-01", "clinician": ruiz.pk})

    root = page(response)
    assert root.find("h2", id="schedule-title").text == (
        "Monday, February 1, 2027 — 1 booking for Dr. Luis Ruiz, times in EST (clinic time)"
    )
    assert [link.text for link in root.find("nav", cls="wt-schedule-nav").find_all("a")] == [
        "← Previous day", "Today", "Next day →", "Show the week",
    ]  # fmt: skip
    assert theirs.reference in root.find("section", cls="wt-schedule-day").text


def test_the_schedule_makes_as_many_queries_for_a_busy_week_as_a_quiet_one(
    coordinator_client: Client, okafor, coordinator
) -> None:
    """Guards the week view against a query per booking (request, clinician, who booked)."""
    book_at(okafor, coordinator, NINE)
    with CaptureQueriesContext(connection) as quiet:
        coordinator_client.get(SCHEDULE, {"day": "2027-02-01"})

    for number in range(1, 8):
        book_at(okafor, coordinator, NINE + datetime.timedelta(minutes=40 * number))
    with CaptureQueriesContext(connection) as busy:
        coordinator_client.get(SCHEDULE, {"day": "2027-02-01"})

    assert len(busy) == len(quiet)
