"""How long each dashboard page takes to re-render on the sample survey — figures, not verdicts.

A re-render is what a click costs once the data is cached: a later run of each page, through
app.py, in one AppTest session. The floor is a page that only writes a title.

    .venv/bin/python benchmarks/bench_pages.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui import PAGES  # noqa: E402


def rerun_seconds(at: AppTest, repeats: int = 3) -> float:
    at.run()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    floor = rerun_seconds(AppTest.from_string("import streamlit as st\nst.title('x')"))
    print("benchmark: page re-render on the sample survey (AppTest, best of 3)")
    print(f"{'page':<18} {'seconds':>8} {'× floor':>8}")
    print(f"{'(floor)':<18} {floor:>8.3f} {1:>8.1f}")
    for slug, page in PAGES.items():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        seconds = rerun_seconds(at.switch_page(page.file))
        print(f"{slug:<18} {seconds:>8.3f} {seconds / floor:>8.1f}")


if __name__ == "__main__":
    main()
