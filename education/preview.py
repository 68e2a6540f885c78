"""An editor's preview: the page as readers will see it, from the form as typed, before saving.

The change form's "Preview" button posts the form here (in a new tab); nothing is saved, and the
page is drawn by the site's own template, in the page's language, with a banner that says it is a
preview. A form with mistakes shows them instead, so nobody previews something that cannot be saved.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_POST

from education import cache
from education.models import Page

if TYPE_CHECKING:
    from education.admin import PageAdmin


def _references(formsets: list) -> list[dict[str, str]]:
    rows = []
    for formset in formsets:
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("title"):
                continue
            rows.append((data.get("position") or 0, {"title": data["title"], "url": data.get("url") or ""}))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def _hub_neighbours(page: Page) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """The previous and next pages the published page will link to, by its place on the hub."""
    hub = [entry for entry in cache.get_hub(page.language) if entry["slug"] != page.slug]
    published = Page.objects.published().in_language(page.language)
    order = {p.slug: p.order for p in published.only("slug", "order")}
    before = [entry for entry in hub if order.get(entry["slug"], 0) <= page.order]
    after = [entry for entry in hub if order.get(entry["slug"], 0) > page.order]
    return (before[-1] if before else None, after[0] if after else None)


@require_POST
def preview_view(
    request: HttpRequest, model_admin: "PageAdmin", object_id: str | None = None
) -> HttpResponse:
    # admin_site.admin_view() (education/admin.py) checks the login and sends no-store.
    existing = None
    if object_id is not None:
        existing = model_admin.get_object(request, object_id)
        if existing is None:
            raise Http404("No such page.")
        allowed = model_admin.has_change_permission(request, existing)
    else:
        allowed = model_admin.has_add_permission(request)
    if not allowed:
        raise PermissionDenied

    form_class = model_admin.get_form(request, existing, change=existing is not None)
    form = form_class(request.POST, request.FILES, instance=existing or Page())
    form_valid = form.is_valid()
    page = form.instance  # the edited copy (is_valid() fills it in); it is never saved here
    formsets, _ = model_admin._create_formsets(request, page, change=existing is not None)
    formsets_valid = all(formset.is_valid() for formset in formsets)
    if not (form_valid and formsets_valid):
        errors = [
            f"{form.fields[name].label if name in form.fields else 'Page'}: {' '.join(messages)}"
            for name, messages in form.errors.items()
        ]
        errors += [" ".join(error) for formset in formsets for error in formset.errors if error]
        errors += [str(error) for formset in formsets for error in formset.non_form_errors()]
        return render(
            request,
            "admin/education/page/preview_errors.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": "Preview not possible",
                "errors": errors,
            },
            status=400,
        )

    previous_link, next_link = _hub_neighbours(page)
    data = cache.page_data(page, _references(formsets), previous_link=previous_link, next_link=next_link)
    with translation.override(page.language):
        response = render(request, "education/page.html", {"page": data, "preview": True})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
