"""The Spanish education pages in education/content/es/: one for every English page, the same page.

No database. A Spanish file has the English file's name, slug, order, review date, reviewer and
number of sources, a `Language: es` line, the same shared safety statements (put in in Spanish),
links to the Spanish pages, and reads "fairly easy" or easier in Spanish (tests/education/spanish.py
says which measure and why).
"""

from __future__ import annotations

import re

import pytest

from education import glossary, safety
from tests.education import spanish
from tests.education.test_content import (
    ARTICLE_REFERENCE,
    BY_SLUG,
    EXPECTED_SLUGS,
    MEDLINEPLUS_NALTREXONE,
    PAGES,
    REQUIRED_SOURCES,
    _parse,
    h2_headings,
    references,
)
from tests.education.text import SPANISH_CONTENT_DIR, plain, reader_text, spanish_words
from welltopia import languages

HEADER_KEYS = ["Title", "Slug", "Language", "Order", "Summary", "Last-Reviewed", "Reviewer", "Reference"]
SINGLE_KEYS = HEADER_KEYS[:-1]

# Where the English page cites an English MedlinePlus page, the Spanish page cites MedlinePlus en
# español's version of it (the same text, translated by the NLM). Every other source is the same.
SPANISH_SOURCES = {
    MEDLINEPLUS_NALTREXONE: "https://medlineplus.gov/spanish/druginfo/meds/a685041-es.html",
    "https://medlineplus.gov/rheumatoidarthritis.html": "https://medlineplus.gov/spanish/rheumatoidarthritis.html",
}

PAGES_ES = [_parse(path) for path in sorted(SPANISH_CONTENT_DIR.glob("*.md"))]
PAGE_IDS = [page["name"] for page in PAGES_ES]
BY_SLUG_ES = {page["fields"]["Slug"][0]: page for page in PAGES_ES if "Slug" in page["fields"]}


def english(page: dict) -> dict:
    return BY_SLUG[page["fields"]["Slug"][0]]


def field(page: dict, key: str) -> str:
    return page["fields"][key][0]


# --------------------------------------------------------------------------- one for every page


def test_every_english_page_has_a_spanish_page_of_the_same_name():
    assert [page["name"] for page in PAGES_ES] == [page["name"] for page in PAGES]


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_keeps_its_english_pages_slug_order_review_and_reviewer(page):
    source = english(page)
    for key in ("Slug", "Order", "Last-Reviewed", "Reviewer"):
        assert field(page, key) == field(source, key), f"{page['name']}: {key} differs from the English page"
    assert field(page, "Language") == languages.SPANISH


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_has_the_header_fields_in_order(page):
    name, fields = page["name"], page["fields"]
    for key in SINGLE_KEYS:
        assert len(fields.get(key, [])) == 1, f"{name}: needs exactly one {key} line"
    assert set(fields) == set(HEADER_KEYS), f"{name}: header keys {sorted(fields)}"
    assert list(dict.fromkeys(page["order"])) == HEADER_KEYS, f"{name}: header keys out of order"
    assert 0 < len(field(page, "Summary")) <= 300
    assert field(page, "Title") != field(english(page), "Title"), f"{name}: the title is not translated"


# --------------------------------------------------------------------------- the same sources


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_cites_the_same_sources_as_its_english_page(page):
    refs, english_refs = references(page), references(english(page))
    assert len(refs) == len(english_refs), (
        f"{page['name']}: {len(refs)} sources, the English page has {len(english_refs)}"
    )
    assert refs[0][0].startswith(ARTICLE_REFERENCE), f"{page['name']}: the clinic's article comes first"
    expected = [SPANISH_SOURCES.get(url, url) for _, url in english_refs]
    assert [url for _, url in refs] == expected, f"{page['name']}: not the English page's sources, in order"
    for title, url in refs[1:]:
        assert title.strip() and re.fullmatch(r"https://\S+", url)


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_source_in_english_says_so(page):
    """A Spanish reader should know before following a link that the page is in English."""
    for title, url in references(page):
        in_spanish = url.startswith("https://medlineplus.gov/spanish/")
        assert in_spanish or "en inglés" in title, f"{page['name']}: say '(en inglés)' for {title!r}"
        assert not in_spanish or "en inglés" not in title


def test_every_required_source_is_cited_on_the_spanish_page_too():
    for slug, urls in REQUIRED_SOURCES.items():
        cited = [url for _, url in references(BY_SLUG_ES[slug])]
        for url in urls:
            assert SPANISH_SOURCES.get(url, url) in cited, f"{slug}: its claims rest on {url}"


