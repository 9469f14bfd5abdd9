"""Speed and memory at 10k, 100k and 1M respondents, as ratios against pyarrow's bare read.

    .venv/bin/python benchmarks/run.py        # 10k, 100k and 1M; writes docs/performance.md
    .venv/bin/python benchmarks/run.py --sizes 10000 100000   # what CI runs

The survey files (the ``sample`` command's shape: 14 statements, 50 divisions, role, region,
NPS) are written once into a cache folder. Each size is measured in a process of its own, so
its peak memory is its own: pyarrow's bare read of the file (the floor), then reading, scoring
and the key findings; the figures are the best of a few runs. Peak memory is that of one pass
(read, score, findings) in a process of its own. Then the dashboard: every
analysis page is run through Streamlit's AppTest with the survey loaded, and a filter change is
timed (server time of the rerun). No figure is asserted: the ratios are reported, and the
table is written to docs/performance.md with a description of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIVISIONS = 50
PAGES = ("overview", "heatmap", "pillars", "common-language", "division")
REPEATS = 5  # best of five: a shared machine's noise is one-sided (it only ever slows a run)


def cached_file(folder: Path, respondents: int) -> Path:
    """The sample survey of this size, written once."""
    from cxmaturity import sample_survey
    from cxmaturity.export.tables import to_csv_bytes

    path = folder / f"sample-{respondents}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.write_bytes(to_csv_bytes(sample_survey(respondents, DIVISIONS, seed=1)))
        partial.replace(path)
    return path


def best(action, repeats: int = REPEATS) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def measure_engine(path: Path) -> dict:
    """Inside one process: bare read, read, score, findings, each the best of a few runs."""
    import pyarrow.csv as pa_csv

    from cxmaturity import read_survey, score
    from cxmaturity.findings import find_findings

    megabytes = path.stat().st_size / 2**20 + 50
    bare, _ = best(lambda: pa_csv.read_csv(path))
    read, survey = best(lambda: read_survey([path], max_file_mb=megabytes))
    scoring, results = best(lambda: score(_fresh(survey)))
    survey = _fresh(survey)
    results = score(survey)
    findings, _ = best(lambda: find_findings(survey, results))
    return {
        "bare": bare,
        "read": read,
        "score": scoring,
        "findings": findings,
        "respondents": len(survey.respondents),
    }


def measure_peak(path: Path) -> dict:
    """One pass as a user's command makes it — read, score, findings — in a process of its own:
    its peak resident memory (the timed runs above hold several surveys at once)."""
    from cxmaturity import read_survey, score
    from cxmaturity.findings import find_findings

    megabytes = path.stat().st_size / 2**20 + 50
    survey = read_survey([path], max_file_mb=megabytes)
    find_findings(survey, score(survey))
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _fresh(survey):
    """The same survey without its cached cube and suppression, so scoring is measured whole."""
    from dataclasses import replace

    return replace(survey)


def measure_pages(path: Path) -> dict:
    """Each page with the survey saved as a wave (as confirming an upload does), then the server
    time of a rerun after a filter change."""
    import os
    import tempfile

    from streamlit.testing.v1 import AppTest

    from cxmaturity import read_survey
    from cxmaturity.store import FileFingerprint, Store

    megabytes = path.stat().st_size / 2**20 + 50
    survey = read_survey([path], max_file_mb=megabytes)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/waves.db"
        Store(url).save(survey, name="Benchmark", files=[FileFingerprint.of_path(path)])
        os.environ["CXMATURITY_DATABASE_URL"] = url  # the app opens on the latest saved wave
        timings = {}
        for page in PAGES:
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            app.switch_page(f"pages/{page}.py").run()
            reruns = []
            for role in ("manager", "frontline", "executive"):
                app.session_state["filter_role"] = role  # what choosing it in the sidebar sets
                started = time.perf_counter()
                app.run()
                reruns.append(time.perf_counter() - started)
            timings[page] = min(reruns)
            if app.exception:
                raise RuntimeError(f"{page}: {app.exception[0].message}")
    return timings


def child(mode: str, path: Path) -> None:
    measure = {"engine": measure_engine, "peak": measure_peak, "pages": measure_pages}[mode]
    result = measure(path)
    print(json.dumps(result))


def run_child(mode: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{mode} on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    if Path("/proc/meminfo").exists():
        total = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory = f", {int(total) / 2**20:.0f} GiB memory"
    model = ""
    if Path("/proc/cpuinfo").exists():
        names = [
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ]
        model = f" ({names[0]})" if names else ""
    return (
        f"{platform.system()} {platform.machine()}{model}, {cores} cores{memory}; "
        f"Python {platform.python_version()}"
    )


def table(rows: list[dict]) -> str:
    lines = [
        "| respondents | file MB | bare read s | read s | score s | findings s | "
        "(read + score) / bare | findings / bare | peak MB | µs per respondent |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        engine = row["engine"]
        bare = engine["bare"]
        total = engine["read"] + engine["score"]
        lines.append(
            f"| {row['respondents']:,} | {row['megabytes']:.0f} | {bare:.2f} | "
            f"{engine['read']:.2f} | {engine['score']:.2f} | {engine['findings']:.2f} | "
            f"{total / bare:.2f} | {engine['findings'] / bare:.2f} | {engine['peak_mb']:,.0f} | "
            f"{1e6 * (total + engine['findings']) / row['respondents']:.1f} |"
        )
    return "\n".join(lines)


def page_table(rows: list[dict]) -> str:
    header = "| respondents | " + " | ".join(PAGES) + " |"
    lines = [header, "|---:|" + "---:|" * len(PAGES)]
    for row in rows:
        cells = " | ".join(f"{row['pages'][p]:.2f}" for p in PAGES)
        lines.append(f"| {row['respondents']:,} | {cells} |")
    return "\n".join(lines)


BOARD_UP_TO = 100_000  # the board pack is timed up to this size (its target is set there)


def measure_board(path: Path) -> float:
    """Wall time of the whole board pack from the command line — deck, division briefs, HTML,
    PDF, XLSX and CSV — interpreter start-up included."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cxmaturity", "board-pack", str(path), "--max-file-mb",
             "400", "--out", out / "deck.pptx", "--pdf", out / "r.pdf", "--html", out / "r.html",
             "--xlsx", out / "s.xlsx", "--csv", out / "s.csv", "--briefs", out / "briefs"],
            check=True, capture_output=True, cwd=ROOT,
        )  # fmt: skip
        return time.perf_counter() - started


