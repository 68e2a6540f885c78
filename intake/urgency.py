"""How urgent a request is: when an answer is due, how long it has waited. One place for both.

The clinic aims to answer every request within TARGET_RESPONSE_WORKING_DAYS working days
(Monday to Friday at the clinic; public holidays are not known here). A request is answered
when it is scheduled or declined (or the patient withdraws): until then it is due, then overdue.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from welltopia import clinic_time

SATURDAY = 5


def respond_by(submitted: datetime.datetime) -> datetime.datetime:
    """The same clinic wall-clock time, TARGET_RESPONSE_WORKING_DAYS working days later."""
    local = clinic_time.local(submitted)
    day, left = local.date(), settings.TARGET_RESPONSE_WORKING_DAYS
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() < SATURDAY:
            left -= 1
    return clinic_time.at(day, local.time().replace(tzinfo=None))


def span(delta: datetime.timedelta) -> str:
    """'9 days', '1 day', '5 hours', '1 hour', '20 minutes': precise enough to act on."""
    seconds = max(int(delta.total_seconds()), 0)
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "under a minute"


def waiting(consultation, now: datetime.datetime | None = None) -> str:
    """How long an open request has waited; a closed one no longer waits (empty)."""
    if consultation.closed_at:
        return ""
    return span((now or timezone.now()) - consultation.created_at)


def due(consultation, now: datetime.datetime | None = None) -> tuple[str, bool] | None:
    """('due in 5 hours' or 'overdue by 2 days', overdue) while an answer is owed, else None."""
    if consultation.status not in consultation.OPEN_FOR_WORK or consultation.respond_by is None:
        return None
    left = consultation.respond_by - (now or timezone.now())
    if left.total_seconds() < 0:
        return f"overdue by {span(-left)}", True
    return f"due in {span(left)}", False