# --------------------------------------------------------------------------- the same page


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_has_as_many_sections_and_questions_as_its_english_page(page):
    body, english_body = page["body"], english(page)["body"]
    assert len(h2_headings(body)) == len(h2_headings(english_body))
    assert len(re.findall(r"^### ", body, flags=re.M)) == len(re.findall(r"^### ", english_body, flags=re.M))
    assert not re.search(r"</?[a-zA-Z][^>]*>|&[a-zA-Z]+;", body), f"{page['name']}: HTML in body"


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_puts_in_the_same_safety_statements_in_the_same_order(page):
    assert safety.placeholders(page["body"]) == safety.placeholders(english(page)["body"])
    assert safety.unknown_placeholders(page["body"]) == []


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_does_not_type_out_a_safety_statement(page):
    typed = " ".join(page["body"].lower().split())
    for name in safety.STATEMENTS_ES:
        wording = safety.statement(name, languages.SPANISH)
        for sentence in wording if isinstance(wording, tuple) else re.split(r"(?<=\.) ", wording):
            assert sentence.lower() not in typed, f"{page['name']}: {sentence!r} is typed out; use [[{name}]]"


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_links_to_spanish_pages_only(page):
    for target in re.findall(r"\]\((/[^)]*)\)", page["body"]):
        match = re.fullmatch(r"/es/learn/([a-z0-9-]+)/(#[a-z0-9-]+)?", target)
        assert match, f"{page['name']}: {target} is not a Spanish page (/es/learn/…)"
        assert match.group(1) in [*EXPECTED_SLUGS, "glossary"], f"{page['name']}: unknown page {target}"


def test_the_spanish_overview_links_to_every_other_spanish_page():
    overview = BY_SLUG_ES["ldn-for-ra-overview"]["body"]
    for slug in EXPECTED_SLUGS[1:]:
        assert f"(/es/learn/{slug}/)" in overview, f"overview does not link to {slug}"


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_a_spanish_page_is_about_as_long_as_its_english_page(page):
    """Spanish runs longer than English; much shorter or longer means something was left out or added."""
    count = len(spanish_words(reader_text(page["body"], languages.SPANISH)))
    english_count = len(spanish_words(reader_text(english(page)["body"])))
    assert 0.95 * english_count <= count <= 1.35 * english_count, (
        f"{page['name']}: {count} words; the English page has {english_count}"
    )


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_spanish_pages_leave_the_disclaimer_and_call_to_action_to_the_template(page):
    text = plain(page["body"], languages.SPANISH)
    assert not re.search(r"no es (un )?consejo médico", text)
    assert not re.search(r"(solicite|pida|reserve) (una|su) consulta", text)


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_spanish_jargon_is_left_to_the_glossary(page):
    text = plain(page["body"], languages.SPANISH)
    for hand_made in (
        r"es (la )?sigla de",
        r"fuera de indicación (significa|quiere decir)",
        r"\bun (fame|biológico|aine|opioide) es ",
        r"\blos (fame|biológicos|aine|opioides) son (medicamentos|fármacos) (que|los cuales)",
        r"\bla inflamación es ",
    ):
        assert not re.search(hand_made, text), f"{page['name']}: {hand_made!r}; link the glossary word"


# --------------------------------------------------------------------------- reading ease


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_every_spanish_page_is_fairly_easy_to_read_or_easier(page):
    ease = spanish.reading_ease(reader_text(page["body"], languages.SPANISH))
    assert ease >= spanish.MIN_EASE, (
        f"{page['name']}: Szigriszt-Pazos {ease} is below {spanish.MIN_EASE} (INFLESZ 'bastante fácil'); "
        "use shorter sentences and shorter words"
    )


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_every_spanish_summary_is_fairly_easy_to_read_or_easier(page):
    assert spanish.reading_ease(field(page, "Summary")) >= spanish.MIN_EASE, f"{page['name']}: shorten it"


@pytest.mark.parametrize("term", glossary.TERMS_ES, ids=[term.slug for term in glossary.TERMS_ES])
def test_every_spanish_glossary_word_is_fairly_easy_to_read_or_easier(term):
    assert spanish.reading_ease(term.definition) >= spanish.MIN_EASE, f"glosario {term.slug}: más sencillo"


@pytest.mark.parametrize("name", sorted(safety.STATEMENTS_ES))
def test_every_spanish_safety_statement_is_fairly_easy_to_read_or_easier(name):
    text = reader_text(safety.as_markdown(name, languages.SPANISH), languages.SPANISH)
    assert spanish.reading_ease(text) >= spanish.MIN_EASE, f"[[{name}]] en español: más sencillo"


def test_the_spanish_measure_puts_textstat_back_to_english():
    import textstat

    before = textstat.flesch_kincaid_grade("The immune system attacks the joints by mistake.")
    spanish.reading_ease("El sistema inmunitario ataca las articulaciones por error.")

    assert textstat.flesch_kincaid_grade("The immune system attacks the joints by mistake.") == before
    assert textstat.syllable_count("articulaciones") == 5  # English hyphenation again (Spanish: 6)


# Words that Spanish never uses: a page with them has English left in it (a half-translated page).
ENGLISH_ONLY_WORDS = {
    "the",
    "and",
    "you",
    "your",
    "with",
    "is",
    "are",
    "this",
    "that",
    "for",
    "of",
    "to",
    "it",
    "what",
}


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_no_english_is_left_in_a_spanish_page(page):
    text = " ".join(
        [field(page, "Title"), field(page, "Summary"), reader_text(page["body"], languages.SPANISH)]
    )
    left = sorted(ENGLISH_ONLY_WORDS & set(spanish_words(text)))
    assert not left, f"{page['name']}: English words {left}"


@pytest.mark.parametrize("page", PAGES_ES, ids=PAGE_IDS)
def test_no_spanish_page_gives_a_washout_of_its_own(page):
    """A number of days to wait appears only inside the shared washout statement."""
    text = reader_text(page["body"], languages.SPANISH).replace(safety.OPIOID_WASHOUT_ES, "")
    assert " días después " not in text
    assert "14 días" not in text
