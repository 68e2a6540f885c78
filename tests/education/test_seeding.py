"""Seeding education pages from education/content/: idempotent, and never over an editor's change."""

import dataclasses
import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from education.models import Page, Reference
from education.seeding import (
    PageSource,
    SeedReport,
    load_all_sources,
    load_sources,
    parse_page_file,
    seed_pages,
)

SOURCES = load_sources()
SLUGS = [source.slug for source in SOURCES]
# What a report names: every English slug, then every translation as language/slug (es/…).
LABELS = [source.label for source in load_all_sources()]

pytestmark = pytest.mark.django_db


def make_source(**changes: object) -> PageSource:
    source = PageSource(
        title="Sleep and LDN",
        slug="sleep-and-ldn",
        order=1,
        summary="How LDN may change your sleep.",
        last_reviewed=datetime.date(2026, 11, 1),
        reviewer="Dr. Ada Reviewer",
        references=[("A sleep study", "https://example.org/sleep")],
        body="## Vivid dreams\n\nSome people have vivid dreams at first.\n",
    )
    return dataclasses.replace(source, **changes)


def test_it_creates_every_page_from_the_content_files() -> None:
    report = seed_pages()

    assert report == SeedReport(created=LABELS, updated=[], kept_edited=[], unchanged=[])
    assert list(Page.objects.filter(language="en").values_list("slug", flat=True)) == SLUGS
    page = Page.objects.get(slug="what-is-ldn", language="en")
    source = SOURCES[SLUGS.index("what-is-ldn")]
    assert (page.title, page.summary, page.order, page.published) == (
        "What is low-dose naltrexone?",
        source.summary,
        3,
        True,
    )
    assert (page.last_reviewed, page.reviewer) == (
        datetime.date(2026, 12, 1),
        "Welltopia clinical content team",
    )
    assert page.body == source.body
    assert [(ref.title, ref.url) for ref in page.references.all()] == source.references


def test_running_it_twice_creates_nothing_new() -> None:
    seed_pages()
    pages_before = list(Page.objects.values_list("pk", "updated_at"))
    references_before = list(Reference.objects.values_list("pk", flat=True))

    report = seed_pages()

    assert report == SeedReport(created=[], updated=[], kept_edited=[], unchanged=LABELS)
    assert list(Page.objects.values_list("pk", "updated_at")) == pages_before
    assert list(Reference.objects.values_list("pk", flat=True)) == references_before


def test_it_keeps_a_body_an_editor_changed() -> None:
    seed_pages()
    page = Page.objects.get(slug="what-is-ldn", language="en")
    page.body = "## Edited by the clinic\n\nOur own words.\n"
    page.save()

    report = seed_pages()

    assert report.kept_edited == ["what-is-ldn"]
    assert report.unchanged == [label for label in LABELS if label != "what-is-ldn"]
    assert (
        Page.objects.get(slug="what-is-ldn", language="en").body
        == "## Edited by the clinic\n\nOur own words.\n"
    )


def test_it_keeps_references_an_editor_changed() -> None:
    seed_pages([make_source()])
    page = Page.objects.get(slug="sleep-and-ldn")
    page.references.create(title="A newer review", url="https://example.org/review", position=1)

    report = seed_pages([make_source(body="## From the file\n\nChanged upstream.\n")])

    assert report.kept_edited == ["sleep-and-ldn"]
    page.refresh_from_db()
    assert page.body == "## Vivid dreams\n\nSome people have vivid dreams at first.\n"
    assert [ref.title for ref in page.references.all()] == ["A sleep study", "A newer review"]


def test_a_page_an_editor_unpublished_stays_unpublished() -> None:
    seed_pages([make_source()])
    Page.objects.filter(slug="sleep-and-ldn").update(published=False)

    report = seed_pages([make_source()])

    assert report.kept_edited == ["sleep-and-ldn"]
    assert Page.objects.get(slug="sleep-and-ldn").published is False


