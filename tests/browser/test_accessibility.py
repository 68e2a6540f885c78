"""axe-core on the patient's pages, in a real browser: the form, its errors, the status and withdraw pages.

Every axe rule runs (WCAG 2.0-2.2 A/AA and best practices). axe is injected with
`page.evaluate`, which goes through the DevTools protocol, so the site's CSP stays on.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from intake.models import ConsultationRequest
from tests.conftest import DESKTOP, PHONE
from tests.support.browser import OPIOID_QUESTION, assert_accessible
from tests.support.patients import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def consultation() -> ConsultationRequest:
    return make_request()


def test_the_empty_form(page: Page) -> None:
    page.goto("/consultation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a consultation about LDN")
    assert_accessible(page)


def test_the_empty_form_on_a_phone(browser, live_server) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/consultation/")
        assert_accessible(page)
    finally:
        context.close()


def test_the_form_with_every_error(page: Page) -> None:
    page.goto("/consultation/")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="There are problems with your answers")).to_be_visible()
    # The opioid follow-up, the state message and every error message are on the page too.
    assert_accessible(page)


def test_the_form_after_adding_a_medicine_and_answering_yes(page: Page) -> None:
    page.goto("/consultation/")
    page.get_by_label("Which US state will you be in").select_option(label="Ohio")
    expect(page.locator("#state-not-served")).to_be_visible()
    page.get_by_role("button", name="+ Add another medicine").click()
    expect(page.get_by_role("group", name="Medicine 2", exact=True)).to_be_visible()
    for question in (OPIOID_QUESTION, "Do you have surgery"):
        page.get_by_role("group", name=question).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Have you taken low-dose naltrexone").get_by_label(
        "Yes, in the past"
    ).check()
    expect(page.get_by_label("When did you last take it?")).to_be_visible()
    assert_accessible(page)


def test_the_status_page(page: Page, consultation: ConsultationRequest) -> None:
    page.goto(consultation.get_status_url())
    expect(page.get_by_role("heading", name="Status: New")).to_be_visible()
    assert_accessible(page)


def test_the_withdraw_confirmation_page(page: Page, consultation: ConsultationRequest) -> None:
    page.goto(consultation.get_status_url())
    page.get_by_role("link", name="Withdraw my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your request?")
    assert_accessible(page)


def test_the_status_page_after_withdrawing(page: Page, consultation: ConsultationRequest) -> None:
    page.goto(consultation.get_status_url())
    page.get_by_role("link", name="Withdraw my request").click()
    page.get_by_role("button", name="Yes, withdraw my request").click()
    expect(page.get_by_role("heading", name="Status: Withdrawn")).to_be_visible()
    assert_accessible(page)
