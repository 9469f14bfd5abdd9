"""The main flow in a real browser: start the app, upload an export, open the heatmap.

Runs headless Chromium through Playwright. Without Chromium it skips — unless
CXMATURITY_REQUIRE_BROWSER=1 (set by .ci/run), when a missing browser is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from ui import PAGES

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("CXMATURITY_REQUIRE_BROWSER") == "1"
EXPORT = ROOT / "tests" / "fixtures" / "exports" / "qualtrics_current.csv"
SHOTS = ROOT / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "no Chromium at /usr/bin/chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"CXMATURITY_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_upload_then_every_page(server) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
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
    assert "Customer Service" in drawn and "Sales" in drawn
    assert "Legal" in drawn  # suppressed division: a column saying so, with no score
    assert broken == [], f"pages showing an exception on the uploaded survey: {broken}"
