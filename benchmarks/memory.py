"""Peak memory of reading hostile and large files: bytes in → peak resident memory of the process.

Each file is read by ``python -m cxmaturity inspect`` in a process of its own, which reports its
own peak (``ru_maxrss``); the figures go into docs/importing.md.

    .venv/bin/python benchmarks/memory.py [--folder DIR] [--large]

``--large`` adds a 195 MB numeric export and the 1,000,000-respondent sample (a few minutes).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEAK = (
    "import resource, sys\n"
    "from cxmaturity.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(f'peak_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def commas_one_line(path: Path) -> None:
    path.write_bytes(b"," * 5_000_000)


def commas_many_lines(path: Path) -> None:
    path.write_bytes(b",,,,,,,,,,,,,,,,,,,\n" * 250_000)


def far_cell_workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["A2"], sheet["B2"] = "Division", "S01", "Sales", "Yes"
    sheet["XFD1048576"] = "x"
    book.save(path)


def numeric_export(path: Path, megabytes: int) -> None:
    """Division plus 14 statements answered 1–5, until the file reaches ``megabytes``."""
    header = "Division," + ",".join(f"S{i:02d}" for i in range(1, 12)) + ",T01,T02,T03\n"
    row = "Sales," + ",".join(str(1 + (i % 5)) for i in range(14)) + "\n"
    repeats = megabytes * 1_000_000 // len(row)
    with path.open("w") as handle:
        handle.write(header)
        block = row * 10_000
        for _ in range(repeats // 10_000):
            handle.write(block)


def sample_export(path: Path, respondents: int) -> None:
    from cxmaturity import sample_survey
    from cxmaturity.export.tables import to_csv_bytes

    path.write_bytes(to_csv_bytes(sample_survey(respondents, 50, seed=1)))


CASES: dict[str, tuple[str, Callable[[Path], None], tuple[str, ...]]] = {
    "5 MB of commas on one line": ("commas.csv", commas_one_line, ()),
    "5 MB of commas, 250,000 lines": ("commas-lines.csv", commas_many_lines, ()),
    "5 KB workbook, one cell at XFD1048576": ("far.xlsx", far_cell_workbook, ()),
    "20 MB numeric export (1–5)": ("numeric-20.csv", lambda p: numeric_export(p, 20), ()),
}
LARGE: dict[str, tuple[str, Callable[[Path], None], tuple[str, ...]]] = {
    "195 MB numeric export (1–5)": ("numeric-195.csv", lambda p: numeric_export(p, 195), ()),
    "1,000,000-respondent sample (254 MB)": (
        "sample-1m.csv",
        lambda p: sample_export(p, 1_000_000),
        ("--max-file-mb", "300"),
    ),
}


def measure(path: Path, extra: tuple[str, ...]) -> tuple[int, float, int, str]:
    """Peak resident memory (bytes), seconds, exit status, and the error line if any."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "inspect", str(path), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = int(next(line for line in lines if line.startswith("peak_kb=")).split("=")[1]) * 1024
    error = next((line for line in lines if line.startswith("error:")), "")
    return peak, seconds, done.returncode, error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="where to write the files (default: temp)")
    parser.add_argument("--large", action="store_true", help="add the 195 MB and 1M files")
    args = parser.parse_args()
    cases = CASES | (LARGE if args.large else {})
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print("| file | bytes | peak memory | seconds | outcome |")
        print("|---|---:|---:|---:|---|")
        for label, (name, make, extra) in cases.items():
            path = folder / name
            if not path.exists():
                make(path)
            peak, seconds, code, error = measure(path, extra)
            outcome = "read" if code == 0 else f"refused: {error[7:90]}…"
            print(
                f"| {label} | {path.stat().st_size:,} | {peak / 2**20:,.0f} MB | "
                f"{seconds:.1f} | {outcome} |"
            )


if __name__ == "__main__":
    main()
