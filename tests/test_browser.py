"""The main flow in a real browser: start the app, upload an export, open the heatmap.

Runs headless Chromium through Playwright. Without Chromium it skips — unless
CXMATURITY_REQUIRE_BROWSER=1 (set by .ci/run), when a missing browser is a failure.
"""

from __future__ import annotations

import os

import pytest

from scripts.server import CHROMIUM, CHROMIUM_ARGS, ServerError, running_app
from tests.conftest import ROOT
from ui import PAGES

REQUIRED = os.environ.get("CXMATURITY_REQUIRE_BROWSER") == "1"
EXPORT = ROOT / "tests" / "fixtures" / "exports" / "qualtrics_current.csv"
SHOTS = ROOT / "screenshots"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "no Chromium at /usr/bin/chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


@pytest.fixture(scope="module")
def server():
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"CXMATURITY_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    try:
        with running_app() as url:
            yield url
    except ServerError as error:
        pytest.fail(str(error))


def test_upload_then_every_page(server) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        expect(page.get_by_text("Key findings")).to_be_visible(timeout=60_000)
        page.get_by_role("link", name="Upload").click()
        page.locator("input[type=file]").first.set_input_files(str(EXPORT))
        expect(page.get_by_text("Import report")).to_be_visible(timeout=60_000)
        page.get_by_role("button", name="Use this data").click()
        expect(page.get_by_text("Every page now shows the uploaded survey")).to_be_visible(
            timeout=30_000
        )
        page.get_by_role("link", name="Heatmap").click()
        chart = page.locator(".js-plotly-plot").first
        expect(chart).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1500)
        drawn = chart.inner_text()
        page.screenshot(path=str(SHOTS / "browser-heatmap.png"), full_page=True)
        broken = []
        for info in PAGES.values():
            page.get_by_role("link", name=info.title, exact=True).first.click()
            expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1500)
            if page.locator("[data-testid='stException']").count():
                broken.append(info.title)
        browser.close()
    assert "Customer Service" in drawn
    # Legal (3 people) is hidden, and Sales with it, so that Legal cannot be worked out
    assert "Legal" not in drawn and "Sales" not in drawn
    assert broken == [], f"pages showing an exception on the uploaded survey: {broken}"
