"""The languages of the site (the patient side and the education pages), declared once.

Plain Python (no Django), so the safety statements, the glossary and the content checks can use it.
English is the site's own language: its pages live at today's addresses and its content files
need no `Language:` line. Every other language has its own folder under education/content/.
"""

ENGLISH = "en"
SPANISH = "es"
DEFAULT = ENGLISH

# Code -> the language's name, in English (for the staff side, which stays English).
NAMES: dict[str, str] = {ENGLISH: "English", SPANISH: "Spanish"}
CODES: tuple[str, ...] = tuple(NAMES)
# Code -> the language's name in itself: what the language switcher offers, and Django's LANGUAGES.
NATIVE_NAMES: dict[str, str] = {ENGLISH: "English", SPANISH: "Español"}
TRANSLATIONS: tuple[str, ...] = tuple(code for code in CODES if code != DEFAULT)


def normalize(code: str | None) -> str:
    """One of CODES for a language code such as Django's active language ("en-us", "es", "es-mx").

    A language the pages are not written in falls back to English, so a reader always gets a page.
    """
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return base if base in NAMES else DEFAULT
