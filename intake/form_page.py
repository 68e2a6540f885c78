"""How the consultation form is laid out on its page: sections in the declared order, each field's
template, pairs of short fields side by side, and where an error links to."""

from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from education import safety
from intake import answers, screening
from intake.form_fields import ScaleSelect
from intake.models import MedicineName
from welltopia import languages

FIELD_TEMPLATE = "intake/includes/_field.html"
SCALE_TEMPLATE = "intake/includes/_scale_field.html"

CONSENT_SECTION = answers.Section(
    "consent",
    gettext_lazy("Consent"),
    "Consent",
    tuple(
        answers.Question(name, label)
        for name, label in [
            ("consent_accurate", "Information accurate"),
            ("consent_privacy", "Privacy notice read"),
            ("consent_telehealth", "Telehealth consent"),
            ("consent_not_emergency", "Not an emergency service"),
            ("consent_share_outcome", "Share the outcome with their prescriber"),
        ]
    ),
)
PAGE_SECTIONS = (*answers.SECTIONS, CONSENT_SECTION)


def _safety_intro() -> str:
    washout = safety.statement("opioid-washout", languages.normalize(translation.get_language()))
    # Outside the f-string: makemessages (xgettext) does not find a message inside one.
    intro = _("Some medicines and health conditions matter for naltrexone. Please answer as well as you can.")
    return f"{intro} {washout}"


# Shown under a section's heading, written when the page is (in its language).
SECTION_INTROS = {"safety": _safety_intro}


@dataclass(frozen=True)
class PageField:
    field: forms.BoundField
    template: str
    include_after: str
    half_width: bool


@dataclass(frozen=True)
class PageSection:
    key: str
    title: str
    intro: str
    rows: list[list[PageField]]  # one field, or two side by side on a wide screen


def page_sections(form: forms.BaseForm) -> list[PageSection]:
    """The form's sections as the page shows them, with each field's template."""
    sections = []
    for section in PAGE_SECTIONS:
        rows: list[list[PageField]] = []
        for question in section.questions:
            bound = form[question.name]
            template = SCALE_TEMPLATE if isinstance(bound.field.widget, ScaleSelect) else FIELD_TEMPLATE
            item = PageField(bound, template, question.include_after, question.half_width)
            if item.half_width and rows and len(rows[-1]) == 1 and rows[-1][0].half_width:
                rows[-1].append(item)
            else:
                rows.append([item])
        sections.append(
            PageSection(
                section.key,
                section.title,
                SECTION_INTROS[section.key]() if section.key in SECTION_INTROS else "",
                rows,
            )
        )
    return sections


def field_anchor(bound_field: forms.BoundField) -> str:
    """The id to link an error to: the first option of a radio or checkbox group."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def catalog_version() -> object:
    """What the empty form is built from that can change while the site runs: the medicine
    catalog (its names are the form's suggestions). Moves whenever the catalog changes."""
    version = cache.get(screening.VERSION_KEY)
    if version is None:
        screening.current_catalog()  # sets the version every process then shares
        version = cache.get(screening.VERSION_KEY)
    return object() if version is None else version  # no cache at all: never the same version


_options: tuple[object, SafeString] | None = None


def catalog_options() -> SafeString:
    """The form's medicine suggestions (<option>s for its <datalist>), built once per catalog version."""
    global _options
    version = catalog_version()
    kept = _options
    if kept is not None and kept[0] == version:
        return kept[1]
    names = MedicineName.objects.values_list("name", flat=True).distinct().order_by("name")
    options = format_html_join("", '<option value="{}">', ((name,) for name in names))
    _options = (version, options)
    return options
