"""The consultation request form: one page, in sections, every message beside its field.

The questions and their order come from intake/answers.py; this module says how each one is
asked and checked.
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from intake import answers
from intake.choices import US_STATES, served_state_names
from intake.form_fields import (
    OneLineField,
    choice_field,
    number_field,
    scale_field,
    yes_no_field,
)
from intake.models import Consent, ConsultationRequest
from welltopia import clinic_time

UsePeriod = ConsultationRequest.UsePeriod


def _name_field(
    label: str, autocomplete: str, *, required: str, one_line: str, too_long: str
) -> OneLineField:
    return OneLineField(
        label=label,
        max_length=80,
        one_line_message=one_line,
        error_messages={"required": required, "max_length": too_long},
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def _details_field(label: str, *, help_text: str = "", max_length: int = 300) -> OneLineField:
    return OneLineField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=False,
        one_line_message=_("Please write this on one line."),
        error_messages={
            "max_length": format_lazy(_("Keep this to {count} characters or fewer."), count=max_length)
        },
    )


def _past_date_field(label: str, help_text: str, invalid: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": invalid},
    )


class ConsultationForm(forms.ModelForm):
    CONSENT_FIELDS = {
        "consent_accurate": Consent.Kind.ACCURATE,
        "consent_privacy": Consent.Kind.PRIVACY,
        "consent_telehealth": Consent.Kind.TELEHEALTH,
        "consent_not_emergency": Consent.Kind.NOT_EMERGENCY,
        "consent_share_outcome": Consent.Kind.SHARE_OUTCOME,
    }
    # Follow-up questions that only matter after certain answers (JavaScript hides them until
    # then): follow-up -> (question, the answers that show it).
    FOLLOW_UPS: dict[str, tuple[str, tuple[str, ...]]] = {
        "opioid_details": ("opioid_use", ("yes",)),
        "opioid_last_taken": ("opioid_use", ("yes",)),
        "planned_surgery_details": ("planned_surgery", ("yes",)),
        "ldn_details": ("ldn_use", (UsePeriod.NOW, UsePeriod.PAST)),
        "consultation_language_other": (
            "consultation_language",
            (ConsultationRequest.ConsultationLanguage.OTHER,),
        ),
    }

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"), max_length=200)

    # About you ----------------------------------------------------------------------------
    state = forms.ChoiceField(
        label=_("Which US state will you be in during the consultation?"),
        choices=[("", _("Choose a state")), *US_STATES],
        error_messages={"required": _("Please choose the state you will be in during the consultation.")},
    )
    first_name = _name_field(
        _("First name"),
        "given-name",
        required=_("Please enter your first name."),
        one_line=_("Please write your first name on one line."),
        too_long=_("Keep your first name to 80 characters or fewer."),
    )
    last_name = _name_field(
        _("Last name"),
        "family-name",
        required=_("Please enter your last name."),
        one_line=_("Please write your last name on one line."),
        too_long=_("Keep your last name to 80 characters or fewer."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        help_text=_("You need to be 18 or older."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please enter your date of birth."),
            "invalid": _("Enter your date of birth as a date, like 1970-03-25."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send your reference number and a private link here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Enter a valid email address, like name@example.com."),
        },
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        region="US",
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "required": _("Please enter a phone number."),
            "invalid": _("Enter a valid phone number, like (201) 555-0123."),
        },
    )
    contact_method = choice_field(
        _("How should we contact you?"),
        ConsultationRequest.ContactMethod.choices,
        _("Please choose how we should contact you."),
    )
    contact_time = choice_field(
        _("When is the best time to reach you?"),
        ConsultationRequest.ContactTime.choices,
        _("Please choose a time of day."),
        help_text=_("In your local time."),
    )

    consultation_language = choice_field(
        _("Which language would you like for your consultation?"),
        ConsultationRequest.ConsultationLanguage.choices,
        _("Please choose a language for your consultation."),
    )
    consultation_language_other = OneLineField(
        label=_("Which language?"),
        max_length=80,
        required=False,
        one_line_message=_("Please write the language on one line."),
        error_messages={"max_length": _("Keep the language to 80 characters or fewer.")},
    )
    interpreter = yes_no_field(
        _("Would you like a professional interpreter at your consultation?"),
        _("You have a right to language help. We arrange the interpreter, at no cost to you."),
    )

    # Your RA ------------------------------------------------------------------------------
    diagnosis_year = forms.IntegerField(
        label=_("Which year were you diagnosed with rheumatoid arthritis?"),
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Please enter the year you were diagnosed."),
            "invalid": _("Enter a year, like 2015."),
            "min_value": _("Enter a year, like 2015."),
        },
    )
    rheumatologist_confirmed = choice_field(
        _("Did a rheumatologist confirm the diagnosis?"),
        ConsultationRequest.Confirmed.choices,
        _("Please answer yes, no or not sure."),
        help_text=_("A rheumatologist is a doctor who specializes in arthritis."),
    )
    prescriber_name = OneLineField(
        label=_("Your rheumatologist or the doctor who prescribes your RA medicines"),
        max_length=120,
        required=False,
        one_line_message=_("Please write the name on one line."),
        error_messages={"max_length": _("Keep the name to 120 characters or fewer.")},
    )
    prescriber_practice = OneLineField(
        label=_("Their practice or clinic"),
        max_length=160,
        required=False,
        one_line_message=_("Please write the practice on one line."),
        error_messages={"max_length": _("Keep the practice's name to 160 characters or fewer.")},
    )
    prescriber_phone = PhoneNumberField(
        label=_("Their phone number (optional)"),
        region="US",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
        error_messages={"invalid": _("Enter a valid phone number, like (201) 555-0123, or leave it empty.")},
    )
    no_prescriber = forms.BooleanField(
        label=_("I don't have a rheumatologist or regular prescriber right now"), required=False
    )
    pain_score = scale_field(
        _("Over the last week, how much pain have you had?"),
        low=_("no pain"),
        high=_("the worst pain you can imagine"),
        required=_("Please choose a number from 0 to 10 for your pain."),
    )
    overall_score = scale_field(
        _("Considering everything, how are you doing overall?"),
        low=_("very well"),
        high=_("very poorly"),
        required=_("Please choose a number from 0 to 10 for how you feel overall."),
    )
    morning_stiffness_minutes = number_field(
        _("On a usual morning, how many minutes until your stiffness eases most?"),
        _("Enter 0 if you have no morning stiffness."),
        maximum=1440,
        required=_("Please enter a number of minutes (0 if you have none)."),
        invalid=_("Enter a number of minutes, like 30."),
        out_of_range=_("Enter a number of minutes from 0 to 1440."),
    )
    flares_last_3_months = number_field(
        _("How many flares have you had in the last 3 months?"),
        _("A flare is a time when pain and swelling suddenly get worse. Enter 0 if none."),
        maximum=90,
        required=_("Please enter a number of flares (0 if none)."),
        invalid=_("Enter a number of flares, like 2."),
        out_of_range=_("Enter a number of flares from 0 to 90."),
    )

    # Your medicines -----------------------------------------------------------------------
    takes_no_medicines = forms.BooleanField(label=_("I take no medicines"), required=False)

    # Safety -------------------------------------------------------------------------------
    opioid_use = yes_no_field(
        _("Do you take any opioid, or have a prescription for one — even now and then, or only when needed?"),
        _(
            "Count every opioid: tablets, liquids, patches, films, injections or implants, and any you take "
            "without a prescription, including kratom. For example: tramadol (Ultram), codeine "
            "(Tylenol #3, cough syrups), hydrocodone (Norco, Vicodin), oxycodone (Percocet, OxyContin), "
            "morphine, methadone, buprenorphine (Suboxone, Sublocade) or fentanyl patches, and diarrhea "
            "medicines such as Lomotil. Naltrexone blocks opioids, so this matters for your safety."
        ),
    )
    opioid_details = _details_field(
        _("Which opioid, how much, and how often?"),
        help_text=_("For example: Norco 5/325, 1 tablet when my back is bad, about twice a month."),
    )
    opioid_last_taken = _past_date_field(
        _("When did you last take it?"),
        _("Your best guess is fine."),
        _("Enter the day you last took it as a date, like 2026-11-03."),
    )
    planned_surgery = yes_no_field(
        _(
            "Do you have surgery or dental work in the next 3 months that may need strong painkillers (opioids)?"
        ),
    )
    planned_surgery_details = _details_field(_("What is planned, and when?"))
    liver_disease = yes_no_field(
        _("Have you ever had liver disease, hepatitis, or a blood test that showed a liver problem?"),
        _("Liver blood tests are common with methotrexate and leflunomide."),
    )
    kidney_disease = yes_no_field(_("Do you have kidney disease?"))
    pregnancy = choice_field(
        _("Are you pregnant, breastfeeding or planning a pregnancy?"),
        ConsultationRequest.Pregnancy.choices,
        _("Please choose one answer."),
    )
    naltrexone_allergy = yes_no_field(
        _("Have you ever had an allergic reaction to naltrexone, naloxone (Narcan) or nalmefene?")
    )
    other_allergies = _details_field(
        _("Are you allergic to any other medicines? (optional)"),
        help_text=_("Which medicine, and what happened. Leave empty if none."),
    )
    thyroid_condition = yes_no_field(_("Do you have a thyroid condition?"))
    ldn_use = choice_field(
        _("Have you taken low-dose naltrexone (LDN) before?"),
        UsePeriod.choices,
        _("Please choose one answer."),
    )
    ldn_details = _details_field(_("How did it go? (dose, how long, anything you noticed)"))
    naltrexone_use = choice_field(
        _("Do you take naltrexone at any other dose, or have you in the past?"),
        UsePeriod.choices,
        _("Please choose one answer."),
        help_text=_(
            "For example: 50 mg tablets (Revia), a monthly injection (Vivitrol), or the weight-loss "
            "tablet Contrave."
        ),
    )

    # Your concerns and goals --------------------------------------------------------------
    concerns = forms.MultipleChoiceField(
        label=_("What would you most like help with?"),
        help_text=_("Optional. Tick all that apply."),
        choices=ConsultationRequest.Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.CharField(
        label=_("In your own words, what do you hope to get from a consultation?"),
        help_text=_("Optional. Up to 2,000 characters."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep this to 2,000 characters or fewer.")},
    )

    # Consent ------------------------------------------------------------------------------
    consent_accurate = forms.BooleanField(
        label=_("The information I have given is accurate and complete, as far as I know."),
        error_messages={"required": _("Please confirm that your information is accurate.")},
    )
    consent_privacy = forms.BooleanField(
        label=_("I have read the privacy notice."),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )
    consent_telehealth = forms.BooleanField(
        label=_("I agree to have my consultation by video or phone (telehealth)."),
        error_messages={"required": _("Please agree to a telehealth consultation, or we cannot offer one.")},
    )
    consent_not_emergency = forms.BooleanField(
        label=_("I understand that Welltopia is not an emergency service. In an emergency I will call 911."),
        error_messages={
            "required": _("Please confirm that you understand this is not an emergency service.")
        },
    )
    consent_share_outcome = forms.BooleanField(
        label=_(
            "Optional: Welltopia may share the outcome of my consultation with my rheumatologist or prescriber."
        ),
        required=False,
    )

    class Meta:
        model = ConsultationRequest
        # Every question stored on the request, in page order (consents are stored as rows).
        fields = list(answers.QUESTIONS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].help_text = format_lazy(
            _("We can offer consultations to people in {states}."),
            states=served_state_names(settings.SERVED_STATES),
        )
        self.fields["state"].widget.attrs["data-served-states"] = ",".join(settings.SERVED_STATES)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for follow_up, (question, values) in self.FOLLOW_UPS.items():
            self.fields[follow_up].widget.attrs.update(
                {"data-follow-up-of": question, "data-follow-up-values": ",".join(values)}
            )

    @classmethod
    def new(cls) -> "ConsultationForm":
        return cls(initial={"submission_token": uuid.uuid4()})

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    @staticmethod
    def not_served_message() -> str:
        return format_lazy(
            _(
                "We're sorry: we can only offer consultations to people who will be in {states} at the "
                "time of the consultation, because our clinicians are licensed there. We hope to reach "
                "more states soon."
            ),
            states=served_state_names(settings.SERVED_STATES),
        )

    def clean_state(self) -> str:
        state = self.cleaned_data["state"]
        if state not in settings.SERVED_STATES:
            raise forms.ValidationError(self.not_served_message())
        return state

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        if born > clinic_time.today():
            raise forms.ValidationError(_("Your date of birth can't be in the future."))
        if clinic_time.age(born) < 18:
            raise forms.ValidationError(_("You need to be 18 or older to request a consultation."))
        if clinic_time.age(born) > 120:
            raise forms.ValidationError(_("Please check the year of your date of birth."))
        return born

    def clean_opioid_last_taken(self) -> datetime.date | None:
        taken = self.cleaned_data["opioid_last_taken"]
        if taken is not None and taken > clinic_time.today():
            raise forms.ValidationError(_("The day you last took it can't be in the future."))
        return taken

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_diagnosis_year(cleaned)
        self._check_prescriber(cleaned)
        if (
            cleaned.get("consultation_language") == ConsultationRequest.ConsultationLanguage.OTHER
            and "consultation_language_other" in cleaned
            and not cleaned["consultation_language_other"]
        ):
            self.add_error("consultation_language_other", _("Please tell us which language you would like."))
        if cleaned.get("opioid_use"):
            # Over-long or badly formed answers already have their own message: not "missing" too.
            if "opioid_details" in cleaned and not cleaned["opioid_details"]:
                self.add_error(
                    "opioid_details", _("Please tell us which opioid you take or have a prescription for.")
                )
            if "opioid_last_taken" in cleaned and cleaned["opioid_last_taken"] is None:
                self.add_error(
                    "opioid_last_taken", _("Please tell us when you last took it. Your best guess is fine.")
                )
        for follow_up, (question, values) in self.FOLLOW_UPS.items():
            answer = cleaned.get(question)
            shown = ("yes" if answer is True else "no" if answer is False else answer) in values
            if not shown:
                # A follow-up answered and then hidden again (the answer changed) is neither kept
                # nor checked.
                cleaned[follow_up] = None if isinstance(self.fields[follow_up], forms.DateField) else ""
                self._errors.pop(follow_up, None)
        return cleaned

    def _check_diagnosis_year(self, cleaned: dict) -> None:
        born = cleaned.get("date_of_birth")
        year = cleaned.get("diagnosis_year")
        if year is None:
            return
        if year > clinic_time.today().year:
            self.add_error("diagnosis_year", _("The year you were diagnosed can't be in the future."))
        elif born is not None and year < born.year:
            self.add_error(
                "diagnosis_year", _("The year you were diagnosed can't be before the year you were born.")
            )

    def _check_prescriber(self, cleaned: dict) -> None:
        """A prescriber's name and practice, or "I don't have one": not both, not neither."""
        if "no_prescriber" not in cleaned:
            return
        named = any(
            cleaned.get(name) for name in ("prescriber_name", "prescriber_practice", "prescriber_phone")
        )
        if cleaned["no_prescriber"] and named:
            self.add_error(
                "no_prescriber",
                _(
                    "You ticked “I don't have a rheumatologist or regular prescriber” but also gave their "
                    "details. Please untick the box or clear the details."
                ),
            )
        elif not cleaned["no_prescriber"]:
            for name, message in [
                (
                    "prescriber_name",
                    _("Please enter your rheumatologist's or prescriber's name, or tick the box below."),
                ),
                ("prescriber_practice", _("Please enter their practice or clinic, or tick the box below.")),
            ]:
                if name in cleaned and not cleaned[name]:
                    self.add_error(name, message)

    def consent_kinds(self) -> list[str]:
        return [kind for field, kind in self.CONSENT_FIELDS.items() if self.cleaned_data.get(field)]
