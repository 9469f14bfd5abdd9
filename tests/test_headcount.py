from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity import CxMaturityError, build_survey, score
from cxmaturity.headcount import parse_headcount, response_rates, unmatched_headcount


def test_response_rates() -> None:
    frame = pd.DataFrame({"Division": ["A"] * 5 + ["B"] * 2, "S01": ["Yes"] * 7}, dtype=object)
    results = score(build_survey([("t.csv", "t", frame)]), min_group_size=2)
    rates = response_rates(results, parse_headcount("Division,Headcount\nA,10\nB,20\n"))
    assert rates.loc["A", "response_rate"] == 50.0
    assert rates.loc["B", "response_rate"] == 10.0
    assert rates["low"].tolist() == [False, True]


def test_unknown_division_has_no_rate() -> None:
    frame = pd.DataFrame({"Division": ["A"], "S01": ["Yes"]}, dtype=object)
    results = score(build_survey([("t.csv", "t", frame)]), min_group_size=1)
    rates = response_rates(results, parse_headcount("division,headcount\nZ,4\n"))
    assert rates["response_rate"].isna().all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("team,people\nA,3\n", "needs the columns 'division' and 'headcount'"),
        ("division,headcount\nA,three\nB,0\n", "line 2: 'three'.*line 3: '0'"),
        ("division,headcount\nA,3\nA,4\n", "divisions listed twice: A"),
    ],
)
def test_bad_headcount_files(text, message) -> None:
    with pytest.raises(CxMaturityError, match=message):
        parse_headcount(text)


def test_headcount_names_match_like_division_names() -> None:
    frame = pd.DataFrame(
        {"Division": ["Customer Service"] * 6 + ["IT"] * 6, "S01": ["Yes"] * 12}, dtype=object
    )
    results = score(build_survey([("t.csv", "t", frame)]), min_group_size=5)
    headcount = parse_headcount("division,headcount\ncustomer_service,12\nit,24\nLegal,9\n")
    rates = response_rates(results, headcount)
    assert rates["response_rate"].round(1).tolist() == [50.0, 25.0]
    assert unmatched_headcount(results, headcount) == ["Legal"]
