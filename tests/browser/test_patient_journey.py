"""The patient's journey through the consultation form, in a real browser (Debian's chromium).

A person opens the form, answers every section, adds a medicine row, meets the follow-up
question and the "state we do not serve" message, makes a mistake, fixes it, sends the request,
lands on their private status page and withdraws. Screenshots of each step go to `screenshots/`.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from intake.models import ConsultationRequest
from tests.conftest import DESKTOP, PHONE
from tests.support.browser import (
    OPIOID_QUESTION,
    OPIOID_WHEN,
    OPIOID_WHICH,
    REFERENCE,
    assert_focus_visible,
    choose,
    choose_score,
    fill_about_you,
    fill_goals_and_consent,
    fill_medicine,
    fill_safety,
    fill_your_ra,
    medicine_row,
    question,
    send,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS_URL = re.compile(r"/consultation/status/[^/]+/$")
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PAIN = "Over the last week, how much pain have you had?"


# The journey ------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_patient_journey(open_tab, catalog, screenshot_dir: Path, width: str) -> None:
    session = open_tab(VIEWPORTS[width])
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

    # Last name left empty and no pain score: two mistakes, on purpose.
    fill_about_you(page, last_name="")
    fill_your_ra(page, pain=None)
    # The 0 to 10 questions say on screen what each end means.
    pain = question(page, PAIN)
    expect(pain).to_contain_text("0 = no pain")
    expect(pain).to_contain_text("10 = the worst pain you can imagine")

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

    # The follow-up questions appear only after "Yes".
    which, when = page.get_by_label(OPIOID_WHICH), page.get_by_label(OPIOID_WHEN)
    expect(which).to_be_hidden()
    choose(page, OPIOID_QUESTION, "No")
    expect(which).to_be_hidden()
    expect(when).to_be_hidden()
    choose(page, OPIOID_QUESTION, "Yes")
    expect(which).to_be_visible()
    expect(when).to_be_visible()
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
    expect(page.locator("#id_pain_score_error")).to_have_text(
        "Please choose a number from 0 to 10 for your pain."
    )

    # The link in the summary takes the person (and the focus) to the field.
    summary.get_by_role("link", name="Last name: Please enter your last name.").click()
    expect(last_name).to_be_focused()

    # Everything typed is still there, both medicine rows and the follow-up answer included.
    expect(page.get_by_label("Which US state will you be in")).to_have_value("CA")
    expect(page.get_by_label("First name")).to_have_value("Marta")
    expect(page.get_by_label("Date of birth")).to_have_value("1970-03-25")
    expect(page.get_by_role("textbox", name="Email")).to_have_value("marta@example.com")
    expect(question(page, "How should we contact you?").get_by_label("Email", exact=True)).to_be_checked()
    expect(question(page, "how are you doing overall?").get_by_label("5", exact=True)).to_be_checked()
    expect(page.get_by_label("Your rheumatologist or the doctor")).to_have_value("Dr. Imani Okonjo")
    expect(page.get_by_label("How many flares have you had")).to_have_value("2")
    expect(medicine_row(page, 1).get_by_label("Medicine name")).to_have_value("Methotrexate")
    expect(medicine_row(page, 1).get_by_label("How often")).to_have_value("once a week")
    expect(medicine_row(page, 2).get_by_label("Medicine name")).to_have_value("ibuprofen")
    expect(medicine_row(page, 2).get_by_label("Dose")).to_have_value("400 mg")
    expect(question(page, OPIOID_QUESTION).get_by_label("Yes", exact=True)).to_be_checked()
    expect(page.get_by_label(OPIOID_WHICH)).to_be_visible()
    expect(page.get_by_label(OPIOID_WHICH)).to_have_value("Tramadol 50 mg, now and then")
    expect(page.get_by_label(OPIOID_WHEN)).to_have_value("2026-11-02")
    expect(question(page, "What would you most like help with?").get_by_label("Sleep")).to_be_checked()
    expect(page.get_by_label("what do you hope to get")).to_have_value("Less pain in the mornings.")
    expect(page.get_by_label("Welltopia is not an emergency service")).to_be_checked()

    # Fix both answers and send.
    last_name.fill("Quillfeather")
    choose_score(page, PAIN, 6)
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
    assert consultation.opioid_details == "Tramadol 50 mg, now and then"
    assert consultation.opioid_last_taken.isoformat() == "2026-11-02"
    assert consultation.prescriber_name == "Dr. Imani Okonjo"
    assert consultation.concerns == ["joint_pain", "sleep"]
    medicines = list(consultation.medicines.values_list("name", "dose", "frequency"))
    assert medicines == [("Methotrexate", "15 mg", "once a week"), ("ibuprofen", "400 mg", "as needed")]
    matched = [
        [medicine.generic_name for medicine in row.catalog_medicines.all()]
        for row in consultation.medicines.all()
    ]
    assert matched == [["methotrexate"], ["ibuprofen"]]
    assert consultation.consents.count() == 4
    assert session.problems == []


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_form_works_without_javascript(open_tab, screenshot_dir: Path, width: str) -> None:
    session = open_tab(VIEWPORTS[width], java_script_enabled=False)
    page = session.open("/consultation/")

    # Without JavaScript, nothing is hidden: every follow-up question is on the page.
    for follow_up in (
        OPIOID_WHICH,
        OPIOID_WHEN,
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
    page.screenshot(path=screenshot_dir / f"intake-nojs-{width}-1-form.png", full_page=True)
    send(page)

    expect(page).to_have_url(STATUS_URL)
    assert REFERENCE.match(page.locator(".reference").inner_text().strip())
    consultation = ConsultationRequest.objects.get()
    assert list(consultation.medicines.values_list("name", flat=True)) == ["Methotrexate", "Humira"]
    assert consultation.opioid_details == ""
    assert session.problems == []


def test_form_by_keyboard(open_tab) -> None:
    session = open_tab(DESKTOP)
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
        "id_pain_score_0",
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


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_in_a_field_sends_the_form_rather_than_adding_a_medicine(open_tab, javascript: bool) -> None:
    """Enter "clicks" a form's first submit button, and "+ Add another medicine" comes before "Send"."""
    session = open_tab(DESKTOP, java_script_enabled=javascript)
    page = session.open("/consultation/")
    page.get_by_label("First name").fill("Marta")
    page.get_by_label("First name").press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="There are problems with your answers")).to_be_visible()
    expect(page.locator(".medicine-row")).to_have_count(1)
    expect(page.get_by_label("First name")).to_have_value("Marta")
    assert ConsultationRequest.objects.count() == 0
    assert session.problems == []


