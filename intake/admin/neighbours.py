"""The previous and next request in the view a person came from (the queue's filters and order).

The admin puts the queue's query in `_changelist_filters` on every link to a request. The same
changelist is built from it, and one query asks the database for the rows on either side of
this one in that order (window functions over the whole view, then this row picked out).
"""

import copy
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import F, OrderBy, Window
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
    around = (
        queryset.order_by()
        .annotate(
            previous_pk=Window(Lag("pk"), order_by=order),
            next_pk=Window(Lead("pk"), order_by=order),
            # A window column equal to the row's own key: filtering on it makes the database pick
            # this row out after the windows are computed over the whole view.
            row_pk=Window(FirstValue("pk"), partition_by=[F("pk")]),
        )
        .filter(row_pk=consultation.pk)
        .values("previous_pk", "next_pk")
        .first()
    )
    suffix = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""

    def url(pk: int | None) -> str | None:
        return reverse("admin:intake_consultationrequest_change", args=[pk]) + suffix if pk else None

    if around is None:  # not in that view (any more)
        return {"previous_url": None, "next_url": None}
    return {"previous_url": url(around["previous_pk"]), "next_url": url(around["next_pk"])}
