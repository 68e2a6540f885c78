"""The steps on a request's page: each button posts to its own URL, which collects the step's
form (if any), calls the workflow and says what happened or why not. The admin only shows and
calls: every change is an operation in intake/workflow (which checks it, records history and the
access log, and queues emails)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from intake import workflow
from intake.admin.booking_forms import InviteForm
from intake.admin.forms import (
    AssessmentForm,
    AssignForm,
    ClearMatchForm,
    DeclineChoiceForm,
    DeclineSendForm,
    NoteForm,
    ScheduleForm,
)
from intake.models import ConsultationRequest, MedicineMatch

Operation = Callable[[ConsultationRequest, forms.Form | None], str]


def message_level(message: str) -> int:
    """Success when something changed; information when there was nothing to do."""
    return messages.SUCCESS if getattr(message, "changed", True) else messages.INFO


class RequestSteps:
    """The request page's steps, for ConsultationRequestAdmin (a ModelAdmin)."""

    def step_urls(self) -> list:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        operations = [
            "claim",
            "assign",
            "review",
            "schedule",
            "decline",
            "complete",
            "assess",
            "note",
            "print",
            "invitation",
            "invite",
            "cancel_booking",
            "no_show",
        ]
        return [
            *[
                path(f"<int:pk>/{name}/", view(getattr(self, f"{name}_view")), name=f"{prefix}_{name}")
                for name in operations
            ],
            path("match/<int:match_pk>/clear/", view(self.clear_match_view), name=f"{prefix}_clear_match"),
        ]

    def _get_for_work(self, request: HttpRequest, pk: int) -> ConsultationRequest:
        if request.method != "POST":
            raise PermissionDenied
        obj = get_object_or_404(ConsultationRequest.objects.select_related("assigned_to"), pk=pk)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back(self, obj: ConsultationRequest, anchor: str = "") -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:intake_consultationrequest_change", args=[obj.pk]) + anchor
        )

    def _operate(
        self,
        request: HttpRequest,
        pk: int,
        run: Operation,
        *,
        form_class: type[forms.Form] | None = None,
        form_options: Callable[[ConsultationRequest], dict] | None = None,
        title: str = "",
        anchor: str = "",
    ) -> HttpResponse:
        """Collect the form (if any), call the workflow, say what happened or why not."""
        obj = self._get_for_work(request, pk)
        form = None
        if form_class is not None:
            form = form_class(request.POST, **(form_options(obj) if form_options else {}))
            if not form.is_valid():
                return self._render_step(request, obj, title, form)
        try:
            message = run(obj, form)
        except workflow.Refused as refused:
            if form is not None and refused.about_input:
                # What was typed is the problem: show it again with the reason, nothing changed.
                form.add_error(None, str(refused))
                return self._render_step(request, obj, title, form)
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(request, message, message_level(message))
        return self._back(obj, anchor)

    def claim_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(request, pk, lambda obj, _form: workflow.claim(obj, request.user))

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request,
            pk,
            lambda obj, form: workflow.assign(obj, form.cleaned_data["assigned_to"], request.user),
            form_class=AssignForm,
            title="Assign the request",
        )

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(request, pk, lambda obj, _form: workflow.start_review(obj, request.user))

    def complete_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(request, pk, lambda obj, _form: workflow.complete(obj, request.user))

    def schedule_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request,
            pk,
            lambda obj, form: workflow.schedule(
                obj,
                at=form.at,
                kind=form.cleaned_data["kind"],
                by=request.user,
                clinician=form.cleaned_data.get("clinician"),
            ),
            form_class=ScheduleForm,
            title="Schedule the consultation",
        )

    def decline_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Two steps: choose a message (and say why), then read it as the patient will, edit, send."""
        if "send" not in request.POST:
            obj = self._get_for_work(request, pk)
            choice = DeclineChoiceForm(request.POST)
            if not choice.is_valid():
                return self._render_step(request, obj, "Decline the request", choice)
            # The message in the language the patient's emails are in; a message with no Spanish
            # version yet starts empty, with a warning, rather than in a language they did not choose.
            preview = DeclineSendForm(
                language=obj.language,
                initial={
                    "reason": choice.cleaned_data["reason"],
                    "text": choice.cleaned_data["message"].body_in(obj.language),
                },
            )
            return self._render_step(
                request, obj, "Decline the request: the message to send", preview, status=200, send=True
            )
        return self._operate(
            request,
            pk,
            lambda obj, form: workflow.decline(
                obj, reason=form.cleaned_data["reason"], message=form.cleaned_data["text"], by=request.user
            ),
            form_class=DeclineSendForm,
            form_options=lambda obj: {"language": obj.language},
            title="Decline the request: the message to send",
        )

    def assess_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request,
            pk,
            lambda obj, form: workflow.record_assessment(
                obj,
                assessment=form.cleaned_data["assessment"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            form_class=AssessmentForm,
            title="Record the clinical assessment",
            anchor="#assessment",
        )

    def note_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request,
            pk,
            lambda obj, form: workflow.add_note(obj, text=form.cleaned_data["text"], by=request.user),
            form_class=NoteForm,
            title="Add a note",
            anchor="#notes",
        )

    # Booking (intake/workflow/booking.py; the step is templates/admin/intake/consultationrequest/_booking.html)
    def invite_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request,
            pk,
            lambda obj, form: workflow.invite(
                obj, clinician=form.cleaned_data["clinician"], kind=form.cleaned_data["kind"], by=request.user
            ),
            form_class=InviteForm,
            title="Invite the patient to book",
            anchor="#booking",
        )

    def cancel_booking_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request, pk, lambda obj, _form: workflow.cancel_by_staff(obj, by=request.user), anchor="#booking"
        )

    def no_show_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._operate(
            request, pk, lambda obj, _form: workflow.no_show(obj, by=request.user), anchor="#booking"
        )

    def clear_match_view(self, request: HttpRequest, match_pk: int) -> HttpResponse:
        match = get_object_or_404(
            MedicineMatch.objects.select_related("row__request", "medicine"), pk=match_pk
        )
        return self._operate(
            request,
            match.row.request_id,
            lambda _obj, form: workflow.clear_possible_match(
                match, note=form.cleaned_data["note"], by=request.user
            ),
            form_class=ClearMatchForm,
            title="Clear a possible match",
            anchor="#medicines",
        )

    def _render_step(
        self,
        request: HttpRequest,
        obj: ConsultationRequest,
        title: str,
        form: forms.Form,
        *,
        status: int = 400,
        send: bool = False,
    ):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": obj,
            "form": form,
            "action_url": request.path,
            "send": send or "send" in request.POST,
            "has_errors": status == 400,
        }
        response = TemplateResponse(
            request, "admin/intake/consultationrequest/step.html", context, status=status
        )
        response["Cache-Control"] = "no-store, private"
        return response
