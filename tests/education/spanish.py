"""Measuring Spanish text with textstat 0.7.3: its Spanish syllable counts, then put back.

textstat keeps one module-wide language (its syllables come from that language's hyphenation
dictionary), so every Spanish measurement sets "es" and restores English afterwards: the English
checks (Flesch-Kincaid) never run with Spanish syllables.

The measure is Szigriszt-Pazos's perspicuity, read on the INFLESZ scale (Barrio-Cantalejo et al.,
2008), the scale validated on Spanish health texts for patients: 65-80 is "bastante fácil" (fairly
easy), 80+ "muy fácil". Fernández Huerta is not used as the gate: textstat 0.7.3 rounds its
syllables-per-word to one decimal before weighting it by 60, so a page's score can move by up to
three points from rounding alone, and on these pages it reads higher (more lenient) than
Szigriszt-Pazos.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import textstat

MIN_EASE = 65.0  # INFLESZ "bastante fácil" (fairly easy) or easier
TEXTSTAT_DEFAULT_LANGUAGE = "en_US"  # textstat's own default; what the English checks expect


@contextmanager
def spanish() -> Iterator[None]:
    textstat.set_lang("es")
    try:
        yield
    finally:
        textstat.set_lang(TEXTSTAT_DEFAULT_LANGUAGE)


def reading_ease(text: str) -> float:
    """Szigriszt-Pazos perspicuity of a Spanish text (higher is easier)."""
    with spanish():
        return textstat.szigriszt_pazos(text)


def fernandez_huerta(text: str) -> float:
    """For reports only (see above)."""
    with spanish():
        return textstat.fernandez_huerta(text)
