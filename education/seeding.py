"""Seed education pages from the Markdown files in education/content/.

A file starts with `Key: value` header lines (Title, Slug, Order, Summary, Last-Reviewed,
Reviewer, and one Reference line per source as `title | url`, or the title alone for a source
without a web address), a blank line, then the body.
English pages are in education/content/; each translation is in the folder of its language
(education/content/es/), under the same file name, with the same slug and a `Language: es` line.
Seeding is idempotent: a page whose content still matches what was last seeded follows the
file; a page an editor has changed is left alone.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from education import cache
from education.models import Page, Reference
from welltopia import languages

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def content_dir(language: str = languages.DEFAULT) -> Path:
    """Where a language's page files are: English at the top, each translation in its folder."""
    return CONTENT_DIR if language == languages.DEFAULT else CONTENT_DIR / language


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
    language: str = languages.DEFAULT

    @property
    def label(self) -> str:
        """How a report names the page: its slug, after its language for a translation (es/…)."""
        return self.slug if self.language == languages.DEFAULT else f"{self.language}/{self.slug}"


def parse_page_file(path: Path, language: str = languages.DEFAULT) -> PageSource:
    """Read one page file from the folder of `language`; its Language line must agree."""
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
    written_in = fields.get("language", "")
    if written_in != language and (written_in or language != languages.DEFAULT):
        raise ValueError(
            f"{path.name}: in the folder for {languages.NAMES[language]} ({language!r}) but its "
            f"header says Language: {written_in or '(none)'}"
        )
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
            language=language,
        )
    except KeyError as missing:
        raise ValueError(f"{path.name}: missing header {missing}") from None


def load_sources(language: str = languages.DEFAULT, directory: Path | None = None) -> list[PageSource]:
    """One language's pages, in file-name order (the hub's order)."""
    directory = directory or content_dir(language)
    return [parse_page_file(path, language) for path in sorted(directory.glob("*.md"))]


def load_all_sources() -> list[PageSource]:
    """Every page file: English first, so each translation's English page exists before it."""
    return [source for language in languages.CODES for source in load_sources(language)]


@dataclass
class SeedReport:
    created: list[str]
    updated: list[str]
    kept_edited: list[str]
    unchanged: list[str]


def seed_pages(sources: list[PageSource] | None = None) -> SeedReport:
    report = SeedReport([], [], [], [])
    for source in sources if sources is not None else load_all_sources():
        with transaction.atomic():
            _seed_one(source, report)
    if report.created or report.updated:
        cache.clear_all()  # readers see the new text at once
    return report


def _seed_one(source: PageSource, report: SeedReport) -> None:
    page = Page.objects.select_for_update().filter(slug=source.slug, language=source.language).first()
    if page is not None:
        if page.content_checksum() != page.seeded_checksum:
            report.kept_edited.append(source.label)
            return
    else:
        page = Page(slug=source.slug, language=source.language)
    new = page.pk is None
    page.title = source.title
    page.order = source.order
    page.summary = source.summary
    page.body = source.body
    page.last_reviewed = source.last_reviewed
    page.reviewer = source.reviewer
    checksum = page.content_checksum(source.references)
    if not new and checksum == page.seeded_checksum:
        report.unchanged.append(source.label)
        return
    page.seeded_checksum = checksum
    page.save()
    page.references.all().delete()
    Reference.objects.bulk_create(
        Reference(page=page, title=title, url=url, position=index)
        for index, (title, url) in enumerate(source.references)
    )
    (report.created if new else report.updated).append(source.label)
