"""The safety statements the site makes in more than one place, written once.

The education pages carry them as placeholders (a line `[[opioid-washout]]` in a page's Markdown),
the privacy notice through the `safety_statement` template tag, and the intake form's help texts
import the same constants, so the washout wording and the list of who cannot take LDN never drift
apart. Change a statement here and every page, the notice and the form change with it.

Each statement is written in every language the pages are (welltopia.languages): the Spanish
pages put in the Spanish wording, under the same names. A change to one language's wording is a
change to the others too: have it translated and reviewed before it goes live.

Plain Python on purpose: the content checks read the page files without Django.
"""

import re

from welltopia import languages

OPIOID_WASHOUT = (
    "You need to stop all opioids before you start LDN. Wait 7 to 10 days after short-acting "
    "opioids. Wait at least 14 days after methadone or buprenorphine. Wait longer after patches "
    "and long-acting injections. Your clinician will tell you how long to wait."
)

# Who cannot take LDN, or must not start it without their clinician's say-so. The intake form
# asks about each of these; the pages and the privacy notice list them in this order.
WHO_CANNOT_TAKE: tuple[str, ...] = (
    "People who take any opioid, even now and then, or who take methadone or buprenorphine to "
    "treat opioid use.",
    "People who have acute hepatitis or liver failure.",
    "People who have had an allergic reaction to naltrexone or naloxone (Narcan).",
    "People who are pregnant, or trying to get pregnant, unless their clinician agrees.",
    "Anyone under 18.",
)

TELL_EVERY_DOCTOR = (
    "Tell any doctor, dentist, pharmacist or emergency team that you take naltrexone. Opioid pain "
    "relief will not work the usual way while you take it."
)

STATEMENTS: dict[str, str | tuple[str, ...]] = {
    "opioid-washout": OPIOID_WASHOUT,
    "who-cannot-take": WHO_CANNOT_TAKE,
    "tell-every-doctor": TELL_EVERY_DOCTOR,
}

# --------------------------------------------------------------------------- Spanish (español)

OPIOID_WASHOUT_ES = (
    "Debe dejar todos los opioides antes de empezar la LDN. Espere de 7 a 10 días después de los "
    "opioides de acción corta. Espere al menos 14 días después de la metadona o la buprenorfina. "
    "Espere más tiempo después de los parches y las inyecciones de acción prolongada. Su médico le "
    "dirá cuánto tiempo debe esperar."
)

WHO_CANNOT_TAKE_ES: tuple[str, ...] = (
    "Las personas que toman cualquier opioide, aunque sea de vez en cuando, o que toman metadona o "
    "buprenorfina para tratar el consumo de opioides.",
    "Las personas que tienen hepatitis aguda o insuficiencia hepática.",
    "Las personas que han tenido una reacción alérgica a la naltrexona o a la naloxona (Narcan).",
    "Las personas que están embarazadas o que intentan quedar embarazadas, a menos que su médico "
    "esté de acuerdo.",
    "Los menores de 18 años.",
)

TELL_EVERY_DOCTOR_ES = (
    "Dígale a todo médico, dentista, farmacéutico o equipo de emergencias que toma naltrexona. Los "
    "opioides para el dolor no le harán el efecto de siempre mientras la tome."
)

STATEMENTS_ES: dict[str, str | tuple[str, ...]] = {
    "opioid-washout": OPIOID_WASHOUT_ES,
    "who-cannot-take": WHO_CANNOT_TAKE_ES,
    "tell-every-doctor": TELL_EVERY_DOCTOR_ES,
}

# Every language's statements, under the same names (a page in any language uses the same
# [[name]] lines).
BY_LANGUAGE: dict[str, dict[str, str | tuple[str, ...]]] = {
    languages.ENGLISH: STATEMENTS,
    languages.SPANISH: STATEMENTS_ES,
}


def statement(name: str, language: str = languages.DEFAULT) -> str | tuple[str, ...]:
    """A statement in a language: a sentence or two, or a tuple for a list of statements."""
    return BY_LANGUAGE[language][name]


PLACEHOLDER = re.compile(r"^\[\[([a-z-]+)\]\]$", re.MULTILINE)


def as_markdown(name: str, language: str = languages.DEFAULT) -> str:
    """A statement as Markdown: a paragraph, or a bulleted list for a list of statements."""
    wording = statement(name, language)
    if isinstance(wording, str):
        return wording
    return "\n".join(f"- {line}" for line in wording)


def expand(markdown: str, language: str = languages.DEFAULT) -> str:
    """Replace each `[[name]]` line with its statement in the page's language. An unknown name is
    left as typed (the admin refuses to save one, see unknown_placeholders), so a typo never
    breaks a page."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return as_markdown(name, language) if name in STATEMENTS else match.group(0)

    return PLACEHOLDER.sub(replace, markdown)


def placeholders(markdown: str) -> list[str]:
    return PLACEHOLDER.findall(markdown)


_ANYWHERE = re.compile(r"\[\[([^\]\n]*)\]\]")


def unknown_placeholders(markdown: str) -> list[str]:
    """Names in [[...]] that would not be put in: unknown, or not on a line of their own."""
    on_own_line = placeholders(markdown)
    anywhere = _ANYWHERE.findall(markdown)
    unknown = [name for name in on_own_line if name not in STATEMENTS]
    for name in on_own_line:
        anywhere.remove(name)
    return unknown + anywhere  # what is left was written inside a sentence
