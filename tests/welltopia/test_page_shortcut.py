"""The short way for kept pages (welltopia/page_shortcut.py): the same answer as the whole stack's.

Every public page, asked for again, is answered ahead of the middleware stack. Each answer is
compared with the stack's own answer to the same request: status, every header in order, every
cookie and its attributes, the page itself, and its compressed length. Only the per-request
values (nonce, CSRF token, one-time token) and the time in Expires may differ. Requests the stack
could answer differently never take the short way.
"""

import gzip
import re
import time
import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils.csp import LazyNonce
from django.utils.http import parse_http_date
from pytest_django import Settings

from education import cache
from education.models import Page
from education.seeding import seed_pages
from intake import views as intake_views
from tests.education.factories import make_page
from tests.security.test_headers import HTTPS_SETTINGS
from tests.support.html import read
from tests.support.urls import public_pages
from welltopia.page_cache import SharedPage
from welltopia.page_shortcut import KeptPageMiddleware

pytestmark = pytest.mark.django_db

SHORTCUT = "welltopia.page_shortcut.KeptPageMiddleware"
GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}
KINDS = [
    "plain",
    "compressed",
    "with a CSRF cookie",
    "with a broken CSRF cookie",
    "a Spanish browser",
    "head",
]
BROKEN = "with a broken CSRF cookie"
# The suite's own settings (plain HTTP), and production's: HTTPS behind the proxy.
SITES = ["tests", "production"]


@pytest.fixture(autouse=True)
def seeded() -> None:
    seed_pages()


def _as_in(site: str, settings: Settings) -> dict[str, str]:
    """Settings as on `site`, and the headers every request there carries."""
    if site == "tests":
        return {}
    for name, value in HTTPS_SETTINGS.items():
        setattr(settings, name, value)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return {"X-Forwarded-Proto": "https"}


def _headers(kind: str) -> dict[str, str]:
    cookie = {
        "with a CSRF cookie": f"{settings.CSRF_COOKIE_NAME}={'a' * 32}",
        BROKEN: f"{settings.CSRF_COOKIE_NAME}=broken",
    }.get(kind)
    spanish = {"Accept-Language": "es-MX,es;q=0.9"} if kind == "a Spanish browser" else {}
    return {**({} if kind == "plain" else GZIP), **({"Cookie": cookie} if cookie else {}), **spanish}


def _short(response: HttpResponse) -> bool:
    """Whether the short way answered: the stack's SessionMiddleware gives every request a
    session (even one never used); the short way goes round it."""
    return not hasattr(response.wsgi_request, "session")


def _ask(client: Client, path: str, kind: str, site_headers: dict[str, str] | None = None) -> HttpResponse:
    method = client.head if kind == "head" else client.get
    return method(path, headers={**(site_headers or {}), **_headers(kind)})


def _the_stack() -> override_settings:
    return override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != SHORTCUT])


def _normal(response: HttpResponse, exact_length: bool = True) -> dict[str, object]:
    """The response with its per-request values replaced by their names."""
    nonce = "".join(re.findall(r"'nonce-([^']+)'", response.get("Content-Security-Policy", "")))[:22]
    body = response.content
    if response.get("Content-Encoding") == "gzip" and body:
        body = gzip.decompress(body)
    text = body.decode()
    if nonce:
        text = text.replace(nonce, "NONCE")
    text = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="CSRF"', text
    )
    text = re.sub(r'name="submission_token" value="[^"]+"', 'name="submission_token" value="TOKEN"', text)
    headers = []
    for name, value in response.headers.items():
        if name == "Expires":
            assert abs(parse_http_date(value) - time.time()) <= 2, value  # "now", whichever way
            value = "NOW"
        if name == "Content-Length" and not exact_length:
            value = "LENGTH"
        headers.append((name, value.replace(nonce, "NONCE") if nonce else value))
    cookies = {
        name: {attribute: morsel[attribute] for attribute in morsel if attribute != "expires"}
        for name, morsel in response.cookies.items()
    }
    return {
        "status": response.status_code,
        "headers": headers,
        "cookies": cookies,
        "cookie values": {name: len(morsel.value) for name, morsel in response.cookies.items()},
        "page": text,
        "length on the wire": len(response.content) if exact_length else "LENGTH",
    }


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("site", SITES)
def test_every_public_page_the_short_way_is_the_page_the_stack_sends(
    site: str, language: str, kind: str, settings: Settings
) -> None:
    site_headers = _as_in(site, settings)
    pages = public_pages(language)
    # Every page as browsers ask for them (compressed); the other kinds on one page of each view.
    if kind != "compressed":
        pages = [path for path in pages if not path.endswith(("/learn/glossary/", "/privacy/"))]
        pages = pages[:3] + pages[-1:]  # the home page, the hub, an education page, the form
    for path in pages:
        client = Client()
        first = _ask(client, path, kind, site_headers)
        again = _ask(client, path, kind, site_headers)
        with _the_stack():
            stack = _ask(Client(), path, kind, site_headers)

        assert first.status_code == 200, path
        assert not _short(first) and not _short(stack)
        # A page whose request needs a new CSRF cookie is never kept (welltopia/page_cache.py):
        # the stack answers it (the browser has a good cookie from then on), compressed with
        # Django's random padding, so only its length may differ.
        assert _short(again) == (kind != BROKEN), path
        exact = kind != BROKEN
        assert _normal(again, exact_length=exact) == _normal(stack, exact_length=exact), path


