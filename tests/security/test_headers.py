"""Production response headers: HTTPS only, HSTS, no sniffing or framing, a strict CSP, no powerful features.

The suite runs with HTTPS=0 (the test client speaks plain HTTP), so the HTTPS settings are set
here to exactly what settings.py gives with DEBUG=0 and HTTPS unset; the last tests check that
settings.py really gives them, in a fresh process with a production environment.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from pytest_django import Settings

from education.seeding import seed_pages
from tests.support.patients import valid_form_data
from tests.support.staff import login_verified, make_staff
from tests.support.urls import CHANGELIST

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]

HTTPS_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
}

PUBLIC_PAGES = {
    "home": "/",
    "education hub": "/learn/",
    "education page": "/learn/what-is-ldn/",
    "privacy notice": "/privacy/",
    "intake form": "/consultation/",
    "admin login": "/admin/login/",
}

# The directives that make the policy strict, each with its only allowed sources.
STRICT_DIRECTIVES = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


@pytest.fixture(autouse=True)
def https(settings: Settings) -> None:
    for name, value in HTTPS_SETTINGS.items():
        setattr(settings, name, value)
    seed_pages()


@pytest.fixture
def status_url(client: Client) -> str:
    """A patient's private status page, reached as after sending the form."""
    response = client.post("/consultation/", valid_form_data(), secure=True)
    assert response.status_code == 302
    return response["Location"]


@pytest.fixture
def verified_admin() -> Client:
    return login_verified(Client(), make_staff("alex", superuser=True))


def csp(response: HttpResponse) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def assert_production_headers(response: HttpResponse) -> None:
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert features[feature] == "()", feature


def assert_strict_csp(response: HttpResponse) -> None:
    policy = csp(response)
    for directive, sources in STRICT_DIRECTIVES.items():
        assert policy[directive] == sources, directive
    script_sources = policy["script-src"]
    assert script_sources[0] == "'self'"
    assert all(re.fullmatch(r"'nonce-[\w-]+={0,2}'", source) for source in script_sources[1:]), script_sources
    header = response["Content-Security-Policy"]
    for weakness in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "data:"):
        assert weakness not in policy["script-src"] + policy["default-src"], weakness
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


def assert_nonce_matches_page(response: HttpResponse) -> None:
    """The page's inline-capable elements carry the one nonce that script-src allows."""
    (nonce,) = [source[len("'nonce-") : -1] for source in csp(response)["script-src"][1:]]
    page_nonces = set(re.findall(r'<script[^>]* nonce="([^"]+)"', response.content.decode()))
    assert page_nonces == {nonce}


def test_a_plain_http_request_is_redirected_to_https(client: Client) -> None:
    response = client.get("/learn/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/learn/?page=2"


def test_the_admin_over_plain_http_is_redirected_to_https(client: Client) -> None:
    response = client.get("/admin/login/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/admin/login/"


def test_a_request_the_proxy_marks_as_https_is_served(client: Client, settings: Settings) -> None:
    """Behind the reverse proxy (BEHIND_PROXY, on by default in production) X-Forwarded-Proto counts."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = client.get("/learn/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert_production_headers(response)


@pytest.mark.parametrize("url", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_pages_carry_the_production_headers_and_strict_csp(client: Client, url: str) -> None:
    response = client.get(url, secure=True)

    assert response.status_code == 200
    assert_production_headers(response)
    assert_strict_csp(response)


def test_the_status_page_carries_the_production_headers_and_strict_csp(
    client: Client, status_url: str
) -> None:
    response = client.get(status_url, secure=True)

    assert response.status_code == 200
    assert "Your consultation request" in response.content.decode()
    assert_production_headers(response)
    assert_strict_csp(response)


def test_an_invalid_intake_submit_carries_the_production_headers_and_strict_csp(client: Client) -> None:
    response = client.post("/consultation/", valid_form_data(email="not-an-email"), secure=True)

    assert response.status_code == 200
    assert_production_headers(response)
    assert_strict_csp(response)


def test_the_admin_login_page_allows_only_its_own_nonced_scripts(client: Client) -> None:
    response = client.get("/admin/login/", secure=True)

    assert_strict_csp(response)
    assert_nonce_matches_page(response)


@pytest.mark.parametrize("url", ["/admin/", CHANGELIST, "/admin/intake/accesslog/"])
def test_admin_pages_for_a_verified_admin_carry_the_production_headers_and_strict_csp(
    verified_admin: Client, url: str
) -> None:
    response = verified_admin.get(url, secure=True)

    assert response.status_code == 200
    assert_production_headers(response)
    assert_strict_csp(response)
    assert_nonce_matches_page(response)


# --------------------------------------------------------------------------- settings.py itself

PRODUCTION_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Vq2!xR9@zP4%mN8&bT1*wY6^cF3(jH5)sD0-gL2+eA7=uQ4~",
    "ALLOWED_HOSTS": "clinic.example",
    "EMAIL_HOST": "smtp.clinic.example",
}

COOKIE_AND_TRANSPORT_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "SILENCED_SYSTEM_CHECKS",
]


def run_in_production_environment(
    *args: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run Python in a fresh process that sees only a production environment (not this test run's)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(REPO)),
        "DJANGO_SETTINGS_MODULE": "welltopia.settings",
        **PRODUCTION_ENVIRONMENT,
        **(extra or {}),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )


def production_settings() -> dict[str, object]:
    script = (
        "import json\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {COOKIE_AND_TRANSPORT_SETTINGS!r}}}))"
    )
    result = run_in_production_environment("-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_turn_on_https_hsts_and_host_only_secure_cookies() -> None:
    assert production_settings() == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SILENCED_SYSTEM_CHECKS": [],
    }


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_in_production_environment(
        "-c", "from django.conf import settings; settings.DEBUG", extra={"SECRET_KEY": ""}
    )

    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off." in result.stderr
