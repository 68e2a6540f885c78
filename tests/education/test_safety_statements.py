"""The washout wording and the list of who cannot take LDN are written once (education.safety).

The pages, the privacy notice and (once the lead wires it in) the intake form's help texts all
show the same statements; these tests check each place against that one module.
"""

import pytest
from django.test import Client

from education import safety
from education.models import Page
from education.seeding import load_sources, seed_pages
from tests.education.factories import make_page
from tests.support.html import read
from tests.support.staff import login_verified

pytestmark = pytest.mark.django_db

SOURCES = load_sources()
# Where each statement must appear, by the page's slug.
CARRIED_BY = {
    "opioid-washout": ["who-can-and-cannot-take-ldn", "side-effects-and-safety", "ldn-with-other-medicines"],
    "who-cannot-take": ["who-can-and-cannot-take-ldn"],
    "tell-every-doctor": ["side-effects-and-safety", "ldn-with-other-medicines"],
}


def sentences(name: str) -> list[str]:
    statement = safety.STATEMENTS[name]
    return list(statement) if isinstance(statement, tuple) else [statement]


@pytest.fixture
def seeded() -> None:
    seed_pages()


@pytest.mark.parametrize(
    ("name", "slug"), [(name, slug) for name, slugs in CARRIED_BY.items() for slug in slugs]
)
def test_each_page_shows_the_shared_statement_word_for_word(
    client: Client, seeded: None, name: str, slug: str
) -> None:
    text = read(client.get(f"/learn/{slug}/")).main_text

    for sentence in sentences(name):
        assert sentence in text


def test_the_who_cannot_take_list_is_a_list_on_its_page(client: Client, seeded: None) -> None:
    content = client.get("/learn/who-can-and-cannot-take-ldn/").content.decode()

    # The first use of "opioid" on the page is a glossary link; compare the words around it.
    content = content.replace('<a href="#word-opioid" rel="noopener noreferrer">opioid</a>', "opioid")
    assert "\n".join(f"<li>{line}</li>" for line in safety.WHO_CANNOT_TAKE) in content


@pytest.mark.parametrize("source", SOURCES, ids=[source.slug for source in SOURCES])
def test_no_page_gives_a_washout_of_its_own(client: Client, seeded: None, source) -> None:
    """A number of days to wait appears only inside the shared washout statement."""
    text = read(client.get(f"/learn/{source.slug}/")).main_text.replace(safety.OPIOID_WASHOUT, "")

    assert " days after " not in text
    assert "14 days" not in text


def test_the_privacy_notice_lists_who_cannot_take_ldn_and_the_washout(client: Client) -> None:
    page = read(client.get("/privacy/"))

    assert (
        "We ask the safety questions because LDN is not right for: " + " ".join(safety.WHO_CANNOT_TAKE)
        in page.main_text
    )
    assert f"We also ask which opioids you take and when you last took one. {safety.OPIOID_WASHOUT}" in (
        page.main_text
    )


def test_the_washout_says_what_the_clinical_review_asked_for() -> None:
    washout = safety.OPIOID_WASHOUT

    assert "7 to 10 days after short-acting opioids" in washout
    assert "at least 14 days after methadone or buprenorphine" in washout
    assert "longer after patches and long-acting injections" in washout
    assert "Your clinician will tell you how long to wait." in washout


def test_the_list_names_every_reason_the_review_gave() -> None:
    text = " ".join(safety.WHO_CANNOT_TAKE)

    for reason in ("any opioid", "methadone or buprenorphine", "acute hepatitis or liver failure",
                   "allergic reaction to naltrexone", "pregnant", "under 18"):  # fmt: skip
        assert reason in text


def test_a_statement_placeholder_inside_a_sentence_is_not_put_in() -> None:
    assert safety.expand("Before [[opioid-washout]] after\n") == "Before [[opioid-washout]] after\n"
    assert safety.expand("Before\n[[opioid-washout]]\nafter\n") == f"Before\n{safety.OPIOID_WASHOUT}\nafter\n"
    assert safety.unknown_placeholders("a [[opioid-washout]] b\n[[no-such]]\n") == [
        "no-such",
        "opioid-washout",
    ]


def test_a_page_with_an_unknown_placeholder_still_shows_and_says_it_as_typed(client: Client) -> None:
    make_page("typo", 1, body="## Safety\n\n[[opiod-washout]]\n")

    page = read(client.get("/learn/typo/"))

    assert "Safety [[opiod-washout]]" in page.main_text


def test_the_admin_refuses_a_placeholder_it_cannot_put_in(client: Client, django_user_model) -> None:
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user(username="editor", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="education"))
    login_verified(client, editor)
    page = make_page("safety", 1)
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "order": "1",
        "published": "on",
        "last_reviewed": "2026-11-01",
        "reviewer": page.reviewer,
        "body": "## Opioids\n\n[[opiod-washout]]\n",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
    }

    response = client.post(f"/admin/education/page/{page.pk}/change/", data)

    assert response.status_code == 200
    assert (
        "[[opiod-washout]]: no shared safety wording has that name, or it is not on a line of its own. "
        "Put one of [[opioid-washout]], [[who-cannot-take]], [[tell-every-doctor]] on a line by itself."
    ) in response.content.decode()
    assert Page.objects.get(pk=page.pk).body == page.body
