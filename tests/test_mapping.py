"""Mapping files: written once, reused for every export of the same survey."""

from __future__ import annotations

import pytest

from cxmaturity import CxMaturityError, load_framework, load_mapping, read_survey
from cxmaturity.mapping import write_mapping

FRAMEWORK = load_framework()


@pytest.fixture
def mapping_file(tmp_path):
    def write(text: str, name: str = "m.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_csv_mapping(mapping_file) -> None:
    mapping = load_mapping(
        mapping_file("column,item\nq01,s01\nDept.,division\nLTR,NPS\n"), FRAMEWORK
    )
    assert mapping.target_of(["Q01"]) == ("S01", "q01")
    assert mapping.target_of(["dept"]) == ("division", "Dept.")
    assert mapping.target_of(["ltr"]) == ("nps", "LTR")
    assert mapping.target_of(["other"]) is None


def test_json_mapping(mapping_file) -> None:
    mapping = load_mapping(mapping_file('{"q01": "S01", "team": "ignore"}', "m.json"), FRAMEWORK)
    assert mapping.target_of(["team"]) == ("ignore", "team")


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("col,target\nq1,S01\n", "m.csv", "must start with the header 'column,item'"),
        ("column,item\nq1,S99\nq2,boss\n", "m.csv", "2 problems in mapping file m.csv"),
        ("column,item\nq1,S01\nQ1,S02\n", "m.csv", "is mapped twice"),
        ("[1, 2]", "m.json", "must be a JSON object"),
        ("{oops", "m.json", "is not valid JSON"),
    ],
)
def test_bad_mapping_files(mapping_file, text, name, message) -> None:
    with pytest.raises(CxMaturityError, match=message):
        load_mapping(mapping_file(text, name), FRAMEWORK)


def test_a_mapping_scores_next_quarters_export_too(tmp_path, mapping_file) -> None:
    mapping = load_mapping(
        mapping_file("column,item\nq1,S01\nq2,S02\nunit,division\nnotes,ignore\n"), FRAMEWORK
    )
    first = tmp_path / "q1.csv"
    first.write_text("unit,q1,q2,notes\nA,Yes,Agree,hi\nA,No,Agree,\n", encoding="utf-8")
    later = tmp_path / "q2.csv"
    later.write_text("Q2,Unit,q1,new column\nDisagree,A,Yes,x\n", encoding="utf-8")
    for path, n in ((first, 2), (later, 1)):
        survey = read_survey([path], mapping=mapping)
        assert survey.items == ("S01", "S02")
        assert len(survey.respondents) == n
        assert "mapping file m.csv" in survey.report.files[0].columns.matched_by["q1"]


def test_mapping_overrides_recognition(tmp_path, mapping_file) -> None:
    mapping = load_mapping(mapping_file("column,item\nS01,ignore\n"), FRAMEWORK)
    path = tmp_path / "s.csv"
    path.write_text("Division,S01,S02\nA,Yes,Agree\n", encoding="utf-8")
    assert read_survey([path], mapping=mapping).items == ("S02",)


def test_write_mapping_round_trips(mapping_file) -> None:
    text = write_mapping({"q01": "S01", "dept": "division"})
    mapping = load_mapping(mapping_file(text), FRAMEWORK)
    assert mapping.target_of(["dept"]) == ("division", "dept")
