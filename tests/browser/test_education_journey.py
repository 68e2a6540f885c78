"""A reader's journey in a real browser: home → Learn → a page → the call to request a consultation.

Run at a phone width and a desktop width; full-page screenshots land in screenshots/. The
browser console must stay free of errors, which is where Content-Security-Policy violations
(an inline script or style the policy blocked) show up, and axe-core must find no accessibility
problem on any page of the way (it is injected through DevTools, so the CSP stays on).
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from education.seeding import load_sources, seed_pages
from tests.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SOURCES = load_sources()
axe = Axe()


def accessibility_problems(page: Page) -> list[str]:
    violations = axe.run(page).response["violations"]
    return [
        f"{page.url} [{violation['impact']}] {violation['id']}: {', '.join(map(str, node['target']))}"
        for violation in violations
        for node in violation["nodes"]
    ]


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_a_reader_goes_from_home_to_a_page_to_the_consultation_form(
    live_server: object, browser: Browser, screenshot_dir: Path, device: str, viewport: dict[str, int]
) -> None:
    seed_pages()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))

    try:
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Consultations about low-dose naltrexone for rheumatoid arthritis"
        )
        page.screenshot(path=screenshot_dir / f"education-home-{device}.png", full_page=True)
        assert not scrolls_sideways(page)
        assert accessibility_problems(page) == []

        menu = page.get_by_role("navigation", name="Main")
        learn = menu.get_by_role("link", name="Learn", exact=True)
        toggler = menu.get_by_role("button", name="Show menu")
        if device == "phone":
            expect(learn).to_be_hidden()
            toggler.click()
            expect(toggler).to_have_attribute("aria-expanded", "true")
            expect(learn).to_be_visible()
        else:
            expect(toggler).to_be_hidden()
        learn.click()

        expect(page).to_have_url(f"{live_server.url}/learn/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Learn about LDN for rheumatoid arthritis")
        listed = page.locator("main .page-list a")
        expect(listed).to_have_text([source.title for source in SOURCES])
        page.screenshot(path=screenshot_dir / f"education-hub-{device}.png", full_page=True)
        assert not scrolls_sideways(page)
        assert accessibility_problems(page) == []

        first = SOURCES[0]
        page.get_by_role("link", name=first.title).click()

        expect(page).to_have_url(f"{live_server.url}/learn/{first.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
        expect(page.get_by_text("Information, not medical advice.", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name=f"{SOURCES[1].title} →")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"education-page-{device}.png", full_page=True)
        assert not scrolls_sideways(page)
        assert accessibility_problems(page) == []
        assert problems == []

        call_to_action = page.get_by_role("region", name="Want to talk it through?")
        with page.expect_navigation() as navigation:
            call_to_action.get_by_role("link", name="Request a consultation").click()

        assert navigation.value.status == 200
        assert urlparse(page.url).path == "/consultation/"
    finally:
        context.close()

    for name in ("home", "hub", "page"):
        assert (screenshot_dir / f"education-{name}-{device}.png").stat().st_size > 10_000
