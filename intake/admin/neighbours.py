"""The previous and next request in the view a person came from (the queue's filters and order).

The admin puts the queue's query in `_changelist_filters` on every link to a request. The same
changelist is built from it, and one query asks the database for the rows on either side of
this one in that order (window functions over the whole view, then this row picked out).
"""

import copy
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, OrderBy, Q, QuerySet, Window
from django.db.models.functions import FirstValue, Lag, Lead
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from intake.models import ConsultationRequest

ORDER_ONLY = "_queue_order_only"


def order_only(changelist_class: type[ChangeList]) -> type[ChangeList]:
    """The admin's changelist without its rows and counts: neighbours need only its filters and
    order (ConsultationRequestAdmin.get_changelist uses this for the request neighbours() builds)."""

    class OrderOnly(changelist_class):
        def get_results(self, request: HttpRequest) -> None:
            self.result_count = self.full_result_count = 0
            self.result_list = []
            self.can_show_all = self.multi_page = self.show_full_result_count = False
            self.show_admin_actions = False

    return OrderOnly


def _order_by(ordering: list) -> list:
    expressions = []
    for item in ordering:
        if isinstance(item, str):
            expressions.append(F(item[1:]).desc() if item.startswith("-") else F(item).asc())
        elif isinstance(item, OrderBy):
            expressions.append(item)
        else:
            expressions.append(item.asc())
    return expressions


# Annotations the queue sorts by that always have a value (ConsultationRequestQuerySet.with_risk).
NEVER_NULL_ANNOTATIONS = {"risk"}


def _never_null(queryset: QuerySet, order: list[OrderBy]) -> bool:
    """Whether every sort key always has a value: then rows compare as tuples, as they sort."""
    for expression in order:
        name = getattr(expression.expression, "name", None)
        if name == "pk" or (name in NEVER_NULL_ANNOTATIONS and name in queryset.query.annotations):
            continue
        try:
            field = queryset.model._meta.get_field(name) if name else None
        except FieldDoesNotExist:
            return False
        if field is None or field.null or field.is_relation:
            return False
    return True


def _by_keys(queryset: QuerySet, order: list[OrderBy], pk: int) -> dict | None:
    """The rows just before and after this one, each read from the view's order like a page's
    first row (an index walk when one matches the order): three small queries, whatever the view
    holds. None when the row is not in the view."""
    keys = {f"_key{index}": expression.expression for index, expression in enumerate(order)}
    keyed = queryset.order_by().annotate(**keys)
    row = keyed.filter(pk=pk).values(*keys).first()
    if row is None:
        return None

    def beyond(forwards: bool) -> Q:
        # (k0, k1, …) after this row's keys in the view's order (before it, going backwards).
        condition, equal, first = Q(), Q(), None
        for (name, value), expression in zip(row.items(), order, strict=True):
            later = expression.descending != forwards
            condition |= equal & Q(**{f"{name}__{'gt' if later else 'lt'}": value})
            equal &= Q(**{name: value})
            # The same bound on the first key alone, which an index in the view's order can seek to.
            first = first or Q(**{f"{name}__{'gte' if later else 'lte'}": value})
        return first & condition

    backwards = [expression.copy() for expression in order]
    for expression in backwards:
        expression.reverse_ordering()
    return {
        "previous_pk": keyed.filter(beyond(False)).order_by(*backwards).values_list("pk", flat=True).first(),
        "next_pk": keyed.filter(beyond(True)).order_by(*order).values_list("pk", flat=True).first(),
    }


def _by_windows(queryset: QuerySet, order: list[OrderBy], pk: int) -> dict | None:
    """The same for any order, nulls included: window functions over the whole view."""
    return (
        queryset.order_by()
        .annotate(
            previous_pk=Window(Lag("pk"), order_by=order),
            next_pk=Window(Lead("pk"), order_by=order),
            # A window column equal to the row's own key: filtering on it makes the database pick
            # this row out after the windows are computed over the whole view.
            row_pk=Window(FirstValue("pk"), partition_by=[F("pk")]),
        )
        .filter(row_pk=pk)
        .values("previous_pk", "next_pk")
        .first()
    )


def neighbours(
    model_admin: admin.ModelAdmin, request: HttpRequest, consultation: ConsultationRequest
) -> dict:
    """URLs of the previous and next request in the person's current view (None at either end)."""
    filters = request.GET.get("_changelist_filters", "")
    view_request = copy.copy(request)
    view_request.GET = QueryDict(filters)
    setattr(view_request, ORDER_ONLY, True)
    changelist = model_admin.get_changelist_instance(view_request)
    queryset = changelist.get_queryset(view_request)
    order = _order_by(changelist.get_ordering(view_request, queryset))
    find = _by_keys if _never_null(queryset, order) else _by_windows
    around = find(queryset, order, consultation.pk)
    suffix = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""

    def url(pk: int | None) -> str | None:
        return reverse("admin:intake_consultationrequest_change", args=[pk]) + suffix if pk else None

    if around is None:  # not in that view (any more)
        return {"previous_url": None, "next_url": None}
    return {"previous_url": url(around["previous_pk"]), "next_url": url(around["next_pk"])}
