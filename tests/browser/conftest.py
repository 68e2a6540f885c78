"""Fixtures for the browser tests: tabs in Debian's chromium, and the data a flushed database lacks."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext

from tests.conftest import PHONE
from tests.support.browser import REPORT_CSP_VIOLATIONS, Tab
from tests.support.patients import load_reviewed_catalog


@pytest.fixture
def open_tab(browser, live_server) -> Iterator[Callable[..., Tab]]:
    """Open a tab at a viewport (a phone one behaves as a phone: touch, mobile) on the live server."""
    contexts: list[BrowserContext] = []

    def _open(viewport: dict[str, int], **options) -> Tab:
        if viewport == PHONE:
            options = {"is_mobile": True, "has_touch": True, **options}
        context = browser.new_context(viewport=viewport, **options)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        return Tab(context, live_server.url)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def catalog() -> None:
    """The medicine catalog, as a new database holds it (a transactional test flushes it away)."""
    load_reviewed_catalog()
