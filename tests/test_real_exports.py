"""Real survey exports (../shared/fixtures) load, keep no personal data, and — given a
mapping — score exactly as the independent oracle computes them.

The shared fixtures are real exports of unrelated surveys: none holds the Bliss statements,
so each scorable one has a mapping file in ``tests/fixtures/real_mappings`` that maps a few of
its ordered answer columns onto statement ids, as a user would. The test never asks the engine
how it read a file: it reads the raw export itself with the ``csv`` module (BOM, the tool's
header rows, columns by position, negative "no basis" codes blanked), writes a canonical
one-header CSV (``Division,S01,S02,…[,NPS]``) and hands that to ``tests/oracle.py``.

Exports that have nothing to score are listed in ``EXPORTS`` with the reason (``skip``); every
file in the folder must be either mapped or skipped, so a new fixture forces a decision.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import oracle
from tests.cli_runs import CliRun, run_cli
from tests.test_oracle import compare

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "fixtures"
MAPPINGS = Path(__file__).resolve().parent / "fixtures" / "real_mappings"

if not SHARED.is_dir():
    pytest.skip(f"{SHARED} is not available", allow_module_level=True)

NPS_HEADER = "How likely are you to recommend this?"
NEGATIVE_CODE = re.compile(r"^-\d+$")  # Qualtrics' "no basis" / "not applicable" recodes


@dataclass(frozen=True)
class Export:
    """How to read one shared export, from looking at the raw file (not at the engine).

    ``items`` maps a statement id to the raw column's 0-based position; ``division``, ``nps``
    and ``respondent_id`` are positions too. ``labels`` rewrites a raw answer into the
    oracle's spelling of the same option. ``skip`` says why an export is not scored.
    """

    header_rows: int = 1
    items: dict[str, int] = field(default_factory=dict)
    division: int | None = None
    nps: int | None = None
    respondent_id: int | None = None
    min_group_size: int = 5
    scale_points: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    skip: str | None = None


EXPORTS: dict[str, Export] = {
    # Seven Yes/No questions; six mapped. 2 header rows ("Response" in row 2).
    "surveymonkey_538_steak-risk.csv": Export(
        header_rows=2,
        items={"S01": 2, "S02": 3, "S03": 4, "S04": 5, "S05": 6, "S06": 7},
        division=14,  # Location (Census Region); 38 rows leave it blank
        respondent_id=0,
        min_group_size=30,
    ),
    # presenters_* and satisfaction_interaction are answered 1-5. The session_* items run to
    # 6 and look like 1-5 plus a "not applicable" 6, so they are left out; presenters_clear
    # has one answer 0 (outside any scale) and is left out too.
    "likert_carpentries_carpentrycon2020_sessions.csv": Export(
        items={"S01": 3, "S02": 4, "S03": 6, "S04": 14},
        division=2,  # country; 5 rows leave it blank
        nps=16,  # nps, 0-10
    ),
    # Satisfaction items coded 1-4 (Low ... Very high). The engine knows 5- and 7-point
    # numeric scales only, so they are declared as 5-point (--scale-points 5): a 4 scores 75,
    # not 100. The point here is that loading and arithmetic agree, not the HR reading.
    "hr_ibm_attrition_WA_Fn-UseC.csv": Export(
        items={"S01": 10, "S02": 13, "S03": 16, "S04": 25, "S05": 30},
        division=4,  # Department: R&D 961, Sales 446, Human Resources 63
        # EmployeeNumber is personal (an employee number): never read, so no respondent id
        min_group_size=100,
        scale_points=5,
    ),
    # Matrix items recoded 1-3 with -1 / -2 for "no basis"; declared 5-point like the HR file.
    # No grouping question: ResponseSet (Qualtrics' own grouping) is the one division.
    "qualtrics_QT_nobasis_insights2016.csv": Export(
        header_rows=3,
        items={"S01": 17, "S02": 18, "S03": 19, "S04": 20, "S05": 21, "S06": 22},
        division=1,
        respondent_id=0,
        scale_points=5,
    ),
    "qualtrics_QT_nobasis_legacy.csv": Export(
        header_rows=2,
        items={"S01": 16, "S02": 17, "S03": 18, "S04": 19, "S05": 20, "S06": 21},
        division=1,
        respondent_id=0,
        scale_points=5,
    ),
    # Q2 and Q3 matrices are answered 1-4; the Q4/Q5/"matrix five" recodes are 10-13 and
    # cannot be scored. In the legacy file question_one/two/three occur three times each:
    # the mapping names the first occurrence (positions 16-18), answered 1-4.
    "qualtrics_QT_single_matrix_insights2016.csv": Export(
        header_rows=3,
        items={"S01": 11, "S02": 12, "S03": 13, "S04": 17, "S05": 18, "S06": 19},
        division=1,
        respondent_id=0,
        scale_points=5,
    ),
    "qualtrics_QT_single_matrix_legacy.csv": Export(
        header_rows=2,
        items={"S01": 10, "S02": 11, "S03": 12, "S04": 16, "S05": 17, "S06": 18},
        division=1,
        respondent_id=0,
        scale_points=5,
    ),
    # Only two Yes/No questions; the quality ratings (Horrible ... Excellent), importance
    # ranks and "Probably / Maybe" answers are on no scale the engine knows.
    "googleforms_spack_2020.csv": Export(
        items={"S01": 34, "S02": 4},  # done a tutorial; part of ECP
        division=1,  # What kind of user are you?
        min_group_size=10,
    ),
    # Five-point agreement matrix likert2[...] plus one Yes/No question. The midpoint is
    # written "Neither agree or disagree"; the oracle spells the same option "nor".
    "limesurvey-derived_rse_2017_de_public_data.csv": Export(
        items={"S01": 182, "S02": 193, "S03": 184, "S04": 102, "S05": 190, "S06": 183},
        division=15,  # What type of organisation do you work for?
        min_group_size=10,
        labels={"Neither agree or disagree": "Neither agree nor disagree"},
    ),
    # ---- not scorable: documented skips
    "qualtrics_qualtRics_sample.csv": Export(
        header_rows=3,
        skip="one respondent; Q1 is a nominal multiple-choice code and Q2 free text",
    ),
    "qualtrics_qualtRics_sample_legacy.csv": Export(
        header_rows=2,
        skip="one respondent; Q1 is a nominal multiple-choice code and Q2 free text",
    ),
    "googleforms_jupyter_2016_education.csv": Export(
        skip="free text, multi-select lists and size/frequency categories; no Yes/No, "
        "agreement or numeric rating question",
    ),
    "surveygizmo_jupyter_2015_SurveyExport.csv": Export(
        skip="frequency (Daily ... Less often than monthly), duration and audience-size "
        "categories and free text; no Yes/No, agreement or numeric rating question",
    ),
    "surveymonkey_538_region_MIDWEST_expanded.csv": Export(
        header_rows=2,
        skip="the only ordered question, 'How much ... do you identify as a Midwesterner?', "
        "has four options (A lot / Some / Not much / Not at all) that fit neither Yes/No, "
        "agreement labels nor 1-5 / 1-7; recoding it would invent data. Everything else is "
        "nominal (states, gender, age band, income, education, region) or free text",
    ),
}

ALL_FILES = sorted(p.name for p in SHARED.iterdir() if p.is_file() and p.name != "SOURCES.md")
MAPPED = sorted(name for name, spec in EXPORTS.items() if spec.skip is None)

# Cases where the engine is known to disagree with the independent computation:
# file name -> reason (pytest.mark.xfail(strict=True)). None at present.
XFAIL: dict[str, str] = {}


# =========================================================================== raw reading


def read_raw(name: str) -> list[list[str]]:
    """Every record of a shared export, BOM removed, as the csv module reads it."""
    with open(SHARED / name, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def body_rows(name: str) -> list[list[str]]:
    """The respondents' rows: everything after the tool's header rows, minus empty lines."""
    return [row for row in read_raw(name)[EXPORTS[name].header_rows :] if row]


def cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def squash(text: str) -> str:
    """Letters and digits only, lower-cased (how mapping files name columns)."""
    return re.sub(r"[\W_]+", "", text.replace("\ufeff", "").casefold())


PERSONAL_HEADER = re.compile(
    r"ip.?address|e-?mail|latitude|longitude|^(recipient)?(first|last|full)?.?name$|names of",
    re.IGNORECASE,
)


def personal_values(name: str) -> set[str]:
    """Values of the columns that hold IP addresses, e-mails, names or coordinates, found by
    their header in any header row. Yes/No answers and very short values are left out: they
    cannot identify anyone and would match ordinary words in the output."""
    raw = read_raw(name)
    headers = raw[: EXPORTS[name].header_rows]
    width = max(len(h) for h in headers)
    columns = [
        i for i in range(width) if any(PERSONAL_HEADER.search(cell(h, i).strip()) for h in headers)
    ]
    values = set()
    for row in body_rows(name):
        for i in columns:
            v = cell(row, i).strip()
            if len(v) >= 4 and v.casefold() not in {"yes", "no"}:
                values.add(v)
    return values


def read_mapping(name: str) -> dict[str, str]:
    """The mapping file of an export: column text -> item or role."""
    path = MAPPINGS / (Path(name).stem + ".mapping.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["column", "item"], path
    return {column: item for column, item in rows[1:]}


def answer(value: str, labels: dict[str, str]) -> str:
    value = value.strip()
    if NEGATIVE_CODE.match(value):
        return ""
    return labels.get(value, value)


def build_canonical(name: str, folder: Path) -> tuple[Path, dict[str, int]]:
    """Write the oracle's input for an export; return it and the exclusions counted here."""
    spec = EXPORTS[name]
    items = list(spec.items)
    header = ["Division", *items] + ([NPS_HEADER] if spec.nps is not None else [])
    lines, counts, seen_ids = [], {}, set()
    for row in body_rows(name):
        if spec.respondent_id is not None:
            rid = cell(row, spec.respondent_id).strip()
            assert rid and rid not in seen_ids, f"{name}: respondent id {rid!r} repeats"
            seen_ids.add(rid)
        division = cell(row, spec.division)
        answers = [answer(cell(row, spec.items[i]), spec.labels) for i in items]
        if not division.strip():
            counts["no division"] = counts.get("no division", 0) + 1
        elif not any(answers):
            counts["no answered item"] = counts.get("no answered item", 0) + 1
        nps = [cell(row, spec.nps).strip()] if spec.nps is not None else []
        lines.append([division, *answers, *nps])
    path = folder / f"{Path(name).stem}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(lines)
    return path, counts


