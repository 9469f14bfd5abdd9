"""The scoring contract on a survey small enough to work out by hand.

Division A (3 people), B (3), C (1) and D (1) — C and D under the minimum of 2, hidden together
(two hidden divisions holding 2 people: neither can be worked out from the organisation).
S01 is Yes/No, S02 five-point.
  S01 scores  A: 100 100 0     B: 0 0 (one blank)   C: 100   D: 0
  S02 scores  A: 75 100 25     B: 75 75 100          C: 100   D: 0
  NPS         A: 10 9 6        B: 8 7 (blank)        C: 0     D: 3
plus one row without a division and one row that answered nothing.
"""

from __future__ import annotations

import math

import pytest

from cxmaturity import build_survey, read_survey, score
from cxmaturity.levels import level_for

S01 = "There is someone in our company who clarifies what we are to accomplish with customers."
HAND = f"""Division,{S01},S02,How likely are you to recommend us?
A,Yes,Agree,10
A,Yes,Strongly agree,9
A,No,Disagree,6
B,No,Agree,8
B,"No, there is not",Agree,7
B,,Strongly agree,
C,Yes,Strongly agree,0
D,No,Strongly disagree,3
,Yes,Agree,5
A,,N/A,10
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = tmp_path_factory.mktemp("hand") / "hand.csv"
    path.write_text(HAND, encoding="utf-8")
    return score(read_survey([path]), min_group_size=2).to_dict()


def test_row_accounting(results) -> None:
    assert results["rows_read"] == 10
    assert results["respondents"] == 8
    assert results["rows_excluded"] == 2
    assert results["exclusions"] == {
        "duplicate response": 0,
        "conflicting duplicates": 0,
        "no division": 1,
        "no answered item": 1,
    }


@pytest.mark.parametrize(
    ("group", "item", "score", "pct_favourable", "n"),
    [
        ("organisation", "S01", 300 / 7, 300 / 7, 7),  # Yes 3 of 7
        ("organisation", "S02", 550 / 8, 75.0, 8),  # 75+100+25 + 75+75+100 + 100 + 0
        ("A", "S01", 200 / 3, 200 / 3, 3),
        ("A", "S02", 200 / 3, 200 / 3, 3),
        ("B", "S01", 0.0, 0.0, 2),
        ("B", "S02", 250 / 3, 100.0, 3),
    ],
)
def test_statement_scores(results, group, item, score, pct_favourable, n) -> None:
    scores = results["organisation"] if group == "organisation" else results["divisions"][group]
    statement = scores["statements"][item]
    assert statement["score"] == pytest.approx(score, abs=1e-12)
    assert statement["pct_favourable"] == pytest.approx(pct_favourable, abs=1e-12)
    assert statement["n"] == n


@pytest.mark.parametrize(
    ("group", "overall", "level", "people", "process"),
    [
        ("organisation", (300 / 7 + 550 / 8) / 2, 3, 300 / 7, 550 / 8),
        ("A", 200 / 3, 4, 200 / 3, 200 / 3),
        ("B", 125 / 3, 3, 0.0, 250 / 3),
    ],
)
def test_group_scores_and_pillars(results, group, overall, level, people, process) -> None:
    scores = results["organisation"] if group == "organisation" else results["divisions"][group]
    assert scores["score"] == pytest.approx(overall, abs=1e-12)
    assert scores["level"] == level
    assert scores["level_name"] == level_for(overall).name
    assert scores["pillars"]["people"] == pytest.approx(people, abs=1e-12)
    assert scores["pillars"]["process"] == pytest.approx(process, abs=1e-12)
    assert scores["pillars"]["technology"] is None


def test_organisation_is_respondent_weighted(results) -> None:
    division_mean = (200 / 3 + 250 / 3 + 100) / 3
    assert results["organisation"]["statements"]["S02"]["score"] != pytest.approx(division_mean)
    assert results["organisation"]["n"] == 8


def test_small_divisions_are_hidden_everywhere(results) -> None:
    assert set(results["divisions"]) == {"A", "B"}
    assert results["divisions_not_shown"] == 2
    for gap in results["gaps"].values():
        assert {"C", "D"}.isdisjoint((gap["min_division"], gap["max_division"]))


def test_one_small_division_hides_the_smallest_other_too(tmp_path) -> None:
    """At a minimum of 3, C and D (1 + 1) are too few to hide each other: A is hidden as well
    (A and B tie at 3 people; A comes first in the alphabet), and only B is shown."""
    path = tmp_path / "hand.csv"
    path.write_text(HAND, encoding="utf-8")
    results = score(read_survey([path]), min_group_size=3).to_dict()
    assert set(results["divisions"]) == {"B"}
    assert results["divisions_not_shown"] == 3
    assert results["divisions"]["B"]["withheld"] == ["S01"]  # answered by 2 in B
    assert set(results["divisions"]["B"]["statements"]) == {"S02"}
    assert results["divisions"]["B"]["score"] == pytest.approx(250 / 3)


@pytest.mark.parametrize(
    ("item", "range_", "std", "lowest", "highest", "icc1"),
    [
        ("S01", 200 / 3, 200 / 3 / math.sqrt(2), "B", "A", 7 / 19),
        ("S02", 50 / 3, 50 / 3 / math.sqrt(2), "A", "B", -0.2),
    ],
)
def test_gaps(results, item, range_, std, lowest, highest, icc1) -> None:
    gap = results["gaps"][item]
    assert gap["range"] == pytest.approx(range_, abs=1e-12)
    assert gap["std"] == pytest.approx(std, abs=1e-12)
    assert (gap["min_division"], gap["max_division"]) == (lowest, highest)
    assert gap["icc1"] == pytest.approx(icc1, abs=1e-12)


def test_intervals_and_agreement(results) -> None:
    a = results["divisions"]["A"]["statements"]["S01"]
    t_975_2 = 0.95 * math.sqrt(2 / (1 - 0.95**2))  # closed form of t(0.975) with 2 df
    half = t_975_2 * math.sqrt(10000 / 3) / math.sqrt(3)
    assert (a["score_ci_low"], a["score_ci_high"]) == pytest.approx(
        (200 / 3 - half, 200 / 3 + half), abs=1e-9
    )
    assert (a["pct_favourable_ci_low"], a["pct_favourable_ci_high"]) == pytest.approx(
        (20.76596008, 93.85080553), abs=1e-7
    )
    assert a["rwg"] == 0.0  # Yes, Yes, No: s² = 1/3 > σ²_EU = 1/4
    assert results["divisions"]["B"]["statements"]["S02"]["rwg"] == pytest.approx(5 / 6)
    assert results["divisions"]["B"]["statements"]["S01"]["rwg"] == 1.0


@pytest.mark.parametrize(
    ("group", "nps", "n"),
    [("organisation", -100 / 7, 7), ("A", 100 / 3, 3), ("B", 0.0, 2)],
)
def test_nps(results, group, nps, n) -> None:
    scores = results["organisation"] if group == "organisation" else results["divisions"][group]
    assert scores["nps"]["score"] == pytest.approx(nps, abs=1e-12)
    assert scores["nps"]["n"] == n


def test_without_nps_column_nps_is_null(write_csv) -> None:
    path = write_csv("Division,S01\nA,Yes\nA,No\n")
    assert score(read_survey([path]), min_group_size=1).to_dict()["organisation"]["nps"] is None


def test_items_list_text_and_pillar(results) -> None:
    assert list(results["items"]) == ["S01", "S02"]
    assert results["items"]["S01"]["text"] == S01
    assert results["items"]["S02"]["pillar"] == "process"


@pytest.mark.parametrize(
    ("score_", "level"),
    [
        (0, 1),
        (19.999999, 1),
        (20, 2),
        (39.99, 2),
        (40, 3),
        (59.9, 3),
        (60, 4),
        (79.999, 4),
        (80, 5),
        (100, 5),
    ],
)
def test_level_bands(score_, level) -> None:
    assert level_for(score_).level == level


def test_level_of_no_score_is_none() -> None:
    assert level_for(None) is None and level_for(float("nan")) is None


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (["Yes", "No"], 50.0),
        (["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], 50.0),
        (["Agree", "Agree", "Strongly agree"], 250 / 3),
        (["Somewhat agree", "Agree"], (200 / 3 + 250 / 3) / 2),  # 7-point: 5 → 66.7, 6 → 83.3
        (["1", "2", "5"], (0 + 25 + 100) / 3),
        (["7", "4"], (100 + 50) / 2),
    ],
)
def test_item_scores(answers, expected) -> None:
    import pandas as pd

    table = pd.DataFrame({"Division": ["A"] * len(answers), "S01": answers}, dtype=object)
    results = score(build_survey([("t.csv", "t", table)]), min_group_size=1)
    assert results.organisation.statements.loc["S01", "score"] == pytest.approx(expected)


def test_several_files_become_divisions(tmp_path) -> None:
    (tmp_path / "Sales.csv").write_text("S01,S02\nYes,Agree\nNo,Agree\n", encoding="utf-8")
    (tmp_path / "Finance.csv").write_text("S01,S02\nYes,Disagree\n", encoding="utf-8")
    results = score(read_survey(sorted(tmp_path.glob("*.csv"))), min_group_size=1).to_dict()
    assert {name: d["n"] for name, d in results["divisions"].items()} == {"Finance": 1, "Sales": 2}


def test_nine_statement_form_scores_both_items(write_csv) -> None:
    path = write_csv(
        "Division,We have a roadmap and clear metrics for the customer work.\nA,Yes\nA,No\nA,Yes\n"
    )
    statements = score(read_survey([path]), min_group_size=1).to_dict()["organisation"][
        "statements"
    ]
    assert statements["S03"]["score"] == statements["S04"]["score"] == pytest.approx(200 / 3)


def test_straight_and_curly_apostrophes_score_alike(tmp_path) -> None:
    curly = "There is real clarity of everyone’s roles and responsibilities."
    straight = curly.replace("’", "'")
    (tmp_path / "one.csv").write_text(f"Division,{curly}\nA,Agree\n", encoding="utf-8")
    (tmp_path / "two.csv").write_text(f"Division,{straight}\nA,Agree\n", encoding="utf-8")
    one = score(read_survey([tmp_path / "one.csv"]), min_group_size=1)
    two = score(read_survey([tmp_path / "two.csv"]), min_group_size=1)
    assert one.to_dict()["organisation"] == two.to_dict()["organisation"]


def test_minimum_group_size_must_be_positive(write_csv) -> None:
    from cxmaturity import CxMaturityError

    with pytest.raises(CxMaturityError, match="minimum group size"):
        score(read_survey([write_csv("Division,S01\nA,Yes\n")]), min_group_size=0)
