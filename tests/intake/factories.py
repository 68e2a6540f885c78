"""Valid form data for the consultation form, to vary one answer at a time, and a reader for the page."""

import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.http import HttpResponse


def medicine_rows(*rows: tuple[str, str, str], extra_blank: int = 1) -> dict[str, str]:
    data = {
        "medicines-TOTAL_FORMS": str(len(rows) + extra_blank),
        "medicines-INITIAL_FORMS": "0",
        "medicines-MIN_NUM_FORMS": "0",
        "medicines-MAX_NUM_FORMS": "30",
    }
    for index, (name, dose, frequency) in enumerate(rows):
        data[f"medicines-{index}-name"] = name
        data[f"medicines-{index}-dose"] = dose
        data[f"medicines-{index}-frequency"] = frequency
    return data


def valid_form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "state": "CA",
        "first_name": "Marta",
        "last_name": "Quillfeather",
        "date_of_birth": "1970-03-25",
        "email": "marta@example.com",
        "phone": "(201) 555-0123",
        "contact_method": "email",
        "contact_time": "morning",
        "diagnosis_year": "2012",
        "rheumatologist_confirmed": "yes",
        "prescriber_name": "Dr. Imani Okonjo",
        "prescriber_practice": "Bayview Rheumatology",
        "prescriber_phone": "",
        "pain_score": "6",
        "overall_score": "5",
        "morning_stiffness_minutes": "45",
        "flares_last_3_months": "2",
        "opioid_use": "no",
        "opioid_details": "",
        "planned_surgery": "no",
        "liver_disease": "no",
        "kidney_disease": "no",
        "pregnancy": "no",
        "naltrexone_allergy": "no",
        "thyroid_condition": "no",
        "ldn_use": "never",
        "naltrexone_use": "never",
        "concerns": ["joint_pain", "sleep"],
        "goals": "Less pain in the mornings.",
        "consent_accurate": "on",
        "consent_privacy": "on",
        "consent_telehealth": "on",
        "consent_not_emergency": "on",
    }
    data.update(medicine_rows(("Methotrexate", "15 mg", "once a week"), ("ibuprofen", "400 mg", "as needed")))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def with_medicines(data: dict[str, Any], *rows: tuple[str, str, str], extra_blank: int = 1) -> dict[str, Any]:
    """`data` with its medicine rows replaced by exactly `rows` (none at all when empty)."""
    kept = {key: value for key, value in data.items() if not key.startswith("medicines-")}
    return kept | medicine_rows(*rows, extra_blank=extra_blank)


# --------------------------------------------------------------------------- reading the form page


@dataclass
class FormPage:
    """The intake form as a person (and their browser) sees it after a POST."""

    summary: list[tuple[str, str]] = field(default_factory=list)
    """(href, text) of every link in the error summary at the top, in page order."""
    errors: dict[str, list[str]] = field(default_factory=dict)
    """Messages shown beside each field, by the field's id."""
    values: dict[str, list[str]] = field(default_factory=dict)
    """What the browser would send back: filled inputs, ticked boxes, chosen options, typed text."""

    def resubmitted(self) -> dict[str, list[str]]:
        """The non-empty values, each list sorted (ticked boxes come back in page order)."""
        return {name: sorted(values) for name, values in self.values.items() if values != [""]}


def as_submitted(data: dict[str, Any]) -> dict[str, list[str]]:
    """Posted form data the way `FormPage.resubmitted()` reports it, to compare the two."""
    lists = {name: value if isinstance(value, list) else [value] for name, value in data.items()}
    return {name: sorted(map(str, values)) for name, values in lists.items() if values != [""]}


class _FormPageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = FormPage()
        self._in_template = 0
        self._summary = False
        self._link: tuple[str, list[str]] | None = None
        self._error_field: str | None = None
        self._error_text: list[str] | None = None
        self._select: str | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def _add_value(self, name: str | None, value: str) -> None:
        if name and name != "csrfmiddlewaretoken":
            self.page.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        classes = values.get("class", "").split()
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if values.get("id") == "error-summary":
            self._summary = True
        elif tag == "a" and self._summary:
            self._link = (values.get("href", ""), [])
        elif tag == "div" and "invalid-feedback" in classes and values.get("id", "").endswith("_error"):
            self._error_field = values["id"].removesuffix("_error")
            self.page.errors.setdefault(self._error_field, [])
        elif tag == "p" and self._error_field:
            self._error_text = []
        elif tag == "input":
            kind = values.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in values:
                    self._add_value(values.get("name"), values.get("value") or "on")
            elif kind not in ("submit", "button", "reset"):
                self._add_value(values.get("name"), values.get("value", ""))
        elif tag == "select":
            self._select = values.get("name")
        elif tag == "option" and self._select and "selected" in values:
            self._add_value(self._select, values.get("value", ""))
        elif tag == "textarea":
            self._textarea = (values.get("name", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._in_template -= 1
        if self._in_template:
            return
        if tag == "ul" and self._summary:
            self._summary = False
        elif tag == "a" and self._link is not None:
            href, words = self._link
            self.page.summary.append((href, " ".join("".join(words).split())))
            self._link = None
        elif tag == "p" and self._error_text is not None and self._error_field:
            self.page.errors[self._error_field].append(" ".join("".join(self._error_text).split()))
            self._error_text = None
        elif tag == "div" and self._error_field and self._error_text is None:
            self._error_field = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # HTML drops the newline that directly follows <textarea>.
            self._add_value(name, "".join(text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._in_template:
            return
        if self._link is not None:
            self._link[1].append(data)
        if self._error_text is not None:
            self._error_text.append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)


def read_form(response: HttpResponse) -> FormPage:
    parser = _FormPageParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser.page
