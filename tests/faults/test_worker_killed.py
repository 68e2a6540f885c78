"""A worker killed in the middle of sending: after its lease, another worker sends the email, once."""

import collections

from tests.faults.conftest import Stack
from tests.faults.stack import Browser, wait_for
from tests.support.patients import valid_form_data

LEASE = "3"


def test_an_email_held_by_a_killed_worker_is_sent_exactly_once_after_the_lease(stack: Stack) -> None:
    stack.sink.mode = "stall"  # the first conversation hangs after MAIL FROM, as a slow server does
    site = stack.site()
    first = stack.worker("first", OUTBOX_LEASE_SECONDS=LEASE)
    assert Browser(site.port).send_request(valid_form_data()).status == 302

    wait_for(stack.sink.stalled.is_set, what="the worker to be mid-send")
    first.kill()
    stack.sink.released.set()
    second = stack.worker("second", OUTBOX_LEASE_SECONDS=LEASE)
    wait_for(lambda: stack.all_sent(2), timeout=30, what="both emails to be sent")

    counts = collections.Counter(stack.sink.message_ids())
    assert sorted(counts.values()) == [1, 1]
    assert set(counts) == {f"<{uuid}@welltopia.example>" for uuid, *_rest in stack.emails()}
    attempts = sorted(attempts for _uuid, _kind, _status, attempts, _error in stack.emails())
    assert attempts == [1, 2]  # the killed worker's email: claimed twice, sent once
    assert second.alive()
    assert "Traceback" not in second.output()
