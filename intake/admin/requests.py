"""The staff queue: consultation requests in the Django admin, as a work queue.

The admin only shows and calls: every change to a request is an operation in intake/workflow.py
(which checks it, records history and the access log, and queues emails). Each button on a
request's page posts to its own URL here.
"""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from intake import calendar, urgency, workflow
from intake.admin import display, page
from intake.admin import neighbours as neighbours_module
from intake.admin.booking_forms import InviteForm
from intake.admin.export import csv_response
from intake.admin.filters import (
    VIEWS,
    AssigneeFilter,
    FlagFilter,
    LanguageFilter,
    QueueFilter,
    StateFilter,
    SubmittedFilter,
    view_counts,
)
from intake.admin.forms import (
    AssessmentForm,
    AssignForm,
    ClearMatchForm,
    DeclineChoiceForm,
    DeclineSendForm,
    NoteForm,
    ScheduleForm,
)
from intake.admin.neighbours import neighbours
from intake.admin.pagination import KeysFirstPaginator
from intake.models import AccessLog, ConsultationRequest, MedicineMatch, RequestMedicine

Operation = Callable[[ConsultationRequest, forms.Form | None], str]


def _level(message: str) -> int:
    """Success when something changed; information when there was nothing to do."""
    return messages.SUCCESS if getattr(message, "changed", True) else messages.INFO


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "patient_name",
        "status_label",
        "flag_badges",
        "due",
        "waiting",
        "assessment_label",
        "scheduled_for",
        "assigned_to",
        "state",
        "language_needs",
        "card",
    ]
    list_display_links = ["reference", "patient_name"]
    list_filter = [
        QueueFilter,
        "status",
        FlagFilter,
        AssigneeFilter,
        StateFilter,
        LanguageFilter,
        ("created_at", SubmittedFilter),
    ]
    list_select_related = ["assigned_to"]
    search_fields = ["=reference", "first_name", "last_name", "email"]
    ordering = ["created_at"]
    change_list_template = "admin/intake/consultationrequest/change_list.html"
    list_per_page = 50
    paginator = KeysFirstPaginator
    show_full_result_count = False
    actions = ["claim_selected", "start_review_selected", "export_csv"]
    change_form_template = "admin/intake/consultationrequest/change_form.html"
    # Nothing is edited through the admin's own form: every change is a workflow operation.
    fields = ["reference"]
    readonly_fields = ["reference"]

    class Media:
        css = {"all": ["css/admin-queue.css"]}

    # Permissions ----------------------------------------------------------------------------
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Requests come from patients through the form only.

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # Personal data is erased by the retention purge, never by deleting rows.

    def has_export_permission(self, request: HttpRequest) -> bool:
        return workflow.may_export(request.user)

    # The queue --------------------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Annotated before ordering, so the queue can be sorted by how strong the flags are.
        queryset = ConsultationRequest.objects.with_risk()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_ordering(self, request: HttpRequest) -> list[str]:
        if request.GET.get("queue") == "flagged":
            return ["-risk", "created_at"]  # the strongest flags first, then the oldest
        return super().get_ordering(request)

    def get_changelist(self, request: HttpRequest, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return (
            neighbours_module.order_only(changelist)
            if getattr(request, neighbours_module.ORDER_ONLY, False)
            else changelist
        )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        counts = view_counts(request.user, timezone.now())
        current = request.GET.get("queue", "")
        views = [
            {
                "title": view.title,
                "count": counts[view.key or "work"],
                "url": f"?queue={view.key}" if view.key else "?",
                "current": view.key == current
                and not (view.key == "" and ("q" in request.GET or "status__exact" in request.GET)),
            }
            for view in VIEWS
        ]
        response = super().changelist_view(request, {**(extra_context or {}), "queue_views": views})
        response["Cache-Control"] = "no-store, private"
        return response

    @admin.display(description="Patient", ordering="last_name")
    def patient_name(self, obj: ConsultationRequest) -> str:
        return display.patient_name(obj)

    @admin.display(description="Waiting", ordering="created_at")
    def waiting(self, obj: ConsultationRequest) -> str:
        return urgency.waiting(obj) or self.get_empty_value_display()

    @admin.display(description="Answer due", ordering="respond_by")
    def due(self, obj: ConsultationRequest) -> str:
        return display.due_badge(obj)

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj: ConsultationRequest) -> str:
        return display.status_badge(obj)

    @admin.display(description="Safety flags", ordering="-risk")
    def flag_badges(self, obj: ConsultationRequest) -> str:
        return display.flag_badges(obj)

    @admin.display(description="Language")
    def language_needs(self, obj: ConsultationRequest) -> str:
        return display.language_badges(obj)

    @admin.display(description="Assessment", ordering="assessment")
    def assessment_label(self, obj: ConsultationRequest) -> str:
        return display.label(ConsultationRequest.Assessment, obj.assessment) or self.get_empty_value_display()

    @admin.display(description="Scheduled for", ordering="scheduled_at")
    def scheduled_for(self, obj: ConsultationRequest) -> str:
        return (
            display.clinic_datetime(obj.scheduled_at, short=True)
            if obj.scheduled_at
            else self.get_empty_value_display()
        )

    @admin.display(description="Request")
    def card(self, obj: ConsultationRequest) -> str:
        """Everything a phone needs in one cell (the other columns are hidden on a narrow screen)."""
        return display.card(obj, change_url=reverse("admin:intake_consultationrequest_change", args=[obj.pk]))

    # A request's page -------------------------------------------------------------------------
    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])  # changes go through the buttons' own URLs
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_or_change_permission(request, obj):
            AccessLog.record(request.user, AccessLog.Action.VIEWED, obj)
            extra_context = {
                **(extra_context or {}),
                **page.context(obj, request.user),
                **neighbours(self, request, obj),
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                "show_delete": False,
            }
        response = super().change_view(request, object_id, form_url, extra_context)
        response["Cache-Control"] = "no-store, private"
        return response

    def print_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A one-to-two-page summary for the clinician: no sidebar, no forms. Printing is a look."""
        obj = get_object_or_404(
            ConsultationRequest.objects.select_related("assigned_to", "assessed_by"), pk=pk
        )
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        AccessLog.record(request.user, AccessLog.Action.PRINTED, obj, "Opened the printable summary")
        context = {
            **self.admin_site.each_context(request),
            **page.context(obj, request.user),
            "original": obj,
        }
        response = TemplateResponse(request, "admin/intake/consultationrequest/print.html", context)
        response["Cache-Control"] = "no-store, private"
        return response

    def invitation_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The calendar invitation the patient was sent, for staff to check or add to a calendar."""
        obj = get_object_or_404(ConsultationRequest, pk=pk)
        if not self.has_view_or_change_permission(request, obj) or obj.scheduled_at is None:
            raise PermissionDenied
        AccessLog.record(request.user, AccessLog.Action.VIEWED, obj, "Downloaded the calendar invitation")
        response = HttpResponse(
            calendar.invitation(obj, settings.SITE_URL + obj.get_status_url()),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{obj.reference}.ics"'
        response["Cache-Control"] = "no-store, private"
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        raise PermissionDenied  # The status history and access log on the page are the record.

    def get_urls(self):
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
            *super().get_urls(),
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
            self.message_user(request, message, _level(message))
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

    # Actions on the queue ---------------------------------------------------------------------
    def _each(
        self, request: HttpRequest, queryset: QuerySet, run: Callable[[ConsultationRequest], str]
    ) -> None:
        for obj in queryset.select_related("assigned_to"):
            try:
                message = run(obj)
                self.message_user(request, message, _level(message))
            except workflow.Refused as refused:
                # Several requests share one page: say which one this was.
                text = str(refused)
                self.message_user(
                    request, text if obj.reference in text else f"{obj.reference}: {text}", messages.ERROR
                )

    @admin.action(description="Assign selected requests to me", permissions=["change"])
    def claim_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(request, queryset, lambda obj: workflow.claim(obj, request.user))

    @admin.action(description="Start review of selected requests", permissions=["change"])
    def start_review_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(request, queryset, lambda obj: workflow.start_review(obj, request.user))

    @admin.action(
        description="Export selected requests as CSV (no notes, no free text)", permissions=["export"]
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        rows = list(
            queryset.select_related("assigned_to")
            .prefetch_related(
                Prefetch(
                    "medicines",
                    queryset=RequestMedicine.objects.prefetch_related(
                        Prefetch("matches", queryset=MedicineMatch.objects.select_related("medicine"))
                    ),
                )
            )
            .order_by("created_at")
        )
        workflow.record_export(rows, request.user)
        return csv_response(rows)
