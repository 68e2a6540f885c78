"""Every operation on a consultation request, and the rules of each. Nowhere else.

new → in review → scheduled → completed; new, in review or scheduled → declined; the patient
alone withdraws an open request. Each operation checks its own preconditions (who may do it,
from which status, with what), then in ONE transaction moves the status with a conditional
UPDATE on the status the caller saw (so two people acting at once cannot both move it), writes
the history, the access log and queues the emails. Callers — admin views and actions, the
status page, management commands — only call an operation and show the message it returns, or
the reason it was refused. Templates ask `available()`, which runs the same checks.

Booking (intake/workflow/booking.py): staff invite a reviewed request to book (or cancel the
booking, or record a no-show); the patient books, moves or cancels their time on the status page
(`patient_available()` says what the page may offer).
"""

from intake.workflow.booking import (
    book,
    cancel,
    cancel_by_staff,
    invite,
    no_show,
    open_invitation,
    reschedule,
)
from intake.workflow.flags import clear_possible_match, rescreen, rescreen_open_requests
from intake.workflow.moves import (
    add_note,
    assign,
    claim,
    complete,
    decline,
    purge,
    record_assessment,
    record_export,
    schedule,
    start_review,
    withdraw,
)
from intake.workflow.rules import (
    DECLINABLE,
    OPEN,
    PATIENT_WITHDRAWABLE,
    BadInput,
    Done,
    Refused,
    available,
    changes_close_at,
    check_add_note,
    check_assess,
    check_assign,
    check_book,
    check_cancel,
    check_claim,
    check_clear_match,
    check_complete,
    check_decline,
    check_invite,
    check_no_show,
    check_offer,
    check_reschedule,
    check_schedule,
    check_start_review,
    check_withdraw,
    may_assess,
    may_export,
    may_work,
    patient_available,
)

__all__ = [
    "DECLINABLE", "OPEN", "PATIENT_WITHDRAWABLE", "BadInput", "Done", "Refused", "add_note", "assign",
    "available", "book", "cancel", "cancel_by_staff", "changes_close_at", "check_add_note", "check_assess",
    "check_assign", "check_book", "check_cancel", "check_claim", "check_clear_match", "check_complete",
    "check_decline", "check_invite", "check_no_show", "check_offer", "check_reschedule", "check_schedule",
    "check_start_review", "check_withdraw", "claim", "clear_possible_match", "complete", "decline",
    "invite", "may_assess", "may_export", "may_work", "no_show", "open_invitation", "patient_available",
    "purge", "record_assessment", "record_export", "reschedule", "rescreen", "rescreen_open_requests",
    "schedule", "start_review", "withdraw",
]  # fmt: skip
