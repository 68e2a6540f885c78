"""Pages in two languages: one page per slug and language, each seeded, cached and rendered in its own.

The Spanish side's URLs (/es/learn/…) and its templates come with the site-wide translation work;
these tests hold what the views will call: cache.get_page(slug, language), cache.get_hub(language),
cache.has_translation() and cache.translations().
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from education import cache, glossary, safety
from education.models import Page
from education.rendering import render_body
from education.seeding import load_sources, parse_page_file, seed_pages
from tests.education.factories import make_page
from tests.support.html import read
from welltopia import languages

pytestmark = pytest.mark.django_db

SOURCES = load_sources()
SOURCES_ES = load_sources(languages.SPANISH)
SLUGS = [source.slug for source in SOURCES]


@pytest.fixture
def seeded() -> None:
    seed_pages()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# --------------------------------------------------------------------------- seeding


def test_seeding_creates_a_spanish_page_for_every_english_page(seeded: None) -> None:
    spanish = Page.objects.in_language(languages.SPANISH)

    assert list(spanish.values_list("slug", flat=True)) == SLUGS
    assert Page.objects.missing_translation(languages.SPANISH).count() == 0
    for english in Page.objects.in_language(languages.ENGLISH).prefetch_related("references"):
        translated = spanish.get(slug=english.slug)
        assert (translated.order, translated.last_reviewed, translated.reviewer, translated.published) == (
            english.order,
            english.last_reviewed,
            english.reviewer,
            english.published,
        )
        assert translated.references.count() == english.references.count()
        assert translated.title != english.title


def test_a_spanish_page_is_seeded_from_its_file(seeded: None) -> None:
    source = next(source for source in SOURCES_ES if source.slug == "what-is-ldn")

    page = Page.objects.get(slug="what-is-ldn", language="es")

    assert (page.title, page.summary, page.body) == (source.title, source.summary, source.body)
    assert page.title == "¿Qué es la naltrexona en dosis bajas?"
    assert [(ref.title, ref.url) for ref in page.references.all()] == source.references
    assert str(page) == "¿Qué es la naltrexona en dosis bajas? (Spanish)"


def test_an_edited_spanish_page_is_kept_and_its_english_page_still_follows_its_file(seeded: None) -> None:
    Page.objects.filter(slug="getting-ldn", language="es").update(summary="Editado por la clínica.")

    report = seed_pages()

    assert report.kept_edited == ["es/getting-ldn"]
    assert "getting-ldn" in report.unchanged
    assert Page.objects.get(slug="getting-ldn", language="es").summary == "Editado por la clínica."


def test_a_spanish_file_must_say_it_is_spanish(tmp_path: Path) -> None:
    path = tmp_path / "01-sleep.md"
    path.write_text("Title: T\nSlug: t\nOrder: 1\nSummary: S\nLast-Reviewed: 2026-11-01\nReviewer: R\n\nB\n")

    with pytest.raises(ValueError, match=r"01-sleep.md: in the folder for Spanish \('es'\) but its header"):
        parse_page_file(path, languages.SPANISH)
    path.write_text(path.read_text().replace("Slug: t\n", "Slug: t\nLanguage: es\n"))
    assert parse_page_file(path, languages.SPANISH).language == "es"
    with pytest.raises(ValueError, match="in the folder for English"):
        parse_page_file(path)


# --------------------------------------------------------------------------- one page per slug and language


def test_two_pages_may_share_a_slug_only_in_different_languages() -> None:
    make_page("sleep", 1)
    make_page("sleep", 1, language="es")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_page("sleep", 2, language="es")
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(
            slug="other",
            language="fr",
            title="t",
            summary="s",
            body="b",
            last_reviewed="2026-11-01",
            reviewer="r",
        )


def test_a_translation_needs_an_english_page_at_its_slug() -> None:
    orphan = Page(
        title="Dormir",
        slug="dormir",
        language="es",
        summary="s",
        body="b",
        last_reviewed="2026-12-01",
        reviewer="r",
    )

    with pytest.raises(ValidationError, match="No English page has the slug “dormir”"):
        orphan.full_clean()
    make_page("dormir", 1)
    orphan.full_clean()


def test_an_english_page_needs_no_translation_to_be_saved() -> None:
    page = Page(title="Sleep", slug="sleep", summary="s", body="b", last_reviewed="2026-12-01", reviewer="r")

    page.full_clean()

    assert page.language == languages.ENGLISH


def test_the_pages_missing_a_translation_are_reported() -> None:
    make_page("first", 1)
    make_page("second", 2)
    make_page("second", 2, language="es", published=False)  # a draft translation counts as started
    make_page("third", 3)

    missing = Page.objects.missing_translation(languages.SPANISH)

    assert list(missing.values_list("slug", flat=True)) == ["first", "third"]


# --------------------------------------------------------------------------- the cache, per language


def test_get_page_gives_the_page_in_the_language_asked_for(seeded: None) -> None:
    english, spanish = cache.get_page("what-is-ldn"), cache.get_page("what-is-ldn", "es")

    assert english["title"] == "What is low-dose naltrexone?"
    assert spanish["title"] == "¿Qué es la naltrexona en dosis bajas?"
    assert cache.get_page("what-is-ldn", "en") == english
    assert spanish["last_reviewed"] == english["last_reviewed"] == datetime.date(2026, 12, 1)
    assert spanish["previous"]["title"] == "La artritis reumatoide y sus tratamientos de hoy"
    assert spanish["next"]["title"] == "Cómo podría funcionar la naltrexona en dosis bajas"
    assert [entry["slug"] for entry in cache.get_hub("es")] == [entry["slug"] for entry in cache.get_hub()]


def test_a_page_not_yet_translated_is_reported_as_such() -> None:
    make_page("first", 1)
    make_page("first", 1, language="es", title="Primera página")
    make_page("second", 2)

    assert cache.get_page("second", "es") is None
    assert cache.get_page("second") is not None  # what the Spanish side links to instead
    assert cache.has_translation("second", "es") is False
    assert cache.has_translation("first", "es") is True
    assert cache.translations("first") == {
        "en": "/learn/first/",
        "es": Page.objects.get(language="es").get_absolute_url(),
    }
    assert cache.translations("second") == {"en": "/learn/second/"}
    assert cache.translations("no-such-page") == {}


def test_an_unpublished_translation_is_not_offered() -> None:
    make_page("first", 1)
    make_page("first", 1, language="es", published=False)

    assert cache.get_page("first", "es") is None
    assert cache.has_translation("first", "es") is False


def test_asking_whether_a_page_is_translated_needs_no_query_once_warm(
    seeded: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Guards the language switcher: it asks on every page view."""
    cache.translations("what-is-ldn")

    with django_assert_num_queries(0):
        assert cache.has_translation("what-is-ldn", "es")
        assert set(cache.translations("what-is-ldn")) == {"en", "es"}


