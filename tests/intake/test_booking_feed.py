"""A clinician's private calendar feed, read back with icalendar as a calendar program reads it."""

import datetime
import itertools

import pytest
from django.test import Client
from icalendar import Calendar
from pytest_django import Settings

from intake import workflow
from intake.models import Clinician, ConsultationRequest
from intake.roles import COORDINATORS
from tests.support.booking import BOOKING_MONDAY, clinic_moment, invited_request, make_clinician
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

MONDAY = BOOKING_MONDAY
NINE = clinic_moment(MONDAY, 9)
_staff = itertools.count(1)
PRIVATE = ["Marta", "Quillfeather", "marta@example.com", "2015550123", "Tramadol", "wedding", "California"]


def booked(okafor: Clinician, start: datetime.datetime, **fields) -> ConsultationRequest:
    consultation = invited_request(
        okafor,
        by=make_staff(f"casey{next(_staff)}", COORDINATORS),
        first_name="Marta",
        last_name="Quillfeather",
        email="marta@example.com",
        opioid_details="Tramadol",
        goals="Dance at the wedding",
        **fields,
    )
    workflow.book(consultation, start=start, zone="America/Los_Angeles")
    return consultation


def feed(client: Client, clinician: Clinician) -> tuple[Calendar, str]:
    response = client.get(f"/consultation/calendar/{clinician.feed_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    return Calendar.from_ical(text), text


def test_the_feed_lists_each_booking_by_reference_and_type_at_its_time(client: Client, okafor) -> None:
    first = booked(okafor, NINE)
    second = booked(okafor, clinic_moment(MONDAY, 10, 20), kind="phone")

    calendar, _ = feed(client, okafor)

    assert str(calendar["X-WR-CALNAME"]) == "Welltopia: Dr. Ada Okafor"
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        f"{first.reference} (Video call)",
        f"{second.reference} (Phone call)",
    ]
    assert events[0].decoded("DTSTART") == NINE
    assert events[0].decoded("DTEND") == NINE + datetime.timedelta(minutes=30)
    assert events[0]["DTSTART"].params["TZID"] == "America/New_York"
    assert str(events[0]["UID"]).startswith("booking-")
    assert len({str(event["UID"]) for event in events}) == 2
    assert f"Request: https://clinic.example/admin/intake/consultationrequest/{first.pk}/change/" in str(
        events[0]["DESCRIPTION"]
    )
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_the_feed_names_no_patient_and_no_health_detail(client: Client, okafor) -> None:
    booked(okafor, NINE)

    _, text = feed(client, okafor)

    for private in PRIVATE:
        assert private.lower() not in text.lower(), private
    for health in ["naltrexone", "ldn", "arthritis", "rheumat", "opioid", "flag"]:
        assert health not in text.lower(), health


def test_a_moved_booking_moves_in_the_feed_and_a_cancelled_one_leaves_it(client: Client, okafor) -> None:
    moved = booked(okafor, NINE)
    cancelled = booked(okafor, clinic_moment(MONDAY, 11))
    later = clinic_moment(MONDAY, 14, 20)
    uid_before = str(feed(client, okafor)[0].walk("VEVENT")[0]["UID"])

    workflow.reschedule(moved, start=later, zone="America/Los_Angeles")
    workflow.cancel(cancelled)

    [event] = feed(client, okafor)[0].walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{moved.reference} (Video call)"
    assert (str(event["UID"]), int(event["SEQUENCE"]), event.decoded("DTSTART")) == (uid_before, 1, later)


def test_the_feed_carries_the_video_link(client: Client, okafor, settings: Settings) -> None:
    settings.VIDEO_LINK_TEMPLATE = "https://meet.clinic.example/room/{clinician}"
    Clinician.objects.filter(pk=okafor.pk).update(video_room="okafor")
    booked(okafor, NINE)

    [event] = feed(client, okafor)[0].walk("VEVENT")

    assert str(event["LOCATION"]) == "https://meet.clinic.example/room/okafor"


def test_only_the_clinicians_own_bookings_are_in_their_feed(client: Client, okafor) -> None:
    ruiz = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")
    booked(okafor, NINE)
    theirs = booked(ruiz, NINE)

    assert [str(event["SUMMARY"]) for event in feed(client, ruiz)[0].walk("VEVENT")] == [
        f"{theirs.reference} (Video call)"
    ]


def test_an_unknown_or_revoked_feed_is_not_found(client: Client, okafor) -> None:
    token = okafor.feed_token
    Clinician.objects.filter(pk=okafor.pk).update(feed_token=None)

    assert client.get(f"/consultation/calendar/{token}.ics").status_code == 404
    assert client.get("/consultation/calendar/guess.ics").status_code == 404
    assert client.get("/consultation/calendar/.ics").status_code == 404


def test_the_feed_is_never_cached_or_indexed(client: Client, okafor) -> None:
    response = client.get(f"/consultation/calendar/{okafor.feed_token}.ics")

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_invitation_for_a_request_is_the_one_its_patients_calendar_holds(okafor) -> None:
    from intake import calendar

    consultation = booked(okafor, NINE)
    [event] = Calendar.from_ical(calendar.invitation(consultation, "https://clinic.example/s/")).walk(
        "VEVENT"
    )
    assert (str(event["STATUS"]), int(event["SEQUENCE"]), event.decoded("DTSTART")) == ("CONFIRMED", 0, NINE)

    workflow.cancel(consultation)

    cancelled = Calendar.from_ical(calendar.invitation(consultation, "https://clinic.example/s/"))
    [event] = cancelled.walk("VEVENT")
    assert (str(cancelled["METHOD"]), str(event["STATUS"]), int(event["SEQUENCE"])) == (
        "CANCEL",
        "CANCELLED",
        1,
    )
