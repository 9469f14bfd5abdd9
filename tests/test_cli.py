"""The command line ``python -m cxmaturity``: good input, every kind of bad input, ``sample``.

Most tests call ``cxmaturity.cli.main(argv)`` in-process (fast, output captured with capsys);
one test runs ``python -m cxmaturity`` as a real subprocess.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from cxmaturity.cli import main

REPO = Path(__file__).resolve().parent.parent
NPS_HEADER = "How likely are you to recommend us to a friend?"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
AGREE5 = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
CSV_COLUMNS = {"division", "measure", "id", "score", "pct_favourable", "n"}
ORGANISATION_KEYS = {"n", "score", "level", "level_name", "pillars", "statements", "nps"}
TOP_LEVEL_KEYS = {
    "divisions_not_shown",
    "filters",
    "rows_read",
    "respondents",
    "rows_excluded",
    "exclusions",
    "min_group_size",
    "items",
    "organisation",
    "divisions",
    "gaps",
}


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Run:
    """What one command-line run did."""

    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Run:
    """Run the command line in-process and capture its exit status and output."""
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def assert_bad_input(run: Run, *mentions: str) -> None:
    """Exit 2, nothing on stdout, one ``error:`` line on stderr naming every mention."""
    assert run.code == 2, run
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("error: "), run.err
    assert "Traceback" not in run.err
    for mention in mentions:
        assert mention in lines[0], f"{mention!r} not in {lines[0]!r}"


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """A small CSV export (no quoting needed for the values used here)."""
    return "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def good_survey() -> str:
    """Sales and Service with 6 respondents each, Legal with 2 and Audit with 3 (hidden at the
    default 5: together 5, so neither can be worked out from the organisation), plus one row
    without a division and one row that answered nothing."""
    header = ["Division", "S01", "S02", "T01", NPS_HEADER]
    rows = []
    for division, size in (("Sales", 6), ("Service", 6), ("Legal", 2), ("Audit", 3)):
        for i in range(size):
            yes_no = "Yes" if (i + len(division)) % 2 else "No"
            rows.append([division, yes_no, AGREE5[i % 5], AGREE5[(i + 2) % 5], str((i * 3) % 11)])
    rows.append(["", "Yes", "Agree", "Agree", "9"])
    rows.append(["Sales", "", "N/A", "Don't know", ""])
    return csv_text(header, rows)


def score_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> dict:
    run = run_cli(capsys, "score", *argv)
    assert run.code == 0, run.err
    return json.loads(run.out)


def sample_file(capsys: pytest.CaptureFixture[str], out: Path, *extra: str) -> Path:
    run = run_cli(
        capsys, "sample", "--respondents", "200", "--divisions", "4", "--out", out, *extra
    )
    assert run.code == 0, run.err
    assert run.out == ""
    return out


# --------------------------------------------------------------------------- bad input


@dataclass(frozen=True)
class BadCase:
    """Files to create in a fresh folder, the arguments (``{dir}`` is that folder), and what
    the one error line must mention."""

    files: dict[str, str | bytes]
    argv: tuple[str, ...]
    mentions: tuple[str, ...]
    id: str = field(default="")


TWO_ROWS = csv_text(["Division", "S01", "S02"], [["Sales", "Yes", "Agree"], ["IT", "No", "Agree"]])

BAD_CASES = [
    BadCase({}, ("score", "{dir}/missing.csv"), ("{dir}/missing.csv",), "missing file"),
    BadCase({"empty.csv": ""}, ("score", "{dir}/empty.csv"), ("{dir}/empty.csv", "empty"), "empty"),
    BadCase(
        {"header.csv": "Division,S01,S02\n"},
        ("score", "{dir}/header.csv"),
        ("header.csv",),
        "header only",
    ),
    BadCase({"logo.csv": PNG_HEADER}, ("score", "{dir}/logo.csv"), ("{dir}/logo.csv",), "png"),
    BadCase(
        {"noise.csv": random.Random(7).randbytes(512)},
        ("score", "{dir}/noise.csv"),
        ("{dir}/noise.csv",),
        "random bytes",
    ),
    BadCase(
        {"nul.csv": b"Division,S01\nSales,Yes\x00\x00\n"},
        ("score", "{dir}/nul.csv"),
        ("{dir}/nul.csv", "binary"),
        "utf8 with NUL bytes",
    ),
    BadCase(
        {"broken.xlsx": b"PK\x03\x04 this is no workbook"},
        ("score", "{dir}/broken.xlsx"),
        ("{dir}/broken.xlsx", "XLSX"),
        "broken xlsx",
    ),
    BadCase(
        {"ragged.csv": 'Division,S01\nSales,"Yes\n'},
        ("score", "{dir}/ragged.csv"),
        ("ragged.csv",),
        "unterminated quote",
    ),
    BadCase(
        {"other.csv": csv_text(["Division", "Name", "Comment"], [["Sales", "Ann", "fine"]])},
        ("score", "{dir}/other.csv"),
        ("other.csv", "no survey statements"),
        "no statement columns",
    ),
    BadCase(
        {
            "labels.csv": csv_text(
                ["Division", "S01", "S02"],
                [["Sales", "Yes", "Maybe"], ["Sales", "No", "Maybe"], ["IT", "Yes", "Agree"]],
            )
        },
        ("score", "{dir}/labels.csv"),
        ("'S02'", "'Maybe'", "(2 rows)"),
        "unknown label",
    ),
    BadCase(
        {
            "labels.csv": csv_text(
                ["Division", "S01", "S02"],
                [["Sales", "Perhaps", "Agree"], ["IT", "Yes", "Sort of"], ["IT", "No", "Agree"]],
            )
        },
        ("score", "{dir}/labels.csv"),
        ("'S01'", "'Perhaps'", "'S02'", "'Sort of'"),
        "two unknown labels",
    ),
    BadCase(
        {
            "nps.csv": csv_text(
                ["Division", "S01", NPS_HEADER], [["Sales", "Yes", "11"], ["IT", "No", "7"]]
            )
        },
        ("score", "{dir}/nps.csv"),
        (NPS_HEADER, "'11'"),
        "nps 11",
    ),
    BadCase(
        {"numbers.csv": csv_text(["Division", "S01"], [["Sales", "9"], ["IT", "3"]])},
        ("score", "{dir}/numbers.csv", "--scale-points", "5"),
        ("'S01'", "'9'", "1–5"),
        "numeric 9 on 5 points",
    ),
    BadCase(
        {"survey.csv": TWO_ROWS},
        ("score", "{dir}/survey.csv", "--division-column", "Business Line"),
        ("survey.csv", "'Business Line'"),
        "division column not there",
    ),
    BadCase(
        {"survey.csv": TWO_ROWS},
        ("score", "{dir}/survey.csv", "--nps-column", "Likelihood"),
        ("survey.csv", "'Likelihood'"),
        "nps column not there",
    ),
    BadCase(
        {
            "teams.csv": csv_text(
                ["Department", "Team", "S01"], [["Sales", "North", "Yes"], ["IT", "Desk", "No"]]
            )
        },
        ("score", "{dir}/teams.csv"),
        ("teams.csv", "'Department'", "'Team'", "--division-column"),
        "ambiguous division columns",
    ),
    BadCase(
        {"flat.csv": csv_text(["S01", "S02"], [["Yes", "Agree"], ["No", "Disagree"]])},
        ("score", "{dir}/flat.csv"),
        ("flat.csv", "division"),
        "single file without division column",
    ),
    BadCase(
        {"survey.csv": TWO_ROWS},
        ("score", "{dir}/survey.csv", "--min-group-size", "0"),
        ("--min-group-size", "0"),
        "min group size 0",
    ),
    BadCase(
        {"survey.csv": TWO_ROWS},
        ("score", "{dir}/survey.csv", "--min-group-size", "abc"),
        ("--min-group-size", "'abc'"),
        "min group size abc",
    ),
    BadCase(
        {"survey.csv": TWO_ROWS},
        ("score", "{dir}/survey.csv", "--framework", "bliss-99"),
        ("'bliss-99'",),
        "unknown framework",
    ),
    BadCase(
        {"survey.csv": TWO_ROWS},
        ("score", "{dir}/survey.csv", "--format", "xml"),
        ("--format", "'xml'"),
        "unknown format",
    ),
    BadCase({}, ("score",), ("survey files", "--wave NAME"), "score without a file"),
    BadCase({}, ("frobnicate",), ("'frobnicate'",), "unknown subcommand"),
    BadCase({}, (), ("command",), "no arguments"),
    BadCase({}, ("sample",), ("--out",), "sample without --out"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.id for case in BAD_CASES])
def test_bad_input_is_one_error_line_and_exit_2(
    case: BadCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, content in case.files.items():
        write(tmp_path / name, content)
    argv = [arg.format(dir=tmp_path) for arg in case.argv]
    mentions = [mention.format(dir=tmp_path) for mention in case.mentions]
    assert_bad_input(run_cli(capsys, *argv), *mentions)


def test_top_level_usage_error_points_at_a_working_help_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = run_cli(capsys, "frobnicate")
    assert_bad_input(run, "frobnicate", "python -m cxmaturity --help")


def test_subcommand_usage_error_points_at_its_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = write(tmp_path / "survey.csv", TWO_ROWS)
    run = run_cli(capsys, "score", survey, "--min-group-size", "abc")
    assert_bad_input(run, "python -m cxmaturity score --help")


def test_module_runs_as_a_program_and_fails_without_traceback(tmp_path: Path) -> None:
    """The one real subprocess: ``python -m cxmaturity`` scores a file, and a bad file is one
    ``error:`` line with exit status 2."""
    survey = write(tmp_path / "survey.csv", good_survey())
    good = subprocess.run(
        [sys.executable, "-m", "cxmaturity", "score", str(survey)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["respondents"] == 17

    missing = tmp_path / "nowhere.csv"
    bad = subprocess.run(
        [sys.executable, "-m", "cxmaturity", "score", str(missing)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "Traceback" not in bad.stderr
    lines = bad.stderr.splitlines()
    assert len(lines) == 1, bad.stderr
    assert lines[0].startswith("error: ")
    assert str(missing) in lines[0]


# --------------------------------------------------------------------------- score: JSON


def test_json_has_the_documented_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    result = score_json(capsys, survey)
    assert set(result) >= TOP_LEVEL_KEYS
    assert set(result["organisation"]) >= ORGANISATION_KEYS
    assert set(result["organisation"]["pillars"]) == {"people", "process", "technology"}
    assert set(result["divisions"]) == {"Sales", "Service"}
    assert result["divisions_not_shown"] == 2
    assert set(result["items"]) == {"S01", "S02", "T01"}
    assert set(result["organisation"]["statements"]) == {"S01", "S02", "T01"}
    assert result["min_group_size"] == 5


def test_json_accounts_for_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    result = score_json(capsys, survey)
    assert result["rows_read"] == 19
    assert result["respondents"] == 17
    assert result["exclusions"] == {
        "duplicate response": 0,
        "conflicting duplicates": 0,
        "no division": 1,
        "no answered item": 1,
    }
    assert result["rows_excluded"] == 2
    assert result["organisation"]["n"] == 17
    assert sum(d["n"] for d in result["divisions"].values()) == 12  # 5 in hidden divisions


def test_divisions_under_minimum_are_not_named_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    run = run_cli(capsys, "score", survey)
    assert "Legal" not in run.out and "Audit" not in run.out
    result = json.loads(run.out)
    assert set(result["divisions"]["Sales"]) >= {"n", "withheld", *ORGANISATION_KEYS}
    gap_divisions = {
        gap[key] for gap in result["gaps"].values() for key in ("min_division", "max_division")
    }
    assert gap_divisions <= {"Sales", "Service"}


def test_min_group_size_option_changes_suppression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    result = score_json(capsys, survey, "--min-group-size", "2")
    assert result["min_group_size"] == 2
    assert set(result["divisions"]) == {"Sales", "Service", "Legal", "Audit"}
    assert result["divisions"]["Legal"]["n"] == 2


def test_decimal_whole_numbers_are_read_as_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exports from spreadsheets write 4 as '4.0'; that is still the answer 4 (and NPS 9)."""
    rows = [["Sales", "4.0", "9.0"], ["Sales", "5", "10"]]
    survey = write(tmp_path / "survey.csv", csv_text(["Division", "S01", NPS_HEADER], rows))
    result = score_json(capsys, survey, "--min-group-size", "1", "--scale-points", "5")
    assert result["organisation"]["statements"]["S01"]["score"] == pytest.approx(87.5)
    assert result["organisation"]["nps"]["score"] == pytest.approx(100.0)


