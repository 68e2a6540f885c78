"""PostgreSQL restarts while the worker sends: the worker survives, and every email goes out once."""

from tests.faults.conftest import Stack
from tests.faults.stack import Browser, wait_for
from tests.support.patients import valid_form_data

REQUESTS = 10


def test_the_worker_rides_out_a_database_restart_and_sends_each_email_once(stack: Stack) -> None:
    stack.sink.delay = 0.2  # a realistic mail server: the restart lands while the worker is busy
    site = stack.site()
    worker = stack.worker()
    patient = Browser(site.port)
    for _number in range(REQUESTS):
        assert patient.send_request(valid_form_data()).status == 302

    wait_for(lambda: len(stack.sink.messages) >= 4, what="the first emails")
    waiting = stack.sql("SELECT count(*) FROM intake_outgoingemail WHERE status = 'pending'")[0][0]
    stack.cluster.restart()
    assert waiting > 0, "the restart should land while emails are waiting"
    wait_for(lambda: stack.all_sent(2 * REQUESTS), timeout=60, what="every email to be sent")

    assert worker.alive()
    ids = stack.sink.message_ids()
    assert len(ids) == 2 * REQUESTS
    assert sorted(ids) == sorted(f"<{uuid}@welltopia.example>" for uuid, *_rest in stack.emails())
    log = worker.output()
    assert log.count("Database unavailable") == 1, log
    assert log.count("Database reachable again") == 1, log
    assert "Traceback" not in log
