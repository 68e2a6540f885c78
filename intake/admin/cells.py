"""Queue cells written directly, where Django's admin would take the slow road to the same HTML.

The queue shows 50 rows a page. Django renders each row's action checkbox as a form widget
through the template engine, which took about a fifth of the whole page's time at 50,000 requests
(bench/staff_queue.py); a column of choices (the state) rebuilds its choices' mapping on every
cell. These give the same HTML (tests/staff/test_queue_rows.py compares them with Django's).
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from intake.choices import STATE_NAMES
from intake.models import ConsultationRequest


class QuickCells:
    def action_checkbox(self, obj: ConsultationRequest) -> SafeString:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description="State", ordering="state")
    def state_name(self, obj: ConsultationRequest) -> str:
        return str(STATE_NAMES.get(obj.state, obj.state))
