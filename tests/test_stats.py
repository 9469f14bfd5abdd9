"""Each statistic against hand-computed values (worked out in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxmaturity import stats


@pytest.mark.parametrize(
    ("mean", "sd", "n", "low", "high"),
    [
        # t(0.975, 2) = 0.95·√(2/(1 − 0.95²)) = 4.3026527; half = 4.3027 × 57.735 / √3
        (200 / 3, math.sqrt(10000 / 3), 3, 200 / 3 - 143.4217576, 200 / 3 + 143.4217576),
        # t(0.975, 9) = 2.262157162740992; half = 2.2622 × 10 / √10 = 7.15356
        (50.0, 10.0, 10, 50 - 7.153569059, 50 + 7.153569059),
        (40.0, 0.0, 4, 40.0, 40.0),
    ],
)
def test_t_interval(mean, sd, n, low, high) -> None:
    lo, hi = stats.t_interval(mean, sd, n)
    assert (float(lo), float(hi)) == pytest.approx((low, high), abs=1e-6)


def test_t_interval_is_undefined_for_one_answer() -> None:
    lo, hi = stats.t_interval([75.0], [0.0], [1])
    assert np.isnan(lo).all() and np.isnan(hi).all()


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # z = 1.959964, p = 2/3: centre = (p + z²/6)/(1 + z²/3),
        # half = z/(1 + z²/3)·√(p(1−p)/3 + z²/36)
        (2, 3, 0.2076596008, 0.9385080553),
        (0, 10, 0.0, 0.2775327999),
        (10, 10, 0.7224672001, 1.0),
        (50, 100, 0.4038315304, 0.5961684696),
    ],
)
def test_wilson_interval(k, n, low, high) -> None:
    lo, hi = stats.wilson_interval(k, n)
    assert (float(lo), float(hi)) == pytest.approx((low, high), abs=1e-8)


@pytest.mark.parametrize(
    ("variance", "options", "expected"),
    [
        (1 / 3, 5, 1 - (1 / 3) / 2),  # σ²_EU = (25 − 1)/12 = 2
        (0.0, 7, 1.0),
        (4.0, 7, 0.0),  # σ²_EU = 4 on seven options
        (1 / 3, 2, 0.0),  # 1 − (1/3)/0.25 < 0 → truncated
        (0.1, 2, 0.6),
    ],
)
def test_rwg(variance, options, expected) -> None:
    assert float(stats.rwg(variance, options)) == pytest.approx(expected)


def _groups(data: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {
            "item": "S01",
            "division": name,
            "n": len(values),
            "mean": np.mean(values),
            "ss": float(np.sum((np.asarray(values) - np.mean(values)) ** 2)),
        }
        for name, values in data.items()
    ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # MSB = 5333.33, MSW = 2222.22, k0 = 2.4 → 3111.11 / 8444.44 = 7/19
        ({"A": [100, 100, 0], "B": [0, 0]}, 7 / 19),
        # MSB = 416.67, MSW = 833.33, k0 = 3 → −416.67 / 2083.33 = −0.2
        ({"A": [75, 100, 25], "B": [75, 75, 100]}, -0.2),
        # no variance within groups: MSW = 0 → ICC(1) = 1
        ({"A": [0, 0], "B": [100, 100], "C": [50, 50]}, 1.0),
    ],
)
def test_icc1(data, expected) -> None:
    assert stats.icc1(_groups(data), by="item")["S01"] == pytest.approx(expected)


@pytest.mark.parametrize(
    "data",
    [
        {"A": [10, 20]},  # one group
        {"A": [10], "B": [20]},  # no within-group degrees of freedom
        {"A": [50, 50], "B": [50, 50]},  # nothing varies: 0/0
    ],
)
def test_icc1_undefined(data) -> None:
    assert np.isnan(stats.icc1(_groups(data), by="item")["S01"])


def test_net_promoter() -> None:
    nps = pd.Series([10, 9, 6, 8, 7, np.nan, 0], dtype=float)
    groups = pd.Series(["A", "A", "A", "B", "B", "B", "C"])
    table = stats.net_promoter(nps, groups)
    assert table.loc["A", "score"] == pytest.approx(100 * 2 / 3 - 100 / 3)
    assert table.loc["B", ["score", "n", "pct_passives"]].tolist() == [0.0, 2, 100.0]
    assert table.loc["C", "score"] == -100.0
    overall = stats.net_promoter(nps).iloc[0]
    assert (overall["n"], overall["score"]) == (6, 0.0)


def test_net_promoter_without_answers_is_undefined() -> None:
    table = stats.net_promoter(pd.Series([np.nan, np.nan]), pd.Series(["A", "A"]))
    assert table.loc["A", "n"] == 0 and np.isnan(table.loc["A", "score"])
