"""An education page's Markdown body as the reader gets it.

In order: the shared safety statements are put in (`[[opioid-washout]]`), the first use of each
glossary word is linked, and the body is cut at its `##` headings so that each heading gets an
anchor, a "Key facts" section becomes the boxed summary at the top of a page, and the questions
under a "Common questions" heading (one `###` heading each) become the page's FAQ data.

A page is rendered in its own language: the Spanish statements and glossary for a Spanish page, and
the Spanish names of those headings ("Datos clave", "Preguntas frecuentes", "Llame al 911…").
"""

import html as html_lib
import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import slugify

from education import glossary, safety
from education.glossary import Term
from education.markdown import render_markdown
from welltopia import languages

KEY_FACTS = "key facts"
COMMON_QUESTIONS = "common questions"
# NHS-style "get help" lists: a ### heading that starts with one of these is shown as a box.
GET_HELP = {"call 911": "get-help get-help-emergency", "call your doctor now": "get-help get-help-urgent"}


@dataclass(frozen=True)
class SectionNames:
    """The headings (case-folded) that give a section its special shape, in one language."""

    key_facts: str
    common_questions: str
    get_help: dict[str, str]


SECTION_NAMES = {
    languages.ENGLISH: SectionNames(KEY_FACTS, COMMON_QUESTIONS, GET_HELP),
    languages.SPANISH: SectionNames(
        "datos clave",
        "preguntas frecuentes",
        {"llame al 911": GET_HELP["call 911"], "llame a su médico ahora": GET_HELP["call your doctor now"]},
    ),
}

_H2 = re.compile(r"^## +(.+?) *#*$", re.MULTILINE)
_H3 = re.compile(r"^### +(.+?) *#*$", re.MULTILINE)


@dataclass(frozen=True)
class Question:
    question: str
    answer: str
    """The answer as plain text (what FAQPage structured data carries)."""


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    html: SafeString
    terms: list[Term] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)


def render_body(markdown: str, language: str = languages.DEFAULT) -> RenderedBody:
    names = SECTION_NAMES[language]
    text, terms = glossary.link_first_uses(safety.expand(markdown, language), language)
    parts: list[SafeString] = []
    questions: list[Question] = []
    headings: list[Heading] = []
    matches = list(_H2.finditer(text))
    intro = text[: matches[0].start()] if matches else text
    if intro.strip():
        parts.append(render_markdown(intro))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        heading = Heading(_unique_anchor(match.group(1), headings), match.group(1))
        headings.append(heading)
        section = text[match.end() : end]
        heading_html = format_html('<h2 id="{}">{}</h2>', heading.anchor, heading.text)
        section_html = _render_section(section, names)
        if heading.text.casefold() == names.key_facts:
            parts.append(
                format_html(
                    '<aside class="key-facts" aria-labelledby="{}">{}{}</aside>',
                    heading.anchor,
                    heading_html,
                    section_html,
                )
            )
        else:
            parts.append(format_html("{}\n{}", heading_html, section_html))
        if heading.text.casefold() == names.common_questions:
            questions.extend(_questions(section))
    # Every part is already safe (sanitized by render_markdown, or built by format_html), so
    # joining them escapes nothing and marks nothing safe by hand.
    html = format_html_join("\n", "{}", ((part,) for part in parts))
    return RenderedBody(html=html, terms=terms, questions=questions, headings=headings)


def _render_section(section: str, names: SectionNames) -> SafeString:
    """A ## section's Markdown; its "Call 911 … if:" style ### parts become boxes."""
    matches = list(_H3.finditer(section))
    boxed = [match for match in matches if _get_help_class(match.group(1), names)]
    if not boxed:
        return render_markdown(section)
    parts = [render_markdown(section[: matches[0].start()])]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(section)
        css_class = _get_help_class(match.group(1), names)
        if css_class:
            box = format_html("<h3>{}</h3>\n{}", match.group(1), render_markdown(section[match.end() : end]))
            parts.append(format_html('<div class="{}">{}</div>', css_class, box))
        else:
            parts.append(render_markdown(section[match.start() : end]))
    return format_html_join("\n", "{}", ((part,) for part in parts if part))


def _get_help_class(heading: str, names: SectionNames) -> str:
    folded = heading.casefold()
    return next((css for start, css in names.get_help.items() if folded.startswith(start)), "")


def _unique_anchor(text: str, taken: list[Heading]) -> str:
    base = slugify(text) or "section"
    anchors = {heading.anchor for heading in taken}
    anchor, number = base, 2
    while anchor in anchors:
        anchor, number = f"{base}-{number}", number + 1
    return anchor


def _questions(section: str) -> list[Question]:
    matches = list(_H3.finditer(section))
    questions = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(section)
        answer = " ".join(html_lib.unescape(strip_tags(render_markdown(section[match.end() : end]))).split())
        if answer:
            questions.append(Question(match.group(1), answer))
    return questions
