"""The Spanish side: the same pages under /es/, a switch on every page that keeps the person on
the same page and remembers the choice in one cookie, hreflang, and a staff side that stays English."""

import re

import pytest
from django.conf import settings
from django.test import Client

from education.seeding import seed_pages
from tests.education.factories import make_page
from tests.support.html import page, read
from tests.support.patients import valid_form_data
from tests.support.staff import login_verified, make_staff

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/learn/", "/learn/what-is-ldn/", "/learn/glossary/", "/privacy/", "/consultation/"]
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def seeded() -> None:
    seed_pages()


def alternates(response) -> dict[str, str]:
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page(response).find_all("link")
        if link.attrs.get("rel") == "alternate"
    }


def switch_links(response) -> list[tuple[str, str, str]]:
    switch = page(response).find(cls="language-switch")
    return [(a.text, a.attrs["href"], a.attrs["lang"]) for a in switch.find_all("a")]


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_is_in_spanish_under_es(client: Client, path: str) -> None:
    english, spanish = client.get(path), client.get(f"/es{path}")

    assert english.status_code == spanish.status_code == 200
    assert page(english).find("html").attrs["lang"] == "en"
    assert page(spanish).find("html").attrs["lang"] == "es"
    assert read(english).title != read(spanish).title
    assert page(english).find("h1").text != page(spanish).find("h1").text


@pytest.mark.parametrize("path", PUBLIC)
def test_each_page_names_both_languages_and_english_as_the_default(client: Client, path: str) -> None:
    expected = {
        "en": f"http://testserver{path}",
        "es": f"http://testserver/es{path}",
        "x-default": f"http://testserver{path}",
    }
    assert alternates(client.get(path)) == expected
    assert alternates(client.get(f"/es{path}")) == expected


@pytest.mark.parametrize("path", [*PUBLIC, "/nowhere/"])
def test_the_switch_offers_the_same_page_in_the_other_language(client: Client, path: str) -> None:
    found = "/" if path == "/nowhere/" else path  # a missing page offers the other home page
    assert switch_links(client.get(path)) == [("Español", f"/es{found}?language=es", "es")]
    assert switch_links(client.get(f"/es{path}")) == [("English", f"{found}?language=en", "en")]


def test_following_the_switch_sets_the_one_cookie_and_lands_on_the_clean_address(client: Client) -> None:
    response = client.get("/es/learn/what-is-ldn/?language=es")

    assert response.status_code == 302
    assert response["Location"] == "/es/learn/what-is-ldn/"
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies[COOKIE]
    assert cookie.value == "es"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert list(response.cookies) == [COOKIE]  # nothing else is set


def test_no_page_sets_a_cookie_unless_the_person_switches(client: Client) -> None:
    for path in ["/", "/learn/what-is-ldn/", "/es/", "/es/learn/what-is-ldn/"]:
        assert COOKIE not in client.get(path).cookies


def test_the_choice_sends_a_later_visit_from_elsewhere_to_the_spanish_page(client: Client) -> None:
    client.cookies[COOKIE] = "es"

    response = client.get("/learn/what-is-ldn/", HTTP_REFERER="https://www.search.example/?q=ldn")

    assert response.status_code == 302
    assert response["Location"] == "/es/learn/what-is-ldn/"
    assert "Cookie" in response["Vary"]


def test_a_link_followed_on_this_site_to_an_english_page_is_respected(client: Client) -> None:
    client.cookies[COOKIE] = "es"

    response = client.get("/learn/what-is-ldn/", HTTP_REFERER="http://testserver/es/learn/what-is-ldn/")

    assert response.status_code == 200
    assert page(response).find("html").attrs["lang"] == "en"


def test_choosing_english_again_stops_the_redirect(client: Client) -> None:
    client.cookies[COOKIE] = "es"
    assert client.get("/learn/?language=en").cookies[COOKIE].value == "en"
    assert client.get("/learn/").status_code == 200


