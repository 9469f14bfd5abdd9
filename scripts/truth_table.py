"""Regenerate the published precision / recall table of the key findings, on many seeds.

    .venv/bin/python scripts/truth_table.py --seeds 20 [--scenario NAME …] [--jobs 2] [--details]
    .venv/bin/python scripts/truth_table.py --changes --seeds 20

``--changes`` measures the "what changed" sentences between two waves instead
(``tests/test_trends.py``): claims, precision, true changes of 10 points or more and recall.

Runs every scenario of ``tests/truth.py`` on seeds 1…N and judges each finding against the
model's exact truth, by the rules of ``tests/test_truth.py`` (which runs a few seeds of the
same). Prints a Markdown table — scenario × claims × precision × recall × contradictions, then
each family and all together — and, with ``--details``, every false claim, missed effect and
contradiction with its scenario and seed. Exits 1 when the targets (precision ≥ 95 %, recall ≥
90 % of the effects of 10 points or more, no contradiction) are not met overall or in a family.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_truth import Measurement, markdown_table, measure, report, tally  # noqa: E402
from tests.truth import SCENARIOS  # noqa: E402


def _measure(job: tuple[str, int]) -> Measurement:
    return measure(*job)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="seeds 1…N per scenario")
    parser.add_argument(
        "--scenario", action="append", choices=sorted(SCENARIOS), help="only these (repeatable)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes (this machine: 2 cores)")
    parser.add_argument(
        "--details", action="store_true", help="list every false claim, miss, contradiction"
    )
    parser.add_argument(
        "--changes", action="store_true", help="the changes between two waves instead"
    )
    args = parser.parse_args(argv)
    if args.changes:
        return _changes(args.seeds)
    names = args.scenario or list(SCENARIOS)
    jobs = [(name, seed) for name in names for seed in range(1, args.seeds + 1)]
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            measurements = list(pool.map(_measure, jobs, chunksize=4))
    else:
        measurements = [_measure(job) for job in jobs]
    seconds = time.perf_counter() - started
    print(markdown_table(measurements))
    print(
        f"\n{len(jobs)} organisations ({args.seeds} seeds × {len(names)} scenarios), "
        f"{seconds:.0f} s."
    )
    if args.details:
        print("\n" + (report(measurements) or "No false claim, missed effect or contradiction."))
    families = {SCENARIOS[m.scenario].family for m in measurements}
    met = tally(measurements).meets_targets() and all(
        tally(m for m in measurements if SCENARIOS[m.scenario].family == family).meets_targets()
        for family in families
    )
    print(f"\nTargets met: {'yes' if met else 'no'}.")
    return 0 if met else 1


def _changes(seeds: int) -> int:
    from tests.test_trends import table

    started = time.perf_counter()
    counts = table(range(1, seeds + 1))
    lines = [
        "| scenario | seeds | claims | precision | true changes ≥ 10 | recall |",
        "|---|---|---|---|---|---|",
    ]
    for row in counts.itertuples(index=False):
        precision = f"{row[3] / row[2]:.0%}".replace("%", " %") if row[2] else "–"
        recall = f"{row[5] / row[4]:.0%}".replace("%", " %") if row[4] else "–"
        lines.append(f"| {row[0]} | {row[1]} | {row[2]} | {precision} | {row[4]} | {recall} |")
    claims, true_claims = counts["claims"].sum(), counts["true claims"].sum()
    effects, found = counts["true changes ≥ 10"].sum(), counts["found"].sum()
    lines.append(
        f"| **all** | {seeds} | {claims} | {true_claims / claims:.0%} | {effects} | "
        f"{found / effects:.0%} |".replace("%", " %")
    )
    print("\n".join(lines))
    print(f"\n{seeds} seeds × {len(counts)} pairs of waves, {time.perf_counter() - started:.0f} s.")
    met = true_claims >= 0.95 * claims and found >= 0.9 * effects
    print(f"\nTargets met: {'yes' if met else 'no'}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
