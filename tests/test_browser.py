"""The main flow in a real browser: start the app, upload an export, map the one column not
recognised, use the data, open the Overview and the Heatmap — counting every interaction.

Runs headless Chromium through Playwright. Without Chromium it skips — unless
CXMATURITY_REQUIRE_BROWSER=1 (set by .ci/run), when a missing browser is a failure.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from scripts.server import CHROMIUM, CHROMIUM_ARGS, ServerError, running_app
from tests.conftest import ROOT
from ui import PAGES
from ui.uploads import COLUMN_WIDTH, USE_WIDTH

REQUIRED = os.environ.get("CXMATURITY_REQUIRE_BROWSER") == "1"
EXPORT = ROOT / "tests" / "fixtures" / "exports" / "codebook_survey.xlsx"
DIVISIONS = ("Retail Banking", "Corporate Clients", "Operations")
SHOTS = ROOT / "screenshots"
MAX_INTERACTIONS = 12
ROW_HEIGHT = 35  # the data editor's rows (and header), in pixels


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


def settle(page) -> None:
    """Wait until the app has finished running, so that the next action meets what it shows."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)
    page.wait_for_timeout(300)


class Counted:
    """Runs a click, a keystroke or a file choice and counts it: the cost of the flow."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, action, *args, **kwargs):
        self.count += 1
        return action(*args, **kwargs)


def test_codebook_export_from_upload_to_heatmap_then_every_page(server) -> None:
    """The hard shape — an index sheet first, numbered items, two years of restarting ids, one
    reworded statement — goes from upload to the dashboard in at most a dozen interactions."""
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        act = Counted()
        page.goto(server)
        expect(page.get_by_text("Key findings")).to_be_visible(timeout=60_000)

        act(page.get_by_role("link", name="Upload").click)
        act(page.locator("input[type=file]").first.set_input_files, str(EXPORT))
        expect(page.get_by_text("Ready: 42 respondents in 3 divisions")).to_be_visible(
            timeout=60_000
        )
        report = page.get_by_test_id("stExpander").first
        for fact in ("Sheet: Data (of 2)", "Survey wave: Year", "Personal columns dropped: Email"):
            expect(report).to_contain_text(fact)
        expect(report).to_contain_text("not found: S09")

        search = page.get_by_placeholder("a column name, words of the question, or an answer")
        settle(page)
        act(search.fill, "within reach")
        act(search.press, "Enter")
        expect(page.get_by_text("1 of 94 columns shown")).to_be_visible(timeout=30_000)
        grid = page.locator("[class*='st-key-mapping_editor'] [data-testid='stDataFrame']")
        expect(grid).to_have_count(1, timeout=30_000)  # the editor before the search is gone
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)  # the grid is drawn on a canvas: let it settle
        box = grid.bounding_box()
        use_cell = (box["x"] + COLUMN_WIDTH + USE_WIDTH / 2, box["y"] + 1.5 * ROW_HEIGHT)
        settle(page)
        act(page.mouse.dblclick, *use_cell)
        expect(page.get_by_text("S01 · There is someone")).to_be_visible(timeout=10_000)
        act(page.keyboard.type, "S09")
        act(page.keyboard.press, "Enter")
        expect(page.get_by_text("1 change not applied yet")).to_be_visible(timeout=30_000)
        apply = page.locator(".st-key-apply_mapping button")
        expect(apply).to_have_attribute("data-testid", "stBaseButton-primary", timeout=30_000)
        settle(page)
        act(apply.click)
        expect(page.get_by_text("Read with your mapping: 42 respondents")).to_be_visible(
            timeout=60_000
        )
        expect(page.get_by_text("11 of 14 statements in use")).to_be_visible()
        act(page.locator(".st-key-confirm_applied button").first.click)
        expect(page.get_by_text("Saved as the survey wave").first).to_be_visible(timeout=30_000)

        act(page.get_by_role("link", name="Overview", exact=True).click)
        wave = f"{dt.date.today():%B %Y} survey"  # the name suggested for it
        expect(page.get_by_text(f"{wave} · 42 respondents").first).to_be_visible(timeout=60_000)
        for division in DIVISIONS:
            expect(page.get_by_text(division).first).to_be_attached(timeout=30_000)
        act(page.get_by_role("link", name="Heatmap", exact=True).click)
        chart = page.locator(".js-plotly-plot").first
        expect(chart).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1500)
        drawn = chart.inner_text()
        page.screenshot(path=str(SHOTS / "browser-heatmap.png"), full_page=True)
        interactions = act.count

        broken = []
        for slug, info in PAGES.items():
            page.get_by_role("link", name=info.title, exact=True).first.click()
            expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1500)
            if page.locator("[data-testid='stException']").count():
                broken.append(info.title)
            if slug == "board-pack":  # the name typed here is on Present's title slide
                name = page.get_by_label("Organisation name (on the title slide)")
                name.fill("Contoso Group")
                name.press("Enter")
                page.wait_for_timeout(1500)
            if slug == "present":  # nothing but the slide: the keyboard moves on, a link leaves
                expect(page.get_by_text("Contoso Group ·").first).to_be_visible(timeout=30_000)
                first = page.get_by_role("heading", level=1).first.inner_text()
                page.keyboard.press("ArrowRight")
                expect(page.get_by_role("heading", level=1).first).not_to_have_text(
                    first, timeout=30_000
                )
                expect(page.get_by_text("2 / ")).to_be_visible()
                page.get_by_role("link", name="leave").click()
                expect(page.get_by_role("link", name="Overview", exact=True)).to_be_visible(
                    timeout=60_000
                )
        browser.close()
    assert all(division in drawn for division in DIVISIONS)
    assert interactions <= MAX_INTERACTIONS, f"{interactions} interactions"
    assert broken == [], f"pages showing an exception on the uploaded survey: {broken}"


def test_a_saved_wave_is_still_there_after_a_reload_and_a_restart(tmp_path, monkeypatch) -> None:
    """Upload, name the wave, use it; reload the page, then restart the app: still there."""
    from playwright.sync_api import expect, sync_playwright

    if reason := _missing():
        if REQUIRED:
            pytest.fail(f"CXMATURITY_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    monkeypatch.setenv("CXMATURITY_DATABASE_URL", f"sqlite:///{tmp_path / 'kept.db'}")
    export = ROOT / "tests" / "fixtures" / "exports" / "qualtrics_current.csv"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        with running_app() as url:
            page.goto(f"{url}/upload")
            page.locator("input[type=file]").first.set_input_files(str(export))
            name = page.get_by_role("textbox", name="Save as the survey wave")
            expect(name).to_be_visible(timeout=60_000)
            settle(page)
            name.fill("Q1 2026")
            name.press("Enter")
            settle(page)
            page.locator(".st-key-confirm_upload button").first.click()
            expect(page.get_by_text("Saved as the survey wave").first).to_be_visible(timeout=30_000)
            settle(page)
            page.get_by_role("link", name="Overview", exact=True).click()
            expect(page.get_by_text("Q1 2026 · 22 respondents").first).to_be_visible(timeout=60_000)
            page.reload()  # a new browser session: the sample would be back if nothing was kept
            expect(page.get_by_text("Q1 2026 · 22 respondents").first).to_be_visible(timeout=60_000)
        with running_app() as url:  # the app restarted: a new process, the same database
            page.goto(f"{url}/overview")
            expect(page.get_by_text("Q1 2026 · 22 respondents").first).to_be_visible(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
