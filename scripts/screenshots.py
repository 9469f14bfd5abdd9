"""Capture every page of the dashboard on the sample survey, for the README and for review.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Needs Debian's Chromium (/usr/bin/chromium) and playwright (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.server import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from ui import PAGES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url)
        page.wait_for_selector("text=Key findings", timeout=60_000)
        for slug, info in PAGES.items():
            page.get_by_role("link", name=info.title, exact=True).first.click()
            page.wait_for_timeout(4000)
            target = args.out / f"{slug}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"wrote {target.relative_to(ROOT)}")
        browser.close()


if __name__ == "__main__":
    main()
