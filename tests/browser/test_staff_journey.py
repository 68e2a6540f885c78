"""A coordinator's morning in the staff queue, in a real browser (Debian's chromium).

They sign in (password and a one-time code), open the queue, spot the request flagged for
opioids, open it, assign it to themselves, start the review and book the consultation; the
patient's status page then shows the booking. Screenshots of each step go to `screenshots/`.
"""

import datetime
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, expect
from pytest_django import Settings

from intake.models import AccessLog, ConsultationRequest, StatusChange
from intake.roles import COORDINATORS
from tests.conftest import DESKTOP
from tests.staff.factories import ensure_decline_messages, make_request, make_staff, work_url
from welltopia import clinic_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = ConsultationRequest.Status
PASSWORD = "correct-horse-battery-staple-42"
BOOKED = datetime.date(clinic_time.today().year + 2, 1, 15)  # always ahead, always EST
# Reported through console.error so one listener sees them with the page's own errors.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " in " + (event.sourceFile || document.location.pathname) + ":" + event.lineNumber);
});
"""


def login_staff(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through the admin's login page as staff do: password, then their authenticator's code.

    The one place that knows how the staff login works: django-otp's TOTP on the same form. With a
    single device the site picks it; the device choice only appears for people with several.
    """
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)

    def code() -> str:
        value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        return f"{value:0{device.digits}d}"

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("OTP Token").fill(code())
    page.get_by_role("button", name="Log in").click()
    device_choice = page.get_by_label("OTP Device")
    if device_choice.count():
        expect(page.locator(".errornote")).to_have_text("Please select a device.")
        device_choice.select_option(label=device.name)
        page.get_by_label("Password").fill(password)
        page.get_by_label("OTP Token").fill(code())
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


class Problems:
    """Every console error, uncaught exception, CSP violation and failed load on the pages a tab opens."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._expected: set[tuple[int, str]] = set()

    def expect(self, status: int, path: str) -> None:
        """An error response the journey provokes on purpose (a form sent back with its errors)."""
        self._expected.add((status, path))

    def watch(self, page: Page) -> Page:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.seen.append(f"uncaught: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", lambda request: self.seen.append(f"failed: {request.url}"))
        return page

    def _on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" carries no address: _on_response records those, with it.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.seen.append(f"console error: {message.text}")

    def _on_response(self, response: Response) -> None:
        path = urlsplit(response.url).path
        if (
            response.status >= 400
            and path != "/favicon.ico"
            and (response.status, path) not in self._expected
        ):
            self.seen.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def desktop(browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.fixture
def queue(settings: Settings) -> dict[str, ConsultationRequest]:
    """A coordinator with a password and an authenticator app, and this morning's requests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    casey = make_staff("casey", COORDINATORS, password=PASSWORD)
    TOTPDevice.objects.create(user=casey, name="Authenticator app", confirmed=True)
    ensure_decline_messages()
    return {
        "flagged": make_request(
            days_ago=6,
            first_name="Marta",
            last_name="Quillfeather",
            email="marta@example.com",
            state="NY",
            opioid_use=True,
            opioid_details="Tramadol after a tooth extraction",
            flag_opioid=True,
            goals="Less pain in the mornings.",
        ),
        "older": make_request(days_ago=3, first_name="Gia", last_name="Zanetti", state="CA"),
        "newest": make_request(days_ago=1, first_name="Ola", last_name="Nordmann", state="WA"),
        "done": make_request(days_ago=20, status=Status.COMPLETED, first_name="Done", last_name="Already"),
    }


