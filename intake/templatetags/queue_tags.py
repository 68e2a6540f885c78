import datetime

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Min, Q
from django.utils import timezone

from intake import urgency
from intake.admin import results
from intake.models import ConsultationRequest, any_flag
from welltopia import clinic_time

register = template.Library()

Status = ConsultationRequest.Status


@register.inclusion_tag("admin/intake/includes/_queue_summary.html")
def queue_summary() -> dict:
    """The queue on the admin index, each number saying which period it counts. One query."""
    now = timezone.now()
    today = clinic_time.at(clinic_time.today(), datetime.time(0))
    week_ago = now - datetime.timedelta(days=7)
    needs_work = Q(status__in=ConsultationRequest.OPEN_FOR_WORK)
    counts = ConsultationRequest.objects.aggregate(
        new=Count("pk", filter=Q(status=Status.NEW)),
        in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
        scheduled=Count("pk", filter=Q(status=Status.SCHEDULED)),
        overdue=Count("pk", filter=needs_work & Q(respond_by__lt=now)),
        flagged=Count("pk", filter=needs_work & any_flag()),
        oldest=Min("created_at", filter=needs_work),
        submitted_today=Count("pk", filter=Q(created_at__gte=today)),
        submitted_week=Count("pk", filter=Q(created_at__gte=week_ago)),
        closed_week=Count("pk", filter=Q(closed_at__gte=week_ago)),
    )
    return {
        "open_now": [
            ("New", counts["new"], Status.NEW),
            ("In review", counts["in_review"], Status.IN_REVIEW),
            ("Scheduled", counts["scheduled"], Status.SCHEDULED),
        ],
        "overdue": counts["overdue"],
        "flagged": counts["flagged"],
        "oldest_waiting": urgency.span(now - counts["oldest"]) if counts["oldest"] else None,
        "submitted_today": counts["submitted_today"],
        "submitted_week": counts["submitted_week"],
        "closed_week": counts["closed_week"],
    }


@register.inclusion_tag("admin/change_list_results.html")
def queue_result_list(cl: ChangeList) -> dict:
    """Django's {% result_list %} with the queue's rows written by intake/admin/results.py."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": list(results.rows(cl)),
    }