# --------------------------------------------------------------------------- score: CSV


def test_csv_format_parses_with_pandas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    run = run_cli(capsys, "score", survey, "--format", "csv")
    assert run.code == 0, run.err
    table = pd.read_csv(io.StringIO(run.out))
    assert set(table.columns) >= CSV_COLUMNS
    assert {"Sales", "Service"} == set(table["division"].dropna())
    assert set(table["measure"].dropna()) >= {"overall", "pillar", "statement", "nps"}


def test_csv_format_has_the_organisation_figures_of_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    organisation = score_json(capsys, survey)["organisation"]
    run = run_cli(capsys, "score", survey, "--format", "csv")
    table = pd.read_csv(io.StringIO(run.out))
    not_a_division = table["division"].isna()
    overall = table[not_a_division & (table["measure"] == "overall")]
    assert overall["score"].tolist() == [pytest.approx(organisation["score"])]
    statements = table[not_a_division & (table["measure"] == "statement")]
    assert dict(zip(statements["id"], statements["n"], strict=True)) == {
        item: s["n"] for item, s in organisation["statements"].items()
    }


def test_csv_format_never_names_a_hidden_division(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = write(tmp_path / "survey.csv", good_survey())
    run = run_cli(capsys, "score", survey, "--format", "csv")
    assert run.code == 0 and "Legal" not in run.out and "Audit" not in run.out


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+1", "＝1+1"],
)
def test_csv_format_writes_no_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    rows = [[name, "Yes"]] * 5 + [["Plain", "No"]] * 5
    survey = tmp_path / "survey.csv"
    pd.DataFrame(rows, columns=["Division", "S01"]).to_csv(survey, index=False)
    run = run_cli(capsys, "score", survey, "--format", "csv")
    assert run.code == 0, run.err
    table = pd.read_csv(io.StringIO(run.out), dtype=str, keep_default_na=False)
    for cell in table.to_numpy().ravel():
        first = unicodedata.normalize("NFKC", cell).lstrip()[:1]
        assert first not in {"=", "+", "@", "\t", "\r"} and not (
            first == "-" and not cell.lstrip("-").replace(".", "").isdigit()
        ), cell


