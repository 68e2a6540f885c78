import datetime
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from education import review
from education.rendering import RenderedBody, render_body
from welltopia import languages

# /learn/<slug>/ addresses the site serves itself, so no page may take them.
RESERVED_SLUGS = frozenset({"glossary"})


def validate_slug_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is the address of another part of the site; choose another slug.")


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(published=True)

    def due_for_review(self, today: datetime.date | None = None) -> "PageQuerySet":
        """Pages whose next review date is today (the clinic's) or has passed."""
        return self.filter(last_reviewed__lte=review.due_if_reviewed_on_or_before(today))

    def not_due_for_review(self, today: datetime.date | None = None) -> "PageQuerySet":
        return self.filter(last_reviewed__gt=review.due_if_reviewed_on_or_before(today))

    def in_language(self, language: str) -> "PageQuerySet":
        return self.filter(language=language)

    def with_translations(self) -> "PageQuerySet":
        """Each page annotated with `<code>_page_id` for every language (`en_page_id`, `es_page_id`):
        the page with the same slug in that language, or None. One query, however many pages."""
        same_slug = Page.objects.filter(slug=models.OuterRef("slug")).order_by()
        return self.annotate(
            **{
                f"{code}_page_id": models.Subquery(same_slug.filter(language=code).values("pk")[:1])
                for code in languages.CODES
            }
        )

    def missing_translation(self, language: str) -> "PageQuerySet":
        """English pages that have no page in `language` at the same slug (published or not):
        what a translator still has to write."""
        translated = Page.objects.filter(slug=models.OuterRef("slug"), language=language)
        return self.filter(language=languages.DEFAULT).exclude(models.Exists(translated))


class Page(models.Model):
    """One plain-language education page in one language. Seeded from education/content/ (English)
    and education/content/<language>/ (its translations), then editable.

    A translation shares its English page's slug: /learn/<slug>/ in English, /es/learn/<slug>/ in
    Spanish, so a reader can switch language and stay on the same page.
    """

    class Language(models.TextChoices):
        ENGLISH = languages.ENGLISH, languages.NAMES[languages.ENGLISH]
        SPANISH = languages.SPANISH, languages.NAMES[languages.SPANISH]

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=80,
        validators=[validate_slug_not_reserved],
        help_text="The page's address. A translation uses the same slug as its English page.",
    )
    language = models.CharField(
        max_length=5,
        choices=Language,
        default=Language.ENGLISH,
        help_text="The language the page is written in. English pages are the originals.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown on the hub and in search."
    )
    body = models.TextField(
        help_text=(
            "Markdown. Use ## for headings; HTML is removed when shown. A “## Key facts” section is "
            "shown as a box; under “## Common questions”, give each question a ### heading. "
            "A line [[opioid-washout]], [[who-cannot-take]] or [[tell-every-doctor]] puts in the "
            "clinic's shared safety wording."
        )
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the hub (lowest first).")
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField(help_text="The next review is due a year later.")
    reviewer = models.CharField(max_length=120, help_text="Who last checked the page for accuracy.")
    updated_at = models.DateTimeField(auto_now=True)
    seeded_checksum = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Checksum of the content as last seeded; a page whose content differs was edited.",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        # English first, then each translation; in a language, the hub's order.
        ordering = ["language", "order", "title"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="education_page_slug_not_empty"),
            models.CheckConstraint(
                condition=models.Q(language__in=languages.CODES), name="education_page_language_known"
            ),
            models.UniqueConstraint(
                fields=["slug", "language"],
                name="education_page_one_per_slug_and_language",
                violation_error_message="There is already a page in this language with this slug.",
            ),
        ]

    def __str__(self) -> str:
        if self.language == languages.DEFAULT:
            return self.title
        return f"{self.title} ({self.get_language_display()})"

    def get_absolute_url(self) -> str:
        # The page's address in its own language: /learn/<slug>/ for English, and for a
        # translation whatever the URL configuration gives that language (/es/learn/<slug>/ once
        # the Spanish side is served under i18n_patterns).
        with translation.override(self.language):
            return reverse("education:page", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if self.language != languages.DEFAULT and self.slug:
            english = Page.objects.filter(slug=self.slug, language=languages.DEFAULT)
            if not english.exists():
                raise ValidationError(
                    {
                        "slug": f"No English page has the slug “{self.slug}”. A translation uses the "
                        "slug of its English page, so readers can switch language and stay on the page."
                    }
                )

    @cached_property
    def rendered(self) -> RenderedBody:
        return render_body(self.body, self.language)

    @property
    def body_html(self) -> SafeString:
        return self.rendered.html

    @property
    def next_review_due(self) -> datetime.date:
        return review.next_review_due(self.last_reviewed)

    def content_checksum(self, references: list[tuple[str, str]] | None = None) -> str:
        """A checksum of everything an editor can change, to tell seeded pages from edited ones."""
        if references is None:
            references = [(ref.title, ref.url) for ref in self.references.all()]
        # Not the language or the slug: they say which page this is, and a page's checksum must not
        # change when a field is added (pages seeded before would all count as edited).
        payload = [
            self.title,
            self.summary,
            self.body,
            self.order,
            self.published,
            self.last_reviewed.isoformat(),
            self.reviewer,
            [list(ref) for ref in references],
        ]
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


class Reference(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(max_length=300)
    url = models.URLField(
        max_length=500, blank=True, help_text="Leave empty for a source with no web address."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
