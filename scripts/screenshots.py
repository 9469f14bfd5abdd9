"""Capture pages of the dashboard as a viewer sees them, for the README and for review.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--pages overview,heatmap]
        [--sizes 1280x720,1920x1080] [--database sqlite:////tmp/waves.db] [--tag -80]

Each page is opened at its own address, left to finish running, and captured as the window
shows it (not the whole scrolled page): ``<page><tag>.png`` at one size, or
``<page><tag>-<width>x<height>.png`` at several. The app runs on a throw-away database unless
``--database`` names one — empty, it opens on the sample survey; with saved waves, on the
latest. Needs Debian's Chromium (/usr/bin/chromium) and playwright (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.server import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from ui import PAGES  # noqa: E402

MAX_BYTES = 300_000  # a README image larger than this is reduced to a palette of colours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", default=",".join(PAGES), help="page addresses, by commas")
    parser.add_argument("--sizes", default="1280x720", help="window sizes, e.g. 1280x720,1920x1080")
    parser.add_argument("--database", help="database URL (default: a new, empty one)")
    parser.add_argument("--tag", default="", help="added to each file name, e.g. -80")
    parser.add_argument("--whole", action="store_true", help="the whole page, for review")
    args = parser.parse_args()
    pages = [slug for slug in args.pages.split(",") if slug]
    unknown = sorted(set(pages) - set(PAGES))
    if unknown:
        parser.error(f"no page {', '.join(unknown)}; the pages are {', '.join(PAGES)}")
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cxmaturity-") as folder:
        os.environ["CXMATURITY_DATABASE_URL"] = args.database or f"sqlite:///{folder}/waves.db"
        for width, height in sizes:
            suffix = "" if len(sizes) == 1 else f"-{width}x{height}"
            name = f"{{slug}}{args.tag}{suffix}.png"
            capture(pages, (width, height), args.out, name=name, whole=args.whole)


def capture(
    pages: list[str], size: tuple[int, int], out: Path, *, name: str, whole: bool = False
) -> None:
    """Open each page in a window of ``size`` and save what it shows (``whole``: the window
    made as tall as the page, so that everything below the fold can be looked at too)."""
    from playwright.sync_api import sync_playwright

    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        for slug in pages:
            page.goto(f"{url}/{slug}")
            settle(page)
            if whole:
                tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                page.set_viewport_size({"width": size[0], "height": min(int(tall), 16_000)})
                page.wait_for_timeout(2000)
            target = out / name.format(slug=slug)
            target.write_bytes(small_png(page.screenshot(full_page=False)))
            page.set_viewport_size({"width": size[0], "height": size[1]})
            failed = page.get_by_test_id("stException").count()
            print(f"wrote {target}" + (f" — {failed} exception(s) shown" if failed else ""))
        browser.close()


def settle(page) -> None:
    """Wait until the app has finished running and every chart is drawn, then go to the top."""
    page.locator("[data-testid=stMain] h1").first.wait_for(timeout=120_000)
    busy = page.locator("[data-testid=stStatusWidget], [data-testid=stSpinner]")
    quiet = 0
    for _ in range(240):  # two minutes at most
        page.wait_for_timeout(500)
        quiet = 0 if busy.count() else quiet + 1
        if quiet == 6:  # nothing running for three seconds
            break
    for chart in page.locator(".js-plotly-plot").all():
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
    page.evaluate("document.querySelector('[data-testid=stMain]')?.scrollTo(0, 0)")
    page.mouse.move(0, 0)
    page.wait_for_timeout(1000)


def small_png(data: bytes) -> bytes:
    """The PNG as it is, or reduced to 256 colours when it is larger than ``MAX_BYTES``."""
    if len(data) <= MAX_BYTES:
        return data
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB").quantize(256)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