def test_filter_option_scores_a_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        [d, r, "Yes" if r == "manager" else "No"]
        for d in ("A", "B")
        for r in ["manager"] * 6 + ["frontline"] * 6
    ]
    survey = write(tmp_path / "survey.csv", csv_text(["Division", "Role", "S01"], rows))
    result = score_json(capsys, survey, "--filter", "role=manager")
    assert result["filters"] == {"role": "manager"}
    assert result["respondents"] == 12
    assert result["exclusions"]["outside the filter"] == 12
    assert result["organisation"]["statements"]["S01"]["score"] == 100.0
    assert set(result["divisions"]) == {"A", "B"}


def test_filter_to_too_few_people_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["A", "manager", "Yes"]] * 2 + [["A", "frontline", "No"]] * 10
    survey = write(tmp_path / "survey.csv", csv_text(["Division", "Role", "S01"], rows))
    assert_bad_input(run_cli(capsys, "score", survey, "--filter", "role=manager"), "too few")


def test_filter_that_would_reveal_a_small_group_hides_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A's 2 managers must not follow from A minus A's front line."""
    rows = [["A", "manager", "Yes"]] * 2 + [["A", "frontline", "No"]] * 18
    rows += [["B", "manager", "No"]] * 10 + [["B", "frontline", "No"]] * 10
    survey = write(tmp_path / "survey.csv", csv_text(["Division", "Role", "S01"], rows))
    whole = score_json(capsys, survey)
    front = score_json(capsys, survey, "--filter", "role=frontline")
    assert "A" in whole["divisions"]
    assert "A" not in front["divisions"]


def test_non_utf8_file_name_is_one_error_line(tmp_path: Path, capsys) -> None:
    name = tmp_path / os.fsdecode(b"caf\xe9.csv")
    assert_bad_input(run_cli(capsys, "score", name), "caf")


def test_scale_option_declares_a_numeric_range(tmp_path: Path, capsys) -> None:
    rows = [["Sales", "4"], ["Sales", "1"]]
    survey = write(tmp_path / "survey.csv", csv_text(["Division", "S01"], rows))
    result = score_json(capsys, survey, "--min-group-size", "1", "--scale", "1-4")
    assert result["organisation"]["statements"]["S01"]["score"] == pytest.approx(50.0)
    assert result["items"]["S01"]["scale"].startswith("numeric 1–4")


# --------------------------------------------------------------------------- score: files


def test_several_files_without_division_column_are_divisions_by_stem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["S01", "S02"]
    write(tmp_path / "Sales.csv", csv_text(header, [["Yes", "Agree"]] * 5))
    write(tmp_path / "Field Ops.csv", csv_text(header, [["No", "Disagree"]] * 6))
    write(tmp_path / "Legal.tsv", "S01\tS02\nYes\tAgree\n")
    write(tmp_path / "Audit.csv", csv_text(header, [["Yes", "Agree"]] * 4))
    files = ("Sales.csv", "Field Ops.csv", "Legal.tsv", "Audit.csv")
    result = score_json(capsys, *(tmp_path / name for name in files))
    assert set(result["divisions"]) == {"Sales", "Field Ops"}
    assert result["divisions"]["Sales"]["n"] == 5
    assert result["divisions"]["Field Ops"]["n"] == 6
    assert result["divisions_not_shown"] == 2


def test_division_column_option_chooses_between_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Sales", "North", "Yes"], ["Sales", "South", "No"], ["IT", "Desk", "Yes"]]
    survey = write(tmp_path / "teams.csv", csv_text(["Department", "Team", "S01"], rows))
    result = score_json(capsys, survey, "--division-column", "Department", "--min-group-size", "1")
    assert {name: d["n"] for name, d in result["divisions"].items()} == {"IT": 1, "Sales": 2}


# --------------------------------------------------------------------------- sample


def test_sample_is_accepted_by_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sample_file(capsys, tmp_path / "sample.csv", "--seed", "3")
    result = score_json(capsys, out)
    assert result["rows_read"] == 200
    assert result["respondents"] + result["rows_excluded"] == 200
    assert len(result["divisions"]) + result["divisions_not_shown"] == 4


def test_sample_is_byte_identical_for_the_same_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = sample_file(capsys, tmp_path / "first.csv", "--seed", "3")
    second = sample_file(capsys, tmp_path / "second.csv", "--seed", "3")
    assert first.read_bytes() == second.read_bytes()


def test_sample_differs_for_another_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = sample_file(capsys, tmp_path / "first.csv", "--seed", "3")
    other = sample_file(capsys, tmp_path / "other.csv", "--seed", "4")
    assert first.read_bytes() != other.read_bytes()


def test_sample_has_role_region_and_nps_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample_file(capsys, tmp_path / "sample.csv", "--seed", "3")
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(frame) == 200
    assert set(frame["Role"]) == {"executive", "manager", "frontline"}
    assert frame["Region"].str.len().gt(0).all()
    nps = [column for column in frame.columns if "recommend" in column.lower()]
    assert len(nps) == 1
    answered = frame.loc[frame[nps[0]] != "", nps[0]].astype(int)
    assert answered.between(0, 10).all()


def test_sample_has_one_division_under_the_minimum_group_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample_file(capsys, tmp_path / "sample.csv", "--seed", "3")
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    sizes = frame.loc[frame["Division"] != "", "Division"].value_counts()
    assert len(sizes) == 4
    assert (sizes < 5).sum() == 1


def test_sample_yesno_scale_writes_yes_and_no(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample_file(capsys, tmp_path / "sample.csv", "--seed", "3", "--scale", "yesno")
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    statements = frame.columns[4:-1]
    assert len(statements) == 14
    answers = set(frame[statements].to_numpy().ravel())
    assert {"Yes", "No"} <= answers <= {"Yes", "No", "", "Don't know"}


def test_sample_into_a_missing_folder_fails_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "sample.csv"
    run = run_cli(capsys, "sample", "--respondents", "20", "--out", out)
    assert_bad_input(run, str(out.parent))
    assert not (tmp_path / "no").exists()
    assert list(tmp_path.iterdir()) == []


def test_sample_onto_a_folder_fails_and_leaves_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)
    run = run_cli(capsys, "sample", "--respondents", "20", "--out", target)
    assert_bad_input(run, str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert [p.name for p in target.iterdir()] == ["inside"]


# --------------------------------------------------------------------------- personal data

PERSONAL_HEADERS = {
    "Naam:": ["Jan de Vries", "Anna Jansen", "Piet Bakker", "Sara Visser", "Tom Smit"],
    "E-mailadres": ["jan@voorbeeld.nl", "anna@voorbeeld.nl", "piet@x.nl", "sara@x.nl", "t@x.nl"],
    "Telefoonnummer": ["06-12345678", "06-23456789", "06-34567890", "06-45678901", "06-5678901"],
    "Your name": ["Alice Walker", "Bob Stone", "Carol King", "Dan Brown", "Eve Black"],
    "What is your name?": ["Frank Ocean", "Grace Jones", "Hank Green", "Ivy Lane", "Jack White"],
    "Telephone": [
        "+44 20 7946 0001",
        "+44 20 7946 0002",
        "+44 20 7946 0003",
        "+44 20 7946 0004",
        "+44 20 7946 0005",
    ],
    "Mobile phone": [
        "+31 6 1111 2222",
        "+31 6 1111 3333",
        "+31 6 1111 4444",
        "+31 6 1111 5555",
        "+31 6 1111 6666",
    ],
    "Street address": [
        "1 Main Street",
        "2 Main Street",
        "3 Main Street",
        "4 Main Street",
        "5 Main Street",
    ],
    "Employee ID": ["E-10001", "E-10002", "E-10003", "E-10004", "E-10005"],
    "Vorname": ["Jürgen", "Helga", "Klaus", "Ursula", "Wolfgang"],
    "Courriel": ["a@exemple.fr", "b@exemple.fr", "c@exemple.fr", "d@exemple.fr", "e@exemple.fr"],
    "Teléfono": ["612 345 678", "612 345 679", "612 345 680", "612 345 681", "612 345 682"],
    "Q7": [
        "zoe@corp.example",
        "yan@corp.example",
        "xi@corp.example",
        "will@corp.example",
        "val@corp.example",
    ],
    "Q8": ["192.168.1.10", "192.168.1.11", "10.0.0.12", "10.0.0.13", "172.16.0.14"],
}
PLANTED = [value for values in PERSONAL_HEADERS.values() for value in values]


def personal_survey(folder: Path) -> Path:
    rows = []
    for i in range(10):
        row = {"Division": "Sales" if i < 5 else "Service", "S01": "Yes" if i % 2 else "No"}
        row |= {header: values[i % 5] for header, values in PERSONAL_HEADERS.items()}
        rows.append(row)
    path = folder / "people.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ("score",),
        ("score", "--format", "csv"),
        ("findings", "--format", "json"),
        ("findings", "--format", "text"),
        ("inspect",),
        ("inspect", "--format", "json"),
    ],
)
def test_no_personal_value_in_any_output(tmp_path: Path, capsys, argv) -> None:
    path = personal_survey(tmp_path)
    run = run_cli(capsys, argv[0], path, *argv[1:])
    assert run.code == 0, run.err
    said = run.out + run.err
    assert [value for value in PLANTED if value in said] == []
    if argv[0] == "inspect":
        for header in PERSONAL_HEADERS:
            assert header.rstrip(":") in said  # listed as dropped, by name only


@pytest.mark.parametrize(
    ("mapping", "options", "words"),
    [
        ("column,item\nYour name,S02\n", (), "cannot be used as S02"),
        ("", ("--division-column", "Naam:"), "cannot be used as division"),
        ("column,item\nQ7,division\n", (), "cannot be used as division"),
        ("column,item\nNotes,S02\n", (), "different answers"),
        ("column,item\nNotes,division\n", (), "does not name divisions"),
    ],
)
def test_mistaken_mappings_are_refused_without_quoting_anyone(
    tmp_path: Path, capsys, mapping: str, options: tuple[str, ...], words: str
) -> None:
    path = personal_survey(tmp_path)
    frame = pd.read_csv(path, dtype=str)
    frame = pd.concat([frame] * 3, ignore_index=True)
    frame["Notes"] = [
        f"{first} said the kick-off went well on day {i}"
        for i, first in enumerate(["Ann Lee", "Ben Ray", "Cy Ode", "Di Fox", "Ed Gill"] * 6)
    ]
    frame.to_csv(path, index=False)
    argv = ["score", path, *options]
    if mapping:
        argv += ["--mapping", write(tmp_path / "m.csv", mapping)]
    run = run_cli(capsys, *argv)
    assert_bad_input(run, words)
    assert [value for value in [*PLANTED, "Ann Lee", "kick-off"] if value in run.err] == []


# --------------------------------------------------------------------------- board pack

HIDDEN_IN_SAMPLE = ("Human Resources", "Marketing")  # too small to show at the minimum of 5


def _all_text(path: Path) -> str:
    """Every piece of text a written file holds: each part of a zip (a deck, a workbook, the
    briefs), the workbooks embedded in a deck's charts, the text of a PDF."""

    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix in (".pptx", ".xlsx", ".zip"):
        return _zip_text(path.read_bytes())
    return path.read_text(encoding="utf-8")


