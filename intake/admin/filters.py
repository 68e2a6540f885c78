"""Queue filters for the consultation request changelist."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from intake import workflow
from intake.choices import US_STATES
from intake.models import ConsultationRequest, any_flag


@dataclass(frozen=True)
class View:
    """One saved view of the queue: a name, and which requests it holds (as a condition)."""

    key: str
    title: str
    condition: Callable[[AbstractBaseUser, datetime.datetime], Q]


NEEDS_WORK = Q(status__in=ConsultationRequest.OPEN_FOR_WORK)
VIEWS = [
    View("", "Needs work", lambda user, now: NEEDS_WORK),
    View("mine", "My requests", lambda user, now: Q(assigned_to=user, status__in=workflow.OPEN)),
    View("unassigned", "Unassigned", lambda user, now: NEEDS_WORK & Q(assigned_to__isnull=True)),
    View("flagged", "Flagged", lambda user, now: NEEDS_WORK & any_flag()),
    View("overdue", "Overdue", lambda user, now: NEEDS_WORK & Q(respond_by__lt=now)),
    View("all", "All", lambda user, now: Q()),
]
VIEWS_BY_KEY = {view.key: view for view in VIEWS}


# Every view but "All" holds only requests still open: their counts come from those rows alone
# (a few among many once the clinic has run a while), "All" from a plain count.
OPEN_VIEWS_HOLD = Q(status__in=sorted({*ConsultationRequest.OPEN_FOR_WORK, *workflow.OPEN}))


def view_counts(user: AbstractBaseUser, now: datetime.datetime) -> dict[str, int]:
    """How many requests each view holds, in two queries whatever the table holds."""
    counts = ConsultationRequest.objects.filter(OPEN_VIEWS_HOLD).aggregate(
        **{
            view.key or "work": Count("pk", filter=view.condition(user, now))
            for view in VIEWS
            if view.key != "all"
        }
    )
    return counts | {"all": ConsultationRequest.objects.count()}


def counted_view(request: HttpRequest) -> str | None:
    """The key in view_counts() of the view this queue page shows, when nothing else narrows it
    (a page number or an order does not): how many rows it holds is then already counted."""
    narrowing = set(request.GET) - {"p", "o"}
    if not narrowing:
        return "work"
    if narrowing == {"queue"} and request.GET["queue"] in VIEWS_BY_KEY:
        return request.GET["queue"] or "work"
    return None


class QueueFilter(admin.SimpleListFilter):
    """The queue's saved views. By default it shows what needs work (new and in review), oldest
    first; "Flagged" puts the strongest flags first. A search or an explicit status filter looks
    across every request."""

    title = "view"
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(view.key, view.title) for view in VIEWS if view.key]

    def _view(self, request: HttpRequest) -> View | None:
        if self.value() is None:
            if request.GET.get("q") or "status__exact" in request.GET:
                return None
            return VIEWS_BY_KEY[""]
        return VIEWS_BY_KEY.get(self.value())

    def choices(self, changelist):
        for view in VIEWS:
            yield {
                "selected": (self.value() or "") == view.key,
                "query_string": (
                    changelist.get_query_string({self.parameter_name: view.key})
                    if view.key
                    else changelist.get_query_string(remove=[self.parameter_name])
                ),
                "display": view.title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        view = self._view(request)
        if view is None:
            return queryset
        return queryset.filter(view.condition(request.user, timezone.now()))


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


STATES_USED_KEY = "intake:queue:states-used"


def states_used() -> set[str]:
    """The states requests have come from. A new request is from a served state (the form refuses
    others), so the states found once, with the served ones, stay right for an hour."""
    found = cache.get(STATES_USED_KEY)
    if found is None:
        found = set(ConsultationRequest.objects.order_by().values_list("state", flat=True).distinct())
        cache.set(STATES_USED_KEY, found, 60 * 60)
    return found | set(settings.SERVED_STATES)


class StateFilter(admin.SimpleListFilter):
    """Only the states requests have come from: the clinic serves a few, not all 51."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        used = states_used()
        return [(code, name) for code, name in US_STATES if code in used]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(state=self.value()) if self.value() else queryset


class LanguageFilter(admin.SimpleListFilter):
    """Who needs language help: written or asked in Spanish, an interpreter, another language."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("es", "Prefers Spanish"),
            ("interpreter", "Would like an interpreter"),
            ("other", "Another language"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "es":
                return queryset.preferring_spanish()
            case "interpreter":
                return queryset.filter(interpreter=True)
            case "other":
                return queryset.filter(consultation_language=ConsultationRequest.ConsultationLanguage.OTHER)
        return queryset


class SubmittedFilter(admin.DateFieldListFilter):
    """The date filter on created_at, titled by what it means to staff."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = "submitted"