# =========================================================================== engine runs


def _command(kind: str, name: str) -> list[str]:
    spec = EXPORTS[name]
    cmd = [sys.executable, "-m", "cxmaturity"]
    if kind == "inspect":
        return [*cmd, "inspect", str(SHARED / name)]
    mapping = MAPPINGS / (Path(name).stem + ".mapping.csv")
    scale = ["--scale-points", str(spec.scale_points)] if spec.scale_points else []
    if kind == "inspect-json":
        with_mapping = ["--mapping", str(mapping), *scale] if spec.skip is None else []
        return [*cmd, "inspect", str(SHARED / name), "--format", "json", *with_mapping]
    assert kind == "score"
    return [
        *cmd,
        "score",
        str(SHARED / name),
        "--mapping",
        str(mapping),
        *scale,
        "--format",
        "json",
        "--min-group-size",
        str(spec.min_group_size),
    ]


@dataclass(frozen=True)
class Proc:
    """A command-line run, in-process, named like subprocess's result."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def _run(cmd: list[str]) -> Proc:
    done = run_cli(cmd[3:])  # without "python -m cxmaturity"
    return Proc(cmd, done.code, done.out, done.err)


@pytest.fixture(scope="module")
def runs():
    """Each CLI run once (in-process); tests collect the results they need."""
    done: dict[tuple[str, str], Proc] = {}

    def get(kind: str, name: str) -> Proc:
        if (kind, name) not in done:
            done[(kind, name)] = _run(_command(kind, name))
        return done[(kind, name)]

    return get


def _describe(proc: Proc) -> str:
    return f"{' '.join(proc.args[2:])}\nexit {proc.returncode}\n{proc.stderr[-3000:]}"


# =========================================================================== (a) every export


def test_every_export_is_mapped_or_skipped_with_a_reason():
    assert ALL_FILES, "no shared fixtures found"
    assert set(ALL_FILES) == set(EXPORTS), "decide for each shared export: map it or skip it"
    for name in MAPPED:
        assert (MAPPINGS / (Path(name).stem + ".mapping.csv")).is_file(), name
    assert all(EXPORTS[n].skip for n in set(EXPORTS) - set(MAPPED))
    stray = {p.name for p in MAPPINGS.glob("*.mapping.csv")} - {
        Path(n).stem + ".mapping.csv" for n in MAPPED
    }
    assert not stray, f"mapping files for no mapped export: {sorted(stray)}"


@pytest.mark.parametrize("name", ALL_FILES)
def test_inspect_ends_cleanly(runs, name):
    proc = runs("inspect", name)
    assert proc.returncode in (0, 2), _describe(proc)
    assert "Traceback" not in proc.stderr, _describe(proc)
    assert "unexpected failure" not in proc.stderr, _describe(proc)
    if proc.returncode == 2:
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), _describe(proc)


@pytest.mark.parametrize("name", ALL_FILES)
def test_inspect_json_shows_no_personal_value(runs, name):
    proc = runs("inspect-json", name)
    assert "Traceback" not in proc.stderr, _describe(proc)
    if EXPORTS[name].skip is None:
        assert proc.returncode == 0, _describe(proc)
        json.loads(proc.stdout)
    else:
        assert proc.returncode == 2, _describe(proc)
    shown = proc.stdout + proc.stderr
    leaked = sorted(v for v in personal_values(name) if v in shown)
    assert not leaked, f"{name}: personal values in inspect output: {leaked[:5]}"


def test_personal_value_reader_is_not_vacuous():
    assert "130.92.34.66" in personal_values("qualtrics_qualtRics_sample.csv")
    assert "130.92.34.66" in personal_values("qualtrics_qualtRics_sample_legacy.csv")
    assert "42.401901245117" in personal_values("qualtrics_QT_nobasis_legacy.csv")
    assert "-71.119300842285" in personal_values("qualtrics_QT_single_matrix_insights2016.csv")


# =========================================================================== (b) mapped scores


def test_mappings_name_the_columns_the_test_reads():
    """Each mapping file names exactly the raw columns the canonical CSV is built from."""
    for name in MAPPED:
        spec = EXPORTS[name]
        headers = read_raw(name)[: spec.header_rows]
        wanted = {item: pos for item, pos in spec.items.items()}
        for role in ("division", "nps", "respondent_id"):
            if getattr(spec, role) is not None:
                wanted[role] = getattr(spec, role)
        mapping = read_mapping(name)
        assert sorted(mapping.values()) == sorted(wanted), name
        for column, target in mapping.items():
            texts = [squash(cell(h, wanted[target])) for h in headers]
            assert squash(column) in texts, f"{name}: {column!r} is not column {wanted[target]}"


def _params():
    for name in MAPPED:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, marks=marks, id=Path(name).stem)


@pytest.mark.parametrize("name", list(_params()))
def test_mapped_export_scores_like_the_oracle(runs, tmp_path, name):
    spec = EXPORTS[name]
    canonical, counted = build_canonical(name, tmp_path)
    scored = oracle.score_survey([canonical], spec.min_group_size)
    exp = oracle.view_result(scored)
    # the oracle counts rows as this test does, and as the contract says
    assert exp["rows_read"] == len(body_rows(name))
    assert {k: v for k, v in exp["exclusions"].items() if v} == counted
    assert exp["rows_read"] == exp["respondents"] + sum(counted.values())

    proc = runs("score", name)
    assert proc.returncode == 0, _describe(proc)
    got = json.loads(proc.stdout)
    outcome = compare(
        CliRun(tuple(proc.args), proc.returncode, proc.stdout, proc.stderr), scored, {}
    )
    assert not outcome.errors, f"{name} (--min-group-size {spec.min_group_size}):\n" + "\n".join(
        outcome.errors[:40]
    )
    # the whole survey: the audit gives filtered views up first, so it hides nothing more here
    assert not outcome.beyond, f"{name}: hidden beyond the line rules: {sorted(outcome.beyond)}"
    assert got["rows_read"] == len(body_rows(name))  # header rows are not respondents
    assert set(got["items"]) == set(spec.items)

    # the chosen minimum group size shows two divisions and hides some, where possible
    shown = exp["divisions"]
    if len(shown) + exp["divisions_not_shown"] > 1:
        assert shown and exp["divisions_not_shown"] >= 1, exp["divisions_not_shown"]
    else:
        assert len(shown) == 1

    leaked = sorted(v for v in personal_values(name) if v in proc.stdout)
    assert not leaked, f"{name}: personal values in score output: {leaked[:5]}"


@pytest.mark.parametrize("name", MAPPED, ids=[Path(n).stem for n in MAPPED])
def test_mapped_inspect_counts_like_the_oracle(runs, tmp_path, name):
    """inspect --mapping reports the same rows read, kept and excluded as the oracle."""
    spec = EXPORTS[name]
    canonical, _ = build_canonical(name, tmp_path)
    exp = oracle.expected_result([canonical], spec.min_group_size)
    proc = runs("inspect-json", name)
    assert proc.returncode == 0, _describe(proc)
    report = json.loads(proc.stdout)
    assert report["rows_read"] == exp["rows_read"]
    assert report["respondents"] == exp["respondents"]
    assert {k: v for k, v in report["exclusions"].items() if v} == {
        k: v for k, v in exp["exclusions"].items() if v
    }
    assert set(report["scales"]) == set(spec.items)
