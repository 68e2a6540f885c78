"""Every template obeys the Content-Security-Policy and never turns autoescaping off.

The policy blocks inline scripts, inline styles and event-handler attributes, so a template that
uses one breaks in the browser without any server error; these checks catch it before then.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from education.seeding import seed_pages
from tests.support.html import read

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = ["education", "intake", "welltopia"]
TEMPLATE_DIRS = [BASE_DIR / "templates", *(BASE_DIR / app / "templates" for app in PROJECT_APPS)]
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS if folder.is_dir() for path in folder.rglob("*.html"))
IDS = [str(path.relative_to(BASE_DIR)) for path in TEMPLATES]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SAFE_FILTER = re.compile(r"\|\s*safe(seq)?\b")
AUTOESCAPE_OFF = re.compile(r"{%\s*autoescape\s+off\s*%}")
ASSET_TAG = re.compile(r"<(?:link|script)\b[^>]*>", re.IGNORECASE)
REMOTE_URL = re.compile(r"\s(?:href|src)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)
NOT_AN_ASSET = re.compile(r"\srel\s*=\s*[\"']?(?:canonical|alternate)\b", re.IGNORECASE)


def script_is_allowed(attributes: str) -> bool:
    """A script loads a file of ours, or is a JSON-LD data block with the response's nonce."""
    if re.search(r"\ssrc\s*=", " " + attributes):
        return True
    is_data_block = re.search(r"type\s*=\s*[\"']application/ld\+json[\"']", attributes)
    return bool(is_data_block and re.search(r"\snonce\s*=", " " + attributes))


def remote_assets(html: str) -> list[str]:
    """<link> and <script> elements that load from another site (a canonical link is not an asset)."""
    return [tag for tag in ASSET_TAG.findall(html) if REMOTE_URL.search(tag) and not NOT_AN_ASSET.search(tag)]


def test_the_checks_see_the_templates() -> None:
    assert BASE_DIR / "templates" / "base.html" in TEMPLATES
    assert BASE_DIR / "templates" / "education" / "page.html" in TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_no_template_has_an_inline_script(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    inline = [match.group(0) for match in SCRIPT_TAG.finditer(text) if not script_is_allowed(match.group(1))]
    assert not inline, f"{path.name}: move the script to a file under static/js/: {inline}"


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_no_template_has_inline_styles(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert not STYLE_ATTRIBUTE.search(text), f"{path.name}: a style= attribute; use a class in static/css/"
    assert not STYLE_ELEMENT.search(text), f"{path.name}: a <style> element; use a file in static/css/"


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_no_template_has_an_event_handler_or_javascript_link(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert not EVENT_HANDLER.search(text), f"{path.name}: an on...= attribute; attach it from static/js/"
    assert "javascript:" not in text.lower(), f"{path.name}: a javascript: URL"


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_no_template_turns_escaping_off(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert not SAFE_FILTER.search(text), f"{path.name}: |safe; build trusted HTML in Python with format_html"
    assert not AUTOESCAPE_OFF.search(text), f"{path.name}: autoescape off"


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_no_template_loads_assets_from_another_site(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert not remote_assets(text), f"{path.name}: serve CSS and JS from static/, not a CDN"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/learn/", "/learn/what-is-ldn/", "/privacy/", "/learn/no-such-page/"])
def test_rendered_public_pages_keep_the_same_rules(client: Client, url: str) -> None:
    """The HTML that leaves the server, including what Python builds (Markdown, JSON-LD), obeys too."""
    seed_pages()

    response = client.get(url)

    content = response.content.decode()
    nonces = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
    for script in read(response).scripts:
        assert script.attrs.get("src") or (
            script.attrs.get("type") == "application/ld+json" and {script.attrs.get("nonce")} == nonces
        ), script
    assert not STYLE_ATTRIBUTE.search(content)
    assert not STYLE_ELEMENT.search(content)
    assert not EVENT_HANDLER.search(content)
    assert remote_assets(content) == []
