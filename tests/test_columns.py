from __future__ import annotations

import pytest

from cxmaturity.columns import map_columns
from cxmaturity.framework import load_framework

FRAMEWORK = load_framework()


def columns(headers, **options):
    return map_columns(headers, FRAMEWORK, source="f.csv", **options)


@pytest.mark.parametrize(
    ("headers", "division"),
    [
        (["Division", "S01"], "Division"),
        (["department", "S01"], "department"),
        (["Business Unit", "S01"], "Business Unit"),
        (["S01", "Function"], "Function"),
        (["Team ", "S01"], "Team "),
        (["S01", "Region"], None),
    ],
)
def test_division_column_is_found_by_name(headers, division) -> None:
    found, problems = columns(headers)
    assert (found.division, problems) == (division, [])


def test_ambiguous_division_lists_the_candidates() -> None:
    _, problems = columns(["Department", "Team", "S01"])
    assert [p.code for p in problems] == ["ambiguous_division_column"]
    assert "'Department', 'Team'" in problems[0].message
    assert "choose which one" in problems[0].message
    assert problems[0].columns == ("Department", "Team")


def test_given_division_column_wins() -> None:
    found, problems = columns(["Department", "Team", "S01"], division_column="team")
    assert (found.division, problems) == ("Team", [])


def test_given_division_column_must_exist() -> None:
    _, problems = columns(["Department", "S01"], division_column="Unit")
    assert [p.code for p in problems] == ["missing_division_column"]
    assert "'Unit'" in problems[0].message and "'Department'" in problems[0].message


@pytest.mark.parametrize(
    ("header", "found"),
    [
        ("How likely are you to recommend us to a friend?", True),
        ("NPS", True),
        ("Likelihood to recommend", True),
        ("Comments", False),
    ],
)
def test_nps_column_is_found_by_name(header, found) -> None:
    mapped, _ = columns(["Division", "S01", header])
    assert (mapped.nps == header) is found


def test_items_roles_and_ignored_columns() -> None:
    mapped, problems = columns(
        [
            "Response ID",
            "Division",
            "Role",
            "Region",
            "S01",
            "There is a clear process to drive alignment for what will be accomplished",
            "Comments",
        ]
    )
    assert problems == []
    assert mapped.items == {
        "S01": "S01",
        "S02": "There is a clear process to drive alignment for what will be accomplished",
    }
    assert mapped.matched_by["S01"] == "item id"
    assert mapped.described == {
        "division": "Division",
        "role": "Role",
        "region": "Region",
        "respondent_id": "Response ID",
    }
    assert mapped.ignored == ("Comments",)


def test_two_columns_for_one_item_is_a_problem() -> None:
    _, problems = columns(["Division", "S09", "The work is considered attainable."])
    assert [p.code for p in problems] == ["duplicate_item_column"]
    assert "S09" in problems[0].message
