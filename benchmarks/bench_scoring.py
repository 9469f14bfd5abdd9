"""Speed of reading and scoring, reported as ratios against a floor — no pass/fail thresholds.

The floor is what any approach must pay: pandas parsing the same CSV. The ratio
(cxmaturity read + score) / floor says how much work cxmaturity adds on top; the
per-respondent figures at two sizes show whether the cost grows linearly.

    .venv/bin/python benchmarks/bench_scoring.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cxmaturity import read_survey, sample_survey, score


def best_of(repeats: int, action) -> float:
    """The fastest of a few runs: the least disturbed by whatever else the machine does."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def measure(respondents: int, folder: Path, repeats: int) -> dict[str, float]:
    path = folder / f"bench_{respondents}.csv"
    sample_survey(respondents, divisions=12, seed=1).to_csv(path, index=False)
    floor = best_of(repeats, lambda: pd.read_csv(path, dtype=str))
    read = best_of(repeats, lambda: read_survey([path]))
    survey = read_survey([path])
    scoring = best_of(repeats, lambda: score(survey))
    return {
        "respondents": respondents,
        "floor_s": floor,
        "read_s": read,
        "score_s": scoring,
        "ratio": (read + scoring) / floor,
        "us_per_respondent": 1e6 * (read + scoring) / respondents,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(n, Path(folder), args.repeats) for n in args.sizes]
    print("benchmark: read + score of a 14-statement survey, against pandas.read_csv (floor)")
    print(
        f"{'respondents':>12} {'floor s':>9} {'read s':>9} {'score s':>9} {'ratio':>7} "
        f"{'µs/resp':>9}"
    )
    for row in rows:
        print(
            f"{row['respondents']:>12,} {row['floor_s']:>9.3f} {row['read_s']:>9.3f} "
            f"{row['score_s']:>9.3f} {row['ratio']:>7.2f} {row['us_per_respondent']:>9.2f}"
        )
    if len(rows) > 1:
        growth = rows[-1]["us_per_respondent"] / rows[0]["us_per_respondent"]
        print(
            f"cost per respondent at {rows[-1]['respondents']:,} vs {rows[0]['respondents']:,}: "
            f"{growth:.2f}× (1.0 = linear)"
        )


if __name__ == "__main__":
    main()
