"""Booking end to end, in a real browser (Debian's chromium).

A coordinator invites a reviewed patient to book with Dr. Okafor; the patient, on a phone, opens
the link from the email, sees the open times in their own zone grouped by day, picks one with
the keyboard and books it; the reminder arrives with the status link; the patient moves the
consultation to another time; the coordinator sees the new time, the history and the week's
schedule. axe-core finds nothing on any page. Screenshots of each step go to `screenshots/`.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from intake import outbox
from intake.models import Booking, ConsultationRequest, OutgoingEmail, StatusChange
from intake.roles import COORDINATORS
from tests.conftest import DESKTOP, PHONE
from tests.support.booking import make_clinician, status_link
from tests.support.browser import assert_accessible, assert_focus_visible, login_staff, scrolls_sideways
from tests.support.patients import make_request
from tests.support.staff import make_staff
from welltopia import clinic_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = ConsultationRequest.Status
PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def clinic() -> ConsultationRequest:
    """A coordinator with an authenticator app, Dr. Okafor (every day, 8:00 to 20:00), a request in review."""
    casey = make_staff("casey", COORDINATORS, password=PASSWORD)
    TOTPDevice.objects.create(user=casey, name="Authenticator app", confirmed=True)
    make_clinician(days=range(7), hours=(datetime.time(8), datetime.time(20)), states=("CA",))
    consultation = make_request(
        days_ago=2, status=Status.IN_REVIEW, first_name="Marta", last_name="Quillfeather", state="CA"
    )
    StatusChange.objects.create(request=consultation, from_status=Status.NEW, to_status=Status.IN_REVIEW)
    return consultation


def test_staff_invite_the_patient_books_on_a_phone_is_reminded_and_reschedules(
    open_tab, live_server, clinic: ConsultationRequest, screenshot_dir: Path
) -> None:
    staff_tab = open_tab(DESKTOP)
    staff = staff_tab.page

    def shot(page, name: str) -> None:
        page.screenshot(path=screenshot_dir / f"booking-{name}.png", full_page=True)

    # 1. The coordinator invites the patient to book with Dr. Okafor, by video.
    login_staff(staff, live_server.url, "casey", PASSWORD)
    # Each staff page is left only once its icons have loaded: a navigation that cancels a load
    # would show up as a failed request.
    staff.wait_for_load_state("networkidle")
    staff.goto(f"{live_server.url}/admin/intake/consultationrequest/{clinic.pk}/change/")
    booking_box = staff.locator("#booking")
    expect(booking_box).to_contain_text("No booking yet.")
    booking_box.get_by_label("Clinician").select_option(label="Dr. Ada Okafor")
    booking_box.get_by_label("Video call").check()
    assert_accessible(staff)
    staff.wait_for_load_state("networkidle")
    booking_box.get_by_role("button", name="Invite to book and email the patient").click()
    expect(staff.locator(".messagelist")).to_have_text(
        f"{clinic.reference}: the patient is being emailed an invitation to choose a time with Dr. Ada Okafor."
    )
    expect(staff.locator("#invitation")).to_contain_text("Waiting for the patient to choose a time")
    shot(staff, "1-staff-invited")
    staff.wait_for_load_state("networkidle")

    # 2. The patient opens the link in the email, on a phone.
    [invitation] = mail.outbox
    assert invitation.subject == f"Choose a time for your consultation ({clinic.reference})"
    patient_tab = open_tab(PHONE)
    patient = patient_tab.page
    patient.goto(live_server.url + status_link(invitation))
    times = patient.locator("#times")
    expect(times.get_by_role("heading", name="Choose a time for your consultation")).to_be_visible()
    expect(times).to_contain_text("Times are shown in Pacific time (Los Angeles, Seattle).")
    days = times.locator("section.slot-day")
    expect(days.first.get_by_role("heading", level=3)).to_be_visible()
    assert not scrolls_sideways(patient)
    first_time = days.first.get_by_role("link").first
    box = first_time.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44, box
    assert_accessible(patient)
    shot(patient, "2-patient-times")

    # Another zone, by keyboard and without JavaScript: the form reloads the page.
    patient.get_by_label("Show the times in").select_option(
        label="Arizona time (Phoenix, no daylight saving)"
    )
    patient.get_by_role("button", name="Show times").click()
    expect(times).to_contain_text("Times are shown in Arizona time (Phoenix, no daylight saving).")
    patient.get_by_label("Show the times in").select_option(label="Pacific time (Los Angeles, Seattle)")
    patient.get_by_role("button", name="Show times").press("Enter")
    expect(times).to_contain_text("Times are shown in Pacific time (Los Angeles, Seattle).")

    # 3. The first time of the second day, chosen with the keyboard.
    chosen = days.nth(1).get_by_role("link").first
    chosen_text = chosen.locator("time").inner_text()
    chosen.focus()
    assert_focus_visible(patient)
    chosen.press("Enter")
    expect(patient.get_by_role("heading", level=1)).to_have_text("Book this time?")
    expect(patient.locator("main")).to_contain_text(chosen_text)
    expect(patient.locator("main")).to_contain_text("With Dr. Ada Okafor")
    assert_accessible(patient)
    shot(patient, "3-patient-confirm")
    patient.get_by_role("button", name="Book this time").click()
    expect(patient.locator(".messages")).to_contain_text(
        "Your consultation is booked. We have emailed you the calendar invitation."
    )
    expect(patient.get_by_role("heading", name="Status: Scheduled")).to_be_visible()
    expect(patient.locator("#booking")).to_contain_text(chosen_text)
    expect(patient.locator("#booking")).to_contain_text("Pacific time (Los Angeles, Seattle)")
    assert not scrolls_sideways(patient)
    assert_accessible(patient)
    shot(patient, "4-patient-booked")
    booking = Booking.objects.get(request=clinic)
    first_start = booking.starts_at
    assert booking.time_zone == "America/Los_Angeles"

    # 4. The reminder's time comes: the worker sends it, with the status link.
    reminder = OutgoingEmail.objects.filter(
        request=clinic, kind__startswith="patient_reminder", status="pending"
    ).last()
    assert reminder is not None
    assert reminder.send_after in (
        first_start - datetime.timedelta(hours=24),
        first_start - datetime.timedelta(hours=2),
    )
    # As if the clock had reached it (the worker still checks it matches the booking before sending).
    OutgoingEmail.objects.filter(pk=reminder.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver_next("test-worker")
    [sent] = [message for message in mail.outbox if message.subject.startswith("Reminder:")]
    assert clinic.reference in sent.subject
    assert "With: Dr. Ada Okafor" in sent.body

    # 5. From the reminder, the patient moves the consultation to a later time.
    patient.goto(live_server.url + status_link(sent))
    patient.get_by_role("link", name="Change the time").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("Change the time of your consultation")
    expect(patient.locator("main")).to_contain_text("Booked now")
    assert_accessible(patient)
    shot(patient, "5-patient-change")
    later = patient.locator("#times section.slot-day").nth(2).get_by_role("link").first
    later_text = later.locator("time").inner_text()
    later.click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("Move your consultation to this time?")
    patient.get_by_role("button", name="Move to this time").click()
    expect(patient.locator(".messages")).to_contain_text("Your consultation has a new time.")
    expect(patient.locator("#booking")).to_contain_text(later_text)
    shot(patient, "6-patient-moved")
    booking.refresh_from_db()
    assert booking.starts_at > first_start and booking.sequence == 1

    # 6. The coordinator sees it: the new time, the history, and the week's schedule.
    staff.wait_for_load_state("networkidle")
    staff.reload()
    expect(staff.locator("#booked-time")).to_contain_text("Chosen by the patient")
    # The request's history (wherever the page shows it) says what the patient did.
    expect(staff.locator("#content-main")).to_contain_text("Rescheduled by the patient to")
    expect(staff.locator("#content-main")).to_contain_text("Booked by the patient for")
    shot(staff, "7-staff-request")
    day = clinic_time.local(booking.starts_at).date().isoformat()
    staff.wait_for_load_state("networkidle")
    staff.goto(f"{live_server.url}/admin/intake/booking/?day={day}")
    expect(staff.locator("#content-main")).to_contain_text(clinic.reference)
    expect(staff.locator("#content-main")).to_contain_text("Dr. Ada Okafor")
    assert_accessible(staff)
    shot(staff, "8-staff-schedule")

    subjects = [message.subject for message in mail.outbox]
    assert f"Consultation {clinic.reference} booked by the patient" in subjects
    assert f"Consultation {clinic.reference} moved by the patient" in subjects
    assert f"Your consultation time has changed ({clinic.reference})" in subjects
    assert re.search(r"Quillfeather", staff.locator("#content-main").inner_text()) is None
    assert staff_tab.problems == []
    assert patient_tab.problems == []