def test_a_coordinator_books_the_flagged_request(
    desktop: BrowserContext, live_server, queue: dict[str, ConsultationRequest], screenshot_dir: Path
) -> None:
    flagged = queue["flagged"]
    problems = Problems()
    page = problems.watch(desktop.new_page())

    def shot(name: str) -> None:
        page.screenshot(path=screenshot_dir / f"staff-{name}.png", full_page=True)

    login_staff(page, live_server, "casey", PASSWORD)
    expect(page.locator("#queue-summary")).to_contain_text("Flagged and needing work: 1")

    # 1. The queue: open requests, oldest first, the opioid flag at a glance.
    page.locator("tr.model-consultationrequest").get_by_role("link", name="Consultation requests").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(flagged.reference)
    expect(rows.nth(0).locator(".wt-flag")).to_have_text(["Opioid"])
    expect(rows.nth(0).locator(".field-waiting")).to_have_text("6\u00a0days")
    expect(page.locator("#result_list")).not_to_contain_text("Already")
    shot("1-queue")

    # 2. The oldest flagged request: everything the patient said, the flag in red.
    page.get_by_role("link", name="Opioid", exact=True).click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name=flagged.reference).click()
    expect(page.get_by_role("heading", level=2, name=flagged.reference)).to_be_visible()
    expect(page.locator(".field-opioid_answer .readonly")).to_have_text("Yes — flagged")
    expect(page.locator(".field-opioid_details .readonly")).to_have_text("Tramadol after a tooth extraction")
    shot("2-request")

    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".messagelist")).to_have_text(f"{flagged.reference} is now assigned to you.")
    expect(page.locator(".wt-workflow")).to_contain_text("Assigned to casey")

    page.get_by_role("button", name="Start review").click()
    expect(page.locator(".messagelist")).to_have_text(f"{flagged.reference} is now in review.")
    expect(page.locator(".wt-workflow")).to_contain_text("Status: In review")

    # 3. Book it: a date, a time in the clinic's zone, video. The first try has last decade's year.
    schedule = page.locator("#schedule")
    schedule.get_by_label("Date").fill("2020-01-15")
    schedule.get_by_label("Time").fill("10:30")
    schedule.get_by_label("Video call").check()
    problems.expect(400, work_url(flagged, "schedule"))
    schedule.get_by_role("button", name="Schedule and email the patient").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule the consultation")
    expect(page.locator(".errorlist")).to_have_text("Choose a time in the future.")
    expect(page.get_by_label("Time")).to_have_value("10:30")
    page.get_by_label("Date").fill(BOOKED.isoformat())
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".messagelist")).to_have_text(
        f"{flagged.reference} is scheduled. The patient is being emailed the calendar invitation."
    )
    expect(page.locator(".fieldBox.field-scheduled_time .readonly")).to_have_text(
        f"{BOOKED:%A}, January 15, {BOOKED.year}, 10:30 AM (EST, clinic time)"
    )
    shot("3-scheduled")

    # 4. What the patient sees on their private status page.
    flagged.refresh_from_db()
    patient = problems.watch(desktop.new_page())
    patient.goto(live_server.url + flagged.get_status_url())
    expect(patient.get_by_role("heading", name="Status: Scheduled")).to_be_visible()
    booked = patient.locator(".scheduled-time time")
    expect(booked).to_have_attribute("datetime", f"{BOOKED.year}-01-15T10:30:00-05:00")
    # The wall-clock time is checked in tests/staff/test_schedule.py (shown in UTC today: a known bug).
    expect(booked).to_contain_text(f"{BOOKED:%A}, January 15, {BOOKED.year}")
    expect(booked).to_contain_text("EST, clinic time")
    patient.screenshot(path=screenshot_dir / "staff-4-patient-status.png", full_page=True)

    assert flagged.status == Status.SCHEDULED
    assert flagged.assigned_to.username == "casey"
    assert list(StatusChange.objects.filter(request=flagged).values_list("to_status", flat=True)) == [
        Status.NEW,
        Status.IN_REVIEW,
        Status.SCHEDULED,
    ]
    assert [message.subject for message in mail.outbox] == [
        f"Your consultation is booked ({flagged.reference})"
    ]
    assert AccessLog.objects.filter(request=flagged, action="viewed").count() >= 1
    assert problems.seen == []
