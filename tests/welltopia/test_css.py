"""The site's CSS: Bootstrap's parts we use and nothing else, and nothing a page uses left out.

static/css/bootstrap.min.css is built from Bootstrap's Sass sources with the rules no template
can match dropped (tools/css/build.mjs). If a template gains a Bootstrap class the build did not
keep, the page would quietly lose its look: so every class a rendered public page uses must be
styled by one of the site's stylesheets, or be one of the few hooks named below.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from education.seeding import seed_pages
from tests.support.html import page
from tests.support.patients import submit_request, valid_form_data
from tests.support.urls import public_pages

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
# Classes that carry no style of their own: hooks for our JavaScript, for crispy-forms' markup
# (it names each widget's type), for print.css's rules on elements, or for meaning in the HTML.
HOOKS = {
    "asteriskField", "requiredField",  # crispy-forms: the required mark
    "checkboxinput", "dateinput", "emailinput", "numberinput", "select", "textarea", "textinput",  # crispy-forms
    "intake-form", "medicine-row", "scale-question", "scale-low", "scale-high",  # intake-form.js, tests
    "offer-list", "page-list", "references", "reviewed", "printed-from", "summary", "meta",  # meaning
    "status-page", "scheduled-time", "reference-line",  # the status page
}  # fmt: skip


def _defined_classes() -> set[str]:
    css = "".join(
        path.read_text() for path in (STATIC / "css").glob("*.css") if path.name != "admin-queue.css"
    )
    css = re.sub(r"url\([^)]*\)|/\*.*?\*/", "", css, flags=re.S)
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def _classes(html: bytes) -> set[str]:
    class Body:
        content = html

    return {name for element in page(Body()).iter() for name in element.attrs.get("class", "").split()}


def _script_classes() -> set[str]:
    """Classes our JavaScript puts on elements (`element.className = "alert alert-warning"`)."""
    scripts = "".join(path.read_text() for path in (STATIC / "js").glob("*.js"))
    return {name for found in re.findall(r'className = "([^"]+)"', scripts) for name in found.split()}


def test_every_class_a_public_page_uses_is_styled_or_a_known_hook() -> None:
    seed_pages()
    client = Client()
    consultation = submit_request()
    responses = [
        client.get(path)
        for path in [
            *public_pages(),
            "/consultation/received/",
            consultation.get_status_url(),
            f"{consultation.get_status_url()}withdraw/",
            "/no-such-page/",
        ]
    ]
    responses.append(client.post("/consultation/", {}))  # every question unanswered: every error state
    responses.append(client.post("/consultation/", valid_form_data(state="OH", takes_no_medicines="on")))
    used = set().union(*(_classes(response.content) for response in responses)) | _script_classes()

    unstyled = used - _defined_classes() - HOOKS

    assert unstyled == set(), f"used on a page but in no stylesheet (rebuild tools/css?): {sorted(unstyled)}"


def test_only_the_bootstrap_the_site_uses_is_sent() -> None:
    bootstrap = (STATIC / "css" / "bootstrap.min.css").read_text()

    assert bootstrap.startswith("/*! Bootstrap v5.3.8")
    assert len(bootstrap) < 45_000  # the whole of Bootstrap is 232 KB
    for unused in (
        ".navbar",
        ".modal",
        ".dropdown",
        ".carousel",
        ".table",
        ".accordion",
        ".toast",
        ".input-group",
    ):
        assert unused not in bootstrap
    for used in (".btn-primary", ".form-control", ".invalid-feedback", ".alert-danger", ".col-md-6"):
        assert used in bootstrap


def test_no_page_loads_bootstrap_javascript() -> None:
    seed_pages()
    html = Client().get("/learn/what-is-ldn/").content.decode()

    assert "bootstrap.bundle" not in html
    assert "<script src" not in html  # the education pages need no JavaScript at all
