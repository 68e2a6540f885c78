"""The staff queue: consultation requests in the Django admin, as a work queue.

Patient answers are read-only. Status moves only through the buttons and actions here, along
the transitions in intake.workflow; every look at a request, export and change is written
to the access log.
"""

import csv
import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from intake import workflow
from intake.admin_filters import AssigneeFilter, FlagFilter, QueueFilter, StateFilter, SubmittedFilter
from intake.models import (
    AccessLog,
    Consent,
    ConsultationRequest,
    DeclineMessage,
    Note,
    RequestMedicine,
    StatusChange,
)
from intake.retention import erase_personal_data
from welltopia import clinic_time

Status = ConsultationRequest.Status
WORKING_GROUPS = ["Intake coordinators", "Clinicians"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class MedicineInline(ReadOnlyInline):
    model = RequestMedicine
    fields = ["name", "dose", "frequency", "catalog_class", "opioid"]
    readonly_fields = fields
    verbose_name_plural = "Medicines (as the patient wrote them)"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("catalog_medicine")

    @admin.display(description="Catalog class")
    def catalog_class(self, row: RequestMedicine) -> str:
        if row.catalog_medicine is None:
            return "Not in catalog"
        return f"{row.catalog_medicine.get_drug_class_display()} ({row.catalog_medicine.generic_name})"

    @admin.display(description="Opioid")
    def opioid(self, row: RequestMedicine) -> str:
        if row.catalog_medicine is not None and row.catalog_medicine.is_opioid:
            return format_html('<strong class="wt-flag wt-flag-opioid">{}</strong>', "OPIOID")
        return "—"


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = ["kind", "given_at"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by_label", "reason"]
    readonly_fields = fields
    verbose_name_plural = "Status history"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("changed_by")

    @admin.display(description="By")
    def changed_by_label(self, change: StatusChange) -> str:
        return str(change.changed_by) if change.changed_by else "The patient"


class NoteInline(admin.StackedInline):
    """Add-only: existing notes are shown read-only and can never be edited or deleted."""

    model = Note
    extra = 1
    can_delete = False
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    verbose_name_plural = "Internal notes (only staff see these; they cannot be changed once saved)"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return self.readonly_fields


class ConsultationRequestForm(forms.ModelForm):
    class Meta:
        model = ConsultationRequest
        fields = ["assigned_to", "assessment", "assessment_note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            self.fields["assigned_to"].queryset = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .filter(Q(groups__name__in=WORKING_GROUPS) | Q(is_superuser=True))
                .distinct()
                .order_by("username")
            )


class ScheduleForm(forms.Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    kind = forms.ChoiceField(
        label="Type", choices=ConsultationRequest.ConsultationType.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time"].help_text = f"In the clinic's time zone ({settings.CLINIC_TIME_ZONE})."

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            at = clinic_time.at(cleaned["date"], cleaned["time"])
            if at <= timezone.now():
                raise forms.ValidationError("Choose a time in the future.")
            cleaned["at"] = at
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Internal reason",
        help_text="For the team and the record; the patient does not see it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "A reason is required to decline a request."},
    )
    message = forms.ModelChoiceField(
        label="Message to the patient",
        queryset=DeclineMessage.objects.filter(active=True),
        empty_label=None,
        help_text="Edit these under “Decline messages”.",
    )


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    form = ConsultationRequestForm
    list_display = [
        "reference",
        "patient_name",
        "state",
        "waiting",
        "status_label",
        "flag_badges",
        "assigned_to",
    ]
    list_display_links = ["reference", "patient_name"]
    list_filter = [
        QueueFilter,
        "status",
        FlagFilter,
        AssigneeFilter,
        StateFilter,
        ("created_at", SubmittedFilter),
    ]
    list_select_related = ["assigned_to"]
    search_fields = ["=reference", "first_name", "last_name", "email"]
    ordering = ["created_at"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["claim_selected", "start_review_selected", "export_csv", "erase_on_request"]
    inlines = [MedicineInline, ConsentInline, StatusChangeInline, NoteInline]
    change_form_template = "admin/intake/consultationrequest/change_form.html"
    readonly_fields = [
        "reference",
        "status_label",
        "created_at",
        "waiting",
        "flag_badges",
        "first_name",
        "last_name",
        "date_of_birth",
        "age",
        "email",
        "phone",
        "state",
        "contact_method",
        "contact_time",
        "diagnosis_year",
        "rheumatologist_confirmed",
        "pain_score",
        "overall_score",
        "morning_stiffness_minutes",
        "flares_last_3_months",
        "takes_no_medicines",
        "opioid_answer",
        "opioid_details",
        "planned_surgery_answer",
        "planned_surgery_details",
        "liver_answer",
        "kidney_answer",
        "pregnancy_answer",
        "allergy_answer",
        "thyroid_condition",
        "tried_ldn_before",
        "tried_ldn_details",
        "concern_labels",
        "goals",
        "scheduled_time",
        "consultation_type",
        "decline_message",
        "withdrawn_at",
        "deletion_requested",
        "assessed_by",
        "assessed_at",
    ]
    fieldsets = [
        (
            "Request",
            {"fields": ["reference", "status_label", "created_at", "waiting", "flag_badges", "assigned_to"]},
        ),
        (
            "About the patient",
            {
                "fields": [
                    ("first_name", "last_name"),
                    ("date_of_birth", "age"),
                    ("email", "phone"),
                    "state",
                    ("contact_method", "contact_time"),
                ]
            },
        ),
        (
            "Their RA",
            {
                "fields": [
                    ("diagnosis_year", "rheumatologist_confirmed"),
                    ("pain_score", "overall_score"),
                    ("morning_stiffness_minutes", "flares_last_3_months"),
                    "takes_no_medicines",
                ]
            },
        ),
        (
            "Safety",
            {
                "fields": [
                    "opioid_answer",
                    "opioid_details",
                    "planned_surgery_answer",
                    "planned_surgery_details",
                    "liver_answer",
                    "kidney_answer",
                    "pregnancy_answer",
                    "allergy_answer",
                    "thyroid_condition",
                    ("tried_ldn_before", "tried_ldn_details"),
                ]
            },
        ),
        ("Concerns and goals", {"fields": ["concern_labels", "goals"]}),
        (
            "Clinical assessment",
            {"fields": ["assessment", "assessment_note", ("assessed_by", "assessed_at")]},
        ),
        (
            "Scheduling and closing",
            {
                "fields": [
                    ("scheduled_time", "consultation_type"),
                    "decline_message",
                    ("withdrawn_at", "deletion_requested"),
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-queue.css"]}

    # Permissions -------------------------------------------------------------------------
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Requests come from patients through the form only.

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # Personal data is erased by the retention purge, never by deleting rows.

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("intake.export_consultationrequest")

    def can_assess(self, request: HttpRequest) -> bool:
        return request.user.has_perm("intake.assess_consultationrequest")

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not self.can_assess(request):
            fields += ["assessment", "assessment_note"]
        return fields

    # The queue ------------------------------------------------------------------------------
    @admin.display(description="Patient", ordering="last_name")
    def patient_name(self, obj: ConsultationRequest) -> str:
        return f"{obj.first_name} {obj.last_name}".strip() or "(erased)"

    @admin.display(description="Waiting", ordering="created_at")
    def waiting(self, obj: ConsultationRequest) -> str:
        end = obj.closed_at or timezone.now()
        return timesince(obj.created_at, end, depth=1)

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj: ConsultationRequest) -> str:
        return format_html(
            '<span class="wt-status wt-status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description="Safety flags")
    def flag_badges(self, obj: ConsultationRequest) -> str:
        if not obj.flags:
            return format_html('<span class="wt-noflags">{}</span>', "none")
        return format_html_join(" ", '<span class="wt-flag">{}</span>', ((label,) for label in obj.flags))

    @admin.display(description="Scheduled for", ordering="scheduled_at")
    def scheduled_time(self, obj: ConsultationRequest) -> str:
        # In the clinic's zone, as the patient's email and the schedule form say it; the admin runs in UTC.
        if obj.scheduled_at is None:
            return self.get_empty_value_display()
        local = clinic_time.local(obj.scheduled_at)
        return f"{dateformat.format(local, 'l, F j, Y, g:i A')} ({local.tzname()}, clinic time)"

    @admin.display(description="Age")
    def age(self, obj: ConsultationRequest) -> str:
        from intake.forms import age_on

        return str(age_on(obj.date_of_birth, clinic_time.today())) if obj.date_of_birth else "—"

    def _answer(self, value: bool | None, flagged: bool) -> str:
        text = {True: "Yes", False: "No", None: "—"}[value]
        if flagged:
            return format_html('<strong class="wt-flag">{} — flagged</strong>', text)
        return text

    @admin.display(description="Opioid now or in the last 14 days")
    def opioid_answer(self, obj: ConsultationRequest) -> str:
        if obj.flag_opioid and not obj.opioid_use:
            return format_html(
                '<strong class="wt-flag">{}</strong>', "No, but a medicine listed is an opioid — flagged"
            )
        return self._answer(obj.opioid_use, obj.flag_opioid)

    @admin.display(description="Planned surgery")
    def planned_surgery_answer(self, obj: ConsultationRequest) -> str:
        return self._answer(obj.planned_surgery, obj.flag_surgery)

    @admin.display(description="Liver disease or hepatitis")
    def liver_answer(self, obj: ConsultationRequest) -> str:
        return self._answer(obj.liver_disease, obj.flag_liver)

    @admin.display(description="Kidney disease")
    def kidney_answer(self, obj: ConsultationRequest) -> str:
        return self._answer(obj.kidney_disease, obj.flag_kidney)

    @admin.display(description="Pregnancy / breastfeeding")
    def pregnancy_answer(self, obj: ConsultationRequest) -> str:
        text = obj.get_pregnancy_display() or "—"
        if obj.flag_pregnancy:
            return format_html('<strong class="wt-flag">{} — flagged</strong>', text)
        return text

    @admin.display(description="Allergy to naltrexone or naloxone")
    def allergy_answer(self, obj: ConsultationRequest) -> str:
        return self._answer(obj.naltrexone_allergy, obj.flag_allergy)

    @admin.display(description="Concerns")
    def concern_labels(self, obj: ConsultationRequest) -> str:
        labels = dict(ConsultationRequest.Concern.choices)
        return ", ".join(str(labels.get(value, value)) for value in obj.concerns) or "—"

    # Seeing a request is logged -------------------------------------------------------------
    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and self.has_view_or_change_permission(request, obj):
            AccessLog.record(request.user, AccessLog.Action.VIEWED, obj)
        extra_context = {**(extra_context or {}), **self._workflow_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        raise PermissionDenied  # The status history and access log on the page are the record.

    def _workflow_context(self, request: HttpRequest, obj: ConsultationRequest | None) -> dict:
        if obj is None:
            return {}
        can_change = self.has_change_permission(request, obj)
        return {
            "can_work": can_change,
            "can_claim": can_change and obj.assigned_to_id is None and obj.is_open,
            "can_start_review": can_change and workflow.can_move(obj.status, Status.IN_REVIEW),
            "can_schedule": can_change and obj.status in (Status.IN_REVIEW, Status.SCHEDULED),
            "can_decline": can_change and workflow.can_move(obj.status, Status.DECLINED),
            "can_complete": can_change and workflow.can_move(obj.status, Status.COMPLETED),
            "schedule_form": ScheduleForm(),
            "decline_form": DeclineForm(),
        }

    def save_model(self, request: HttpRequest, obj: ConsultationRequest, form, change: bool) -> None:
        if {"assessment", "assessment_note"} & set(form.changed_data):
            obj.assessed_by = request.user
            obj.assessed_at = timezone.now()
        super().save_model(request, obj, form, change)
        changed = ", ".join(form.changed_data)
        if changed:
            AccessLog.record(request.user, AccessLog.Action.CHANGED, obj, f"Changed {changed}")

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is Note:
            notes = formset.save(commit=False)
            for note in notes:
                note.author = request.user
                note.created_at = timezone.now()
                note.save()
            if notes:
                AccessLog.record(request.user, AccessLog.Action.CHANGED, form.instance, "Added a note")
            return
        super().save_formset(request, form, formset, change)

    # Buttons on a request: each a POST to its own URL --------------------------------------
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/claim/", view(self.claim_view), name=f"{prefix}_claim"),
            path("<int:pk>/move/<str:to_status>/", view(self.move_view), name=f"{prefix}_move"),
            path("<int:pk>/schedule/", view(self.schedule_view), name=f"{prefix}_schedule"),
            path("<int:pk>/decline/", view(self.decline_view), name=f"{prefix}_decline"),
            *super().get_urls(),
        ]

    def _get_for_work(self, request: HttpRequest, pk: int) -> ConsultationRequest:
        if request.method != "POST":
            raise PermissionDenied
        obj = get_object_or_404(ConsultationRequest, pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back(self, obj: ConsultationRequest) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:intake_consultationrequest_change", args=[obj.pk]))

    def claim_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._get_for_work(request, pk)
        self._claim(request, obj)
        return self._back(obj)

    def _claim(self, request: HttpRequest, obj: ConsultationRequest) -> bool:
        try:
            won = workflow.claim(obj, request.user)
        except workflow.AlreadyClaimed as taken:
            self.message_user(
                request, f"{obj.reference} is already assigned to {taken.holder}.", messages.WARNING
            )
            return False
        if won:
            AccessLog.record(request.user, AccessLog.Action.CHANGED, obj, "Assigned to themselves")
            self.message_user(request, f"{obj.reference} is now assigned to you.", messages.SUCCESS)
        else:
            self.message_user(request, f"{obj.reference} was already assigned to you.", messages.INFO)
        return won

    def move_view(self, request: HttpRequest, pk: int, to_status: str) -> HttpResponse:
        obj = self._get_for_work(request, pk)
        if to_status not in (Status.IN_REVIEW, Status.COMPLETED):
            raise PermissionDenied
        self._move(request, obj, to_status)
        return self._back(obj)

    def _move(
        self, request: HttpRequest, obj: ConsultationRequest, to_status: str, *, name_it: bool = False
    ) -> bool:
        from_label = obj.get_status_display()
        try:
            workflow.move(obj, to_status, by=request.user)
        except workflow.TransitionNotAllowed as error:
            # From the queue's action, several requests share one page: say which one this was.
            self.message_user(request, f"{obj.reference}: {error}" if name_it else str(error), messages.ERROR)
            return False
        AccessLog.record(
            request.user, AccessLog.Action.CHANGED, obj, f"Status {from_label} → {obj.get_status_display()}"
        )
        self.message_user(
            request, f"{obj.reference} is now {obj.get_status_display().lower()}.", messages.SUCCESS
        )
        return True

    def schedule_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._get_for_work(request, pk)
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return self._render_step(request, obj, "Schedule the consultation", form)
        rescheduling = obj.status == Status.SCHEDULED
        try:
            workflow.schedule(
                obj, at=form.cleaned_data["at"], kind=form.cleaned_data["kind"], by=request.user
            )
        except workflow.TransitionNotAllowed as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(obj)
        AccessLog.record(
            request.user, AccessLog.Action.CHANGED, obj, "Rescheduled" if rescheduling else "Scheduled"
        )
        verb = "rescheduled" if rescheduling else "scheduled"
        self.message_user(
            request,
            f"{obj.reference} is {verb}. The patient is being emailed the calendar invitation.",
            messages.SUCCESS,
        )
        return self._back(obj)

    def decline_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._get_for_work(request, pk)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self._render_step(request, obj, "Decline the request", form)
        try:
            workflow.decline(
                obj,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"].body,
                by=request.user,
            )
        except workflow.TransitionNotAllowed as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(obj)
        AccessLog.record(request.user, AccessLog.Action.CHANGED, obj, "Declined")
        self.message_user(
            request, f"{obj.reference} is declined. The patient is being emailed.", messages.SUCCESS
        )
        return self._back(obj)

    def _render_step(self, request: HttpRequest, obj: ConsultationRequest, title: str, form: forms.Form):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": obj,
            "form": form,
            "action_url": request.path,
        }
        response = TemplateResponse(
            request, "admin/intake/consultationrequest/step.html", context, status=400
        )
        response["Cache-Control"] = "no-store, private"
        return response

    # Actions on the queue -------------------------------------------------------------------
    @admin.action(description="Assign selected requests to me", permissions=["change"])
    def claim_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self._claim(request, obj)

    @admin.action(description="Start review of selected requests", permissions=["change"])
    def start_review_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self._move(request, obj, Status.IN_REVIEW, name_it=True)

    @admin.action(
        description="Erase personal data of withdrawn requests whose patient asked", permissions=["change"]
    )
    def erase_on_request(self, request: HttpRequest, queryset: QuerySet) -> None:
        erased, skipped = [], []
        for obj in queryset:
            if obj.status == Status.WITHDRAWN and obj.deletion_requested and not obj.personal_data_erased_at:
                erase_personal_data(
                    obj, by=request.user, why="The patient asked for deletion when withdrawing"
                )
                erased.append(obj.reference)
            else:
                skipped.append(obj.reference)
        if erased:
            self.message_user(request, f"Erased the personal data of {', '.join(erased)}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Not erased (only withdrawn requests whose patient asked for deletion): {', '.join(skipped)}.",
                messages.WARNING,
            )

    @admin.action(description="Export selected requests as CSV (no notes)", permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        rows = list(queryset.select_related("assigned_to").order_by("created_at"))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="consultation-requests.csv"'
        response["Cache-Control"] = "no-store, private"
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for obj in rows:
            writer.writerow([_csv_safe(value) for value in _export_row(obj)])
        AccessLog.record(request.user, AccessLog.Action.EXPORTED, rows, f"CSV export of {len(rows)} requests")
        return response


EXPORT_COLUMNS = [
    "reference",
    "status",
    "submitted",
    "state",
    "first name",
    "last name",
    "date of birth",
    "email",
    "phone",
    "contact method",
    "contact time",
    "diagnosis year",
    "pain (0-10)",
    "overall (0-10)",
    "morning stiffness (min)",
    "flares (3 months)",
    "flags",
    "assigned to",
    "scheduled at",
]


def _export_row(obj: ConsultationRequest) -> list[object]:
    return [
        obj.reference,
        obj.get_status_display(),
        obj.created_at.isoformat(timespec="minutes"),
        obj.state,
        obj.first_name,
        obj.last_name,
        obj.date_of_birth.isoformat() if obj.date_of_birth else "",
        obj.email,
        str(obj.phone),
        obj.get_contact_method_display(),
        obj.get_contact_time_display(),
        obj.diagnosis_year,
        obj.pain_score,
        obj.overall_score,
        obj.morning_stiffness_minutes,
        obj.flares_last_3_months,
        "; ".join(obj.flags),
        str(obj.assigned_to or ""),
        obj.scheduled_at.isoformat(timespec="minutes") if obj.scheduled_at else "",
    ]


PLAIN_NUMBER = re.compile(r"\+?\d+")


def _csv_safe(value: object) -> object:
    """Stop a spreadsheet from running what a patient typed as a formula.

    A plain number such as a phone number in E.164 form (+12015550123) is left as it is.
    """
    if (
        isinstance(value, str)
        and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return "" if value is None else value


@admin.register(DeclineMessage)
class DeclineMessageAdmin(admin.ModelAdmin):
    list_display = ["title", "active"]
    list_filter = ["active"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Superusers read the log; nobody adds, changes or deletes a row here."""

    list_display = ["at", "user", "action", "reference", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["=reference", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
