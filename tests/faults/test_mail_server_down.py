"""The mail server refuses everything for longer than the old 8-attempt limit: nothing is dropped."""

from tests.faults.conftest import Stack
from tests.faults.stack import Browser, wait_for
from tests.support.patients import valid_form_data

ATTEMPTS = 10


def test_failing_emails_are_kept_shown_and_sent_once_the_server_is_back(stack: Stack) -> None:
    stack.sink.mode = "fail"
    site = stack.site()
    worker = stack.worker()
    assert Browser(site.port).send_request(valid_form_data()).status == 302

    def retried_enough() -> bool:
        # Skip the real back-off (its schedule has its own test): each failed email is due again.
        stack.sql(
            "UPDATE intake_outgoingemail SET next_attempt_at = now() WHERE status = 'pending' AND locked_by = ''"
        )
        return all(attempts >= ATTEMPTS for _uuid, _kind, _status, attempts, _error in stack.emails())

    wait_for(retried_enough, timeout=60, what=f"{ATTEMPTS} attempts each")
    worker.stop()

    assert {(status, error) for _uuid, _kind, status, _n, error in stack.emails()} == {
        ("pending", "SMTPRecipientsRefused")
    }
    assert stack.sink.messages == []
    # What an operator sees: the health check names the backlog once it is late.
    stack.sql("UPDATE intake_outgoingemail SET send_after = now() - interval '1 hour'")
    health = site.get("/healthz", https=False)
    assert health.status == 200
    assert (
        health.body
        == "degraded\ndatabase: ok\nemail queue: 2 waiting, 2 not delivered, oldest 1\xa0hour ago\n"
    )

    stack.sink.mode = "accept"
    stack.sql("UPDATE intake_outgoingemail SET next_attempt_at = now()")
    stack.worker("after")
    wait_for(lambda: stack.all_sent(2), timeout=30, what="both emails to be sent")
    assert len(stack.sink.message_ids()) == len(set(stack.sink.message_ids())) == 2
    assert site.get("/healthz", https=False).body == "ok\ndatabase: ok\nemail queue: 0 waiting\n"