def _zip_text(data: bytes) -> str:
    import zipfile

    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            inner = archive.read(name)
            if name.endswith((".xlsx", ".pptx")):
                parts.append(_zip_text(inner))
            else:
                parts.append(inner.decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def _board_files(folder: Path) -> list[str]:
    return [
        "--out",
        folder / "deck.pptx",
        "--pdf",
        folder / "report.pdf",
        "--html",
        folder / "report.html",
        "--xlsx",
        folder / "scores.xlsx",
        "--csv",
        folder / "scores.csv",
        "--briefs",
        folder / "briefs",
    ]


def test_board_pack_writes_every_file_and_no_small_group_in_any(tmp_path: Path, capsys) -> None:
    from pptx import Presentation

    from cxmaturity.resources import SAMPLE_SURVEY

    run = run_cli(capsys, "board-pack", SAMPLE_SURVEY, *_board_files(tmp_path))
    assert run.code == 0, run.err
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert {p.name for p in written} >= {
        "deck.pptx",
        "report.pdf",
        "report.html",
        "scores.xlsx",
        "scores.csv",
    }
    briefs = sorted((tmp_path / "briefs").iterdir())
    assert len(briefs) == 6  # the eight divisions of the sample less the two too small to show
    assert sorted(run.out.splitlines()) == sorted(f"wrote {p}" for p in written)
    for path in written:
        text = _all_text(path)
        assert [name for name in HIDDEN_IN_SAMPLE if name in text] == [], path.name
    deck = Presentation(tmp_path / "deck.pptx")
    assert deck.slides[0].shapes.title.text == "Customer-work maturity"
    assert not list(tmp_path.rglob("*.partial"))


def test_board_pack_of_a_saved_wave_shows_the_change_since_the_one_before(
    tmp_path: Path, capsys
) -> None:
    from pptx import Presentation

    from cxmaturity.sample import sample_rounds

    for name, when, frame in sample_rounds()[:2]:
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        run = run_cli(capsys, "import", path, "--wave", name, "--date", when.isoformat())
        assert run.code == 0, run.err
    out = tmp_path / "deck.pptx"
    run = run_cli(capsys, "board-pack", "--wave", "End 2025", "--out", out)
    assert run.code == 0, run.err
    titles = [s.shapes.title.text for s in Presentation(out).slides if s.shapes.title is not None]
    assert "What changed since Mid-2025" in titles
    first = tmp_path / "first.pptx"
    assert run_cli(capsys, "board-pack", "--wave", "Mid-2025", "--out", first).code == 0
    titles = [s.shapes.title.text for s in Presentation(first).slides if s.shapes.title is not None]
    assert not any(t.startswith("What changed") for t in titles)


@pytest.mark.parametrize(
    ("extra", "mention"),
    [
        (("--template", "{tmp}/missing.pptx"), "missing.pptx"),
        (("--template", "{tmp}/not-a-deck.pptx"), "not-a-deck.pptx"),
        (("--html", "{tmp}/nowhere/report.html"), "nowhere"),
        (("--briefs", "{tmp}/old-briefs"), "old-briefs already holds files"),
        (("--briefs", "{tmp}/new-briefs", "--html", "{tmp}/nowhere/r.html"), "nowhere"),
    ],
)
def test_board_pack_failures_are_one_line_and_write_nothing(
    tmp_path: Path, capsys, extra: tuple[str, ...], mention: str
) -> None:
    from cxmaturity.resources import SAMPLE_SURVEY

    write(tmp_path / "not-a-deck.pptx", "hello")
    (tmp_path / "old-briefs").mkdir()
    write(tmp_path / "old-briefs" / "Marketing.pptx", "an earlier brief")
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in extra]
    run = run_cli(capsys, "board-pack", SAMPLE_SURVEY, "--out", tmp_path / "deck.pptx", *argv)
    assert_bad_input(run, mention)
    assert not (tmp_path / "deck.pptx").exists()
    assert not list(tmp_path.rglob("*.partial"))
    assert not (tmp_path / "new-briefs").exists()  # a folder made for the briefs is taken back