def test_a_page_not_yet_in_spanish_says_so_and_links_to_the_english_one(client: Client) -> None:
    make_page("english-only", 99, title="Only in English")

    response = client.get("/es/learn/english-only/")

    assert response.status_code == 404
    html = page(response)
    assert html.find("h1").text == "Esta página todavía no está en español"
    english = [a for a in html.find_all("a") if a.attrs.get("href") == "/learn/english-only/"]
    assert english and english[0].attrs["hreflang"] == "en" and english[0].text == "Only in English"
    assert read(response).meta["robots"] == "noindex"
    # No alternate points at a Spanish page that is not there.
    assert alternates(client.get("/learn/english-only/")) == {}


def test_the_remembered_choice_never_sends_someone_to_a_page_not_yet_translated(client: Client) -> None:
    make_page("english-only", 99)
    client.cookies[COOKIE] = "es"
    assert client.get("/learn/english-only/").status_code == 200


def test_the_staff_side_stays_english_whatever_the_browser_or_cookie_says(client: Client) -> None:
    login_verified(client, make_staff("casey", "Intake coordinators"))
    client.cookies[COOKIE] = "es"

    response = client.get("/admin/intake/consultationrequest/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")

    assert response.status_code == 200
    assert page(response).find("html").attrs["lang"] == "en"
    assert "Consultation requests" in read(response).text


def test_an_error_page_is_in_the_language_of_its_address(client: Client) -> None:
    assert page(client.get("/es/learn/no-such-page/")).find("h1").text == "No encontramos esa página"
    too_big = client.post(
        "/es/consultation/", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(10**9)
    )
    assert too_big.status_code == 413
    assert page(too_big).find("html").attrs["lang"] == "es"


def test_the_spanish_form_says_every_label_and_every_message_in_spanish(client: Client) -> None:
    """What the English form shows in English, the Spanish form never shows: a missed translation
    (a label, a help text, a choice, a message) would be text the two pages share."""
    english = _texts(client.post("/consultation/", {}))
    spanish = _texts(client.post("/es/consultation/", {}))
    shared = english & spanish
    assert sorted(shared - SAME_IN_BOTH) == []


# Words that are the same in both languages: names, numbers, examples, medicine brands.
SAME_IN_BOTH = {
    "Welltopia", "LDN", "English", "Español", "*", "0", "10", "Texas", "Florida", "California",
    "Alabama", "Alaska", "Arizona", "Arkansas", "Colorado", "Connecticut", "Delaware", "Georgia",
    "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Maine", "Maryland",
    "Massachusetts", "Minnesota", "Montana", "Nebraska", "Nevada", "Ohio", "Oklahoma", "Utah",
    "Vermont", "Virginia", "Washington", "Wisconsin", "Wyoming", "Rhode Island", "Tennessee",
    "No",  # the answer, in both languages
    *[str(number) for number in range(11)],
}  # fmt: skip


def _texts(response) -> set[str]:
    """Each element's own visible text and each option/label, as separate pieces."""
    root = page(response)
    pieces = set()
    for element in root.iter():
        if element.tag in ("script", "style", "head", "title", "datalist", "template"):
            continue
        own = " ".join(
            child.strip() for child in element.children if isinstance(child, str) and child.strip()
        )
        own = re.sub(r"\s+", " ", own).strip()
        if own and re.search(r"[A-Za-z]", own):
            pieces.add(own)
    return pieces


def test_a_request_from_the_spanish_form_remembers_its_language(client: Client) -> None:
    from intake.models import ConsultationRequest

    data = valid_form_data(consultation_language="es", interpreter="no")
    response = client.post("/es/consultation/", data)

    consultation = ConsultationRequest.objects.get()
    assert consultation.language == "es"
    assert consultation.prefers_spanish
    assert response["Location"].startswith("/es/consultation/status/")