def test_leaving_a_form_with_answers_asks_first_and_nothing_is_lost(open_tab) -> None:
    session = open_tab(DESKTOP)
    page = session.open("/consultation/")
    page.get_by_label("First name").fill("Marta")
    page.get_by_role("button", name="+ Add another medicine").click()
    fill_medicine(page, 2, "Norco", "5/325", "as needed")
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()

    expect(page).to_have_url(re.compile(r"/consultation/$"))
    assert asked == ["beforeunload"]
    expect(medicine_row(page, 2).get_by_label("Medicine name")).to_have_value("Norco")
    assert session.problems == []


def test_without_javascript_back_after_adding_a_medicine_shows_the_form_with_every_row(open_tab) -> None:
    session = open_tab(DESKTOP, java_script_enabled=False)
    page = session.open("/consultation/")
    page.get_by_label("First name").fill("Marta")
    fill_medicine(page, 1, "Norco", "5/325", "as needed")

    page.get_by_role("button", name="+ Add another medicine").click()
    page.wait_for_load_state()

    # The person lands at the new row, the focus in it.
    expect(page).to_have_url(re.compile(r"/consultation/#id_medicines-1-name$"))
    expect(medicine_row(page, 2).get_by_label("Medicine name")).to_be_focused()
    fill_medicine(page, 2, "Humira", "40 mg", "every 2 weeks")

    # Away and back: the form (with what the server kept), never a "confirm resubmission" page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    page.wait_for_load_state()
    page.go_back()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request a consultation about LDN")
    expect(page.get_by_label("First name")).to_have_value("Marta")
    expect(medicine_row(page, 1).get_by_label("Medicine name")).to_have_value("Norco")
    expect(medicine_row(page, 2)).to_be_visible()
    assert session.problems == []
