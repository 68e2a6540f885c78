"""The safety statements the site makes in more than one place, written once.

The education pages carry them as placeholders (a line `[[opioid-washout]]` in a page's Markdown),
the privacy notice through the `safety_statement` template tag, and the intake form's help texts
import the same constants, so the washout wording and the list of who cannot take LDN never drift
apart. Change a statement here and every page, the notice and the form change with it.

Plain Python on purpose: the content checks read the page files without Django.
"""

import re

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

PLACEHOLDER = re.compile(r"^\[\[([a-z-]+)\]\]$", re.MULTILINE)


def as_markdown(name: str) -> str:
    """A statement as Markdown: a paragraph, or a bulleted list for a list of statements."""
    statement = STATEMENTS[name]
    if isinstance(statement, str):
        return statement
    return "\n".join(f"- {line}" for line in statement)


def expand(markdown: str) -> str:
    """Replace each `[[name]]` line with its statement. An unknown name is left as typed (the
    admin refuses to save one, see unknown_placeholders), so a typo never breaks a page."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return as_markdown(name) if name in STATEMENTS else match.group(0)

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