def test_saving_a_spanish_page_refreshes_both_languages_hubs() -> None:
    make_page("first", 1)
    make_page("first", 1, language="es", title="Primera")
    assert cache.get_hub("es")[0]["title"] == "Primera"

    Page.objects.filter(language="es").update(title="Primera página")
    cache.clear_all()

    assert cache.get_hub("es")[0]["title"] == "Primera página"
    assert cache.get_hub()[0]["title"] == "Page first"


def test_the_english_pages_are_served_as_before(client: Client, seeded: None) -> None:
    page = read(client.get("/learn/what-is-ldn/"))

    assert page.title == "What is low-dose naltrexone? · Welltopia"
    assert "¿Qué es" not in page.main_text
    assert [
        title for title, url in read(client.get("/learn/")).main_links if url.startswith("/learn/what")
    ] == ["What is low-dose naltrexone?"]


def test_the_sitemap_lists_each_english_page_once(client: Client, seeded: None) -> None:
    content = client.get("/sitemap.xml").content.decode()

    for slug in SLUGS:
        assert content.count(f"<loc>http://testserver/learn/{slug}/</loc>") == 1


# --------------------------------------------------------------------------- rendered in its own language


def test_a_spanish_page_puts_in_the_spanish_safety_statements(seeded: None) -> None:
    html = cache.get_page("who-can-and-cannot-take-ldn", "es")["body_html"]
    text = text_of(html)

    assert safety.OPIOID_WASHOUT_ES in text
    for line in safety.WHO_CANNOT_TAKE_ES:
        assert text_of(line) in text
    assert safety.OPIOID_WASHOUT not in text
    assert "[[" not in text


