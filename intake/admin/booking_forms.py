"""The booking forms on a request's page. Each one only collects input; intake/workflow decides."""

from django import forms

from intake.choices import STATE_NAMES
from intake.models import Clinician, ConsultationRequest
from welltopia import clinic_time


def bookable_clinicians(state: str | None = None):
    """Clinicians taking bookings (licensed for `state`, when given): the choices staff offer."""
    chosen = Clinician.objects.bookable().select_related("user")
    return chosen.licensed_in(state, clinic_time.today()) if state else chosen


class InviteForm(forms.Form):
    clinician = forms.ModelChoiceField(
        label="Clinician",
        queryset=Clinician.objects.none(),
        required=False,
        help_text="The patient sees this clinician's open times, or those of every clinician licensed for their state.",
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=ConsultationRequest.ConsultationType.choices,
        initial=ConsultationRequest.ConsultationType.VIDEO,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, consultation: ConsultationRequest | None = None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_invite_%s")  # beside the schedule form's fields on one page
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]
        if consultation is None:
            # A posted choice: any clinician taking bookings; the workflow says if they may see this patient.
            field.queryset = bookable_clinicians()
            field.empty_label = "Any clinician licensed for the patient's state"
        else:
            field.queryset = bookable_clinicians(consultation.state)
            field.empty_label = (
                f"Any clinician licensed in {STATE_NAMES.get(consultation.state, consultation.state)}"
            )
