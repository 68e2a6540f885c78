"""The Content-Security-Policy and other security headers, on every kind of response."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from education.seeding import seed_pages
from tests.support.html import read

pytestmark = pytest.mark.django_db

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

PAGES = {
    "home": "/",
    "hub": "/learn/",
    "education page": "/learn/what-is-ldn/",
    "privacy notice": "/privacy/",
    "404": "/learn/no-such-page/",
    "robots.txt": "/robots.txt",
    "sitemap": "/sitemap.xml",
    "health check": "/healthz",
    "admin login": "/admin/login/",
}


@pytest.fixture(autouse=True)
def seeded() -> None:
    seed_pages()


def policy(response: HttpResponse) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}, with any nonce set aside."""
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = [source for source in sources if not source.startswith("'nonce-")]
    return directives


def nonces(response: HttpResponse) -> list[str]:
    return re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_response_carries_the_strict_policy(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code in (200, 404)
    assert policy(response) == STRICT_POLICY


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_no_response_allows_inline_or_eval_or_other_origins(client: Client, url: str) -> None:
    header = client.get(url)["Content-Security-Policy"]

    for weakness in (
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'unsafe-hashes'",
        "'strict-dynamic'",
        "*",
        "http:",
        "https:",
    ):
        assert weakness not in header.split()


@pytest.mark.urls("tests.welltopia.raising_urls")
def test_the_500_page_carries_the_strict_policy() -> None:
    response = Client(raise_request_exception=False).get("/fail/")

    assert response.status_code == 500
    assert policy(response) == STRICT_POLICY


def test_a_page_with_a_data_block_carries_a_fresh_nonce_matching_its_block(client: Client) -> None:
    response = client.get("/learn/what-is-ldn/")

    (nonce,) = set(nonces(response))
    assert [
        script.attrs.get("nonce") for script in read(response).scripts if not script.attrs.get("src")
    ] == [nonce]
    assert nonce not in nonces(client.get("/learn/what-is-ldn/"))


def test_a_page_without_a_data_block_allows_no_nonce(client: Client) -> None:
    assert nonces(client.get("/learn/")) == []


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_response_forbids_framing_sniffing_and_leaking_the_referrer(client: Client, url: str) -> None:
    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
