"""Scheduling: a date, time and kind in the clinic's time zone, and an email with a calendar invitation."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from pytest_django import Settings

from intake.models import AccessLog, ConsultationRequest, StatusChange
from tests.support.html import admin_messages, form_data, page
from tests.support.patients import make_request
from tests.support.staff import schedule_data
from tests.support.urls import change_url, work_url
from welltopia import clinic_time

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# Dates in a year that is always ahead: one in winter (EST, UTC-5), one in summer (EDT, UTC-4).
YEAR = clinic_time.today().year + 2
WINTER = datetime.date(YEAR, 1, 15)
SUMMER = datetime.date(YEAR, 7, 16)
WINTER_SHOWN = f"{WINTER:%A}, January 15, {YEAR}, 10:30 AM"
HALF_PAST_TEN = datetime.time(10, 30)


@pytest.fixture
def in_review() -> ConsultationRequest:
    return make_request(
        status=Status.IN_REVIEW,
        first_name="Marta",
        last_name="Quillfeather",
        email="marta@example.com",
        opioid_use=True,
        opioid_details="Tramadol for a tooth",
        flag_opioid=True,
        # Flagged, so booked only after a clinician said eligible (tests/intake/test_workflow.py).
        assessment=ConsultationRequest.Assessment.ELIGIBLE,
        goals="Fewer flares before my daughter's wedding",
    )


def schedule(client: Client, consultation: ConsultationRequest, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(work_url(consultation, "schedule"), schedule_data(**data), follow=True)


def invitation(message: mail.EmailMessage) -> tuple[Calendar, str]:
    [(filename, content, mimetype)] = message.attachments
    assert filename == "consultation.ics"
    assert mimetype.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    return Calendar.from_ical(text), text


def test_it_schedules_the_consultation_in_the_clinic_time_zone(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    response = schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    assert response.redirect_chain == [(change_url(in_review), 302)]
    assert admin_messages(response, "success") == [
        f"{in_review.reference} is scheduled. The patient is being emailed the calendar invitation."
    ]
    in_review.refresh_from_db()
    assert in_review.status == Status.SCHEDULED
    assert in_review.scheduled_at == datetime.datetime(YEAR, 1, 15, 10, 30, tzinfo=NEW_YORK)
    assert in_review.scheduled_at == datetime.datetime(YEAR, 1, 15, 15, 30, tzinfo=datetime.UTC)
    assert in_review.consultation_type == "video"
    assert in_review.schedule_sequence == 0
    change = StatusChange.objects.filter(request=in_review).latest("id")
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.IN_REVIEW,
        Status.SCHEDULED,
        coordinator,
    )
    assert change.reason == f"Scheduled for {YEAR}-01-15 10:30 EST"
    assert AccessLog.objects.filter(action="changed", detail="Scheduled").count() == 1


def test_the_patient_gets_an_email_with_the_calendar_invitation(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    schedule(
        coordinator_client,
        in_review,
        django_capture_on_commit_callbacks,
        date=WINTER,
        time=HALF_PAST_TEN,
        kind="phone",
    )

    [message] = mail.outbox
    assert message.to == ["marta@example.com"]
    assert message.subject == f"Your consultation is booked ({in_review.reference})"
    assert "How: Phone call" in message.body
    assert "We will call you on the phone number you gave us." in message.body
    assert "https://clinic.example/consultation/status/" in message.body


def test_the_email_gives_the_time_in_the_clinic_time_zone(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    assert f"When: {WINTER_SHOWN} (EST)" in mail.outbox[0].body


def test_the_invitation_is_a_valid_calendar_event_at_the_chosen_time(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    calendar, _ = invitation(mail.outbox[0])
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Welltopia//LDN consultations//EN"
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{in_review.reference}@clinic.example"
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start == datetime.datetime(YEAR, 1, 15, 10, 30, tzinfo=NEW_YORK)
    assert start.utcoffset() == datetime.timedelta(hours=-5)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTEND") > start
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=30)
    assert int(event["SEQUENCE"]) == 0
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_the_invitation_names_no_patient_and_no_health_detail(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    calendar, text = invitation(mail.outbox[0])
    [event] = calendar.walk("VEVENT")
    for private in [
        "Marta",
        "Quillfeather",
        "marta@example.com",
        "2015550123",
        "Tramadol",
        "wedding",
        "Opioid",
    ]:
        assert private.lower() not in text.lower(), private
    shown = f"{event['SUMMARY']} {event['DESCRIPTION']}".lower()
    for health in ["naltrexone", "ldn", "arthritis", "rheumat", "pain", "opioid", "flag"]:
        assert health not in shown, health
    assert str(event["SUMMARY"]) == f"Welltopia consultation ({in_review.reference})"


def test_a_summer_time_is_kept_in_daylight_saving_time(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=SUMMER, time=HALF_PAST_TEN
    )

    in_review.refresh_from_db()
    assert in_review.scheduled_at == datetime.datetime(YEAR, 7, 16, 14, 30, tzinfo=datetime.UTC)
    [event] = invitation(mail.outbox[0])[0].walk("VEVENT")
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=-4)
    assert "(EDT)" in mail.outbox[0].body


def test_it_uses_the_configured_clinic_time_zone(
    settings: Settings,
    coordinator_client: Client,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    settings.CLINIC_TIME_ZONE = "America/Los_Angeles"

    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    in_review.refresh_from_db()
    assert in_review.scheduled_at == datetime.datetime(YEAR, 1, 15, 18, 30, tzinfo=datetime.UTC)
    calendar, _ = invitation(mail.outbox[0])
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]


def test_the_form_says_which_time_zone_the_time_is_in(
    coordinator_client: Client, in_review: ConsultationRequest
) -> None:
    response = coordinator_client.get(change_url(in_review))

    box = page(response).find(id="schedule")
    assert box.find("h2").text == "Schedule the consultation"
    assert "In the clinic's time zone (America/New_York)." in box.text
    assert box.find("button").text == "Schedule and email the patient"


# Rescheduling -----------------------------------------------------------------------------------
def test_rescheduling_sends_an_updated_invitation_for_the_same_event(
    coordinator_client: Client,
    coordinator: AbstractBaseUser,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    response = schedule(
        coordinator_client,
        in_review,
        django_capture_on_commit_callbacks,
        date=WINTER + datetime.timedelta(days=2),
        time=datetime.time(14, 0),
        kind="phone",
    )

    assert admin_messages(response, "success") == [
        f"{in_review.reference} is rescheduled. The patient is being emailed the calendar invitation."
    ]
    first, second = mail.outbox
    assert second.subject == f"Your consultation time has changed ({in_review.reference})"
    assert (
        "The time of your consultation about low-dose naltrexone has changed. The new time is:" in second.body
    )
    [original] = invitation(first)[0].walk("VEVENT")
    [updated] = invitation(second)[0].walk("VEVENT")
    assert str(updated["UID"]) == str(original["UID"])
    assert (int(original["SEQUENCE"]), int(updated["SEQUENCE"])) == (0, 1)
    assert updated.decoded("DTSTART") == datetime.datetime(YEAR, 1, 17, 14, 0, tzinfo=NEW_YORK)
    in_review.refresh_from_db()
    assert (in_review.status, in_review.schedule_sequence, in_review.consultation_type) == (
        Status.SCHEDULED,
        1,
        "phone",
    )
    change = StatusChange.objects.filter(request=in_review).latest("id")
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.SCHEDULED,
        Status.SCHEDULED,
        coordinator,
    )
    assert change.reason == f"Rescheduled to {YEAR}-01-17 14:00 EST"


def test_an_unscheduled_request_shows_no_time(
    coordinator_client: Client, in_review: ConsultationRequest
) -> None:
    response = coordinator_client.get(change_url(in_review))

    assert "Scheduled for" not in page(response).find(id="request-header").text


def test_a_scheduled_request_offers_to_reschedule(coordinator_client: Client) -> None:
    scheduled = make_request(
        status=Status.SCHEDULED, scheduled_at=timezone.now() + datetime.timedelta(days=2)
    )

    box = page(coordinator_client.get(change_url(scheduled))).find(id="schedule")

    assert box.find("h2").text == "Reschedule the consultation"
    assert box.find("button").text == "Reschedule and email the patient"


# What the patient sees -------------------------------------------------------------------------------
def test_the_patients_status_page_shows_the_time(
    client: Client,
    coordinator_client: Client,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    response = client.get(in_review.get_status_url())

    text = page(response).text
    assert "Status: Scheduled" in text
    assert "How: Video call" in text
    assert page(response).find("time").attrs["datetime"] == f"{YEAR}-01-15T10:30:00-05:00"


def test_the_patients_status_page_gives_the_time_in_the_clinic_time_zone(
    client: Client,
    coordinator_client: Client,
    in_review: ConsultationRequest,
    django_capture_on_commit_callbacks,
) -> None:
    schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    response = client.get(in_review.get_status_url())

    assert f"When: {WINTER_SHOWN} (EST, clinic time)" in page(response).text


def test_the_request_page_shows_staff_the_time_in_the_clinic_time_zone(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    response = schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    assert f"Scheduled for {WINTER_SHOWN} (EST, clinic time)" in page(response).find(id="request-header").text


# Refused -------------------------------------------------------------------------------------------
def test_a_time_in_the_past_is_refused(
    coordinator_client: Client, in_review: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    yesterday = clinic_time.today() - datetime.timedelta(days=1)

    response = schedule(
        coordinator_client, in_review, django_capture_on_commit_callbacks, date=yesterday, time=HALF_PAST_TEN
    )

    assert response.status_code == 400
    content = page(response).find(id="content")
    assert "Choose a time in the future." in content.find(cls="errorlist").text
    assert "Please correct the errors below. Nothing has changed yet." in content.text
    assert form_data(response)["date"] == [yesterday.isoformat()]
    breadcrumbs = page(response).find("ol", cls="breadcrumbs")
    assert breadcrumbs.text == f"Home Consultation requests {in_review.reference} Schedule the consultation"
    assert breadcrumbs.find_all("a")[-1].attrs["href"] == change_url(in_review)
    in_review.refresh_from_db()
    assert (in_review.status, in_review.scheduled_at) == (Status.IN_REVIEW, None)
    assert StatusChange.objects.filter(request=in_review).count() == 1
    assert mail.outbox == []


def test_a_missing_date_is_refused(coordinator_client: Client, in_review: ConsultationRequest) -> None:
    response = coordinator_client.post(work_url(in_review, "schedule"), {"time": "10:30", "kind": "video"})

    assert response.status_code == 400
    assert "This field is required." in page(response).find(cls="errorlist").text
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_scheduling_a_request_not_yet_in_review_is_refused(
    coordinator_client: Client, django_capture_on_commit_callbacks
) -> None:
    new = make_request(status=Status.NEW)

    response = schedule(
        coordinator_client, new, django_capture_on_commit_callbacks, date=WINTER, time=HALF_PAST_TEN
    )

    assert admin_messages(response, "error") == ["A request that is new cannot be scheduled."]
    new.refresh_from_db()
    assert (new.status, new.scheduled_at) == (Status.NEW, None)
    assert mail.outbox == []
    assert page(response).find_all(id="schedule") == []
