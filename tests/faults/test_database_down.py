"""PostgreSQL stops: every page answers 503 (or from the cache), /healthz 503, and no admin mail storm."""

from tests.faults.conftest import Stack
from tests.faults.stack import Browser, wait_for
from tests.support.patients import valid_form_data

REQUESTS = 40


def test_with_the_database_stopped_the_site_answers_503_kindly_and_emails_admins_once(stack: Stack) -> None:
    site = stack.site()
    patient = Browser(site.port)
    status_page = patient.send_request(valid_form_data()).headers["location"]
    csrf = patient.open_form()

    stack.cluster.stop()
    pages = [site.get(path) for path in ["/consultation/", status_page, "/learn/no-such-page/"] * 10]
    sent = [patient.send_request(valid_form_data(), csrf) for _number in range(REQUESTS - 30)]
    health = site.get("/healthz", https=False)

    assert {page.status for page in pages} == {503}
    assert all(page.headers["retry-after"] == "30" for page in pages)
    assert (
        pages[0]
        .text()
        .startswith("We'll be back in a few minutes Part of our system is briefly unavailable.")
    )
    assert {answer.status for answer in sent} == {503}
    assert sent[0].text().startswith("Sorry, your answers were not sent Our system is briefly unavailable")
    assert (health.status, health.body) == (503, "unavailable\ndatabase: unavailable\n")
    assert "Traceback" not in site.output()
    admin_mails = [subject for subject in stack.sink.subjects() if "ERROR" in subject]
    assert 1 <= len(admin_mails) <= 2, admin_mails  # one per window; gunicorn's 2 workers may race once
    assert all("database unavailable" in subject for subject in admin_mails)

    stack.cluster.start()
    wait_for(lambda: site.get("/healthz", https=False).status == 200, what="the site to answer again")
    assert patient.send_request(valid_form_data()).status == 302
    assert stack.sql("SELECT count(*) FROM intake_consultationrequest")[0][0] == 2