def test_a_spanish_page_explains_its_words_with_the_spanish_glossary(seeded: None) -> None:
    page = cache.get_page("ra-and-todays-treatments", "es")

    terms = {term["anchor"]: term for term in page["terms"]}
    assert terms["word-dmard"]["term"] == "FAME"
    assert terms["word-dmard"]["definition"] == glossary.BY_SLUG_ES["dmard"].definition
    assert '<a href="#word-dmard" rel="noopener noreferrer">FAME</a>' in page["body_html"]
    assert {term.slug for term in glossary.TERMS_ES} == {term.slug for term in glossary.TERMS}


def test_a_spanish_page_gets_the_key_facts_box_the_help_boxes_and_the_questions(seeded: None) -> None:
    overview = cache.get_page("ldn-for-ra-overview", "es")["body_html"]
    safety_page = cache.get_page("side-effects-and-safety", "es")["body_html"]
    questions = cache.get_page("common-questions", "es")["questions"]

    assert (
        '<aside class="key-facts" aria-labelledby="datos-clave"><h2 id="datos-clave">Datos clave</h2>'
        in overview
    )
    assert '<div class="get-help get-help-emergency"><h3>Llame al 911' in safety_page
    assert '<div class="get-help get-help-urgent"><h3>Llame a su médico ahora si:</h3>' in safety_page
    assert len(questions) == 11
    assert questions[1]["question"] == "¿Puede la LDN reemplazar mis medicamentos para la AR?"
    assert questions[1]["answer"].startswith("No. No se ha demostrado que la LDN frene el daño")


def test_an_english_page_keeps_the_english_statements_and_glossary() -> None:
    rendered = render_body("## Opioids\n\n[[opioid-washout]]\n\nDMARDs help.\n")

    assert safety.OPIOID_WASHOUT in text_of(rendered.html)
    assert [term.slug for term in rendered.terms] == ["opioid", "dmard"]
    assert rendered.terms[1].definition == glossary.BY_SLUG["dmard"].definition


def test_the_safety_statement_tag_follows_the_active_language() -> None:
    template = Template('{% load education_tags %}{% safety_statement "opioid-washout" %}')

    assert template.render(Context()) == safety.OPIOID_WASHOUT
    with translation.override("es"):
        assert template.render(Context()) == safety.OPIOID_WASHOUT_ES
    with translation.override("fr"):
        assert template.render(Context()) == safety.OPIOID_WASHOUT


def test_every_statement_and_glossary_word_exists_in_every_language() -> None:
    for code in languages.CODES:
        assert set(safety.BY_LANGUAGE[code]) == set(safety.STATEMENTS)
        assert [term.slug for term in glossary.terms(code)] == [term.slug for term in glossary.TERMS]
        for term in glossary.terms(code):
            name = re.sub(r" \(.*\)$", "", term.term)
            assert term.regex.search(name), f"{code} {term.slug}: its pattern does not match {name!r}"
    assert len(safety.WHO_CANNOT_TAKE_ES) == len(safety.WHO_CANNOT_TAKE)