def board_table(rows: list[dict]) -> str:
    timed = [r for r in rows if "board" in r]
    if not timed:
        return "Not measured in this run."
    lines = ["| respondents | seconds |", "|---:|---:|"]
    lines += [f"| {r['respondents']:,} | {r['board']:.1f} |" for r in timed]
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> str:
    """Each target of the largest size measured: the figure, the target, met or not."""
    row = max(rows, key=lambda r: r["respondents"])
    engine, pages = row["engine"], row["pages"]
    bare = engine["bare"]
    slowest = max(pages, key=pages.get)
    checks = [
        ("(read + score) / bare read", (engine["read"] + engine["score"]) / bare, 2.0, "×"),
        ("findings / bare read", engine["findings"] / bare, 1.0, "×"),
        ("peak memory", engine["peak_mb"] / 1024, 1.5, " GB"),
        (f"slowest page rerun ({slowest})", pages[slowest], 0.3, " s"),
    ]
    lines = ["| at {:,} respondents | measured | target | |".format(row["respondents"])]
    lines.append("|---|---:|---:|---|")
    for name, value, target, unit in checks:
        verdict = "met" if value <= target else "**not met**"
        lines.append(f"| {name} | {value:.2f}{unit} | ≤ {target:g}{unit} | {verdict} |")
    return "\n".join(lines)


def write_report(rows: list[dict], path: Path) -> None:
    text = f"""# Performance

Measured with `python benchmarks/run.py` on {machine()}, on {time.strftime("%Y-%m-%d")}.
Files are the `sample` command's shape (14 statements, {DIVISIONS} divisions, role, region, NPS
and response ids); each size runs in a process of its own. *Bare read* is `pyarrow.csv.read_csv`
of the same file, the floor any reader pays; times are the best of {REPEATS} runs.

## Reading, scoring and findings

{table(rows)}

Targets at 1,000,000 respondents, against the largest size measured:

{verdicts(rows)}

Reading is pyarrow's parse of the file, each answer column dictionary-encoded as it is read
(about as long as the bare read itself), then work that grows with the rows: one lookup per
statement into column-major answer codes, response ids compared for duplicates and the kept
rows picked (both on a second core while the main thread goes on). A large file is mapped, not
copied, and checked as UTF-8 once. Scoring is two parts: gathering respondents into per-group
counts (cube.py, linear in respondents, half the statements counted on the second core) and the
privacy audit (suppression.py), whose size is the number of groups — divisions × roles ×
regions × waves — not of people; with more small groups, the 10,000-respondent sample's audit
costs more than the million's.

## The dashboard: server time of a rerun after a filter change (seconds)

{page_table(rows)}

Target: ≤ 0.3 s for every page with the data loaded.

## The board pack

`board-pack FILE --out … --pdf … --html … --xlsx … --csv … --briefs …` from the command line,
start-up included (one deck, one brief per division shown, both reports, both downloads):

{board_table(rows)}

Target: ≤ 10 s at 100,000 respondents.
"""
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "cxmaturity-bench")
    parser.add_argument("--report", type=Path, default=None, help="default: docs/performance.md")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        path = cached_file(args.cache, size)
        row = {"respondents": size, "megabytes": path.stat().st_size / 2**20}
        row["engine"] = run_child("engine", path) | run_child("peak", path)
        row["pages"] = run_child("pages", path)
        if size <= BOARD_UP_TO:
            row["board"] = min(measure_board(path) for _ in range(2))
        rows.append(row)
        print(f"{size:,}: {json.dumps(row['engine'])} pages {json.dumps(row['pages'])}", flush=True)
    print(table(rows))
    print(page_table(rows))
    print(board_table(rows))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        per = [
            (r["engine"]["read"] + r["engine"]["score"] + r["engine"]["findings"])
            / r["respondents"]
            for r in (first, last)
        ]
        print(
            f"cost per respondent at {last['respondents']:,} vs {first['respondents']:,}: "
            f"{per[1] / per[0]:.2f}× (1.0 = linear)"
        )
    report = args.report or (ROOT / "docs" / "performance.md")
    if set(args.sizes) >= {1_000_000} or args.report:
        write_report(rows, report)
        print(f"wrote {report}")


if __name__ == "__main__":
    main()
