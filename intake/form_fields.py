"""The kinds of question the consultation form asks, each with the messages a person may need."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
SCALE = [(str(number), str(number)) for number in range(11)]


def _to_bool(value: str) -> bool:
    return value == "yes"


def yes_no_field(
    label: str, help_text: str = "", required_message: str = _("Please answer yes or no.")
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def choice_field(
    label: str, choices: list[tuple[str, str]], required_message: str, help_text: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def number_field(
    label: str, help_text: str, *, maximum: int, required: str, invalid: str, out_of_range: str
) -> forms.IntegerField:
    """A whole number from 0 to `maximum`, with the three messages a person may need."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": required,
            "invalid": invalid,
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class ScaleSelect(forms.RadioSelect):
    """0 to 10 as a row of choices, with what each end means shown on screen beside it."""

    def __init__(self, low: str, high: str) -> None:
        super().__init__()
        self.low = low
        self.high = high


def scale_field(label: str, *, low: str, high: str, required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=format_lazy(_("0 means {low}, 10 means {high}."), low=low, high=high),
        choices=SCALE,
        coerce=int,
        widget=ScaleSelect(low, high),
        error_messages={"required": required, "invalid_choice": _("Choose a number from 0 to 10.")},
    )


# --------------------------------------------------------------------------- one line of text

# Cc: control characters (tabs, line breaks); Zl/Zp: Unicode line and paragraph separators.
_BREAKS = {"Cc", "Zl", "Zp"}
# What shows nothing on screen: spaces, zero-width and other format characters.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def has_visible_text(value: str) -> bool:
    return any(unicodedata.category(char) not in _INVISIBLE for char in value)


class OneLineField(forms.CharField):
    """Text that must be one line and show something: a name, a dose, a short answer.

    Line breaks would end up inside email bodies and the staff queue; a value made only of
    invisible characters would be an empty answer that looks filled in.
    """

    def __init__(self, *, one_line_message: str = _("Please write this on one line."), **kwargs) -> None:
        self.one_line_message = one_line_message
        super().__init__(**kwargs)

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        if text and not has_visible_text(text):
            return ""  # then "required" (or nothing, when optional) applies
        return text

    def validate(self, value: str) -> None:
        super().validate(value)
        if any(unicodedata.category(char) in _BREAKS for char in value):
            raise ValidationError(self.one_line_message, code="one_line")