def _found(pattern: str, response: HttpResponse) -> str:
    return re.search(pattern, response.content.decode()).group(1)


def test_each_answer_has_its_own_secrets() -> None:
    client = Client()
    forms = [client.get("/consultation/") for _ in range(3)]
    pages = [client.get("/learn/what-is-ldn/") for _ in range(3)]  # its structured data has a nonce

    assert all(_short(response) for response in forms[1:] + pages[1:])
    csrf = {_found(r'name="csrfmiddlewaretoken" value="([^"]+)"', form) for form in forms}
    tokens = {_found(r'name="submission_token" value="([^"]+)"', form) for form in forms}
    # The CSRF cookie is renewed with every form, its secret kept (as Django does); each page's
    # token is masked afresh.
    cookies = {form.cookies[settings.CSRF_COOKIE_NAME].value for form in forms}
    assert len(csrf) == len(tokens) == 3
    assert len(cookies) == 1
    assert all(uuid.UUID(token).version == 4 for token in tokens)
    nonces = [_found(r'<script[^>]* nonce="([^"]+)"', page) for page in pages]
    assert len(set(nonces)) == 3
    # Each page's nonce is the one its own header allows.
    for page, nonce in zip(pages, nonces, strict=True):
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]


def test_a_form_from_the_short_way_can_be_sent() -> None:
    from intake.models import ConsultationRequest
    from tests.support.html import form_data
    from tests.support.patients import load_reviewed_catalog, valid_form_data

    load_reviewed_catalog()
    browser = Client(enforce_csrf_checks=True)
    browser.get("/consultation/")
    page = browser.get("/consultation/")
    assert _short(page)
    sent = form_data(page, "intake-form")

    response = browser.post(
        "/consultation/",
        valid_form_data(submission_token=sent["submission_token"][0])
        | {"csrfmiddlewaretoken": sent["csrfmiddlewaretoken"][0]},
    )

    assert response.status_code == 302
    assert ConsultationRequest.objects.filter(submission_token=sent["submission_token"][0]).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Cookie": f"{settings.SESSION_COOKIE_NAME}=abc"},
        {"Cookie": "messages=abc"},
        {"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=es"},
        {"Cookie": "somebody-else=1"},
    ],
    ids=["a session", "a message waiting", "a language chosen", "another cookie"],
)
def test_a_visitor_with_a_cookie_of_ours_goes_through_the_stack(headers: dict[str, str]) -> None:
    client = Client()
    client.get("/learn/")

    assert not _short(client.get("/learn/", headers=headers))
    client.cookies.clear()  # whatever the stack set or removed
    assert _short(client.get("/learn/"))


def test_a_query_string_or_a_body_goes_through_the_stack() -> None:
    client = Client()
    client.get("/learn/")

    assert not _short(client.get("/learn/?language=es"))
    assert not _short(client.generic("GET", "/learn/", data=b"x=1", content_type="text/plain"))


def test_a_host_not_allowed_is_refused_by_the_stack() -> None:
    client = Client()
    client.get("/learn/")

    response = client.get("/learn/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "Content-Security-Policy" in response


def test_an_editors_save_is_seen_at_once() -> None:
    make_page("first", 1, title="Before")
    client = Client()
    client.get("/learn/first/")
    assert read(client.get("/learn/first/")).title == "Before · Welltopia"

    Page.objects.filter(slug="first").update(title="After")
    cache.clear_all()  # what every save does

    rendered = client.get("/learn/first/")
    again = client.get("/learn/first/")
    assert not _short(rendered) and _short(again)
    assert read(rendered).title == read(again).title == "After · Welltopia"


def test_the_form_is_not_given_while_the_database_is_down() -> None:
    client = Client(raise_request_exception=False)
    client.get("/consultation/")

    with mock.patch.object(intake_views.EMPTY_FORM, "check", side_effect=OperationalError("down")):
        response = client.get("/consultation/")

    assert response.status_code == 503
    assert not _short(response)
    # The stack's error page, with the stack's headers.
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert header in response
    assert _short(client.get("/consultation/"))


def _kept_view(change_on_the_way_out: bool) -> tuple[KeptPageMiddleware, list[HttpRequest]]:
    page = SharedPage(lambda: 1)
    seen: list[HttpRequest] = []

    def stack(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        request._csp_nonce = LazyNonce()
        response = page.serve(request, lambda _slots: HttpResponse("<p>kept</p>"))
        if change_on_the_way_out:
            response.content = b"<p>kept, and changed</p>"
        return response

    return KeptPageMiddleware(stack), seen


@pytest.mark.parametrize("changed", [False, True])
def test_a_page_changed_on_the_way_out_is_not_answered_the_short_way(changed: bool) -> None:
    middleware, seen = _kept_view(change_on_the_way_out=changed)

    answers = [middleware(RequestFactory().get("/kept/")) for _ in range(3)]

    assert len(seen) == (3 if changed else 1)
    assert {answer.content for answer in answers} == {
        b"<p>kept, and changed</p>" if changed else b"<p>kept</p>"
    }