def test_board_pack_holds_no_personal_value(tmp_path: Path, capsys) -> None:
    path = personal_survey(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    run = run_cli(capsys, "board-pack", path, *_board_files(out))
    assert run.code == 0, run.err
    for written in (p for p in out.rglob("*") if p.is_file()):
        text = _all_text(written)
        assert [value for value in PLANTED if value in text] == [], written.name


def _edge_survey(folder: Path, divisions: dict[str, int], items: list[str], answers) -> Path:
    rows = []
    for division, size in divisions.items():
        for k in range(size):
            rows.append({"Division": division} | {i: answers(k, j) for j, i in enumerate(items)})
    path = folder / "edge.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


AGREE = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
ALL_ITEMS = [f"S{k:02d}" for k in range(1, 12)] + ["T01", "T02", "T03"]


@pytest.mark.parametrize(
    ("divisions", "items", "answers"),
    [
        ({"Sales": 12}, ALL_ITEMS, lambda k, j: AGREE[(k + j) % 5]),  # one division
        ({"A": 3, "B": 3, "C": 2}, ALL_ITEMS, lambda k, j: AGREE[k % 5]),  # none may be shown
        ({"A": 6, "B": 7, "C": 8}, ALL_ITEMS, lambda k, j: "Yes" if (k + j) % 3 else "No"),
        ({"A": 6, "B": 7}, ["S05"], lambda k, j: AGREE[k % 5]),  # one statement, one pillar
        ({"A": 6, "B": 7}, ALL_ITEMS, lambda k, j: AGREE[2]),  # everyone answers the same
    ],
    ids=["one-division", "all-hidden", "yes-no", "one-statement", "no-variance"],
)
def test_board_pack_is_made_for_any_valid_survey(
    tmp_path: Path, capsys, divisions, items, answers
) -> None:
    path = _edge_survey(tmp_path, divisions, items, answers)
    out = tmp_path / "out"
    out.mkdir()
    run = run_cli(capsys, "board-pack", path, *_board_files(out))
    assert run.code == 0, run.err
    assert (out / "deck.pptx").stat().st_size > 0
