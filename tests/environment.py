"""Environment for the test run, loaded by pytest (`-p tests.environment`) before Django starts.

The suite runs with DEBUG off, like production; only what a test machine cannot provide
(a secret, HTTPS, a mail server) is set here. Values already in the environment win, so
`DATABASE_URL=postgres://... make test` runs the same suite on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welltopia.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("BEHIND_PROXY", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_HOST", "smtp.invalid")
os.environ.setdefault("STATICFILES_COLLECTED", "0")
os.environ.setdefault("SITE_URL", "https://clinic.example")
os.environ.setdefault("SERVED_STATES", "CA,FL,NY,TX,WA")
os.environ.setdefault("REDIS_URL", "")
os.environ.setdefault("CACHE_DIR", "")  # one process: the in-memory cache
# Each email is sent as its transaction commits (the worker path has its own tests).
os.environ.setdefault("EMAIL_DELIVERY", "on_commit")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser
# tests are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# TEST_CLOCK=2026-11-27T00:30:00Z runs the suite as if it started at that moment (the clock
# then moves on as usual). CI uses it to run at the hours when the UTC date and the clinic's
# date differ, and on a daylight-saving change day; see .ci/run.
if os.environ.get("TEST_CLOCK"):
    import time_machine

    time_machine.travel(os.environ["TEST_CLOCK"], tick=True).start()
