"""A Spanish-speaking patient's journey in a real browser (Debian's chromium), on a phone and on a desktop.

They land on the English home page, switch to Español with the header's switch (by keyboard on
the desktop), read an education page in Spanish, fill in the Spanish form with a mistake, read the
errors in Spanish, fix it and send, and land on their status page in Spanish. The choice is
remembered: a later visit to an English address from elsewhere goes to the Spanish page, until
they switch back to English. The form steps are the English journey's (tests/support/browser.py),
run under `translation.override("es")`: they find each field by its Spanish label. axe-core runs
on every page of the way, the browser console must stay free of errors and CSP violations, and
screenshots land in screenshots/.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from education.seeding import load_sources, seed_pages
from intake.models import ConsultationRequest
from tests.conftest import DESKTOP, PHONE
from tests.support.browser import (
    REFERENCE,
    Tab,
    assert_accessible,
    assert_focus_visible,
    choose_score,
    fill_about_you,
    fill_goals_and_consent,
    fill_medicine,
    fill_safety,
    fill_your_ra,
    question,
    scrolls_sideways,
    send,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
STATUS_URL = re.compile(r"/es/consultation/status/[^/]+/$")
FIRST_PAGE = load_sources("es")[0]
PAIN = "Over the last week, how much pain have you had?"
# The one word the site's frame says the same in both languages: the clinic's name.
SAME_IN_BOTH = {"Welltopia"}

# Every piece of text the frame of a page (skip link, header, every navigation, footer) shows
# or gives a screen reader, but text marked as another language (the switch's "English").
INTERFACE_TEXTS = r"""() => {
  const pieces = [];
  const page = document.documentElement.lang;
  for (const root of document.querySelectorAll(".skip-link, header, nav, footer")) {
    for (const element of [root, ...root.querySelectorAll("*")]) {
      if (element.closest("[lang]").lang !== page) continue;
      const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent).join(" ").replace(/\s+/g, " ").trim();
      if (/\p{L}/u.test(own)) pieces.push(own);
      for (const name of ["aria-label", "title", "alt"]) {
        if (element.getAttribute(name)) pieces.push(element.getAttribute(name));
      }
    }
  }
  return pieces;
}"""


def interface_texts(page: Page) -> set[str]:
    return set(page.evaluate(INTERFACE_TEXTS))


def _sentences(text: str) -> set[str]:
    pieces = (piece.strip() for piece in re.split(r"(?<=[.?!:])\s+|\n", text))
    return {piece for piece in pieces if len(piece.split()) >= 4}  # shorter ones may be names


def sentences(page: Page) -> set[str]:
    """The main content's sentences, but a page's sources: those are cited by their own titles,
    English ones marked "(en inglés)" in the Spanish pages' text."""
    main = page.get_by_role("main")
    cited = set().union(*map(_sentences, main.locator(".references").all_inner_texts()))
    return _sentences(main.inner_text()) - cited


def english_texts(open_tab, viewport: dict[str, int], *paths: str) -> set[str]:
    """These pages' English frame and sentences, read in a tab of its own (no language cookie)."""
    tab = open_tab(viewport)
    return set().union(*(interface_texts(tab.open(path)) | sentences(tab.page) for path in paths))


