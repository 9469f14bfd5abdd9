"""The chart tables on a survey small enough to work out by hand.

Division A (3 people), B (3), C (1) and D (1) — C and D under the minimum of 2, hidden
together. S01 and S03 are Yes/No, S02 five-point; nobody in B or D answered S03.
  S01  A: 100 100 0   B: 0 0 100   C: 100   D: 0   organisation 400/8 = 50
  S02  A: 75 100 25   B: 75 50 0   C: 100   D: 0   organisation 425/8 = 53.125
  S03  A: 100 100 0   B: —         C: 100   D: —   organisation 300/4 = 75
Roles: leaders are A1, B1, B3; the front line A2, A3, B2, C1, D1.
NPS A: 10 9 6, B: 7 8 0, C: 10, D: 0.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest
from scipy import stats as sps

from cxmaturity import CxMaturityError, build_survey, score, views

FRAME = pd.DataFrame(
    {
        "Division": ["A", "A", "A", "B", "B", "B", "C", "D"],
        "Role": [
            "executive",
            "frontline",
            "frontline",
            "manager",
            "frontline",
            "executive",
            "frontline",
            "frontline",
        ],
        "S01": ["Yes", "Yes", "No", "No", "No", "Yes", "Yes", "No"],
        "S02": [
            "Agree",
            "Strongly agree",
            "Disagree",
            "Agree",
            "Neither agree nor disagree",
            "Strongly disagree",
            "Strongly agree",
            "Strongly disagree",
        ],
        "S03": ["Yes", "Yes", "No", None, None, None, "Yes", None],
        "How likely are you to recommend us?": [10, 9, 6, 7, 8, 0, 10, 0],
    }
)


@pytest.fixture(scope="module")
def survey():
    return build_survey([("t.csv", "t", FRAME)])


@pytest.fixture(scope="module")
def results(survey):
    return score(survey, min_group_size=2)


def test_statement_rows_are_grouped_by_pillar_in_framework_order(results) -> None:
    rows = views.statement_rows(results)
    assert list(rows.index) == ["S01", "S02", "S03"]
    assert list(rows["pillar_name"]) == ["People", "Process", "Process"]


@pytest.mark.parametrize(
    ("measure", "difference", "cell", "expected"),
    [
        ("score", False, ("S01", "A"), 200 / 3),
        ("score", False, ("S02", "B"), 125 / 3),
        ("score", False, ("S01", "Organisation"), 50.0),
        ("score", False, ("S01", "Spread"), 100 / 3),
        ("score", False, ("S02", "Spread"), 25.0),
        ("pct_favourable", False, ("S02", "A"), 200 / 3),
        ("pct_favourable", False, ("S02", "Organisation"), 50.0),
        ("score", True, ("S01", "A"), 200 / 3 - 50),
        ("score", True, ("S02", "A"), 200 / 3 - 425 / 8),
        ("score", True, ("S02", "Spread"), 25.0),
        ("pct_favourable", True, ("S02", "A"), 200 / 3 - 50),
        ("pct_favourable", True, ("S01", "B"), 100 / 3 - 50),
        # the organisation keeps its own value: the reference every difference is taken from
        ("score", True, ("S02", "Organisation"), 425 / 8),
        ("pct_favourable", True, ("S02", "Organisation"), 50.0),
    ],
)
def test_heatmap_values(results, measure, difference, cell, expected) -> None:
    table = views.heatmap_table(results, measure, difference=difference)
    assert table.wide().loc[cell] == pytest.approx(expected)


def test_heatmap_difference_moves_the_interval_with_the_value(results) -> None:
    plain, moved = (views.heatmap_table(results, difference=d) for d in (False, True))
    shift = plain.wide().loc["S01", "Organisation"]
    for field in ("ci_low", "ci_high"):
        assert moved.wide(field).loc["S01", "A"] == pytest.approx(
            plain.wide(field).loc["S01", "A"] - shift
        )


def test_heatmap_groups(results) -> None:
    table = views.heatmap_table(results)
    assert table.groups == ("Organisation", "A", "B", "Spread")
    assert table.order == table.divisions == ("A", "B")


def test_hidden_divisions_have_no_row_and_no_data_is_said(results) -> None:
    table = views.heatmap_table(results)
    status = table.wide("status")
    assert not {"C", "D"} & set(table.cells["group"])
    assert status.loc["S03", "A"] == "suppressed"
    assert table.wide().isna().loc["S03", "A"]
    assert status.loc["S03", "B"] == "no data"
    assert table.wide().isna().loc["S03", "B"]
    assert table.wide("n").loc["S03", "B"] == 0
    assert status.loc["S03", "Spread"] == "no data"


def test_the_organisations_withheld_statement_is_withheld() -> None:
    """At a minimum of 5 every division is hidden, and so is S03 (4 answers) organisation-wide."""
    results = score(build_survey([("t.csv", "t", FRAME)]), min_group_size=5)
    table = views.heatmap_table(results)
    assert table.groups == ("Organisation", "Spread")
    assert table.wide("status").loc["S03", "Organisation"] == "suppressed"
    assert table.wide().isna().loc["S03", "Organisation"]
    assert views.heatmap_pages(table) == ()
    assert views.heatmap_selection(table).groups == ("Organisation", "Spread")


@pytest.mark.parametrize(
    ("measure", "problem"),
    [("mean", "measure must be one of"), ("delta", "measure must be one of")],
)
def test_heatmap_rejects_an_unknown_measure(results, measure, problem) -> None:
    with pytest.raises(CxMaturityError, match=problem):
        views.heatmap_table(results, measure)


# Four divisions of two, on S01 (Yes/No) and S02 (five points), to order and page by hand:
#   Zed  S01 100 100, S02 SA SA   score 100, % favourable 100
#   Mid  S01 100   0, S02 N  N    score  50, % favourable  25
#   Low  S01   0   0, S02 SD SD   score   0, % favourable   0
#   Odd… S01 100 100, S02 SD SD   score  50, % favourable  50
# Organisation: S01 500/8 = 62.5, S02 300/8 = 37.5 (% favourable: 62.5 and 25).
# Mean distance from it: score Zed 50, Low 50, Odd 37.5, Mid 12.5 (a tie goes by name);
# % favourable Zed 56.25, Low 43.75, Odd 31.25, Mid 18.75.
ODD = "Operations, Logistics and Customer Service Europe"
FOUR = pd.DataFrame(
    {
        "Division": ["Zed", "Zed", "Mid", "Mid", "Low", "Low", ODD, ODD],
        "S01": ["Yes", "Yes", "Yes", "No", "No", "No", "Yes", "Yes"],
        "S02": ["Strongly agree"] * 2
        + ["Neither agree nor disagree"] * 2
        + ["Strongly disagree"] * 4,
    }
)


@pytest.fixture(scope="module")
def four():
    return score(build_survey([("four.csv", "four", FOUR)]), min_group_size=2)


@pytest.mark.parametrize(
    ("measure", "sort", "order"),
    [
        ("score", "score", ("Zed", "Mid", ODD, "Low")),
        ("pct_favourable", "score", ("Zed", ODD, "Mid", "Low")),
        ("score", "name", ("Low", "Mid", ODD, "Zed")),
        ("score", "furthest", ("Low", "Zed", ODD, "Mid")),
        ("pct_favourable", "furthest", ("Zed", "Low", ODD, "Mid")),
    ],
)
def test_heatmap_order(four, measure, sort, order) -> None:
    assert views.heatmap_table(four, measure, sort).order == order


@pytest.mark.parametrize(
    ("divisions", "size", "pages"),
    [
        (0, 15, ()),
        (1, 15, ("1",)),
        (15, 15, ("1–15",)),
        (16, 15, ("1–15", "16")),
        (98, 15, ("1–15", "16–30", "31–45", "46–60", "61–75", "76–90", "91–98")),
        (4, 3, ("1–3", "4")),
    ],
)
def test_heatmap_pages(four, divisions, size, pages) -> None:
    table = replace(views.heatmap_table(four), order=tuple(f"D{i}" for i in range(divisions)))
    assert views.heatmap_pages(table, size) == pages


@pytest.mark.parametrize(
    ("page", "chosen", "drawn"),
    [
        (0, (), ("Zed", "Mid", ODD)),
        (1, (), ("Low",)),
        (7, (), ("Low",)),  # past the last page: the last page
        (-1, (), ("Zed", "Mid", ODD)),
        (1, ("Low", "Zed"), ("Zed", "Low")),  # the divisions chosen, in the table's order
    ],
)
def test_heatmap_selection(four, page, chosen, drawn) -> None:
    table = views.heatmap_table(four)
    selected = views.heatmap_selection(table, page=page, size=3, divisions=chosen)
    assert selected.groups == ("Organisation", *drawn, "Spread")
    assert selected.order == table.order
    assert set(selected.cells["group"]) == set(selected.groups)
    # the spread still compares every division shown, not only those drawn
    assert selected.wide().loc["S02", "Spread"] == pytest.approx(100.0)
    assert selected.wide("n").loc["S02", "Spread"] == 4


@pytest.mark.parametrize("name", ["C", "Nobody"])
def test_heatmap_selection_refuses_a_division_it_cannot_show(results, name) -> None:
    with pytest.raises(CxMaturityError, match="not among the divisions shown; choose from: A, B"):
        views.heatmap_selection(views.heatmap_table(results), divisions=[name])


def test_significance_welch_matches_scipy(survey, results) -> None:
    table = views.significance(survey, results).set_index(["division", "statement"])
    assert set(table.index.get_level_values("division")) == {"A", "B"}
    row = table.loc[("A", "S01")]
    expected = sps.ttest_ind([100, 100, 0], [0, 0, 100, 100, 0], equal_var=False)
    assert row["effect"] == pytest.approx(200 / 3 - 40)
    assert row["p"] == pytest.approx(expected.pvalue)
    assert (row["n"], row["rest_n"]) == (3, 5)
    assert list(table.columns[:3]) == ["effect", "ci_low", "ci_high"]
    tested = table["p"].dropna()
    adjusted = sps.false_discovery_control(tested.to_numpy())
    assert table.loc[tested.index, "p_adjusted"].to_numpy() == pytest.approx(adjusted)


def test_significance_two_proportion_by_hand(survey, results) -> None:
    table = views.significance(survey, results, measure="pct_favourable")
    row = table.set_index(["division", "statement"]).loc[("A", "S02")]
    p1, p2, pooled = 2 / 3, 2 / 5, 4 / 8
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / 3 + 1 / 5))
    assert row["effect"] == pytest.approx(100 * (p1 - p2))
    assert row["p"] == pytest.approx(2 * sps.norm.sf(abs(z)))


@pytest.mark.parametrize(
    ("item", "group", "counts"),
    [
        ("S02", "Organisation", (3, 1, 4)),
        ("S02", "A", (1, 0, 2)),
        ("S02", "B", (1, 1, 1)),
        ("S01", "B", (2, 0, 1)),
        ("S01", "Organisation", (4, 0, 4)),
    ],
)
def test_answer_distribution(survey, results, item, group, counts) -> None:
    table = views.answer_distribution(survey, results, item)
    assert tuple(table.loc[group, ["unfavourable", "neutral", "favourable"]]) == counts
    assert table.loc[group, "pct_favourable"] == pytest.approx(100 * counts[2] / sum(counts))
    assert not {"C", "D"} & set(table.index)
    assert table.index[0] == "Organisation"


def test_role_gap_table_hides_leaders_made_of_a_hidden_role(survey, results) -> None:
    """One manager (B1) is under the minimum of 2, so the executives are hidden with them, and
    leaders — executives and managers together — are not shown."""
    assert views.role_gap_table(survey, results).empty


def test_role_gap_table() -> None:
    tripled = build_survey([("t.csv", "t", pd.concat([FRAME] * 3, ignore_index=True))])
    table = views.role_gap_table(tripled, score(tripled, min_group_size=2))
    assert table.loc["S01", "leaders"] == pytest.approx(200 / 3)
    assert table.loc["S01", "front_line"] == pytest.approx(40)
    assert table.loc["S02", "gap"] == pytest.approx(50 - 55)
    assert (table.loc["S02", "leaders_n"], table.loc["S02", "front_line_n"]) == (9, 15)
    assert "S03" not in table.index  # no manager answered it: leaders are not shown on it


def test_division_profile(survey, results) -> None:
    profile = views.division_profile(survey, results, "A")
    assert profile.statements.loc["S02", "delta"] == pytest.approx(200 / 3 - 425 / 8)
    # A's S03 is withheld: with A shown, C's one answer would be the organisation minus A
    assert pd.isna(profile.statements.loc["S03", "score"])
    assert profile.pillars.loc["process", "organisation"] == pytest.approx((425 / 8 + 75) / 2)
    assert profile.statements.loc["S01", "tip"].startswith("Agree the customer goals")
    assert profile.strengths.empty and profile.weaknesses.empty  # nothing is significant


@pytest.mark.parametrize("division", ["C", "Z"])
def test_division_profile_refuses_a_division_it_cannot_show(survey, results, division) -> None:
    with pytest.raises(CxMaturityError, match="choose one of: A, B"):
        views.division_profile(survey, results, division)


def test_nps_maturity_lists_divisions_shown(results) -> None:
    table = views.nps_maturity(results).set_index("division")
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", "nps"] == pytest.approx(100 / 3)
    assert table.loc["B", "nps"] == pytest.approx(-100 / 3)
    assert table.loc["A", "score"] == pytest.approx(200 / 3)


def test_pillar_table_and_levels(results) -> None:
    pillars = views.pillar_table(results)
    assert list(pillars.index) == ["Organisation", "A", "B"]
    assert pillars.loc["B", "people"] == pytest.approx(100 / 3)
    levels = views.maturity_levels(results).set_index("division")
    assert list(levels.index) == ["A", "B"]
    assert levels.loc["A", "level_name"] == "Aligned"


def test_language_gaps_and_agreement(results) -> None:
    gaps = views.language_gaps(results)
    assert list(gaps.index) == ["S01", "S02"]
    assert gaps.loc["S01", ["min_division", "max_division"]].tolist() == ["B", "A"]
    assert gaps.loc["S01", "max_score"] == pytest.approx(200 / 3)
    agreement = views.agreement_table(results)
    assert set(agreement["division"]) == {"A", "B"}
    assert len(agreement) == 4  # B did not answer S03; A's S03 is withheld


def test_significance_is_computed_once_per_view_and_handed_out_as_copies() -> None:
    from cxmaturity import read_survey
    from cxmaturity.resources import SAMPLE_SURVEY

    sample = read_survey([SAMPLE_SURVEY])
    results = score(sample)
    first = views.significance(sample, results)
    assert first["significant"].any() and not first["significant"].all()
    first.loc[:, "significant"] = True  # a caller's change stays the caller's
    again = views.significance(sample, results)
    assert not again["significant"].all()
    assert results.__dict__["_significance"]["score"][0] is sample
    other = replace(sample)  # another survey object is never handed this one's table
    assert views.significance(other, results).equals(again)
    assert results.__dict__["_significance"]["score"][0] is other
