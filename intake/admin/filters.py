"""Queue filters for the consultation request changelist."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from intake.choices import US_STATES
from intake.models import ConsultationRequest


class QueueFilter(admin.SimpleListFilter):
    """By default the queue shows what needs work: new and in review. One click shows all.

    A search or an explicit status filter looks across every request.
    """

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("all", "All requests")]

    def _default_applies(self, request: HttpRequest) -> bool:
        return self.value() is None and not request.GET.get("q") and "status__exact" not in request.GET

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Needs work (new and in review)",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self._default_applies(request):
            return queryset.awaiting_review()
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = "safety flag"
    parameter_name = "flag"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        fields = ConsultationRequest._meta
        return [("any", "Any flag")] + [
            (name.removeprefix("flag_"), str(fields.get_field(name).verbose_name))
            for name in ConsultationRequest.FLAG_FIELDS
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "any":
            return queryset.flagged()
        if value and f"flag_{value}" in ConsultationRequest.FLAG_FIELDS:
            return queryset.filter(**{f"flag_{value}": True})
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("me", "Me"), ("none", "Unassigned"), ("others", "Someone else")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "me":
                return queryset.filter(assigned_to=request.user)
            case "none":
                return queryset.filter(assigned_to__isnull=True)
            case "others":
                return queryset.filter(assigned_to__isnull=False).exclude(assigned_to=request.user)
        return queryset


class StateFilter(admin.SimpleListFilter):
    """Only the states requests have come from: the clinic serves a few, not all 51."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        used = set(ConsultationRequest.objects.order_by().values_list("state", flat=True).distinct())
        return [(code, name) for code, name in US_STATES if code in used]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(state=self.value()) if self.value() else queryset


class SubmittedFilter(admin.DateFieldListFilter):
    """The date filter on created_at, titled by what it means to staff."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = "submitted"
