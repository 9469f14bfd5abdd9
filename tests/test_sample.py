"""The synthetic survey behaves like a real organisation, and the bundled copy is current."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxmaturity import build_survey, sample_survey, score
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.sample import DIVIDING_ITEMS, NPS_QUESTION


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return sample_survey(2000, 8, seed=11)


@pytest.fixture(scope="module")
def results(frame):
    return score(build_survey([("sample.csv", "sample", frame)]))


def test_is_reproducible() -> None:
    pd.testing.assert_frame_equal(sample_survey(50, 3, 5), sample_survey(50, 3, 5))
    assert not sample_survey(50, 3, 5).equals(sample_survey(50, 3, 6))


def test_has_the_columns_a_real_export_has(frame) -> None:
    assert {"Response ID", "Division", "Role", "Region", NPS_QUESTION} <= set(frame.columns)
    assert set(frame["Role"]) == {"executive", "manager", "frontline"}


def test_one_division_is_below_the_minimum(frame, results) -> None:
    sizes = frame["Division"].replace("", None).value_counts()
    small = list(sizes.index[sizes < results.min_group_size])
    assert len(small) == 1 and small[0] not in results.divisions
    assert results.divisions_not_shown == 2  # the small one, and one more so it can't be derived


def test_some_answers_are_missing_and_some_rows_excluded(frame, results) -> None:
    assert (frame == "").to_numpy().mean() > 0.02
    assert results.rows_excluded > 0
    assert results.rows_read == len(frame)


def test_divisions_really_differ(results) -> None:
    scores = [d.scores.score for d in results.divisions.values()]
    assert max(scores) - min(scores) > 15
    dividing = results.gaps.loc[list(DIVIDING_ITEMS), "icc1"]
    others = results.gaps.drop(index=list(DIVIDING_ITEMS))["icc1"]
    assert dividing.mean() > others.mean()


def test_leaders_answer_more_kindly_than_the_front_line(frame) -> None:
    survey = build_survey([("sample.csv", "sample", frame)])
    by_role = survey.positions.astype(float).mean(axis=1).groupby(survey.respondents["role"])
    assert by_role.mean()["executive"] > by_role.mean()["frontline"]


def test_nps_follows_maturity(results) -> None:
    shown = [d.scores for d in results.divisions.values()]
    maturity = [s.score for s in shown]
    nps = [s.nps["score"] for s in shown]
    assert np.corrcoef(maturity, nps)[0, 1] > 0.5


@pytest.mark.parametrize(("scale", "labels"), [("yesno", {"Yes", "No"}), ("agree7", None)])
def test_other_scales(scale, labels) -> None:
    frame = sample_survey(200, 3, seed=2, scale=scale)
    answers = set(np.unique(frame.iloc[:, 4:-1].to_numpy().astype(str))) - {"", "Don't know"}
    if labels is not None:
        assert answers == labels
    else:
        assert len(answers) == 7


def test_bundled_sample_is_what_the_documented_command_writes(tmp_path) -> None:
    from cxmaturity.cli import main

    out = tmp_path / "sample.csv"
    assert (
        main(
            [
                "sample",
                "--respondents",
                "1000",
                "--divisions",
                "8",
                "--seed",
                "7",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes() == SAMPLE_SURVEY.read_bytes()
