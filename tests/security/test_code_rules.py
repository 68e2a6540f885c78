"""Rules the code must keep: CSRF on every view, autoescaping everywhere it matters, (bandit runs in CI)."""

import re
from collections.abc import Iterator
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

REPO = Path(__file__).resolve().parents[2]
APPS = ["welltopia", "intake", "education"]

# Every place that marks a string as safe HTML, and why it is safe there.
REVIEWED_SAFE_MARKING = {
    "education/markdown.py": "editor Markdown, marked safe only after nh3 removes every tag and attribute outside an allow-list",
    "education/templatetags/education_tags.py": "JSON-LD escaped exactly as json_script does, so it cannot close its <script>",
}


def views() -> Iterator[tuple[str, object]]:
    """(route, view) for every URL pattern the site serves, admin included."""

    def walk(patterns: list, prefix: str) -> Iterator[tuple[str, object]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    yield from walk(get_resolver().url_patterns, "/")


def template_files() -> list[Path]:
    folders = [REPO / "templates", *(REPO / app / "templates" for app in APPS)]
    return sorted(
        path for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file()
    )


def is_plain_text_email(template: Path) -> bool:
    """templates/<app>/email/<name>.txt: sent as text/plain, where HTML escaping would garble the message."""
    if not template.is_relative_to(REPO / "templates"):
        return False
    relative = template.relative_to(REPO / "templates")
    return len(relative.parts) == 3 and relative.parts[1] == "email" and relative.suffix == ".txt"


def test_no_view_is_exempt_from_csrf_protection() -> None:
    routes = list(views())
    assert {"/consultation/", "/admin/login/", "/admin/intake/consultationrequest/<int:pk>/claim/"} <= {
        route for route, _ in routes
    }

    exempt = [route for route, view in routes if getattr(view, "csrf_exempt", False)]

    assert exempt == []


def test_no_template_turns_autoescaping_off_except_plain_text_emails() -> None:
    templates = template_files()
    assert any(is_plain_text_email(template) for template in templates)

    unescaped = [
        str(template.relative_to(REPO))
        for template in templates
        if re.search(r"\|\s*safe(seq)?\b", template.read_text())
        or (
            re.search(r"{%\s*autoescape\s+off\s*%}", template.read_text())
            and not is_plain_text_email(template)
        )
    ]

    assert unescaped == []


def test_only_the_reviewed_places_mark_html_as_safe() -> None:
    marking = sorted(
        str(path.relative_to(REPO))
        for app in APPS
        for path in (REPO / app).rglob("*.py")
        if re.search(r"\b(mark_safe|SafeString)\(", path.read_text())
    )

    assert marking == sorted(REVIEWED_SAFE_MARKING)
