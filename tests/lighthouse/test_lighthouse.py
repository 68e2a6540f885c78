"""Lighthouse (tools/lighthouse) over every public page, as a phone and as a desktop.

Every category (performance, accessibility, best practices, SEO) must be 100 on every public
page, in English and in Spanish, the empty consultation form included. A page short of 100 is
audited again, up to three times, and its best run counts (run.mjs: performance is timed on a
shared machine). The scores are printed, and written to screenshots/lighthouse.json with the
audits that fell short, so a failure says what to fix.
Needs Node, `npm ci` in tools/lighthouse, and Debian's chromium.

    .venv/bin/python -m pytest -m lighthouse
"""

import json
import os
import shutil
import subprocess  # nosec B404 - runs our own pinned Lighthouse script
import time
from pathlib import Path

import pytest

from education.models import Page
from education.seeding import seed_pages
from tests.conftest import CHROMIUM, SCREENSHOTS
from tests.support.urls import public_pages

pytestmark = [pytest.mark.lighthouse, pytest.mark.browser]

HARNESS = Path(__file__).resolve().parents[2] / "tools" / "lighthouse"
FORM_FACTORS = ["mobile", "desktop"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Every page on both sides: English, and Spanish under /es/ (each translated education page, with
# its English slug). 72 audits of about ten seconds each on a two-core machine: about 12 minutes.
PUBLIC_PAGES = [*public_pages("en"), *public_pages("es")]


@pytest.fixture(scope="session")
def lighthouse_runs(
    django_db_setup, live_server, django_db_blocker, pytestconfig: pytest.Config
) -> dict[tuple[str, str], dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node is not installed (apt-get install nodejs npm)")
    if not (HARNESS / "node_modules" / "lighthouse").is_dir():
        pytest.fail(f"Lighthouse is not installed: cd {HARNESS} && npm ci")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    SCREENSHOTS.mkdir(exist_ok=True)
    report = SCREENSHOTS / "lighthouse.json"
    # The live server answers from the test database for the whole run (seeded, then emptied).
    with django_db_blocker.unblock():
        seed_pages()
        try:
            started = time.monotonic()
            subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, our own URLs
                [
                    node,
                    str(HARNESS / "run.mjs"),
                    f"--form-factor={','.join(FORM_FACTORS)}",
                    f"--out={report}",
                    *[f"{live_server.url}{path}" for path in PUBLIC_PAGES],
                ],
                env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)},
                check=True,
                timeout=20 * 60,
            )
            elapsed = time.monotonic() - started
        finally:
            Page.objects.all().delete()
    runs = json.loads(report.read_text())["runs"]
    results = {(run["url"].removeprefix(live_server.url), run["formFactor"]): run for run in runs}
    _print_scores(pytestconfig, results, elapsed, report)
    return results


def _print_scores(config: pytest.Config, results: dict, seconds: float, report: Path) -> None:
    lines = [f"Lighthouse: {len(results)} pages and form factors in {seconds:.0f} s (details in {report})"]
    lines.append(f"{'page':44} {'form':8} " + " ".join(f"{name[:13]:>13}" for name in CATEGORIES))
    for (path, form_factor), run in results.items():
        scores = " ".join(f"{run['scores'][name]!s:>13}" for name in CATEGORIES)
        lines.append(f"{path:44} {form_factor:8} {scores}")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - pytest run without its terminal
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():  # shown even though fixture output is captured
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_scores_100(
    lighthouse_runs: dict[tuple[str, str], dict], path: str, form_factor: str, category: str
) -> None:
    run = lighthouse_runs[(path, form_factor)]

    assert run["scores"][category] == 100, (
        f"{path} ({form_factor}) scores {run['scores'][category]} for {category}: {run['failing'][category]}"
    )
