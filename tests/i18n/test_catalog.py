"""The Spanish catalog is complete: every message translated, none fuzzy, placeholders kept, and
no text on a patient's page left outside a translation tag."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Staff-side templates stay English (the admin), as do the emails that go to the clinic's team.
STAFF_ONLY = ("admin/", "intake/email/staff_")
CATALOG = polib.pofile(str(PO))
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|\{\w+\}|\{\{\s*\w+\s*\}\}|<\/?\w+")


def test_every_message_has_a_spanish_translation_and_none_is_fuzzy() -> None:
    assert [entry.msgid for entry in CATALOG.untranslated_entries()] == []
    assert [entry.msgid for entry in CATALOG.fuzzy_entries()] == []
    assert CATALOG.percent_translated() == 100
    assert CATALOG.metadata["Language"] == "es"


@pytest.mark.parametrize("entry", CATALOG.translated_entries(), ids=lambda entry: entry.msgid[:40])
def test_a_translation_keeps_every_placeholder_and_tag(entry: polib.POEntry) -> None:
    def kept(text: str) -> list[str]:
        return sorted(PLACEHOLDERS.findall(text))

    if not entry.msgid_plural:
        assert kept(entry.msgstr) == kept(entry.msgid)
        return
    # The singular form may say "one" where the plural has the number.
    assert set(kept(entry.msgstr_plural[0])) <= set(kept(entry.msgid_plural))
    for form, text in entry.msgstr_plural.items():
        if form:
            assert kept(text) == kept(entry.msgid_plural)


def test_the_compiled_catalog_is_the_one_django_reads() -> None:
    # make venv compiles it (manage.py compilemessages); a stale or missing .mo shows English.
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run make venv (it compiles the translations)"
    compiled = {
        entry.msgid: entry.msgstr or dict(entry.msgstr_plural)
        for entry in polib.mofile(str(mo))
        if entry.msgid
    }
    written = {
        entry.msgid: entry.msgstr or dict(entry.msgstr_plural) for entry in CATALOG.translated_entries()
    }
    assert compiled == written, "the .mo is older than the .po: run make venv"
    with translation.override("es"):
        assert translation.gettext("Send my request") == CATALOG.find("Send my request").msgstr


def _untagged_text(source: str) -> list[str]:
    """Words of a template outside every tag, variable and translation block (what would show in English)."""
    for pattern in (
        r"\{#.*?#\}",
        r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
        r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}",
        r"<script\b.*?</script>",
        r"\{%.*?%\}",
        r"\{\{.*?\}\}",
        r"<[^>]*>",
    ):
        source = re.sub(pattern, " ", source, flags=re.S)
    lines = [line.replace("Welltopia", "") for line in source.splitlines()]
    return [line.strip() for line in lines if re.search(r"[A-Za-z]{2,}", line)]


PATIENT_TEMPLATES = sorted(
    path
    for path in TEMPLATES.rglob("*")
    if path.suffix in (".html", ".txt", ".xml")
    and not str(path.relative_to(TEMPLATES)).startswith(STAFF_ONLY)
    and path.name != "sitemap.xml"
)


@pytest.mark.parametrize("path", PATIENT_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_patient_template_has_text_outside_a_translation(path: Path) -> None:
    assert _untagged_text(path.read_text()) == []


@pytest.mark.parametrize(
    "attribute",
    [r'aria-label="[A-Z][^"{]*"', r'title="[A-Z][^"{]*"', r'alt="[A-Z][^"{]*"', r'placeholder="[A-Z][^"{]*"'],
)
def test_no_patient_template_has_an_untranslated_label_attribute(attribute: str) -> None:
    found = [
        (str(path.relative_to(TEMPLATES)), match)
        for path in PATIENT_TEMPLATES
        for match in re.findall(attribute, path.read_text())
    ]
    assert found == []
