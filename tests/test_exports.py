"""Acceptance test of the loader: every tool's export of one survey scores like the survey.

The fixtures in ``tests/fixtures/exports/`` are one canonical survey (``canonical.csv``: 24 rows,
Sales 9, Customer Service 10, Legal 3 — too small to show —, one row without a division, one
row without an answered statement) written the way Qualtrics, SurveyMonkey, Google Forms,
Microsoft Forms, Alchemer and plain spreadsheets write it; ``make_fixtures.py`` there writes them
all and its ``README.md`` says what each one exercises.

For every fixture, ``python -m cxmaturity score FILE... [--mapping M] --format json`` must give
the figures the independent oracle (``tests/oracle.py``) gives for the canonical equivalent, to
1e-9, with the same accounting of rows; ``inspect --format json`` must say which tool and layout
wrote the file and which columns it read and dropped; and no personal value written into a
fixture (names, e-mail addresses, IP addresses, coordinates, references) may appear in the
output of either command.  Only Customer Service may be shown: Legal is too small and Sales is
its complement (the organisation minus Customer Service would give Legal's figures away).  The
engine's audit, which may hide more than these line rules in a filtered view, hides nothing
more in these whole-survey views, so every cell is compared with the line rules' exactly.

The command line runs in-process (``cxmaturity.cli.main``); one test runs it as a program.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle
from cli_runs import CliRun
from cli_runs import run_cli as run_in_process

REPO = Path(__file__).resolve().parent.parent
EXPORTS = REPO / "tests" / "fixtures" / "exports"
TOL = 1e-9
MAX_BYTES = 20_000
ALL_ITEMS = tuple(oracle.ITEM_ORDER)
NINE_ITEMS = ("S01", "S02", "S03", "S04", "S05", "S06", "S07", "S09", "S10", "S11")
AGREEMENT_ITEMS = ALL_ITEMS[2:]  # S03 … T03
TOOLS = ("qualtrics", "surveymonkey", "google-forms", "microsoft-forms", "alchemer", "plain")
DIVISIONS = ("Sales", "Customer Service", "Legal")
# qualtrics_current_numeric.csv codes the division question 1, 2, 3 (the order of its choices).
QUALTRICS_DIVISION_CODES = {"1": "Sales", "2": "Customer Service", "3": "Legal"}


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_fixtures", EXPORTS / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()
PERSONAL_VALUES = tuple(GENERATOR.personal_values())


# =========================================================================== the table


@dataclass(frozen=True)
class Export:
    """One fixture (one or more files) and what reading it must give."""

    files: tuple[str, ...]
    tool: str
    layout: str
    header_rows: int
    encoding: str | None  # text encoding family (utf-8, utf-16, cp1252); None for XLSX
    delimiter: str | None  # None for XLSX
    personal: tuple[str, ...] = ()  # personal columns the file holds; "A|B": either spelling
    mapping: str | None = None
    reference: str = "canonical.csv"  # canonical equivalent, fed to the oracle
    extra_exclusions: tuple[tuple[str, int], ...] = ()  # rows excluded beyond the reference's
    items: tuple[str, ...] = ALL_ITEMS
    numeric: bool = False  # Qualtrics numeric values: only S03–T03 and NPS are comparable


QUALTRICS_PERSONAL = (
    "IPAddress|IP Address",
    "RecipientLastName|Recipient Last Name",
    "RecipientFirstName|Recipient First Name",
    "RecipientEmail|Recipient Email",
    "ExternalReference|External Data Reference",
    "LocationLatitude|Location Latitude",
    "LocationLongitude|Location Longitude",
)
LEGACY_PERSONAL = (
    "Name|V3",
    "ExternalDataReference|V4",
    "EmailAddress|V5",
    "IPAddress|V6",
    "LocationLatitude",
    "LocationLongitude",
)
QUALTRICS_2016_PERSONAL = (
    "IPAddress",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalDataReference",
    "LocationLatitude",
    "LocationLongitude",
)
MONKEY_PERSONAL = ("IP Address", "Email Address", "First Name", "LastName", "Custom Data 1")
ALCHEMER_PERSONAL = ("IP Address", "Longitude", "Latitude", "City", "Postal")

EXPORTS_TABLE: dict[str, Export] = {
    # name: files, tool, layout, header rows, encoding, delimiter, …
    "canonical": Export(("canonical.csv",), "plain", "standard", 1, "utf-8", ","),
    "qualtrics_current": Export(
        ("qualtrics_current.csv",), "qualtrics", "current", 3, "utf-8", ",", QUALTRICS_PERSONAL
    ),
    "qualtrics_current_numeric": Export(
        ("qualtrics_current_numeric.csv",),
        "qualtrics",
        "current",
        3,
        "utf-8",
        ",",
        QUALTRICS_PERSONAL,
        numeric=True,
    ),
    "qualtrics_legacy": Export(
        ("qualtrics_legacy.csv",), "qualtrics", "legacy", 2, "utf-8", ",", LEGACY_PERSONAL
    ),
    "qualtrics_2016": Export(
        ("qualtrics_2016.csv",), "qualtrics", "2016", 3, "utf-8", ",", QUALTRICS_2016_PERSONAL
    ),
    "qualtrics_tsv": Export(
        ("qualtrics.tsv",), "qualtrics", "current", 3, "utf-16", "\t", QUALTRICS_PERSONAL
    ),
    "surveymonkey": Export(
        ("surveymonkey.csv",), "surveymonkey", "standard", 2, "utf-8", ",", MONKEY_PERSONAL
    ),
    "surveymonkey_expanded": Export(
        ("surveymonkey_expanded.csv",), "surveymonkey", "expanded", 2, "utf-8", ",", MONKEY_PERSONAL
    ),
    "surveymonkey_xlsx": Export(
        ("surveymonkey.xlsx",), "surveymonkey", "standard", 2, None, None, MONKEY_PERSONAL
    ),
    "google_forms": Export(
        ("google_forms.csv",), "google-forms", "standard", 1, "utf-8", ",", ("Email Address",)
    ),
    "google_forms_xlsx": Export(
        ("google_forms.xlsx",), "google-forms", "standard", 1, None, None, ("Email Address",)
    ),
    "microsoft_forms": Export(
        ("microsoft_forms.xlsx",), "microsoft-forms", "standard", 1, None, None, ("Email", "Name")
    ),
    "alchemer": Export(
        ("alchemer.csv",),
        "alchemer",
        "standard",
        1,
        "utf-8",
        ",",
        ALCHEMER_PERSONAL,
        extra_exclusions=(("no division", 1),),  # the partial response with nothing filled in
    ),
    "plain_semicolon_cp1252": Export(
        ("plain_semicolon_cp1252.csv",), "plain", "standard", 1, "cp1252", ";"
    ),
    "plain_numbered": Export(("plain_numbered.csv",), "plain", "standard", 1, "utf-8", ","),
    "nine_statement": Export(
        ("nine_statement.csv",),
        "plain",
        "standard",
        1,
        "utf-8",
        ",",
        reference="nine_statement.canonical.csv",
        items=NINE_ITEMS,
    ),
    "needs_mapping_csv": Export(
        ("needs_mapping.csv",),
        "plain",
        "standard",
        1,
        "utf-8",
        ",",
        ("email",),
        mapping="needs_mapping.mapping.csv",
    ),
    "needs_mapping_json": Export(
        ("needs_mapping.csv",),
        "plain",
        "standard",
        1,
        "utf-8",
        ",",
        ("email",),
        mapping="needs_mapping.mapping.json",
    ),
    "needs_mapping_next_quarter": Export(
        ("needs_mapping_next_quarter.csv",),
        "plain",
        "standard",
        1,
        "utf-8",
        ",",
        ("email",),
        mapping="needs_mapping.mapping.csv",
        reference="needs_mapping_next_quarter.canonical.csv",
    ),
    "duplicates": Export(
        ("duplicates_a.csv", "duplicates_b.csv"),
        "plain",
        "standard",
        1,
        "utf-8",
        ",",
        extra_exclusions=(("duplicate response", 2),),  # 1 repeat within a, 1 across a and b
    ),
}
NAMES = sorted(EXPORTS_TABLE)


# =========================================================================== running


@cache
def run_cli(*args: str) -> CliRun:
    return run_in_process(args)


def arguments(verb: str, export: Export) -> list[str]:
    args = [verb, *(str(EXPORTS / name) for name in export.files)]
    if export.mapping:
        args += ["--mapping", str(EXPORTS / export.mapping)]
    return [*args, "--format", "json"]


def run_on(verb: str, export: Export) -> CliRun:
    return run_cli(*arguments(verb, export))


def json_of(run: CliRun) -> dict[str, Any]:
    assert run.code == 0, f"exit {run.code}: {' '.join(run.argv)}\n{run.err[-3000:]}"
    document = json.loads(run.out)
    assert isinstance(document, dict), f"not a JSON object: {run.out[:200]}"
    return document


@cache
def reference_result(name: str) -> dict[str, Any]:
    return oracle.expected_result([EXPORTS / name])


def expected_accounting(export: Export) -> tuple[int, int, dict[str, int]]:
    reference = reference_result(export.reference)
    exclusions = dict(reference["exclusions"])
    for reason, count in export.extra_exclusions:
        exclusions[reason] = exclusions.get(reason, 0) + count
    rows_read = reference["respondents"] + sum(exclusions.values())
    return rows_read, reference["respondents"], exclusions


# =========================================================================== checking


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Comparison:
    """Walks the oracle's result and collects every figure the engine gets wrong."""

    def __init__(self, items: tuple[str, ...] | None, rename: dict[str, str]) -> None:
        self.items = items  # compare only these statements (None: everything)
        self.rename = rename  # engine division name → canonical name
        self.errors: list[str] = []

    def value(self, path: str, expected: object, got: object) -> None:
        if isinstance(expected, dict):
            self.block(path, expected, got)
        elif expected is None or isinstance(expected, bool | str | list):
            if got != expected:
                self.errors.append(f"{path}: expected {expected!r}, got {got!r}")
        elif not _is_number(got) or math.isnan(got) or abs(float(expected) - got) > TOL:
            self.errors.append(f"{path}: expected {expected!r}, got {got!r}")

    def block(self, path: str, expected: dict[str, Any], got: object) -> None:
        if not isinstance(got, dict):
            self.errors.append(f"{path}: expected an object, got {got!r}")
            return
        for key, value in expected.items():
            if key not in got:
                self.errors.append(f"{path}.{key}: missing")
            else:
                self.value(f"{path}.{key}", value, got[key])

    def group(self, path: str, expected: dict[str, Any], got: object) -> None:
        if self.items is None:
            self.block(path, expected, got)
            if isinstance(got, dict) and isinstance(got.get("statements"), dict):
                extra = set(got["statements"]) - set(expected["statements"])
                if extra:
                    self.errors.append(f"{path}.statements: unexpected {sorted(extra)}")
            return
        wanted = {i: expected["statements"][i] for i in self.items if i in expected["statements"]}
        keys = ("n", "withheld", "nps")
        self.block(path, {**{k: expected[k] for k in keys}, "statements": wanted}, got)

    def result(self, expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
        for key in ("divisions_not_shown", "filters"):
            self.value(key, expected[key], got.get(key))
        self.group("organisation", expected["organisation"], got.get("organisation"))
        divisions = {self.rename.get(k, k): v for k, v in (got.get("divisions") or {}).items()}
        if set(divisions) != set(expected["divisions"]):
            self.errors.append(
                f"divisions: expected {sorted(expected['divisions'])}, got {sorted(divisions)}"
            )
        for name, want in expected["divisions"].items():
            if isinstance(divisions.get(name), dict):
                self.group(f"divisions.{name}", want, divisions[name])
        gaps = got.get("gaps") or {}
        wanted = [i for i in expected["gaps"] if self.items is None or i in self.items]
        for item in wanted:
            have = gaps.get(item)
            if not isinstance(have, dict):
                self.errors.append(f"gaps.{item}: missing")
                continue
            have = dict(have)
            for end in ("min_division", "max_division"):
                have[end] = self.rename.get(have.get(end), have.get(end))
            self.block(f"gaps.{item}", expected["gaps"][item], have)
        considered = set(ALL_ITEMS if self.items is None else self.items)
        extra = (set(gaps) & considered) - set(expected["gaps"])
        if extra:
            self.errors.append(f"gaps: unexpected {sorted(extra)}")
        return self.errors


def privacy_errors(
    expected: dict[str, Any], got: dict[str, Any], rename: dict[str, str]
) -> list[str]:
    """The engine hides exactly what the line rules hide: nothing less, and in a whole-survey
    view nothing more (its audit gives filtered views up first)."""
    divisions = {rename.get(k, k): v for k, v in (got.get("divisions") or {}).items()}
    published = {**got, "divisions": divisions}
    errors = oracle.shown_beyond(expected, published)
    beyond = sorted(oracle.hidden_beyond(expected, published), key=str)
    if beyond:
        errors.append(f"hidden beyond the line rules in the whole survey: {beyond}")
    return errors


def compare(export: Export, got: dict[str, Any]) -> list[str]:
    expected = reference_result(export.reference)
    if export.numeric:
        comparison = Comparison(AGREEMENT_ITEMS, QUALTRICS_DIVISION_CODES)
    else:
        comparison = Comparison(None, {})
    return privacy_errors(expected, got, comparison.rename) + comparison.result(expected, got)


def assert_accounting(export: Export, got: dict[str, Any]) -> None:
    rows_read, respondents, exclusions = expected_accounting(export)
    assert got.get("rows_read") == rows_read, "rows_read (header rows are not respondents)"
    assert got.get("respondents") == respondents
    counted = got.get("exclusions") or {}
    for reason in set(exclusions) | set(counted):
        assert counted.get(reason, 0) == exclusions.get(reason, 0), f"exclusions[{reason!r}]"


def assert_no_personal_value(run: CliRun) -> None:
    output = run.out + run.err
    leaked = sorted({value for value in PERSONAL_VALUES if value in output})
    assert not leaked, f"personal values in the output: {leaked}"


def assert_hidden_divisions_never_appear(export: Export, run: CliRun) -> None:
    """Hidden divisions are not named, counted or scored anywhere.

    In the canonical survey Legal (3) is too small and Sales (9) is its complement; next
    quarter Legal has 4 and Sales and Customer Service tie at 9, so Customer Service (first
    alphabetically) is the complement and Sales is shown.
    """
    got = json_of(run)
    shown = set(reference_result(export.reference)["divisions"])
    hidden = [name for name in DIVISIONS if name not in shown]
    rename = QUALTRICS_DIVISION_CODES if export.numeric else {}
    assert {rename.get(k, k) for k in got["divisions"]} == shown
    assert got["divisions_not_shown"] == len(hidden)
    for gap in got["gaps"].values():
        ends = {gap["min_division"], gap["max_division"]}
        assert {rename.get(end, end) for end in ends} <= shown
        assert gap["divisions"] == len(shown)
    if not export.numeric:  # the numeric export names divisions by code
        named = [name for name in hidden if name in run.out + run.err]
        assert not named, f"hidden divisions named in the output: {named}"


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _encoding_family(name: str) -> str:
    name = name.casefold().replace("_", "-")
    if name in {"utf-8", "utf8", "utf-8-sig"}:
        return "utf-8"
    if name.startswith("utf-16"):
        return "utf-16"
    if name in {"cp1252", "windows-1252"}:
        return "cp1252"
    return name


# =========================================================================== the tests


def test_fixtures_are_up_to_date_and_small(tmp_path: Path) -> None:
    """make_fixtures.py regenerates every fixture byte for byte; none is large."""
    written = GENERATOR.write_all(tmp_path)
    assert written, "the generator wrote nothing"
    for path in written:
        committed = EXPORTS / path.name
        assert committed.is_file(), f"{path.name} missing: run make_fixtures.py"
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale"
        # UTF-16 doubles every character: the Qualtrics TSV of the same survey is ~27 KB.
        limit = 2 * MAX_BYTES if path.suffix == ".tsv" else MAX_BYTES
        assert path.stat().st_size < limit, f"{path.name} is {path.stat().st_size} bytes"
    for export in EXPORTS_TABLE.values():
        for name in (*export.files, export.mapping, export.reference):
            assert name is None or (EXPORTS / name).is_file(), name


def _header_cells(path: Path, export: Export) -> set[str]:
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = sheet.iter_rows(max_row=export.header_rows, values_only=True)
        return {str(cell) for row in rows for cell in row if cell is not None}
    raw = path.read_bytes()
    if raw.startswith(b"\xff\xfe"):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("cp1252" if export.encoding == "cp1252" else "utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=export.delimiter or ",")
    return {cell for _, row in zip(range(export.header_rows), reader, strict=False) for cell in row}


@pytest.mark.parametrize("name", NAMES)
def test_the_table_matches_the_fixture(name: str) -> None:
    """Self-check of the table: the personal columns it names are in the file's header."""
    export = EXPORTS_TABLE[name]
    assert export.tool in TOOLS
    for file_name in export.files:
        headers = {_key(cell) for cell in _header_cells(EXPORTS / file_name, export)}
        for spelling in export.personal:
            assert any(_key(s) in headers for s in spelling.split("|")), (file_name, spelling)


def test_canonical_survey_scores_as_the_oracle_says() -> None:
    """The canonical survey as designed, and the engine's score of it equal to the oracle's."""
    expected = reference_result("canonical.csv")
    assert expected["rows_read"] == 24
    assert expected["respondents"] == 22
    assert expected["exclusions"] == {
        "duplicate response": 0,
        "conflicting duplicates": 0,
        "no division": 1,
        "no answered item": 1,
    }
    assert {name: d["n"] for name, d in expected["divisions"].items()} == {"Customer Service": 10}
    assert expected["divisions_not_shown"] == 2  # Legal (3 < 5) and Sales (9), its complement
    assert expected["organisation"]["n"] == 22  # hidden divisions still count here
    assert expected["divisions"]["Customer Service"]["withheld"] == []
    assert expected["organisation"]["nps"] is not None
    assert set(expected["items"]) == set(ALL_ITEMS)

    export = EXPORTS_TABLE["canonical"]
    proc = run_on("score", export)
    got = json_of(proc)
    assert_accounting(export, got)
    errors = compare(export, got)
    assert not errors, "\n".join(errors[:40])


def test_the_oracle_counts_the_two_downloads_as_documented() -> None:
    """The oracle's own duplicate rule on duplicates_a + duplicates_b: 26 rows read, one copy
    within a and one across a and b excluded as duplicate response, the rest as canonical."""
    export = EXPORTS_TABLE["duplicates"]
    result = oracle.expected_result([EXPORTS / name for name in export.files])
    accounting = (result["rows_read"], result["respondents"], result["exclusions"])
    assert accounting == expected_accounting(export)
    assert result["rows_read"] == 26


@pytest.mark.parametrize("name", NAMES)
def test_score_reads_the_export_as_the_canonical_survey(name: str) -> None:
    export = EXPORTS_TABLE[name]
    proc = run_on("score", export)
    got = json_of(proc)
    assert_accounting(export, got)
    assert set(got.get("items") or {}) == set(export.items)
    errors = compare(export, got)
    assert not errors, f"{len(errors)} differences:\n" + "\n".join(errors[:40])
    assert_hidden_divisions_never_appear(export, proc)
    assert_no_personal_value(proc)


@pytest.mark.parametrize("name", NAMES)
def test_inspect_describes_the_export(name: str) -> None:
    export = EXPORTS_TABLE[name]
    proc = run_on("inspect", export)
    report = json_of(proc)
    files = report.get("files")
    assert isinstance(files, list) and len(files) == len(export.files), files
    for entry in files:
        assert entry["tool"] == export.tool
        assert entry["layout"] == export.layout
        assert entry["header_rows"] == export.header_rows
        assert "encoding" in entry and "delimiter" in entry
        if export.encoding is not None:
            assert _encoding_family(entry["encoding"]) == export.encoding, entry["encoding"]
        if export.delimiter is not None:
            assert entry["delimiter"] == export.delimiter
        items = entry["items"]
        assert isinstance(items, dict) and set(items) == set(export.items), sorted(items)
        for item_id, found in items.items():
            assert isinstance(found.get("column"), str) and found["column"], (item_id, found)
            assert isinstance(found.get("how"), str) and found["how"], (item_id, found)
        dropped = {_key(column) for column in entry["personal_columns_dropped"]}
        for spelling in export.personal:
            assert any(_key(s) in dropped for s in spelling.split("|")), spelling
    assert_accounting(export, report)
    assert_no_personal_value(proc)


def test_inspect_without_items_or_mapping_is_one_error_line() -> None:
    run = run_cli("inspect", str(EXPORTS / "needs_mapping.csv"))
    assert run.code == 2, run.out[-500:] + run.err[-500:]
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("error: no survey statements recognised in"), lines[0]
    assert "needs_mapping.csv" in lines[0] and "--mapping" in lines[0], lines[0]
    assert_no_personal_value(run)


def test_the_command_line_runs_as_a_program() -> None:
    """The one subprocess: ``python -m cxmaturity`` prints what the in-process run prints."""
    args = arguments("score", EXPORTS_TABLE["canonical"])
    proc = subprocess.run(
        [sys.executable, "-m", "cxmaturity", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == json_of(run_cli(*args))
