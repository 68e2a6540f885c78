"""The consultation request form: one page, in sections, every message beside its field."""

import datetime
import uuid

from django import forms
from django.conf import settings
from phonenumber_field.formfields import PhoneNumberField

from intake.choices import US_STATES, served_state_names
from intake.models import Consent, ConsultationRequest, RequestMedicine
from welltopia import clinic_time

MAX_MEDICINE_ROWS = 30
YES_NO = [("yes", "Yes"), ("no", "No")]


def _to_bool(value: str) -> bool:
    return value == "yes"


def yes_no_field(
    label: str, help_text: str = "", required_message: str = "Please answer yes or no."
) -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=_to_bool,
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


def age_on(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# Sections, in the order the page shows them. The template and the error summary follow this.
FORM_SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "about",
        "About you",
        [
            "state",
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "phone",
            "contact_method",
            "contact_time",
        ],
    ),
    (
        "ra",
        "Your rheumatoid arthritis",
        [
            "diagnosis_year",
            "rheumatologist_confirmed",
            "pain_score",
            "overall_score",
            "morning_stiffness_minutes",
            "flares_last_3_months",
        ],
    ),
    ("medicines", "Your medicines", ["takes_no_medicines"]),
    (
        "safety",
        "Safety questions",
        [
            "opioid_use",
            "opioid_details",
            "planned_surgery",
            "planned_surgery_details",
            "liver_disease",
            "kidney_disease",
            "pregnancy",
            "naltrexone_allergy",
            "thyroid_condition",
            "tried_ldn_before",
            "tried_ldn_details",
        ],
    ),
    ("goals", "Your concerns and goals", ["concerns", "goals"]),
    (
        "consent",
        "Consent",
        ["consent_accurate", "consent_privacy", "consent_telehealth", "consent_not_emergency"],
    ),
]


