"""The staff side in a real browser (Debian's chromium), as a coordinator and a clinician work it.

A coordinator signs in (password and a one-time code), finds the request flagged for opioids at
the top of the flagged view, opens it, claims it and starts the review; booking waits for a
clinician. A clinician records "eligible"; the coordinator books the consultation; once it has
taken place it is marked completed. At a desktop and at a phone's width, with axe-core on the
queue, a request and the printable summary. Screenshots of each step go to `screenshots/`.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from intake import urgency
from intake.models import AccessLog, ConsultationRequest, StatusChange
from intake.roles import CLINICIANS, COORDINATORS
from tests.conftest import DESKTOP, PHONE
from tests.support.browser import assert_accessible, login_staff, scrolls_sideways
from tests.support.patients import make_request, submit_request
from tests.support.staff import ensure_decline_messages, make_staff
from tests.support.urls import work_url
from welltopia import clinic_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = ConsultationRequest.Status
PASSWORD = "correct-horse-battery-staple-42"
BOOKED = datetime.date(clinic_time.today().year + 2, 1, 15)  # always ahead, always EST


@pytest.fixture
def clinic(catalog) -> dict[str, ConsultationRequest]:
    """A coordinator and a clinician with authenticator apps, and this morning's requests."""
    for username, group in [("casey", COORDINATORS), ("dr_okafor", CLINICIANS)]:
        user = make_staff(username, group, password=PASSWORD)
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    ensure_decline_messages()
    flagged = submit_request(
        first_name="Marta",
        last_name="Quillfeather",
        state="NY",
        opioid_use="yes",
        opioid_details="Norco, last taken 3 days ago",
        opioid_last_taken=(clinic_time.today() - datetime.timedelta(days=3)).isoformat(),
        medicines=[("Norco 5/325", "1 tablet", "when my back is bad"), ("Methotrexate", "15 mg", "weekly")],
    )
    six_days_ago = timezone.now() - datetime.timedelta(days=6)
    ConsultationRequest.objects.filter(pk=flagged.pk).update(
        created_at=six_days_ago, respond_by=urgency.respond_by(six_days_ago)
    )
    return {
        "flagged": flagged,
        "older": make_request(days_ago=3, first_name="Gia", last_name="Zanetti", state="CA"),
        "newest": make_request(
            days_ago=1, first_name="Ola", last_name="Nordmann", state="WA", flag_liver=True
        ),
        "done": make_request(days_ago=20, status=Status.COMPLETED, first_name="Done", last_name="Already"),
    }


def open_request_from_the_flagged_view(page: Page, base_url: str, reference: str) -> None:
    page.goto(f"{base_url}/admin/intake/consultationrequest/")
    page.get_by_role("navigation", name="Views of the queue").get_by_role(
        "link", name=re.compile("^Flagged")
    ).click()
    page.get_by_role("link", name=reference).first.click()


