from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join

from education import cache, preview, review, safety
from education.models import Page, PageQuerySet, Reference
from welltopia import languages


class ReviewDueFilter(admin.SimpleListFilter):
    """Pages past (or at) their yearly review, for content editors to work through."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("due", "Due for review"), ("not-due", "Not yet due")]

    def queryset(self, request: HttpRequest, queryset: PageQuerySet) -> PageQuerySet:
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "not-due":
            return queryset.not_due_for_review()
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    """English pages that still need a translation, for the translators to work through."""

    title = "translation"
    parameter_name = "translation"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            (f"missing-{code}", f"No {languages.NAMES[code]} page yet") for code in languages.TRANSLATIONS
        ]

    def queryset(self, request: HttpRequest, queryset: PageQuerySet) -> PageQuerySet:
        for code in languages.TRANSLATIONS:
            if self.value() == f"missing-{code}":
                return queryset.missing_translation(code)
        return queryset


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ["position", "title", "url"]


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "language",
            "summary",
            "order",
            "published",
            "last_reviewed",
            "reviewer",
            "body",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # A page's language is what it is: a translation is a page of its own, added beside it.
            # Disabled rather than read-only, so the slug-and-language constraint is still checked.
            language = self.fields["language"]
            language.disabled = True
            language.help_text = (
                "A page keeps its language. To translate it, add a page in the other language."
            )

    def clean_body(self) -> str:
        # Browsers send a textarea with CRLF line ends, and the form strips the last newline. Store
        # the body as seeding writes it, so saving a page without changes does not count as an edit
        # (an edited page no longer follows its file in education/content/).
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip() + "\n"
        unknown = safety.unknown_placeholders(body)
        if unknown:
            known = ", ".join(f"[[{name}]]" for name in safety.STATEMENTS)
            typed = ", ".join(f"[[{name}]]" for name in unknown)
            raise forms.ValidationError(
                f"{typed}: no shared safety wording has that name, or it is not on a line of its own. "
                f"Put one of {known} on a line by itself."
            )
        return body


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = [
        "title",
        "language",
        "other_languages",
        "order",
        "published",
        "last_reviewed",
        "next_review_due",
        "reviewer",
        "edited_since_seed",
        "view_link",
    ]
    list_editable = ["order", "published"]
    list_filter = ["language", TranslationFilter, ReviewDueFilter, "published"]
    # Each page beside its translations.
    ordering = ["order", "slug", "language"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceInline]
    readonly_fields = ["next_review_due", "preview", "updated_at"]
    # The change form's "Preview" button (education/preview.py): the page as readers will see it.
    change_form_template = "admin/education/page/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "order", "published"]}),
        ("Review", {"fields": ["last_reviewed", "next_review_due", "reviewer"]}),
        (
            "Body",
            {
                "fields": ["body", "preview"],
                "description": "Markdown. “Preview” (below) shows the page as readers will see it, before you save.",
            },
        ),
        ("History", {"fields": ["updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Next review due", ordering="last_reviewed")
    def next_review_due(self, page: Page) -> str:
        if not page.pk:
            return "A year after the last review."
        due = format_date(page.next_review_due, "F j, Y")
        if review.is_due(page.last_reviewed):
            return format_html("<strong>{} (due now)</strong>", due)
        return due

    @admin.display(description="Other languages")
    def other_languages(self, page: Page) -> str:
        """Links to the page's other languages; for a missing translation, a link that starts it."""
        links = []
        for code in languages.CODES:
            if code == page.language:
                continue
            other_id = getattr(page, f"{code}_page_id", None)
            name = languages.NAMES[code]
            if other_id is not None:
                links.append((reverse("admin:education_page_change", args=[other_id]), name))
            elif page.language == languages.DEFAULT:
                # Start the translation at the English page's address and place on the hub.
                query = urlencode({"language": code, "slug": page.slug, "order": page.order})
                links.append((f"{reverse('admin:education_page_add')}?{query}", f"Add the {name} page"))
            else:
                return format_html("<strong>{}</strong>", "No English page with this slug")
        return format_html_join(", ", '<a href="{}">{}</a>', links)

    @admin.display(description="Edited since seeding", boolean=True)
    def edited_since_seed(self, page: Page) -> bool:
        return page.content_checksum() != page.seeded_checksum

    @admin.display(description="On the site")
    def view_link(self, page: Page) -> str:
        if not page.published:
            return "Not published"
        return format_html('<a href="{}">View</a>', page.get_absolute_url())

    @admin.display(description="Body as last saved")
    def preview(self, page: Page) -> str:
        if not page.pk:
            return "Not saved yet: use “Preview” below to see the page."
        return format_html('<div class="education-preview">{}</div>', page.body_html)

    def get_urls(self):
        def view(request: HttpRequest, object_id: str | None = None):
            return preview.preview_view(request, self, object_id)

        wrap = self.admin_site.admin_view
        return [
            path("add/preview/", wrap(view), name="education_page_preview_new"),
            path("<path:object_id>/preview/", wrap(view), name="education_page_preview"),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).with_translations().prefetch_related("references")

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The page and its references are saved: drop the cached copies so readers see the edit.
        cache.clear_all()

    def delete_model(self, request: HttpRequest, obj: Page) -> None:
        super().delete_model(request, obj)
        cache.clear_all()

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        super().delete_queryset(request, queryset)
        cache.clear_all()