class ConsultationForm(forms.ModelForm):
    SECTIONS = FORM_SECTIONS
    CONSENT_FIELDS = {
        "consent_accurate": Consent.Kind.ACCURATE,
        "consent_privacy": Consent.Kind.PRIVACY,
        "consent_telehealth": Consent.Kind.TELEHEALTH,
        "consent_not_emergency": Consent.Kind.NOT_EMERGENCY,
    }
    # Follow-up questions that only matter after a "yes" (JavaScript hides them until then).
    FOLLOW_UPS = {
        "opioid_details": "opioid_use",
        "planned_surgery_details": "planned_surgery",
        "tried_ldn_details": "tried_ldn_before",
    }

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = forms.CharField(required=False, label="Leave this field empty", max_length=200)

    state = forms.ChoiceField(
        label="Which US state will you be in during the consultation?",
        choices=[("", "Choose a state"), *US_STATES],
        error_messages={"required": "Please choose the state you will be in during the consultation."},
    )
    first_name = forms.CharField(
        label="First name",
        max_length=80,
        error_messages={"required": "Please enter your first name."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=80,
        error_messages={"required": "Please enter your last name."},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        help_text="You need to be 18 or older.",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Please enter your date of birth.",
            "invalid": "Enter your date of birth as a date, like 1970-03-25.",
        },
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="We send your reference number and a private link here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Enter a valid email address, like name@example.com.",
        },
    )
    phone = PhoneNumberField(
        label="Phone",
        region="US",
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "required": "Please enter a phone number.",
            "invalid": "Enter a valid phone number, like (201) 555-0123.",
        },
    )
    contact_method = forms.ChoiceField(
        label="How should we contact you?",
        choices=ConsultationRequest.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how we should contact you."},
    )
    contact_time = forms.ChoiceField(
        label="When is the best time to reach you?",
        help_text="In your local time.",
        choices=ConsultationRequest.ContactTime.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a time of day."},
    )
    diagnosis_year = forms.IntegerField(
        label="Which year were you diagnosed with rheumatoid arthritis?",
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Please enter the year you were diagnosed.",
            "invalid": "Enter a year, like 2015.",
            "min_value": "Enter a year, like 2015.",
        },
    )
    rheumatologist_confirmed = forms.ChoiceField(
        label="Did a rheumatologist confirm the diagnosis?",
        help_text="A rheumatologist is a doctor who specializes in arthritis.",
        choices=ConsultationRequest.Confirmed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please answer yes, no or not sure."},
    )
    pain_score = number_field(
        "Over the last week, how much pain have you had?",
        "0 means no pain, 10 means the worst pain you can imagine.",
        maximum=10,
        required="Please choose a number from 0 to 10 for your pain.",
        invalid="Choose a number from 0 to 10.",
        out_of_range="Choose a number from 0 to 10.",
    )
    overall_score = number_field(
        "Considering everything, how are you doing overall?",
        "0 means very well, 10 means very poorly.",
        maximum=10,
        required="Please choose a number from 0 to 10 for how you feel overall.",
        invalid="Choose a number from 0 to 10.",
        out_of_range="Choose a number from 0 to 10.",
    )
    morning_stiffness_minutes = number_field(
        "On a usual morning, how many minutes until your stiffness eases most?",
        "Enter 0 if you have no morning stiffness.",
        maximum=1440,
        required="Please enter a number of minutes (0 if you have none).",
        invalid="Enter a number of minutes, like 30.",
        out_of_range="Enter a number of minutes from 0 to 1440.",
    )
    flares_last_3_months = number_field(
        "How many flares have you had in the last 3 months?",
        "A flare is a time when pain and swelling suddenly get worse. Enter 0 if none.",
        maximum=90,
        required="Please enter a number of flares (0 if none).",
        invalid="Enter a number of flares, like 2.",
        out_of_range="Enter a number of flares from 0 to 90.",
    )
    takes_no_medicines = forms.BooleanField(label="I take no medicines", required=False)
    opioid_use = yes_no_field(
        "Have you taken any opioid medicine now or in the last 14 days?",
        "Include tramadol, codeine, oxycodone, hydrocodone, morphine, methadone or buprenorphine, "
        "and cough or diarrhea medicines that contain an opioid. Naltrexone blocks opioids.",
    )
    opioid_details = forms.CharField(
        label="Which opioid medicine, and when did you last take it?",
        max_length=300,
        required=False,
    )
    planned_surgery = yes_no_field(
        "Do you have surgery or dental work planned that may need pain relief?",
    )
    planned_surgery_details = forms.CharField(
        label="What is planned, and when?", max_length=300, required=False
    )
    liver_disease = yes_no_field("Have you ever had liver disease or hepatitis?")
    kidney_disease = yes_no_field("Do you have kidney disease?")
    pregnancy = forms.ChoiceField(
        label="Are you pregnant, breastfeeding or planning a pregnancy?",
        choices=ConsultationRequest.Pregnancy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose one answer."},
    )
    naltrexone_allergy = yes_no_field("Have you ever had an allergic reaction to naltrexone or naloxone?")
    thyroid_condition = yes_no_field("Do you have a thyroid condition?")
    tried_ldn_before = yes_no_field("Have you tried low-dose naltrexone before?")
    tried_ldn_details = forms.CharField(
        label="How did it go? (dose, how long, anything you noticed)", max_length=300, required=False
    )
    concerns = forms.MultipleChoiceField(
        label="What would you most like help with?",
        help_text="Optional. Tick all that apply.",
        choices=ConsultationRequest.Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.CharField(
        label="In your own words, what do you hope to get from a consultation?",
        help_text="Optional. Up to 2,000 characters.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent_accurate = forms.BooleanField(
        label="The information I have given is accurate and complete, as far as I know.",
        error_messages={"required": "Please confirm that your information is accurate."},
    )
    consent_privacy = forms.BooleanField(
        label="I have read the privacy notice.",
        error_messages={"required": "Please confirm that you have read the privacy notice."},
    )
    consent_telehealth = forms.BooleanField(
        label="I agree to have my consultation by video or phone (telehealth).",
        error_messages={"required": "Please agree to a telehealth consultation, or we cannot offer one."},
    )
    consent_not_emergency = forms.BooleanField(
        label="I understand that Welltopia is not an emergency service. In an emergency I will call 911.",
        error_messages={"required": "Please confirm that you understand this is not an emergency service."},
    )

    class Meta:
        model = ConsultationRequest
        # Every question of the page that is stored on the request (consents are stored as rows).
        fields = [
            name for _key, _title, names in FORM_SECTIONS for name in names if not name.startswith("consent_")
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "state"
        ].help_text = f"We can offer consultations to people in {served_state_names(settings.SERVED_STATES)}."
        self.fields["state"].widget.attrs["data-served-states"] = ",".join(settings.SERVED_STATES)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for follow_up, question in self.FOLLOW_UPS.items():
            self.fields[follow_up].widget.attrs["data-follow-up-of"] = question

    @classmethod
    def new(cls) -> "ConsultationForm":
        return cls(initial={"submission_token": uuid.uuid4()})

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    @staticmethod
    def not_served_message() -> str:
        return (
            "We're sorry: we can only offer consultations to people who will be in "
            f"{served_state_names(settings.SERVED_STATES)} at the time of the consultation, "
            "because our clinicians are licensed there. We hope to reach more states soon."
        )

    def clean_state(self) -> str:
        state = self.cleaned_data["state"]
        if state not in settings.SERVED_STATES:
            raise forms.ValidationError(self.not_served_message())
        return state

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        today = clinic_time.today()
        if born > today:
            raise forms.ValidationError("Your date of birth can't be in the future.")
        if age_on(born, today) < 18:
            raise forms.ValidationError("You need to be 18 or older to request a consultation.")
        if age_on(born, today) > 120:
            raise forms.ValidationError("Please check the year of your date of birth.")
        return born

    def clean(self) -> dict:
        cleaned = super().clean()
        born = cleaned.get("date_of_birth")
        year = cleaned.get("diagnosis_year")
        if year is not None:
            if year > clinic_time.today().year:
                self.add_error("diagnosis_year", "The year you were diagnosed can't be in the future.")
            elif born is not None and year < born.year:
                self.add_error(
                    "diagnosis_year", "The year you were diagnosed can't be before the year you were born."
                )
        # Over-long details already have their own message; don't also say they are missing.
        if (
            cleaned.get("opioid_use")
            and "opioid_details" in cleaned
            and not cleaned["opioid_details"].strip()
        ):
            self.add_error("opioid_details", "Please tell us which opioid medicine you take or took.")
        for follow_up, question in self.FOLLOW_UPS.items():
            if not cleaned.get(question):
                # A follow-up answered and then switched back to "no" is hidden, so it is neither
                # kept nor checked.
                cleaned[follow_up] = ""
                self._errors.pop(follow_up, None)
        return cleaned

    def consent_kinds(self) -> list[str]:
        return [kind for field, kind in self.CONSENT_FIELDS.items() if self.cleaned_data.get(field)]


class MedicineForm(forms.ModelForm):
    class Meta:
        model = RequestMedicine
        fields = ["name", "dose", "frequency"]
        labels = {"name": "Medicine name", "dose": "Dose", "frequency": "How often"}
        help_texts = {"dose": "For example: 15 mg", "frequency": "For example: once a week"}
        widgets = {
            "name": forms.TextInput(attrs={"list": "medicine-catalog", "autocomplete": "off"}),
        }
        # A row with a dose or "how often" but no name is a changed row, so the required name is
        # checked; an untouched row is skipped (empty_permitted).
        error_messages = {
            "name": {
                "required": "Please enter the medicine's name.",
                "max_length": "Keep the name to 100 characters or fewer.",
            },
            "dose": {"max_length": "Keep the dose to 60 characters or fewer."},
            "frequency": {"max_length": "Keep this to 60 characters or fewer."},
        }


class BaseMedicineFormSet(forms.BaseInlineFormSet):
    def filled_forms(self) -> list[forms.Form]:
        return [form for form in self.forms if form.has_changed() and form.cleaned_data.get("name")]

    def with_extra_row(self) -> "BaseMedicineFormSet":
        """The same rows plus an empty one, for "Add another medicine" without JavaScript."""
        data = self.data.copy()
        total = self.management_form.add_prefix("TOTAL_FORMS")
        data[total] = str(min(int(data.get(total, 0) or 0) + 1, MAX_MEDICINE_ROWS))
        return type(self)(data, instance=self.instance, prefix=self.prefix)


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


def field_anchor(bound_field: forms.BoundField) -> str:
    """The id to link an error to: the first option of a radio or checkbox group."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


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
            "You ticked \u201cI take no medicines\u201d but also listed medicines. "
            "Please untick the box or clear the rows.",
        )
    elif not no_medicines and not has_rows:
        form.add_error(
            "takes_no_medicines",
            "Please list at least one medicine, or tick \u201cI take no medicines\u201d.",
        )
