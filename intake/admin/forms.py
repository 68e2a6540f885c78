"""The small forms on a request's page. Each one only collects input; intake/workflow.py decides."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from intake.models import Clinician, ConsultationRequest, DeclineMessage
from welltopia import clinic_time, languages

WORKING_GROUPS = ["Intake coordinators", "Clinicians"]


def working_staff() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name__in=WORKING_GROUPS) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label="Assigned to", queryset=working_staff(), required=False, empty_label="Nobody"
    )


class ScheduleForm(forms.Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    kind = forms.ChoiceField(
        label="Type", choices=ConsultationRequest.ConsultationType.choices, widget=forms.RadioSelect
    )
    clinician = forms.ModelChoiceField(
        label="Clinician",
        queryset=Clinician.objects.bookable(),
        required=False,
        empty_label="Not chosen yet",
        help_text="Holds the clinician's time: never over another of their consultations.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time"].help_text = f"In the clinic's time zone ({settings.CLINIC_TIME_ZONE})."

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            cleaned["at"] = clinic_time.at(cleaned["date"], cleaned["time"])
        return cleaned

    @property
    def at(self) -> datetime.datetime:
        return self.cleaned_data["at"]


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Internal reason",
        help_text="For the team and the record; the patient does not see it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "A reason is required to decline a request."},
    )


class DeclineChoiceForm(forms.Form):
    """Step one: why, and which kind message fits. Nothing is chosen for the person."""

    reason = _reason_field()
    message = forms.ModelChoiceField(
        label="Message to the patient",
        queryset=DeclineMessage.objects.filter(active=True),
        empty_label="Choose a message…",
        help_text="You will see it, and can change it, before anything is sent. Edit the standard ones under “Decline messages”.",
        error_messages={"required": "Choose the message the patient will receive."},
    )


class DeclineSendForm(forms.Form):
    """Step two: the message as the patient will read it, edited if need be, then sent.

    A patient who wrote in Spanish gets their emails in Spanish: the message is the Spanish
    version, and the form says so (and says when there is none yet).
    """

    reason = _reason_field()
    text = forms.CharField(
        label="The message the patient will receive by email",
        help_text="No health details: it goes by email.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages={"required": "Write the message the patient will receive."},
    )

    def __init__(self, *args, language: str = languages.DEFAULT, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if language != languages.DEFAULT:
            name = languages.NAMES[language]
            text = self.fields["text"]
            text.label = f"The message the patient will receive by email, in {name}"
            text.widget.attrs["lang"] = language
            text.help_text = (
                f"The patient wrote in {name}: the message and the email around it are in {name}. "
                "No health details: it goes by email."
            )
            if not self.is_bound and not self.initial.get("text"):
                text.help_text = (
                    f"This standard message has no {name} version yet: write it here in {name}, and add "
                    f"it under “Decline messages” for next time. " + text.help_text
                )


class AssessmentForm(forms.Form):
    assessment = forms.ChoiceField(
        label="Clinical assessment",
        choices=[("", "Choose…"), *ConsultationRequest.Assessment.choices],
        error_messages={"required": "Choose an assessment."},
    )
    note = forms.CharField(
        label="Assessment note", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New internal note",
        help_text="Only staff see notes; a saved note cannot be changed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Write the note first."},
    )


class ClearMatchForm(forms.Form):
    note = forms.CharField(
        label="Why it is not this medicine",
        help_text="For example: the patient confirmed they meant oxybutynin.",
        max_length=300,
        error_messages={
            "required": "Say why it is not that medicine (for example, what the patient confirmed)."
        },
    )
