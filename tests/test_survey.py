"""Reading files into tidy responses: row accounting, privacy and every problem at once."""

from __future__ import annotations

import pytest

from cxmaturity import SurveyError, read_survey


def test_only_understood_columns_are_kept(write_csv) -> None:
    path = write_csv(
        "Name,Email,IP Address,Division,Role,S01,Comments\n"
        "Ann Smith,ann@example.com,10.0.0.1,A,manager,Yes,Great place\n"
    )
    survey = read_survey([path])
    kept = set(survey.respondents.columns) | set(survey.positions.columns)
    assert kept == {"division", "source", "role", "S01"}
    assert "ann@example.com" not in survey.respondents.to_csv()
    assert survey.report.files[0].personal_dropped == ("Name", "Email", "IP Address")
    assert survey.report.files[0].columns.ignored == ("Comments",)


def test_rows_are_accounted_for(write_csv) -> None:
    path = write_csv("Division,S01,S02\nA,Yes,\n,No,Agree\nB,,\nB,N/A,Don't know\nA,No,Agree\n")
    survey = read_survey([path])
    assert survey.rows_read == 5
    assert len(survey.respondents) == 2
    assert survey.exclusions == {
        "duplicate response": 0,
        "conflicting duplicates": 0,
        "no division": 1,
        "no answered item": 2,
    }


DUPLICATES = "Response ID,Division,Wave,Date,S01\n"


@pytest.mark.parametrize(
    ("rows", "kept", "duplicate", "conflict"),
    [
        # identical copies count once
        (["r1,A,,,Yes", "r1,A,,,Yes", "r2,A,,,No"], {"r1": "Yes", "r2": "No"}, 1, 0),
        # copies that differ, no date: both excluded
        (["r1,A,,,Yes", "r1,A,,,No", "r2,A,,,No"], {"r2": "No"}, 0, 2),
        # copies that differ: the latest response date wins, whatever the order
        (
            ["r1,A,,2024-03-02,No", "r1,A,,2024-03-01,Yes", "r2,A,,,No"],
            {"r1": "No", "r2": "No"},
            1,
            0,
        ),
        (
            ["r1,A,,2024-03-01,Yes", "r1,A,,2024-03-02,No", "r2,A,,,No"],
            {"r1": "No", "r2": "No"},
            1,
            0,
        ),
        # a tie on the latest date is a conflict
        (["r1,A,,2024-03-01,Yes", "r1,A,,2024-03-01,No"], {}, 0, 2),
        # ids restart each survey round: the same id in two waves is two respondents
        (["r1,A,2023,,Yes", "r1,A,2024,,No"], {"r1": "Yes|No"}, 0, 0),
    ],
)
def test_duplicate_response_ids(write_csv, rows, kept, duplicate, conflict) -> None:
    text = DUPLICATES + "\n".join(rows) + "\n"
    if not kept:
        with pytest.raises(SurveyError, match="2 are duplicates"):
            read_survey([write_csv(text)])
        return
    survey = read_survey([write_csv(text)])
    assert survey.exclusions["duplicate response"] == duplicate
    assert survey.exclusions["conflicting duplicates"] == conflict
    answers = sorted("Yes" if code == 2 else "No" for code in survey.codes[:, 0])
    assert answers == sorted("|".join(kept.values()).split("|"))


def test_all_problems_are_reported_together(write_csv) -> None:
    path = write_csv("Division,S01,S02,NPS\nA,Maybe,Agree,11\nA,Yes,Perhaps,3\n")
    with pytest.raises(SurveyError) as caught:
        read_survey([path])
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["nps_out_of_range", "unknown_label", "unknown_label"]
    message = str(caught.value)
    assert message.startswith("3 problems in the survey answers")
    for fragment in ("'Maybe' (1 rows)", "'Perhaps' (1 rows)", "'11' (1 rows)"):
        assert fragment in message


def test_no_items_names_the_file(write_csv) -> None:
    """In words the dashboard can show: no command-line option, no path into the docs."""
    with pytest.raises(SurveyError, match=r"no survey statements recognised in \S*other\.csv") as e:
        read_survey([write_csv("Division,Q1\nA,3\n", name="other.csv")])
    message = e.value.problems[0].message
    assert "(S01, S02, S03 …)" in message
    assert "--" not in message and "docs/" not in message and ".md" not in message


def test_single_file_without_division_column(write_csv) -> None:
    with pytest.raises(SurveyError, match=r"no division column found.*choose the column"):
        read_survey([write_csv("Unit name,S01\nA,Yes\n")])


def test_files_must_agree_on_divisions(tmp_path) -> None:
    (tmp_path / "a.csv").write_text("Division,S01\nA,Yes\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("S01\nYes\n", encoding="utf-8")
    with pytest.raises(SurveyError, match=r"b\.csv: no division column found"):
        read_survey([tmp_path / "a.csv", tmp_path / "b.csv"])


def test_nothing_scorable_is_an_error(write_csv) -> None:
    with pytest.raises(SurveyError, match=r"no respondent .* can be scored"):
        read_survey([write_csv("Division,S01\nA,\n,Yes\n")])


def test_scales_are_inferred_across_files(tmp_path) -> None:
    (tmp_path / "a.csv").write_text("S01\nAgree\nStrongly agree\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("S01\nSomewhat agree\nAgree\n", encoding="utf-8")
    survey = read_survey([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert survey.scales["S01"].points == 7
    assert survey.positions["S01"].tolist() == [6, 7, 5, 6]


def test_negative_division_codes_are_no_division(write_csv) -> None:
    survey = read_survey([write_csv("Division,S01\nA,Yes\n-1,No\n-99,Yes\nA,No\n")])
    assert survey.exclusions["no division"] == 2


def test_inspect_json_lists_columns_when_nothing_matched(write_csv, capsys) -> None:
    from cxmaturity.cli import main

    assert main(["inspect", str(write_csv("Dept,Q1\nA,3\n")), "--format", "json"]) == 2
    import json

    listed = json.loads(capsys.readouterr().out)["files"][0]["columns"]
    assert [c["name"] for c in listed] == ["Dept", "Q1"]
