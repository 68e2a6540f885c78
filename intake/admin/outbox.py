"""The outbox in the admin: which emails went out, which did not, and "retry now".

Staff who work requests (view permission) see every email by request reference and kind, never
its content; those who may change requests' emails (change permission) can retry an undelivered
one. Nothing here is edited by hand: the worker records every attempt.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from intake import outbox
from intake.models import OutgoingEmail


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("undelivered", "Not delivered")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "undelivered":
            return queryset.undelivered()
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "status", "attempts", "last_error", "send_after", "sent_at"]
    list_filter = [DeliveryFilter, "status", "kind"]
    list_select_related = ["request"]
    search_fields = ["request__reference"]
    search_help_text = "Search by request reference (WT-…)."
    ordering = ["-created_at", "-id"]
    actions = ["retry_selected"]
    fields = [
        "reference",
        "kind",
        "status",
        "uuid",
        "created_at",
        "send_after",
        "attempts",
        "last_attempt_at",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description="request", ordering="request__reference")
    def reference(self, email: OutgoingEmail) -> str:
        return email.request.reference

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutgoingEmail | None = None) -> bool:
        return False

    # "Change" means "may retry": the fields themselves are never edited.
    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)

    @admin.action(description="Retry the selected emails now", permissions=["retry"])
    def retry_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        retried = outbox.retry_now(list(queryset))
        skipped = queryset.count() - retried
        if retried:
            self.message_user(
                request, f"{retried} email(s) will be sent again within seconds.", messages.SUCCESS
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} email(s) left alone: already sent, cancelled or being sent.",
                messages.INFO,
            )

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_retry",
            ),
            *super().get_urls(),
        ]

    def retry_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The "Retry now" button beside an email on the request page (POST)."""
        if request.method != "POST" or not self.has_retry_permission(request):
            raise PermissionDenied
        email = get_object_or_404(OutgoingEmail.objects.select_related("request"), pk=pk)
        if outbox.retry_now(email):
            self.message_user(
                request,
                f"The {email.get_kind_display().lower()} for {email.request.reference} will be sent again within seconds.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"That email for {email.request.reference} is sent or being sent already.",
                messages.INFO,
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = reverse("admin:intake_consultationrequest_change", args=[email.request_id])
        return HttpResponseRedirect(back)
