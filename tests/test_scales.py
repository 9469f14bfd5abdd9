from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from cxmaturity.scales import encode, load_scales, numeric_scale, parse_range
from cxmaturity.text import clean

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


def counts(values: list[object]) -> pd.Series:
    """Answer counts as the loader hands them over: cleaned text, blanks left out."""
    cleaned = [clean(v) for v in values if v is not None and clean(v)]
    return pd.Series(Counter(cleaned), dtype="int64")


def encode_one(values: list[object], **options):
    return encode({"S01": counts(values)}, {"S01": "column 'Q1'"}, **options)


def positions(encoded, values: list[object], item: str = "S01") -> list[int | None]:
    lookup = encoded.lookups.get(item, {})
    return [None if v is None else lookup.get(clean(v)) for v in values]


@pytest.mark.parametrize(
    ("answers", "scale", "expected"),
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
def test_labelled_scales(answers, scale, expected) -> None:
    encoded, problems = encode_one(answers)
    assert problems == []
    assert encoded.scales["S01"].name == scale
    assert positions(encoded, answers) == expected


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
    assert positions(encoded, ["Yes", missing]) == [2, None]


@pytest.mark.parametrize(
    ("answers", "declared", "name", "expected", "note"),
    [
        (["1", "3", "5"], None, "numeric 1–5", [1, 3, 5], "inferred: the answers run from 1 to 5"),
        (["1", "4"], None, "numeric 1–5", [1, 4], "declare the scale if it is another"),
        (["2", "6", "7"], None, "numeric 1–7", [2, 6, 7], "a 1–7 scale"),
        (["1", "3.0"], None, "numeric 1–5", [1, 3], "inferred"),
        (["1", "9"], None, "numeric 1–10", [1, 9], "a 1–10 scale"),
        (["0", "3", "10"], None, "numeric 0–10", [1, 4, 11], "a 0–10 scale"),
        (["0", "3"], None, "numeric 0–10", [1, 4], "from 0 to 3"),
        (["1", "4"], (1, 7), "numeric 1–7", [1, 4], None),
        (["1", "4"], (1, 4), "numeric 1–4", [1, 4], None),
        (["1", "6"], (1, 6), "numeric 1–6", [1, 6], None),
    ],
)
def test_numeric_scales(answers, declared, name, expected, note) -> None:
    encoded, problems = encode_one(answers, numeric=declared)
    assert problems == []
    assert encoded.scales["S01"].name == name
    assert positions(encoded, answers) == expected
    if note is None:
        assert encoded.notes == ()
    else:
        assert note in encoded.notes[0]


def test_numeric_scale_is_inferred_over_all_items() -> None:
    encoded, problems = encode(
        {"S01": counts(["1", "2"]), "S02": counts(["6", "7"])}, {"S01": "a", "S02": "b"}
    )
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
        (["1", "11"], None, "answer_out_of_range", ["'11' (1 rows)", "1–10"]),
        (["0", "3"], (1, 5), "answer_out_of_range", ["'0' (1 rows)"]),
        (["6", "3"], (1, 5), "answer_out_of_range", ["'6' (1 rows)", "1–5"]),
    ],
)
def test_problems_name_column_label_and_count(answers, declared, code, fragments) -> None:
    _, problems = encode_one(answers, numeric=declared)
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


@pytest.mark.parametrize(
    ("lowest", "highest", "favourable_values"),
    [
        (1, 5, [4, 5]),
        (1, 7, [5, 6, 7]),
        (1, 4, [3, 4]),
        (1, 6, [4, 5, 6]),
        (0, 10, [6, 7, 8, 9, 10]),
        (1, 10, [6, 7, 8, 9, 10]),
    ],
)
def test_numeric_scales_are_favourable_above_the_midpoint(lowest, highest, favourable_values):
    scale = numeric_scale(lowest, highest)
    values = [scale.value(p) for p in range(scale.favourable_from, scale.points + 1)]
    assert values == favourable_values


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1-4", (1, 4)), ("0–10", (0, 10)), (" 1 - 7 ", (1, 7))],
)
def test_parse_range(text, expected) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["5-1", "1", "a-b", "1-1", "0-1000"])
def test_parse_range_refuses(text) -> None:
    with pytest.raises(ValueError, match="range of whole numbers"):
        parse_range(text)


def test_an_unanswered_item_has_no_scale() -> None:
    encoded, problems = encode_one([None, "N/A"])
    assert problems == []
    assert "S01" not in encoded.scales


def test_negative_codes_are_missing_and_noted() -> None:
    encoded, problems = encode_one(["1", "-1", "5", "-99"])
    assert problems == []
    assert positions(encoded, ["1", "-1", "5", "-99"]) == [1, None, 5, None]
    assert any("2 answers coded below zero" in note for note in encoded.notes)


def test_yes_no_exported_as_numbers_is_flagged() -> None:
    encoded, _ = encode(
        {"S01": counts(["1", "2"]), "S02": counts(["5", "3"])},
        {"S01": "column 'Q1'", "S02": "column 'Q2'"},
    )
    assert any(note.startswith("column 'Q1': only the answers 1 and 2") for note in encoded.notes)
