"""Intervals, agreement and between-division statistics, vectorised over arrays.

Every function takes numpy arrays (or pandas objects) and returns NaN where a figure is
undefined (too few answers), so callers never branch per group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

CONFIDENCE = 0.95
Z95 = float(sps.norm.ppf(0.5 + CONFIDENCE / 2))


def moments(n, total, squares) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance (divisor n − 1) from a count, a sum and a sum of squares.

    NaN mean for n = 0 and NaN variance for n < 2; rounding can make a zero variance a hair
    negative, so it is clipped at 0.
    """
    n, total, squares = (np.asarray(x, dtype=float) for x in (n, total, squares))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        variance = np.where(n > 1, (squares - n * mean**2) / (n - 1), np.nan)
    return mean, np.where(variance < 0, 0.0, variance)


def t_interval(mean, sd, n, confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided t interval of a mean: mean ± t(1 − α/2, n − 1)·sd/√n; NaN when n < 2."""
    mean, sd, n = (np.asarray(x, dtype=float) for x in (mean, sd, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(n >= 2, n - 1, np.nan)
        half = sps.t.ppf(0.5 + confidence / 2, df) * sd / np.sqrt(n)
    return mean - half, mean + half


def wilson_interval(successes, n, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (0–1); NaN when n = 0."""
    k, n = np.asarray(successes, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z / denominator * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def rwg(variance, options) -> np.ndarray:
    """Within-group agreement r_wg = 1 − s²/σ²_EU, σ²_EU = (A² − 1)/12, truncated at 0."""
    variance, options = np.asarray(variance, dtype=float), np.asarray(options, dtype=float)
    expected = (options**2 - 1) / 12
    return np.clip(1 - variance / expected, 0, None)


def icc1(groups: pd.DataFrame, by: str) -> pd.Series:
    """ICC(1) from a one-way ANOVA, per value of ``by``.

    ``groups`` holds one row per (``by``, group) with columns ``n``, ``mean`` and ``ss``
    (the within-group sum of squared deviations). ICC(1) = (MSB − MSW)/(MSB + (k0 − 1)·MSW),
    k0 = (N − Σnᵢ²/N)/(G − 1). NaN when there are fewer than two groups, no within-group
    degrees of freedom, or a zero denominator.
    """
    g = groups[groups["n"] > 0].assign(
        weighted=lambda f: f["n"] * f["mean"], n2=lambda f: f["n"] ** 2
    )
    totals = g.groupby(by).agg(
        N=("n", "sum"),
        G=("n", "size"),
        sum_x=("weighted", "sum"),
        ss_within=("ss", "sum"),
        sum_n2=("n2", "sum"),
    )
    grand = (totals["sum_x"] / totals["N"]).rename("grand")
    g = g.join(grand, on=by)
    ss_between = (g["n"] * (g["mean"] - g["grand"]) ** 2).groupby(g[by]).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        df_between = (totals["G"] - 1).where(totals["G"] >= 2)
        df_within = (totals["N"] - totals["G"]).where(totals["N"] > totals["G"])
        msb = ss_between / df_between
        msw = totals["ss_within"] / df_within
        k0 = (totals["N"] - totals["sum_n2"] / totals["N"]) / df_between
        denominator = msb + (k0 - 1) * msw
        value = (msb - msw) / denominator.where(denominator != 0)
    return value.astype(float).rename("icc1")


def net_promoter_counts(counts) -> dict[str, float]:
    """NPS from how many answered 0, 1, …, 10: % promoters (9–10) minus % detractors (0–6)."""
    counts = np.asarray(counts, dtype=float)
    n = counts.sum()
    if n == 0:
        nan = float("nan")
        return {
            "score": nan,
            "n": 0,
            "pct_promoters": nan,
            "pct_passives": nan,
            "pct_detractors": nan,
        }
    promoters = 100 * counts[9:].sum() / n
    detractors = 100 * counts[:7].sum() / n
    return {
        "score": promoters - detractors,
        "n": int(n),
        "pct_promoters": promoters,
        "pct_passives": 100 - promoters - detractors,
        "pct_detractors": detractors,
    }


def net_promoter(nps: pd.Series, groups: pd.Series | None = None) -> pd.DataFrame:
    """NPS per group: % promoters (9–10) minus % detractors (0–6) among those who answered."""
    answered = nps.notna()
    frame = pd.DataFrame(
        {
            "group": groups if groups is not None else "all",
            "answered": answered,
            "promoter": answered & (nps >= 9),
            "detractor": answered & (nps <= 6),
        }
    )
    counts = frame.groupby("group", sort=True)[["answered", "promoter", "detractor"]].sum()
    n = counts["answered"].astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        promoters = 100 * counts["promoter"] / n.where(n > 0)
        detractors = 100 * counts["detractor"] / n.where(n > 0)
    return pd.DataFrame(
        {
            "score": promoters - detractors,
            "n": n,
            "pct_promoters": promoters,
            "pct_passives": 100 - promoters - detractors,
            "pct_detractors": detractors,
        }
    )
