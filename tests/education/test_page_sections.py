"""The sections a page body can have: key facts in a box, NHS-style "get help now" boxes, and
common questions shown as headings with answers and given to search engines as FAQPage data."""

import json

import pytest
from django.test import Client

from education.rendering import render_body
from education.seeding import load_sources, seed_pages
from tests.education.factories import make_page
from tests.support.html import read

pytestmark = pytest.mark.django_db

SOURCES = load_sources()


def ld_blocks(response) -> list[dict]:
    return [
        json.loads(script.body)
        for script in read(response).scripts
        if script.attrs.get("type") == "application/ld+json"
    ]


def test_the_questions_page_gives_each_visible_question_and_answer_as_faq_data(client: Client) -> None:
    seed_pages()
    response = client.get("/learn/common-questions/")

    (faq,) = [block for block in ld_blocks(response) if block["@type"] == "FAQPage"]
    text = read(response).main_text
    assert faq["url"] == "http://testserver/learn/common-questions/"
    assert len(faq["mainEntity"]) >= 10
    for item in faq["mainEntity"]:
        assert item["@type"] == "Question"
        assert item["acceptedAnswer"]["@type"] == "Answer"
        # What search engines are told is what the reader sees, word for word.
        assert f"{item['name']} {item['acceptedAnswer']['text']}" in text
    names = [item["name"] for item in faq["mainEntity"]]
    assert "Can LDN replace my RA medicines?" in names
    assert "What if I need pain relief in an emergency?" in names


@pytest.mark.parametrize("source", [s for s in SOURCES if s.slug != "common-questions"], ids=lambda s: s.slug)
def test_other_pages_carry_no_faq_data(client: Client, source) -> None:
    seed_pages()

    types = [block["@type"] for block in ld_blocks(client.get(f"/learn/{source.slug}/"))]

    assert types == ["MedicalWebPage"]


def test_a_question_answer_is_plain_text_without_markup() -> None:
    rendered = render_body(
        "## Common questions\n\n### Is it safe?\n\nAsk **your** [clinician](/learn/x/) & pharmacist.\n\n"
        "### Empty?\n\n## Other\n\n### Not a question\n\nText.\n"
    )

    assert [(q.question, q.answer) for q in rendered.questions] == [
        ("Is it safe?", "Ask your clinician & pharmacist.")
    ]


def test_a_key_facts_section_is_a_labelled_box(client: Client) -> None:
    make_page("facts", 1, body="## Key facts\n\n- One fact.\n\n## More\n\nText.\n")

    content = client.get("/learn/facts/").content.decode()

    assert (
        '<aside class="key-facts" aria-labelledby="key-facts"><h2 id="key-facts">Key facts</h2><ul>\n'
        "<li>One fact.</li>\n</ul></aside>"
    ) in content


def test_the_overview_opens_with_its_key_facts(client: Client) -> None:
    seed_pages()

    content = client.get("/learn/ldn-for-ra-overview/").content.decode()

    body = content[content.index('<div class="page-body">') :]
    assert body.startswith('<div class="page-body"><aside class="key-facts"')


def test_get_help_lists_are_boxed_by_how_urgent_they_are(client: Client) -> None:
    make_page(
        "help",
        1,
        body=(
            "## Serious side effects\n\nRare.\n\n### Call 911 or go to the emergency room now if:\n\n"
            "- you cannot breathe\n\n### Call your doctor now if:\n\n- your skin turns yellow\n\n"
            "### Other notes\n\nText.\n"
        ),
    )

    content = client.get("/learn/help/").content.decode()

    assert (
        '<div class="get-help get-help-emergency"><h3>Call 911 or go to the emergency room now if:</h3>\n'
        "<ul>\n<li>you cannot breathe</li>\n</ul></div>"
    ) in content
    assert (
        '<div class="get-help get-help-urgent"><h3>Call your doctor now if:</h3>\n'
        "<ul>\n<li>your skin turns yellow</li>\n</ul></div>"
    ) in content
    assert "<h3>Other notes</h3>\n<p>Text.</p>" in content


def test_the_side_effects_page_says_when_to_call_911_and_when_to_call_a_doctor(client: Client) -> None:
    seed_pages()

    page = read(client.get("/learn/side-effects-and-safety/"))

    assert (
        "Call 911 or go to the emergency room now if: your lips, mouth, throat or tongue suddenly swell"
        in (page.main_text)
    )
    assert "Call your doctor now if: your skin or the whites of your eyes turn yellow" in page.main_text
