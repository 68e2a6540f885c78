"""Seed education pages from the Markdown files in education/content/.

A file starts with `Key: value` header lines (Title, Slug, Order, Summary, Last-Reviewed,
Reviewer, and one Reference line per source as `title | url`, or the title alone for a source
without a web address), a blank line, then the body.
Seeding is idempotent: a page whose content still matches what was last seeded follows the
file; a page an editor has changed is left alone.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from education import cache
from education.models import Page, Reference

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass(frozen=True)
class PageSource:
    title: str
    slug: str
    order: int
    summary: str
    last_reviewed: datetime.date
    reviewer: str
    references: list[tuple[str, str]]
    body: str


def parse_page_file(path: Path) -> PageSource:
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    fields: dict[str, str] = {}
    references: list[tuple[str, str]] = []
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path.name}: header line without 'Key: value': {line!r}")
        key, value = key.strip().lower(), value.strip()
        if key == "reference":
            # `title | url`, or the title alone for a source with no web address.
            title, sep, url = value.rpartition(" | ")
            references.append((title.strip(), url.strip()) if sep else (value, ""))
        else:
            fields[key] = value
    try:
        return PageSource(
            title=fields["title"],
            slug=fields["slug"],
            order=int(fields["order"]),
            summary=fields["summary"],
            last_reviewed=datetime.date.fromisoformat(fields["last-reviewed"]),
            reviewer=fields["reviewer"],
            references=references,
            body=body.strip() + "\n",
        )
    except KeyError as missing:
        raise ValueError(f"{path.name}: missing header {missing}") from None


def load_sources(directory: Path = CONTENT_DIR) -> list[PageSource]:
    return [parse_page_file(path) for path in sorted(directory.glob("*.md"))]


@dataclass
class SeedReport:
    created: list[str]
    updated: list[str]
    kept_edited: list[str]
    unchanged: list[str]


def seed_pages(sources: list[PageSource] | None = None) -> SeedReport:
    report = SeedReport([], [], [], [])
    for source in sources if sources is not None else load_sources():
        with transaction.atomic():
            _seed_one(source, report)
    if report.created or report.updated:
        cache.clear_all()  # readers see the new text at once
    return report


def _seed_one(source: PageSource, report: SeedReport) -> None:
    page = Page.objects.select_for_update().filter(slug=source.slug).first()
    if page is not None:
        if page.content_checksum() != page.seeded_checksum:
            report.kept_edited.append(source.slug)
            return
    else:
        page = Page(slug=source.slug)
    new = page.pk is None
    page.title = source.title
    page.order = source.order
    page.summary = source.summary
    page.body = source.body
    page.last_reviewed = source.last_reviewed
    page.reviewer = source.reviewer
    checksum = page.content_checksum(source.references)
    if not new and checksum == page.seeded_checksum:
        report.unchanged.append(source.slug)
        return
    page.seeded_checksum = checksum
    page.save()
    page.references.all().delete()
    Reference.objects.bulk_create(
        Reference(page=page, title=title, url=url, position=index)
        for index, (title, url) in enumerate(source.references)
    )
    (report.created if new else report.updated).append(source.slug)
