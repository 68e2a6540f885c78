"""One glossary: a page links each word the first time it uses it, and explains it under the page."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from education import glossary
from education.models import Page
from education.seeding import load_sources, seed_pages
from tests.education.factories import make_page
from tests.support.html import read

pytestmark = pytest.mark.django_db

SOURCES = load_sources()


def test_the_first_use_of_a_word_links_to_its_meaning_and_later_uses_do_not(client: Client) -> None:
    make_page(
        "words",
        1,
        body="## DMARDs and more\n\nDMARDs help. Most people take DMARDs first. NSAIDs ease pain.\n",
    )

    response = client.get("/learn/words/")
    page = read(response)

    assert [link for link in page.main_links if link[1].startswith("#word-")] == [
        ("DMARDs", "#word-dmard"),
        ("NSAIDs", "#word-nsaid"),
    ]
    assert '<h2 id="dmards-and-more">DMARDs and more</h2>' in response.content.decode()
    assert (
        "Words used on this page DMARD "
        + glossary.BY_SLUG["dmard"].definition
        + " NSAID "
        + glossary.BY_SLUG["nsaid"].definition
        + " All the words we explain"
    ) in page.main_text
    assert ("All the words we explain", "/learn/glossary/") in page.main_links


def test_a_word_inside_a_link_or_another_word_is_left_alone(client: Client) -> None:
    make_page(
        "links",
        1,
        body="## Reading\n\nRead [about opioids](/learn/other/) and nonsteroidal drugs. Later, opioids.\n",
    )

    links = read(client.get("/learn/links/")).main_links

    assert ("about opioids", "/learn/other/") in links
    assert [link for link in links if link[1].startswith("#word-")] == [("opioids", "#word-opioid")]


def test_a_page_without_glossary_words_has_no_words_box(client: Client) -> None:
    make_page("plain", 1, body="## Sleep\n\nSome people sleep better.\n")

    assert "Words used on this page" not in read(client.get("/learn/plain/")).main_text


@pytest.mark.parametrize("source", SOURCES, ids=[source.slug for source in SOURCES])
def test_every_glossary_link_on_a_page_has_its_meaning_on_that_page(client: Client, source) -> None:
    seed_pages()
    response = client.get(f"/learn/{source.slug}/")
    content = response.content.decode()

    anchors = [href[1:] for _, href in read(response).main_links if href.startswith("#word-")]
    assert len(anchors) == len(set(anchors)), "a word is linked more than once"
    for anchor in anchors:
        assert f'<dt id="{anchor}">' in content


def test_the_glossary_page_explains_every_word_the_issue_names(client: Client) -> None:
    response = client.get("/learn/glossary/")
    page = read(response)

    assert page.title == "Words we explain · Welltopia"
    for slug in ("inflammation", "dmard", "biologic", "opioid", "withdrawal", "off-label"):
        term = glossary.BY_SLUG[slug]
        assert f"{term.term} {term.definition}" in page.main_text
        assert f'<dt id="{term.anchor}">' in response.content.decode()
    assert page.head_link("canonical") == "http://testserver/learn/glossary/"


def test_the_glossary_page_needs_no_database(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert client.get("/learn/glossary/").status_code == 200


def test_every_page_says_off_label_with_a_link_to_its_meaning(client: Client) -> None:
    make_page("any", 1)

    links = read(client.get("/learn/any/")).main_links

    assert ("off-label", "/learn/glossary/#word-off-label") in links


def test_no_page_can_take_the_glossarys_address() -> None:
    page = Page(
        title="Glossary", slug="glossary", summary="s", body="b", last_reviewed="2026-12-01", reviewer="r"
    )

    with pytest.raises(ValidationError, match="the address of another part of the site"):
        page.full_clean()


def test_each_term_has_a_unique_anchor_and_matches_its_own_name() -> None:
    assert len({term.anchor for term in glossary.TERMS}) == len(glossary.TERMS)
    for term in glossary.TERMS:
        name = re.sub(r" \(.*\)$", "", term.term)
        assert term.regex.search(name), f"{term.slug}: its pattern does not match {name!r}"
