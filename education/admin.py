from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from education import cache, review, safety
from education.models import Page, PageQuerySet, Reference


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


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ["position", "title", "url"]


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "summary", "order", "published", "last_reviewed", "reviewer", "body"]

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
        "order",
        "published",
        "last_reviewed",
        "next_review_due",
        "reviewer",
        "edited_since_seed",
        "view_link",
    ]
    list_editable = ["order", "published"]
    list_filter = [ReviewDueFilter, "published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceInline]
    readonly_fields = ["next_review_due", "preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "order", "published"]}),
        ("Review", {"fields": ["last_reviewed", "next_review_due", "reviewer"]}),
        ("Body", {"fields": ["body", "preview"], "description": "Markdown. Save to update the preview."}),
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

    @admin.display(description="Edited since seeding", boolean=True)
    def edited_since_seed(self, page: Page) -> bool:
        return page.content_checksum() != page.seeded_checksum

    @admin.display(description="On the site")
    def view_link(self, page: Page) -> str:
        if not page.published:
            return "Not published"
        return format_html('<a href="{}">View</a>', page.get_absolute_url())

    @admin.display(description="Preview of the body as the site shows it")
    def preview(self, page: Page) -> str:
        if not page.pk:
            return "Save the page to see a preview."
        return format_html('<div class="education-preview">{}</div>', page.body_html)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).prefetch_related("references")

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
