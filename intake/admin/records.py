"""The decline messages staff choose from, and the access log superusers read."""

from django.contrib import admin
from django.http import HttpRequest

from intake.models import AccessLog, DeclineMessage


@admin.register(DeclineMessage)
class DeclineMessageAdmin(admin.ModelAdmin):
    list_display = ["title", "has_spanish", "active"]
    list_filter = ["active"]
    fields = ["title", "body", "body_es", "active"]

    @admin.display(description="Spanish version", boolean=True)
    def has_spanish(self, message: DeclineMessage) -> bool:
        return bool(message.body_es.strip())

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body_es":
            field.widget.attrs["lang"] = "es"  # read aloud and spell-checked as Spanish
        return field


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