def test_coordinator_triage_clinician_assessment_schedule_and_complete_on_a_desktop(
    open_tab, live_server, clinic: dict[str, ConsultationRequest], screenshot_dir: Path
) -> None:
    flagged = clinic["flagged"]
    tab = open_tab(DESKTOP)
    page = tab.page

    def shot(name: str) -> None:
        page.screenshot(path=screenshot_dir / f"staff-desktop-{name}.png", full_page=True)

    login_staff(page, live_server.url, "casey", PASSWORD)
    expect(page.locator("#queue-summary")).to_contain_text("flagged: 2")

    # 1. The queue: saved views with counts; the opioid flag strongest, first in "Flagged".
    page.locator("tr.model-consultationrequest").get_by_role("link", name="Consultation requests").click()
    views = page.get_by_role("navigation", name="Views of the queue")
    expect(views.get_by_role("link", name="Needs work 3")).to_have_attribute("aria-current", "page")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(flagged.reference)
    expect(rows.nth(0).locator(".field-waiting")).to_have_text("6 days")
    expect(rows.nth(0).locator(".field-due")).to_contain_text("Overdue by")
    expect(page.locator("#result_list")).not_to_contain_text("Already")
    assert_accessible(page)
    shot("1-queue")
    views.get_by_role("link", name=re.compile("^Flagged")).click()
    expect(rows.nth(0).locator(".field-flag_badges .wt-flag-strong")).to_have_text("Opioid")
    expect(rows.nth(1).locator(".field-flag_badges .wt-flag-medium")).to_have_text("Liver")

    # 2. The request: who, how urgent, the flag and the medicine row that explains it.
    rows.nth(0).get_by_role("link", name=flagged.reference).click()
    header = page.locator("#request-header")
    expect(header.get_by_role("heading", name="Marta Quillfeather")).to_be_visible()
    expect(header).to_contain_text(flagged.reference)
    expect(header.locator(".wt-flag-strong")).to_have_text("Opioid")
    expect(page.locator("#medicines")).to_contain_text("OPIOID — matched 'Norco' → hydrocodone")
    expect(page.locator("#answers-safety")).to_contain_text(re.compile(r"opioid\s*Yes — flagged"))
    expect(page.get_by_role("link", name="Next →")).to_be_visible()  # the liver one, next in "Flagged"
    assert_accessible(page)
    shot("2-request")

    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".messagelist")).to_have_text(f"{flagged.reference} is now assigned to you.")
    page.get_by_role("button", name="Start review").click()
    expect(page.locator(".messagelist")).to_have_text(f"{flagged.reference} is now in review.")
    # Booking waits for a clinician: no "Schedule…", and the page says why.
    expect(page.get_by_role("link", name="Schedule…")).to_have_count(0)
    expect(page.locator("#schedule-waits")).to_contain_text("a clinician must record an assessment")

    # 3. The printable summary: no sidebar, no forms, and the look is logged.
    page.get_by_role("link", name="Printable summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marta Quillfeather")
    expect(page.locator("form")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "staff-desktop-3-print.png", full_page=True)
    page.go_back()

    # 4. The clinician records "eligible".
    clinician = open_tab(DESKTOP)
    login_staff(clinician.page, live_server.url, "dr_okafor", PASSWORD)
    open_request_from_the_flagged_view(clinician.page, live_server.url, flagged.reference)
    assessment = clinician.page.locator("#assessment")
    assessment.get_by_label("Clinical assessment").select_option(label="Eligible")
    assessment.get_by_label("Assessment note").fill(
        "Norco now and then: stop 7 to 10 days before starting; plan agreed."
    )
    assessment.get_by_role("button", name="Record the assessment").click()
    expect(clinician.page.locator(".messagelist")).to_have_text(
        f"The assessment of {flagged.reference} is recorded: Eligible."
    )
    clinician.page.screenshot(path=screenshot_dir / "staff-desktop-4-assessed.png", full_page=True)

    # 5. The coordinator books it.
    page.reload()
    schedule = page.locator("#schedule")
    schedule.get_by_label("Date").fill(BOOKED.isoformat())
    schedule.get_by_label("Time").fill("10:30")
    schedule.get_by_label("Video call").check()
    schedule.get_by_role("button", name="Schedule and email the patient").click()
    expect(page.locator(".messagelist")).to_have_text(
        f"{flagged.reference} is scheduled. The patient is being emailed the calendar invitation."
    )
    expect(header).to_contain_text(
        re.compile(rf"Scheduled for\s*{BOOKED:%A}, January 15, {BOOKED.year}, 10:30 AM \(EST, clinic time\)")
    )
    expect(page.get_by_role("button", name="Mark completed")).to_have_count(0)
    expect(page.locator("#complete-waits")).to_contain_text("once it has taken place")
    shot("5-scheduled")

    # 6. The consultation has taken place (the clock is moved on by moving the booking back).
    ConsultationRequest.objects.filter(pk=flagged.pk).update(
        scheduled_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page.reload()
    page.get_by_role("button", name="Mark completed").click()
    expect(page.locator(".messagelist")).to_have_text(f"{flagged.reference} is now completed.")
    expect(page.locator("#timeline")).to_contain_text("Scheduled → Completed")
    shot("6-completed")

    flagged.refresh_from_db()
    assert (flagged.status, flagged.assigned_to.username, flagged.assessment) == (
        Status.COMPLETED,
        "casey",
        "eligible",
    )
    assert list(flagged.status_changes.filter(event="status").values_list("to_status", flat=True)) == [
        Status.NEW, Status.IN_REVIEW, Status.SCHEDULED, Status.COMPLETED,
    ]  # fmt: skip
    assert f"Your consultation is booked ({flagged.reference})" in [
        message.subject for message in mail.outbox
    ]
    assert AccessLog.objects.filter(request=flagged, action="printed").count() == 1
    assert StatusChange.objects.filter(request=flagged, event="assessed").exists()
    assert tab.problems == clinician.problems == []


def test_the_queue_and_a_request_work_on_a_phone(
    open_tab, live_server, clinic: dict[str, ConsultationRequest], screenshot_dir: Path
) -> None:
    flagged = clinic["flagged"]
    tab = open_tab(PHONE)
    page = tab.page
    login_staff(page, live_server.url, "casey", PASSWORD)

    page.goto(f"{live_server.url}/admin/intake/consultationrequest/?queue=flagged")
    first = page.locator("#result_list tbody tr").first
    card = first.locator(".wt-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Marta Quillfeather")
    expect(card.locator(".wt-status")).to_be_visible()
    expect(card.locator(".wt-flag-strong")).to_have_text("Opioid")
    expect(card).to_contain_text("Unassigned")
    assert not scrolls_sideways(page)
    expect(page.get_by_role("link", name="Filters", exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "staff-phone-1-queue.png", full_page=True)

    card.get_by_role("link", name="Marta Quillfeather").click()
    expect(page.locator("#request-header").get_by_role("heading", name="Marta Quillfeather")).to_be_visible()
    expect(page.locator("#medicines")).to_contain_text("OPIOID — matched 'Norco' → hydrocodone")
    assign = page.get_by_role("button", name="Assign to me")
    assert assign.bounding_box()["height"] >= 44
    assert not scrolls_sideways(page)
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "staff-phone-2-request.png", full_page=True)
    assign.click()
    expect(page.locator(".messagelist")).to_have_text(f"{flagged.reference} is now assigned to you.")
    assert tab.problems == []


def test_the_skip_link_and_access_keys_reach_the_work(
    open_tab, live_server, clinic: dict[str, ConsultationRequest]
) -> None:
    tab = open_tab(DESKTOP)
    page = tab.page
    login_staff(page, live_server.url, "casey", PASSWORD)
    page.goto(f"{live_server.url}{work_url(clinic['flagged'], 'change')}")

    # The admin's own first link skips the header and the sidebar; the next one, the page's notes.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the work panel")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#work")).to_be_focused()
    expect(page.locator("#access-keys")).to_contain_text("N next request")
    assert page.get_by_role("button", name="Assign to me").get_attribute("accesskey") == "a"
    assert tab.problems == []
