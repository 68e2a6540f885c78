"""The staff queue: consultation requests in the Django admin, as a work queue.

The admin only shows and calls: every change to a request is an operation in intake/workflow.py
(which checks it, records history and the access log, and queues emails). Each button on a
request's page posts to its own URL (intake/admin/steps.py).
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from intake import calendar, urgency, workflow
from intake.admin import display, page
from intake.admin import neighbours as neighbours_module
from intake.admin.cells import QuickCells
from intake.admin.export import csv_response
from intake.admin.filters import (
    VIEWS,
    AssigneeFilter,
    FlagFilter,
    LanguageFilter,
    QueueFilter,
    StateFilter,
    SubmittedFilter,
    counted_view,
    view_counts,
)
from intake.admin.neighbours import neighbours
from intake.admin.pagination import KeysFirstPaginator
from intake.admin.steps import RequestSteps, message_level
from intake.models import AccessLog, ConsultationRequest, MedicineMatch, RequestMedicine

QUEUE_COUNTS = "_queue_view_counts"  # on the request: its views' counts, for the paginator


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(RequestSteps, QuickCells, admin.ModelAdmin):
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
        "state_name",
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

    def get_paginator(self, request: HttpRequest, queryset: QuerySet, per_page: int, *args, **kwargs):
        paginator = super().get_paginator(request, queryset, per_page, *args, **kwargs)
        counts, view = getattr(request, QUEUE_COUNTS, None), counted_view(request)
        if counts is not None and view is not None:
            paginator.count = counts[view]  # the view's tab has just counted these rows
        return paginator

    def changelist_view(self, request: HttpRequest, extra_context=None):
        counts = view_counts(request.user, timezone.now())
        setattr(request, QUEUE_COUNTS, counts)
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
        return [*self.step_urls(), *super().get_urls()]

    # Actions on the queue ---------------------------------------------------------------------
    def _each(
        self, request: HttpRequest, queryset: QuerySet, run: Callable[[ConsultationRequest], str]
    ) -> None:
        for obj in queryset.select_related("assigned_to"):
            try:
                message = run(obj)
                self.message_user(request, message, message_level(message))
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
