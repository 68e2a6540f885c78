"""The medicine list on the consultation form: one row per medicine, or "I take no medicines"."""

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intake.form_fields import OneLineField
from intake.forms import ConsultationForm
from intake.models import ConsultationRequest, RequestMedicine

MAX_MEDICINE_ROWS = 30
PREFIX = "medicines"


class MedicineForm(forms.ModelForm):
    # A row with a dose or "how often" but no name is a changed row, so the required name is
    # checked; an untouched row is skipped (empty_permitted).
    name = OneLineField(
        label=_("Medicine name"),
        max_length=100,
        one_line_message=_("Please write the medicine's name on one line."),
        error_messages={
            "required": _("Please enter the medicine's name."),
            "max_length": _("Keep the name to 100 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"list": "medicine-catalog", "autocomplete": "off"}),
    )
    dose = OneLineField(
        label=_("Dose"),
        help_text=_("For example: 15 mg"),
        max_length=60,
        required=False,
        one_line_message=_("Please write the dose on one line."),
        error_messages={"max_length": _("Keep the dose to 60 characters or fewer.")},
    )
    frequency = OneLineField(
        label=_("How often"),
        help_text=_("For example: once a week"),
        max_length=60,
        required=False,
        one_line_message=_("Please write this on one line."),
        error_messages={"max_length": _("Keep this to 60 characters or fewer.")},
    )

    class Meta:
        model = RequestMedicine
        fields = ["name", "dose", "frequency"]


class BaseMedicineFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "missing_management_form": (
            _(
                "We could not read your list of medicines. Please check each row below, then send the form again."
            )
        ),
        "too_many_forms": format_lazy(_("Please list at most {count} medicines."), count=MAX_MEDICINE_ROWS),
    }

    @classmethod
    def from_post(cls, data: QueryDict) -> "BaseMedicineFormSet":
        """The posted rows. Counts that were lost or tampered with are rebuilt from the rows
        themselves (and the person is told), so no medicine they typed disappears."""
        formset = cls(data, prefix=PREFIX)
        posted = _posted_rows(data)
        counts = formset.management_form
        if counts.is_valid() and posted <= counts.cleaned_data["TOTAL_FORMS"] <= MAX_MEDICINE_ROWS:
            return formset
        repaired = cls(_with_counts(data, posted), prefix=PREFIX)
        repaired._lost_counts = True
        return repaired

    def full_clean(self) -> None:
        super().full_clean()
        if getattr(self, "_lost_counts", False):
            self._non_form_errors.append(self.error_messages["missing_management_form"])

    def focus_row(self, index: int | None) -> None:
        """Put the focus in a row's name when the page opens (the row just added without JavaScript)."""
        if index is not None and 0 <= index < len(self.forms):
            self.forms[index].fields["name"].widget.attrs["autofocus"] = True

    def filled_forms(self) -> list[forms.Form]:
        return [form for form in self.forms if form.has_changed() and form.cleaned_data.get("name")]

    def with_extra_row(self) -> "BaseMedicineFormSet":
        """The same rows plus an empty one, for "Add another medicine" without JavaScript."""
        return type(self)(_with_counts(self.data, self.total_form_count() + 1), prefix=self.prefix)


def _posted_rows(data: QueryDict) -> int:
    indexes = set()
    for key in data:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == PREFIX and parts[1].isdigit():
            indexes.add(int(parts[1]))
    return max(indexes, default=-1) + 1


def _with_counts(data: QueryDict, rows: int) -> QueryDict:
    fixed = data.copy()
    fixed[f"{PREFIX}-TOTAL_FORMS"] = str(max(1, min(rows, MAX_MEDICINE_ROWS)))
    fixed[f"{PREFIX}-INITIAL_FORMS"] = "0"
    return fixed


MedicineFormSet = forms.inlineformset_factory(
    ConsultationRequest,
    RequestMedicine,
    form=MedicineForm,
    formset=BaseMedicineFormSet,
    extra=1,
    max_num=MAX_MEDICINE_ROWS,
    validate_max=True,
    absolute_max=MAX_MEDICINE_ROWS,
    can_delete=False,
)


def without_errors(form_or_formset: forms.BaseForm | forms.BaseFormSet) -> None:
    """Show what was typed without validating it (a page posted back only to add a row)."""
    if isinstance(form_or_formset, forms.BaseFormSet):
        form_or_formset._errors = []
        form_or_formset._non_form_errors = form_or_formset.error_class()
        for form in form_or_formset.forms:
            without_errors(form)
    else:
        form_or_formset._errors = forms.utils.ErrorDict()
        form_or_formset.cleaned_data = {}


def check_medicine_answer(form: ConsultationForm, formset: BaseMedicineFormSet) -> None:
    """Either at least one medicine row, or "I take no medicines": not both, not neither.

    Checked even when other answers have errors, so every message shows at once.
    """
    form.is_valid()
    formset.is_valid()
    if "takes_no_medicines" not in form.cleaned_data:
        return
    no_medicines = form.cleaned_data["takes_no_medicines"]
    has_rows = any(row.has_changed() for row in formset.forms)
    if no_medicines and has_rows:
        form.add_error(
            "takes_no_medicines",
            _(
                "You ticked “I take no medicines” but also listed medicines. "
                "Please untick the box or clear the rows."
            ),
        )
    elif not no_medicines and not has_rows:
        form.add_error(
            "takes_no_medicines",
            _("Please list at least one medicine, or tick “I take no medicines”."),
        )
