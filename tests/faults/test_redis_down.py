"""Redis stops while the site runs: no 500s, every saved request answered normally, back when it returns."""

from tests.faults.conftest import Stack
from tests.faults.stack import Browser, wait_for
from tests.support.patients import valid_form_data

PAGES = ["/", "/learn/", "/consultation/"]


def test_with_redis_stopped_pages_render_from_the_database_and_requests_are_saved(stack: Stack) -> None:
    redis = stack.redis(6380)
    site = stack.site(REDIS_URL=redis.url)
    patient = Browser(site.port)
    assert [site.get(path).status for path in PAGES] == [200, 200, 200]  # the cache is warm
    assert site.get("/healthz", https=False).body == "ok\ndatabase: ok\nredis: ok\nemail queue: 0 waiting\n"

    redis.stop()
    statuses = [site.get(path).status for path in PAGES * 3]
    answers = [patient.send_request(valid_form_data()) for _number in range(3)]
    health = site.get("/healthz", https=False)

    assert statuses == [200] * 9
    assert [answer.status for answer in answers] == [302, 302, 302]
    assert [patient.request("GET", answer.headers["location"]).status for answer in answers] == [200] * 3
    assert stack.sql("SELECT count(*) FROM intake_consultationrequest")[0][0] == 3
    assert (health.status, health.body) == (
        200,
        "degraded\ndatabase: ok\nredis: unreachable\nemail queue: 6 waiting\n",
    )
    log = site.output()
    assert "Traceback" not in log
    assert 1 <= log.count("Redis unreachable") <= 2  # once per gunicorn worker at most

    stack.redis(6380)
    wait_for(lambda: "redis: ok" in site.get("/healthz", https=False).body, what="Redis to be seen again")
    assert [site.get(path).status for path in PAGES] == [200, 200, 200]
