"""A reader's journey in a real browser: home → Learn → a page → the call to request a consultation.

Run at a phone width and a desktop width; full-page screenshots land in screenshots/. The
browser console must stay free of errors, which is where Content-Security-Policy violations
(an inline script or style the policy blocked) show up, and axe-core must find no accessibility
problem on any page of the way (it is injected through DevTools, so the CSP stays on). Then
axe-core runs over every education page at both widths, a glossary word is followed to its
meaning, and a page is printed: no navigation, every link's address on the paper.
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from education.seeding import load_sources, seed_pages
from tests.conftest import DESKTOP, PHONE

DEVICES = [("phone", PHONE), ("desktop", DESKTOP)]
EVERY_PAGE = [
    "/",
    "/learn/",
    "/learn/glossary/",
    "/privacy/",
    *[f"/learn/{source.slug}/" for source in load_sources()],
]

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


def console_problems(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


@pytest.mark.parametrize(("device", "viewport"), DEVICES)
def test_a_reader_goes_from_home_to_a_page_to_the_consultation_form(
    live_server: object, browser: Browser, screenshot_dir: Path, device: str, viewport: dict[str, int]
) -> None:
    seed_pages()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = console_problems(page)

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
        toggler = menu.locator("summary", has_text="Menu")
        if device == "phone":
            expect(learn).to_be_hidden()
            toggler.click()
            expect(menu.locator("details")).to_have_attribute("open", "")
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


def test_the_menu_opens_on_a_phone_with_javascript_off(live_server: object, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/privacy/")
        menu = page.get_by_role("navigation", name="Main")
        learn = menu.get_by_role("link", name="Learn", exact=True)
        expect(learn).to_be_hidden()

        menu.locator("summary", has_text="Menu").click()
        expect(learn).to_be_visible()
        menu.get_by_role("link", name="Request a consultation").click()

        expect(page).to_have_url(f"{live_server.url}/consultation/")
        menu = page.get_by_role("navigation", name="Main")
        menu.locator("summary", has_text="Menu").click()
        menu.locator("summary", has_text="Menu").click()
        expect(menu.get_by_role("link", name="Learn", exact=True)).to_be_hidden()  # and closes again
    finally:
        context.close()


@pytest.mark.parametrize(("device", "viewport"), DEVICES)
def test_every_education_page_passes_axe_and_fits_the_screen(
    live_server: object, browser: Browser, device: str, viewport: dict[str, int]
) -> None:
    seed_pages()
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    problems = console_problems(page)
    found: list[str] = []
    try:
        for url in EVERY_PAGE:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            found += accessibility_problems(page)
            if scrolls_sideways(page):
                found.append(f"{url}: scrolls sideways at {viewport['width']} px")
    finally:
        context.close()

    assert found == [], "\n".join(found)
    assert problems == [], "\n".join(problems)


def test_a_glossary_word_leads_to_its_meaning_on_the_same_page(live_server: object, browser: Browser) -> None:
    seed_pages()
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/learn/ra-and-todays-treatments/")
        page.locator(".page-body").get_by_role("link", name="DMARDs", exact=True).first.click()

        assert urlparse(page.url).fragment == "word-dmard"
        meaning = page.locator("#word-dmard")
        expect(meaning).to_be_in_viewport()
        expect(meaning).to_have_text("DMARD")
        expect(page.locator("#word-dmard + dd")).to_contain_text("disease-modifying antirheumatic drug")
    finally:
        context.close()


def test_a_printed_page_has_no_navigation_and_shows_where_links_go(
    live_server: object, browser: Browser, screenshot_dir: Path
) -> None:
    seed_pages()
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/learn/side-effects-and-safety/")
        page.emulate_media(media="print")

        for hidden in (".site-header", "nav[aria-label=Breadcrumb]", ".page-nav", ".cta", ".skip-link"):
            expect(page.locator(hidden).first).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator(".key-facts, .page-body").first).to_be_visible()
        expect(page.locator(".printed-from")).to_have_text(
            f"Printed from {live_server.url}/learn/side-effects-and-safety/"
        )
        expect(page.get_by_text("In an emergency, call 911")).to_be_visible()
        source = page.locator(".references a").first
        after = source.evaluate("link => getComputedStyle(link, '::after').content")
        assert source.get_attribute("href") in after
        glossary_word = page.locator(".page-body a[href^='#word-']").first
        assert glossary_word.evaluate("link => getComputedStyle(link, '::after').content") in (
            "none",
            "normal",
        )
        page.pdf(path=screenshot_dir / "education-page-print.pdf", format="Letter")
    finally:
        context.close()

    assert (screenshot_dir / "education-page-print.pdf").stat().st_size > 20_000