def test_a_page_nobody_edited_follows_its_changed_source() -> None:
    seed_pages([make_source()])
    changed = make_source(
        title="Sleep, dreams and LDN",
        body="## Dreams fade\n\nMost people find the dreams fade.\n",
        last_reviewed=datetime.date(2026, 12, 1),
        references=[
            ("A better study", "https://example.org/better"),
            ("A sleep study", "https://example.org/sleep"),
        ],
    )

    report = seed_pages([changed])

    assert report == SeedReport(created=[], updated=["sleep-and-ldn"], kept_edited=[], unchanged=[])
    page = Page.objects.get(slug="sleep-and-ldn")
    assert (page.title, page.body, page.last_reviewed) == (
        "Sleep, dreams and LDN",
        "## Dreams fade\n\nMost people find the dreams fade.\n",
        datetime.date(2026, 12, 1),
    )
    assert [(ref.title, ref.url) for ref in page.references.all()] == changed.references
    assert Reference.objects.count() == 2


def test_a_page_that_followed_its_source_still_counts_as_not_edited() -> None:
    seed_pages([make_source()])
    seed_pages([make_source(summary="A new summary from the file.")])

    report = seed_pages([make_source(summary="Another summary from the file.")])

    assert report.updated == ["sleep-and-ldn"]
    assert Page.objects.get(slug="sleep-and-ldn").summary == "Another summary from the file."


def test_the_command_reports_what_it_did() -> None:
    first, second = io.StringIO(), io.StringIO()

    call_command("seed_pages", stdout=first)
    call_command("seed_pages", stdout=second)

    assert first.getvalue() == f"created: {', '.join(LABELS)}\n"
    assert second.getvalue() == f"unchanged: {', '.join(LABELS)}\n"
    assert Page.objects.count() == len(LABELS)


def test_the_command_names_the_pages_it_kept() -> None:
    call_command("seed_pages", stdout=io.StringIO())
    Page.objects.filter(slug="what-is-ldn", language="en").update(reviewer="Dr. Someone Else")
    out = io.StringIO()

    call_command("seed_pages", stdout=out)

    assert out.getvalue().splitlines()[0] == "kept (edited in the admin): what-is-ldn"


# --------------------------------------------------------------------------- the page files


def write_page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "01-sleep.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_page_file_is_read_header_then_body(tmp_path: Path) -> None:
    path = write_page(
        tmp_path,
        "Title: Sleep and LDN\nSlug: sleep-and-ldn\nOrder: 1\nSummary: How LDN may change your sleep.\n"
        "Last-Reviewed: 2026-11-01\nReviewer: Dr. Ada Reviewer\n"
        "Reference: A sleep study | https://example.org/sleep\n\n"
        "## Vivid dreams\n\nSome people have vivid dreams at first.\n\n\n",
    )

    assert parse_page_file(path) == make_source()


def test_a_reference_title_may_contain_a_bar(tmp_path: Path) -> None:
    path = write_page(
        tmp_path,
        "Title: T\nSlug: t\nOrder: 1\nSummary: S\nLast-Reviewed: 2026-11-01\nReviewer: R\n"
        "Reference: Journal | Issue 4 | https://example.org/j\n\nBody\n",
    )

    assert parse_page_file(path).references == [("Journal | Issue 4", "https://example.org/j")]


def test_a_page_file_without_a_required_header_is_refused(tmp_path: Path) -> None:
    path = write_page(tmp_path, "Title: T\nSlug: t\nOrder: 1\nSummary: S\nReviewer: R\n\nBody\n")

    with pytest.raises(ValueError, match=re.escape("01-sleep.md: missing header 'last-reviewed'")):
        parse_page_file(path)


def test_a_header_line_without_a_colon_is_refused(tmp_path: Path) -> None:
    path = write_page(tmp_path, "Title: T\nJust some words\n\nBody\n")

    with pytest.raises(
        ValueError, match=re.escape("01-sleep.md: header line without 'Key: value': 'Just some words'")
    ):
        parse_page_file(path)
