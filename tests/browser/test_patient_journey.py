"""The patient's journey through the consultation form, in a real browser (Debian's chromium).

A person opens the form, answers every section, adds a medicine row, meets the follow-up
question and the "state we do not serve" message, makes a mistake, fixes it, sends the request,
lands on their private status page and withdraws. Screenshots of each step go to `screenshots/`.
"""

import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Response, expect

from intake.models import ConsultationRequest
from tests.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = re.compile(r"^WT-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$")
STATUS_URL = re.compile(r"/consultation/status/[^/]+/$")
OPIOID_FOLLOW_UP = "Which opioid medicine, and when did you last take it?"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# Reported through console.error so one listener sees them with the page's own errors.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def catalog() -> None:
    """The medicine catalog, as migration 0002 seeds it (a transactional test flushes it away)."""
    migration = importlib.import_module("intake.migrations.0002_seed_medicine_catalog")
    migration.seed(apps, None)


class Session:
    """One browser tab with a record of every console error, uncaught exception and CSP violation."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.problems: list[str] = []
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" carries no address: _on_response records those, with it.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        return self.page


@pytest.fixture
def open_session(browser, live_server) -> Iterator:
    contexts: list[BrowserContext] = []

    def _open(viewport: dict[str, int], **options) -> Session:
        if viewport == PHONE:
            options = {"is_mobile": True, "has_touch": True, **options}
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        return Session(context, live_server.url)

    yield _open
    for context in contexts:
        context.close()


# Finding things the way a person does: by the words on the page. ---------------------------------
def section(page: Page, title: str) -> Locator:
    return page.get_by_role("group", name=title, exact=True)


def question(page: Page, text: str) -> Locator:
    """A radio or checkbox group, by its question (the legend)."""
    return page.get_by_role("group", name=text)


def choose(page: Page, text: str, answer: str) -> None:
    question(page, text).get_by_label(answer, exact=True).check()


def medicine_row(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=f"Medicine {number}", exact=True)


def fill_medicine(page: Page, number: int, name: str, dose: str, frequency: str) -> None:
    row = medicine_row(page, number)
    row.get_by_label("Medicine name").fill(name)
    row.get_by_label("Dose").fill(dose)
    row.get_by_label("How often").fill(frequency)


def fill_about_you(page: Page, *, state: str = "California", last_name: str = "Quillfeather") -> None:
    about = section(page, "About you")
    about.get_by_label("Which US state will you be in").select_option(label=state)
    about.get_by_label("First name").fill("Marta")
    about.get_by_label("Last name").fill(last_name)
    about.get_by_label("Date of birth").fill("1970-03-25")
    about.get_by_role("textbox", name="Email").fill("marta@example.com")
    about.get_by_role("textbox", name="Phone").fill("(201) 555-0123")
    choose(page, "How should we contact you?", "Email")
    choose(page, "When is the best time to reach you?", "Mornings (8am–12pm)")


def fill_your_ra(page: Page, *, pain: str = "6") -> None:
    ra = section(page, "Your rheumatoid arthritis")
    ra.get_by_label("Which year were you diagnosed").fill("2012")
    choose(page, "Did a rheumatologist confirm the diagnosis?", "Yes")
    ra.get_by_label("Over the last week, how much pain have you had?").fill(pain)
    ra.get_by_label("how are you doing overall?").fill("5")
    ra.get_by_label("how many minutes until your stiffness eases").fill("45")
    ra.get_by_label("How many flares have you had").fill("2")


def fill_safety(page: Page, *, opioid: str = "No") -> None:
    choose(page, "Have you taken any opioid medicine", opioid)
    if opioid == "Yes":
        page.get_by_label(OPIOID_FOLLOW_UP).fill("Tramadol 50 mg, last taken on Monday")
    choose(page, "Do you have surgery or dental work planned", "No")
    choose(page, "Have you ever had liver disease or hepatitis?", "No")
    choose(page, "Do you have kidney disease?", "No")
    choose(page, "Are you pregnant, breastfeeding or planning a pregnancy?", "No")
    choose(page, "allergic reaction to naltrexone or naloxone?", "No")
    choose(page, "Do you have a thyroid condition?", "No")
    choose(page, "Have you tried low-dose naltrexone before?", "No")


def fill_goals_and_consent(page: Page) -> None:
    choose(page, "What would you most like help with?", "Joint pain")
    choose(page, "What would you most like help with?", "Sleep")
    page.get_by_label("what do you hope to get from a consultation?").fill("Less pain in the mornings.")
    consent = section(page, "Consent")
    consent.get_by_label("The information I have given is accurate").check()
    consent.get_by_label("I have read the privacy notice.").check()
    consent.get_by_label("I agree to have my consultation by video or phone").check()
    consent.get_by_label("Welltopia is not an emergency service").check()


def send(page: Page) -> None:
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_load_state()


# The journey ------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_patient_journey(open_session, catalog, screenshot_dir: Path, width: str) -> None:
    session = open_session(VIEWPORTS[width])
    page = session.open("/consultation/")

    def shot(step: str) -> None:
        page.screenshot(path=screenshot_dir / f"intake-{width}-{step}.png", full_page=True)

    expect(page.get_by_role("heading", level=1)).to_have_text("Request a consultation about LDN")

    # A state the clinic does not serve gets a kind message at once, before anything else is typed.
    state = page.get_by_label("Which US state will you be in")
    not_served = page.locator("#state-not-served")
    expect(not_served).to_be_hidden()
    state.select_option(label="Ohio")
    expect(not_served).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "We're sorry: we can only offer consultations to people who will be in "
        "California, Florida, New York, Texas and Washington"
    )
    shot("0-state-not-served")
    state.select_option(label="California")
    expect(not_served).to_be_hidden()

    # Last name left empty and a pain score of 11: two mistakes, on purpose.
    fill_about_you(page, last_name="")
    fill_your_ra(page, pain="11")

    # Medicines: names are suggested from the catalog; the second row comes from JavaScript,
    # without reloading the page.
    expect(page.locator("#medicine-catalog option[value='Humira']")).to_have_count(1)
    fill_medicine(page, 1, "Methotrexate", "15 mg", "once a week")
    expect(medicine_row(page, 2)).to_have_count(0)
    page.evaluate("window.__marker = 1")
    page.get_by_role("button", name="+ Add another medicine").click()
    expect(medicine_row(page, 2)).to_be_visible()
    expect(medicine_row(page, 2).get_by_label("Medicine name")).to_be_focused()
    assert page.evaluate("window.__marker") == 1, "adding a medicine row reloaded the page"
    fill_medicine(page, 2, "ibuprofen", "400 mg", "as needed")

    # The follow-up question appears only after "Yes".
    follow_up = page.get_by_label(OPIOID_FOLLOW_UP)
    expect(follow_up).to_be_hidden()
    choose(page, "Have you taken any opioid medicine", "No")
    expect(follow_up).to_be_hidden()
    choose(page, "Have you taken any opioid medicine", "Yes")
    expect(follow_up).to_be_visible()
    fill_safety(page, opioid="Yes")
    fill_goals_and_consent(page)
    shot("1-form")

    send(page)
    expect(page).to_have_title(re.compile(r"^Please check 2 answers: Request a consultation"))
    summary = page.get_by_role("alert").filter(has_text="There are problems with your answers")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert (
        summary.bounding_box()["y"] < page.get_by_label("Which US state will you be in").bounding_box()["y"]
    )
    expect(summary.get_by_role("link")).to_have_count(2)
    shot("2-errors")

    # Each message also stands beside its field.
    last_name = page.get_by_label("Last name")
    expect(last_name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_last_name_error")).to_have_text("Please enter your last name.")
    expect(page.locator("#id_pain_score_error")).to_have_text("Choose a number from 0 to 10.")

    # The link in the summary takes the person (and the focus) to the field.
    summary.get_by_role("link", name="Last name: Please enter your last name.").click()
    expect(last_name).to_be_focused()

    # Everything typed is still there, both medicine rows and the follow-up answer included.
    expect(page.get_by_label("Which US state will you be in")).to_have_value("CA")
    expect(page.get_by_label("First name")).to_have_value("Marta")
    expect(page.get_by_label("Date of birth")).to_have_value("1970-03-25")
    expect(page.get_by_role("textbox", name="Email")).to_have_value("marta@example.com")
    expect(question(page, "How should we contact you?").get_by_label("Email", exact=True)).to_be_checked()
    expect(page.get_by_label("Over the last week, how much pain have you had?")).to_have_value("11")
    expect(page.get_by_label("How many flares have you had")).to_have_value("2")
    expect(medicine_row(page, 1).get_by_label("Medicine name")).to_have_value("Methotrexate")
    expect(medicine_row(page, 1).get_by_label("How often")).to_have_value("once a week")
    expect(medicine_row(page, 2).get_by_label("Medicine name")).to_have_value("ibuprofen")
    expect(medicine_row(page, 2).get_by_label("Dose")).to_have_value("400 mg")
    expect(
        question(page, "Have you taken any opioid medicine").get_by_label("Yes", exact=True)
    ).to_be_checked()
    expect(page.get_by_label(OPIOID_FOLLOW_UP)).to_be_visible()
    expect(page.get_by_label(OPIOID_FOLLOW_UP)).to_have_value("Tramadol 50 mg, last taken on Monday")
    expect(question(page, "What would you most like help with?").get_by_label("Sleep")).to_be_checked()
    expect(page.get_by_label("what do you hope to get")).to_have_value("Less pain in the mornings.")
    expect(page.get_by_label("Welltopia is not an emergency service")).to_be_checked()

    # Fix both answers and send.
    last_name.fill("Quillfeather")
    page.get_by_label("Over the last week, how much pain have you had?").fill("6")
    send(page)

    expect(page).to_have_url(STATUS_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consultation request")
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    expect(page.get_by_role("heading", name="Status: New")).to_be_visible()
    shot("3-status")

    # Withdraw: a confirmation first, then the status page says so.
    page.get_by_role("link", name="Withdraw my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your request?")
    expect(page.get_by_text(reference)).to_be_visible()
    page.get_by_role("button", name="Yes, withdraw my request").click()
    expect(page).to_have_url(STATUS_URL)
    expect(page.get_by_role("heading", name="Status: Withdrawn")).to_be_visible()
    expect(page.get_by_text("Your request has been withdrawn.")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw my request")).to_have_count(0)
    shot("4-withdrawn")

    consultation = ConsultationRequest.objects.get()
    assert consultation.reference == reference
    assert consultation.status == ConsultationRequest.Status.WITHDRAWN
    assert consultation.withdrawn_at is not None
    assert (consultation.last_name, consultation.pain_score, consultation.state) == ("Quillfeather", 6, "CA")
    assert consultation.opioid_use is True
    assert consultation.flag_opioid is True
    assert consultation.opioid_details == "Tramadol 50 mg, last taken on Monday"
    assert consultation.concerns == ["joint_pain", "sleep"]
    medicines = list(consultation.medicines.values_list("name", "dose", "frequency"))
    assert medicines == [("Methotrexate", "15 mg", "once a week"), ("ibuprofen", "400 mg", "as needed")]
    matched = [
        row.catalog_medicine and row.catalog_medicine.generic_name for row in consultation.medicines.all()
    ]
    assert matched == ["methotrexate", "ibuprofen"]
    assert consultation.consents.count() == 4
    assert session.problems == []


def test_form_works_without_javascript(open_session, screenshot_dir: Path) -> None:
    session = open_session(DESKTOP, java_script_enabled=False)
    page = session.open("/consultation/")

    # Without JavaScript, nothing is hidden: every follow-up question is on the page.
    for follow_up in (
        OPIOID_FOLLOW_UP,
        "What is planned, and when?",
        "How did it go? (dose, how long, anything you noticed)",
    ):
        expect(page.get_by_label(follow_up)).to_be_visible()

    fill_about_you(page)
    fill_your_ra(page)
    fill_medicine(page, 1, "Methotrexate", "15 mg", "once a week")

    # "+ Add another medicine" posts the page back with one more row and keeps every answer.
    page.get_by_role("button", name="+ Add another medicine").click()
    page.wait_for_load_state()
    expect(medicine_row(page, 2)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(medicine_row(page, 1).get_by_label("Medicine name")).to_have_value("Methotrexate")
    expect(page.get_by_label("Last name")).to_have_value("Quillfeather")
    expect(question(page, "When is the best time to reach you?").get_by_label("Mornings")).to_be_checked()
    fill_medicine(page, 2, "Humira", "40 mg", "every 2 weeks")

    fill_safety(page)
    fill_goals_and_consent(page)
    page.screenshot(path=screenshot_dir / "intake-nojs-1-form.png", full_page=True)
    send(page)

    expect(page).to_have_url(STATUS_URL)
    assert REFERENCE.match(page.locator(".reference").inner_text().strip())
    consultation = ConsultationRequest.objects.get()
    assert list(consultation.medicines.values_list("name", flat=True)) == ["Methotrexate", "Humira"]
    assert consultation.opioid_details == ""
    assert session.problems == []


def test_form_by_keyboard(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.open("/consultation/")

    # From the top of the form, the first Tab lands on the first question (never on the honeypot).
    page.get_by_role("heading", level=1).click()
    page.keyboard.press("Tab")
    state = page.get_by_label("Which US state will you be in")
    expect(state).to_be_focused()
    assert_focus_visible(page)

    # Tabbing on reaches the send button, through every section.
    visited: list[str] = []
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        visited.append(focused)
        if focused == "submit-request":
            break
    else:
        pytest.fail(f"The send button was not reached by Tab; focus went through {visited}")
    assert "id_website" not in visited
    for field in (
        "id_last_name",
        "id_pain_score",
        "id_medicines-0-name",
        "add-medicine",
        "id_consent_accurate",
    ):
        assert field in visited, f"{field} was not reached by Tab"
    assert_focus_visible(page)

    # Enter on "+ Add another medicine" adds a row and puts the focus in it.
    page.locator("#add-medicine").focus()
    page.keyboard.press("Enter")
    expect(medicine_row(page, 2).get_by_label("Medicine name")).to_be_focused()
    assert_focus_visible(page)
    assert session.problems == []


def assert_focus_visible(page: Page) -> None:
    """The focused element has a clear outline (at least 2px), not just the faint default glow."""
    style = page.evaluate(
        """() => {
             const style = getComputedStyle(document.activeElement);
             return {id: document.activeElement.id, style: style.outlineStyle, width: style.outlineWidth};
           }"""
    )
    assert style["style"] not in ("none", "") and float(style["width"].removesuffix("px")) >= 2, style


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_in_a_field_sends_the_form_rather_than_adding_a_medicine(
    open_session, javascript: bool
) -> None:
    """Enter "clicks" a form's first submit button, and "+ Add another medicine" comes before "Send"."""
    session = open_session(DESKTOP, java_script_enabled=javascript)
    page = session.open("/consultation/")
    page.get_by_label("First name").fill("Marta")
    page.get_by_label("First name").press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="There are problems with your answers")).to_be_visible()
    expect(page.locator(".medicine-row")).to_have_count(1)
    expect(page.get_by_label("First name")).to_have_value("Marta")
    assert ConsultationRequest.objects.count() == 0
    assert session.problems == []
