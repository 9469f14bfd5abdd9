from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.scales import encode, load_scales

FIVE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
SEVEN = [
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
]


def encode_one(values: list[object], **options):
    frame = pd.DataFrame({"S01": pd.Series(values, dtype=object)})
    encoded, problems = encode(frame, {"S01": "column 'Q1'"}, **options)
    return encoded, problems


@pytest.mark.parametrize(
    ("answers", "scale", "positions"),
    [
        (["Yes", "No", "yes", "NO"], "yes/no", [2, 1, 2, 1]),
        (["Yes, there is", "No, there is not", "Y", "n"], "yes/no", [2, 1, 2, 1]),
        (FIVE, "5-point agreement", [1, 2, 3, 4, 5]),
        (
            ["strongly AGREE", " Neutral ", "Neither agree or disagree", "agree."],
            "5-point agreement",
            [5, 3, 3, 4],
        ),
        (
            [
                "Strongly disagree",
                "Somewhat disagree",
                "Neither agree nor disagree",
                "Somewhat agree",
                "Strongly agree",
            ],
            "5-point agreement (somewhat)",
            [1, 2, 3, 4, 5],
        ),
        (SEVEN, "7-point agreement", [1, 2, 3, 4, 5, 6, 7]),
        (["Agree", "Somewhat agree"], "7-point agreement", [6, 5]),
        (["Slightly disagree", "Disagree"], "7-point agreement", [3, 2]),
    ],
)
def test_labelled_scales(answers, scale, positions) -> None:
    encoded, problems = encode_one(answers)
    assert problems == []
    assert encoded.scales["S01"].name == scale
    assert encoded.positions["S01"].tolist() == positions


@pytest.mark.parametrize(
    "missing",
    [
        None,
        "N/A",
        "n/a",
        "NA",
        "Not applicable",
        "Don't know",
        "Don’t know",
        "DON'T KNOW",
        "Prefer not to say",
        "Prefer not to answer",
    ],
)
def test_missing_answers_are_not_scored(missing) -> None:
    encoded, problems = encode_one(["Yes", missing])
    assert problems == []
    assert encoded.positions["S01"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("answers", "declared", "points", "positions", "note"),
    [
        (["1", "3", "5"], None, 5, [1, 3, 5], "inferred: the largest answer is 5"),
        (["1", "4"], None, 5, [1, 4], "inferred: the largest answer is 4"),
        (["2", "6", "7"], None, 7, [2, 6, 7], "inferred: the largest answer is 7"),
        (["1", "3.0"], None, 5, [1, 3], "inferred"),
        (["1", "4"], 7, 7, [1, 4], None),
    ],
)
def test_numeric_scales(answers, declared, points, positions, note) -> None:
    encoded, problems = encode_one(answers, numeric_points=declared)
    assert problems == []
    assert encoded.scales["S01"].points == points
    assert encoded.positions["S01"].tolist() == positions
    if note is None:
        assert encoded.notes == ()
    else:
        assert note in encoded.notes[0]


def test_numeric_scale_is_inferred_over_all_items() -> None:
    frame = pd.DataFrame({"S01": ["1", "2"], "S02": ["6", "7"]}, dtype=object)
    encoded, problems = encode(frame, {"S01": "a", "S02": "b"})
    assert problems == []
    assert {s.points for s in encoded.scales.values()} == {7}


@pytest.mark.parametrize(
    ("answers", "declared", "code", "fragments"),
    [
        (
            ["Yes", "Maybe", "Maybe", "Sometimes"],
            None,
            "unknown_label",
            ["'Q1'", "'Maybe' (2 rows)", "'Sometimes' (1 rows)"],
        ),
        (["Agree", "4"], None, "unknown_label", ["'4' (1 rows)"]),
        (["Yes", "Agree"], None, "mixed_scales", ["'Q1'", "'Yes'", "'Agree'"]),
        (["1", "9"], None, "answer_out_of_range", ["'9' (1 rows)", "1–7"]),
        (["0", "3"], None, "answer_out_of_range", ["'0' (1 rows)"]),
        (["6", "3"], 5, "answer_out_of_range", ["'6' (1 rows)", "1–5"]),
    ],
)
def test_problems_name_column_label_and_count(answers, declared, code, fragments) -> None:
    _, problems = encode_one(answers, numeric_points=declared)
    assert [p.code for p in problems] == [code]
    for fragment in fragments:
        assert fragment in problems[0].message


@pytest.mark.parametrize(
    ("scale", "favourable"),
    [
        ("yes/no", [False, True]),
        ("5-point agreement", [False, False, False, True, True]),
        ("7-point agreement", [False, False, False, False, True, True, True]),
    ],
)
def test_favourable_positions(scale, favourable) -> None:
    found = next(s for s, _ in load_scales().labelled if s.name == scale)
    positions = range(1, found.points + 1)
    assert [p >= found.favourable_from for p in positions] == favourable


def test_numeric_favourable_thresholds() -> None:
    numeric = load_scales().numeric
    assert (numeric[5].favourable_from, numeric[7].favourable_from) == (4, 5)


def test_an_unanswered_item_has_no_scale() -> None:
    encoded, problems = encode_one([None, "N/A"])
    assert problems == []
    assert "S01" not in encoded.scales


def test_negative_codes_are_missing_and_noted() -> None:
    encoded, problems = encode_one(["1", "-1", "5", "-99"])
    assert problems == []
    assert encoded.positions["S01"].isna().tolist() == [False, True, False, True]
    assert any("2 answers coded below zero" in note for note in encoded.notes)


def test_yes_no_exported_as_numbers_is_flagged() -> None:
    frame = pd.DataFrame({"S01": ["1", "2"], "S02": ["5", "3"]}, dtype=object)
    encoded, _ = encode(frame, {"S01": "column 'Q1'", "S02": "column 'Q2'"})
    assert any(note.startswith("column 'Q1': only the answers 1 and 2") for note in encoded.notes)