def assert_in_spanish(page: Page, english: set[str]) -> None:
    """The page says it is Spanish, and neither its frame nor its content has English left in it."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    shared = (interface_texts(page) & english) - SAME_IN_BOTH
    assert not shared, f"English in the Spanish page's header, navigation or footer: {sorted(shared)}"
    shared = sentences(page) & english
    assert not shared, f"English sentences on the Spanish page: {sorted(shared)}"


def language_cookie(tab: Tab) -> str | None:
    cookies = {cookie["name"]: cookie["value"] for cookie in tab.context.cookies()}
    return cookies.get(settings.LANGUAGE_COOKIE_NAME)


def switch_to_spanish_by_keyboard(page: Page) -> None:
    """From the top of the page, Tab to the header's "Español" and press Enter."""
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "es":
            break
    else:
        pytest.fail("Tab never reached the language switch")
    expect(page.get_by_role("banner").get_by_role("link", name="Español")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_a_spanish_speaking_patient_reads_and_requests_a_consultation_in_spanish(
    open_tab, catalog, screenshot_dir: Path, width: str
) -> None:
    seed_pages()
    viewport = VIEWPORTS[width]
    english = english_texts(open_tab, viewport, "/", f"/learn/{FIRST_PAGE.slug}/", "/consultation/")
    session = open_tab(viewport)
    page = session.open("/")

    def shot(step: str) -> None:
        page.screenshot(path=screenshot_dir / f"es-intake-{width}-{step}.png", full_page=True)

    # The English home page; the header offers Español.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    if width == "desktop":
        switch_to_spanish_by_keyboard(page)
    else:
        page.get_by_role("banner").get_by_role("link", name="Español").tap()

    expect(page).to_have_url(f"{session.base_url}/es/")
    assert language_cookie(session) == "es"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Consultas sobre la naltrexona en dosis bajas para la artritis reumatoide"
    )
    assert_in_spanish(page, english)
    assert not scrolls_sideways(page)
    assert_accessible(page)

    # Learn, from the menu (a phone opens it first), then the first page.
    menu = page.get_by_role("navigation", name="Principal")
    if width == "phone":
        menu.locator("summary", has_text="Menú").click()
    menu.get_by_role("link", name="Aprender", exact=True).click()
    expect(page).to_have_url(f"{session.base_url}/es/learn/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Infórmese sobre la LDN para la artritis reumatoide"
    )
    page.get_by_role("main").get_by_role("link", name=FIRST_PAGE.title, exact=True).click()

    expect(page).to_have_url(f"{session.base_url}/es/learn/{FIRST_PAGE.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_PAGE.title)
    expect(page.get_by_text("Información, no consejos médicos.", exact=True)).to_be_visible()
    assert_in_spanish(page, english)
    assert not scrolls_sideways(page)
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / f"es-education-page-{width}.png", full_page=True)

    # The page's call to action opens the Spanish form.
    page.get_by_role("region", name="¿Quiere hablarlo con alguien?").get_by_role(
        "link", name="Solicitar una consulta"
    ).click()
    expect(page).to_have_url(f"{session.base_url}/es/consultation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitar una consulta sobre la LDN")
    assert_in_spanish(page, english)
    assert not scrolls_sideways(page)
    assert_accessible(page)

    # The English journey's steps, in Spanish: last name left empty and no pain score, on purpose.
    with translation.override("es"):
        fill_about_you(page, last_name="", language="Spanish")
        fill_your_ra(page, pain=None)
        fill_medicine(page, 1, "Metotrexato", "15 mg", "una vez por semana")
        fill_safety(page)
        fill_goals_and_consent(page, goals="Menos dolor por las mañanas.")
        shot("1-form")
        send(page)

    expect(page).to_have_title(re.compile(r"^Revise 2 respuestas: Solicitar una consulta"))
    summary = page.get_by_role("alert").filter(has_text="Hay problemas con sus respuestas")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Todavía no se ha enviado nada.")
    expect(summary.get_by_role("link")).to_have_text(
        ["Apellido: Escriba su apellido.", re.compile(r"Elija un número del 0 al 10 para su dolor\.$")]
    )
    # Each message also stands beside its field, and the field names it to a screen reader.
    last_name = page.get_by_label("Apellido")
    expect(last_name).to_have_attribute("aria-invalid", "true")
    expect(last_name).to_have_attribute("aria-describedby", re.compile(r"\bid_last_name_error\b"))
    expect(page.locator("#id_last_name_error")).to_have_text("Escriba su apellido.")
    expect(page.locator("#id_pain_score_error")).to_have_text("Elija un número del 0 al 10 para su dolor.")
    assert not scrolls_sideways(page)
    assert_accessible(page)
    shot("2-errors")

    # What was typed is kept.
    expect(page.get_by_role("group", name="Sobre usted").get_by_label("Nombre")).to_have_value("Marta")
    expect(page.get_by_label("Fecha de nacimiento")).to_have_value("1970-03-25")
    expect(page.get_by_role("textbox", name="Correo electrónico")).to_have_value("marta@example.com")
    expect(question(page, "¿En qué idioma quiere tener su consulta?").get_by_label("Español")).to_be_checked()
    expect(
        page.get_by_role("group", name="Medicamento 1", exact=True).get_by_label("Nombre del medicamento")
    ).to_have_value("Metotrexato")
    expect(page.get_by_label("¿qué espera obtener de una consulta?")).to_have_value(
        "Menos dolor por las mañanas."
    )
    expect(page.get_by_label("Entiendo que Welltopia no es un servicio de emergencias")).to_be_checked()

    # The summary's link takes the focus to the field; fix both answers and send.
    summary.get_by_role("link", name="Apellido: Escriba su apellido.").click()
    expect(last_name).to_be_focused()
    last_name.fill("Quillfeather")
    with translation.override("es"):
        choose_score(page, PAIN, 6)
        send(page)

    expect(page).to_have_url(STATUS_URL)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Su solicitud de consulta")
    expect(page.get_by_role("heading", name="Estado: Nueva")).to_be_visible()
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert_in_spanish(page, english)
    shot("3-status")

    consultation = ConsultationRequest.objects.get()
    assert consultation.reference == reference
    assert consultation.language == "es"
    assert consultation.consultation_language == "es"
    assert (consultation.last_name, consultation.pain_score) == ("Quillfeather", 6)
    assert list(consultation.medicines.values_list("name", "frequency")) == [
        ("Metotrexato", "una vez por semana")
    ]

    # The confirmation email is in Spanish, and its private link is this page.
    [confirmation] = [message for message in mail.outbox if message.to == ["marta@example.com"]]
    assert confirmation.subject == f"Recibimos su solicitud de consulta {reference}"
    assert confirmation.body.startswith("Hola, Marta:\n\nGracias por su solicitud de una consulta")
    assert "Siga su solicitud, o retírela, con su enlace privado:" in confirmation.body
    [link] = re.findall(r"^https?://\S+$", confirmation.body, flags=re.M)
    assert link.endswith(page.url.removeprefix(session.base_url))

    # Withdrawing, in Spanish: a confirmation first, then the status page says so.
    page.get_by_role("link", name="Retirar mi solicitud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Retirar su solicitud?")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("button", name="Sí, retirar mi solicitud").click()
    expect(page).to_have_url(STATUS_URL)
    expect(page.get_by_role("heading", name="Estado: Retirada")).to_be_visible()
    expect(page.get_by_text("Su solicitud ha sido retirada. No tiene que hacer nada más.")).to_be_visible()
    assert_in_spanish(page, english)
    shot("4-withdrawn")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationRequest.Status.WITHDRAWN

    # Later, from a search engine, to an English address: the Spanish page.
    later = session.watch(session.context.new_page())
    later.goto(f"{session.base_url}/learn/", referer="https://search.example/?q=ldn")
    expect(later).to_have_url(f"{session.base_url}/es/learn/")
    expect(later.locator("html")).to_have_attribute("lang", "es")

    # Back to English with the switch, which the next visit from outside respects.
    later.get_by_role("banner").get_by_role("link", name="English").click()
    expect(later).to_have_url(f"{session.base_url}/learn/")
    expect(later.locator("html")).to_have_attribute("lang", "en")
    expect(later.get_by_role("heading", level=1)).to_have_text("Learn about LDN for rheumatoid arthritis")
    assert language_cookie(session) == "en"
    later.goto(f"{session.base_url}/consultation/", referer="https://search.example/?q=ldn")
    expect(later).to_have_url(f"{session.base_url}/consultation/")
    expect(later.get_by_role("heading", level=1)).to_have_text("Request a consultation about LDN")

    assert session.problems == []


def test_the_spanish_form_works_without_javascript(open_tab, screenshot_dir: Path) -> None:
    session = open_tab(PHONE, java_script_enabled=False)
    page = session.open("/es/consultation/")

    with translation.override("es"):
        fill_about_you(page, language="Spanish")
        fill_your_ra(page)
        fill_medicine(page, 1, "Metotrexato", "15 mg", "una vez por semana")
        fill_safety(page)
        fill_goals_and_consent(page, goals="Menos dolor por las mañanas.")
        page.screenshot(path=screenshot_dir / "es-intake-nojs-phone-1-form.png", full_page=True)
        send(page)

    expect(page).to_have_url(STATUS_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Su solicitud de consulta")
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    consultation = ConsultationRequest.objects.get()
    assert (consultation.reference, consultation.language) == (reference, "es")
    assert session.problems == []


def test_the_spanish_form_with_every_error_passes_axe(open_tab) -> None:
    session = open_tab(DESKTOP)
    page = session.open("/es/consultation/")
    with translation.override("es"):
        send(page)

    expect(page.get_by_role("heading", name="Hay problemas con sus respuestas")).to_be_visible()
    assert_accessible(page)
    assert session.problems == []
