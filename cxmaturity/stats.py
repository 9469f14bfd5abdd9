"""Every statistic cxmaturity states, and the rules that decide when a difference is real.

One home for intervals, agreement, Welch and two-proportion tests, the one-way ANOVA behind both
ICC(1) and the language-gap test, Benjamini–Hochberg, correlations, and the guard every claim
passes. Everything works on sufficient statistics (counts, sums, sums of squares per group) and
is vectorised over arrays; a figure that is undefined (too few answers) is NaN, so callers never
branch per group. The thresholds are data (``data/thresholds.yaml``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml
from scipy import stats as sps

from cxmaturity.resources import DATA_DIR

CONFIDENCE = 0.95
Z95 = float(sps.norm.ppf(0.5 + CONFIDENCE / 2))


@dataclass(frozen=True)
class Thresholds:
    """When the numbers say something (``data/thresholds.yaml``)."""

    alpha: float
    min_effect: float
    language_gap_icc: float
    mostly_unfavourable: float
    mandate_share: float
    min_nps_divisions: int


@lru_cache(maxsize=1)
def thresholds() -> Thresholds:
    spec = yaml.safe_load((DATA_DIR / "thresholds.yaml").read_text(encoding="utf-8"))
    return Thresholds(
        alpha=float(spec["alpha"]),
        min_effect=float(spec["min_effect"]),
        language_gap_icc=float(spec["language_gap_icc"]),
        mostly_unfavourable=float(spec["mostly_unfavourable"]),
        mandate_share=float(spec["mandate_share"]),
        min_nps_divisions=int(spec["min_nps_divisions"]),
    )


def whole(value: float) -> int:
    """A figure as a sentence prints it: rounded to a whole point, halves away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def claim(
    p_adjusted: float, difference: float, interval: tuple[float, float] | None = None
) -> bool:
    """The guard every finding passes: significant after correction, a stated difference of at
    least the minimum effect, and (for tests that have one) an interval that excludes half the
    minimum effect on the difference's side — clear of zero by a margin, so a noisy group's
    chance deviation is not stated as a difference."""
    rules = thresholds()
    margin = rules.min_effect / 2
    clear = (
        interval is None
        or (difference > 0 and interval[0] > margin)
        or (difference < 0 and interval[1] < -margin)
    )
    return bool(p_adjusted <= rules.alpha and abs(difference) >= rules.min_effect and clear)


def benjamini_hochberg(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values; NaN where there was no test."""
    p = np.asarray(p, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    tested = ~np.isnan(p)
    if tested.any():
        adjusted[tested] = sps.false_discovery_control(p[tested])
    return adjusted


def welch(n1, mean1, var1, n2, mean2, var2, confidence: float = CONFIDENCE) -> dict:
    """Welch's t-test of mean1 − mean2 (vectorised): effect, se, df, ci_low, ci_high, p.

    NaN where either group has fewer than two or the variances are both zero.
    """
    n1, mean1, var1, n2, mean2, var2 = (
        np.asarray(x, dtype=float) for x in (n1, mean1, var1, n2, mean2, var2)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        a, b = np.clip(var1, 0, None) / n1, np.clip(var2, 0, None) / n2
        se2 = np.where((n1 >= 2) & (n2 >= 2) & (a + b > 0), a + b, np.nan)
        df = se2**2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
        se = np.sqrt(se2)
        effect = mean1 - mean2
        half = sps.t.ppf(0.5 + confidence / 2, df) * se
        p = 2 * sps.t.sf(np.abs(effect / se), df)
    return {
        "effect": effect,
        "se": se,
        "df": df,
        "ci_low": effect - half,
        "ci_high": effect + half,
        "p": p,
    }


def mean_test(effect, se, df, confidence: float = CONFIDENCE) -> dict:
    """A t-test of an effect with its standard error and degrees of freedom (vectorised)."""
    effect, se, df = (np.asarray(x, dtype=float) for x in (effect, se, df))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.where(se > 0, se, np.nan)
        half = sps.t.ppf(0.5 + confidence / 2, df) * se
        p = 2 * sps.t.sf(np.abs(effect / se), df)
    return {"effect": effect, "se": se, "ci_low": effect - half, "ci_high": effect + half, "p": p}


def two_proportions(k1, n1, k2, n2) -> dict:
    """Two-proportion z-test of k1/n1 − k2/n2, in percentage points (vectorised)."""
    k1, n1, k2, n2 = (np.asarray(x, dtype=float) for x in (k1, n1, k2, n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        p1, p2 = k1 / n1, k2 / n2
        pooled = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (p1 - p2) / np.where(se > 0, se, np.nan)
        half = Z95 * np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    effect = 100 * (p1 - p2)
    return {
        "effect": effect,
        "ci_low": effect - 100 * half,
        "ci_high": effect + 100 * half,
        "p": 2 * sps.norm.sf(np.abs(z)),
    }


def one_way_anova(n, mean, ss) -> dict:
    """One-way ANOVA of groups given by size, mean and within sum of squares.

    Returns F, p, df_between, df_within, MSB, MSW and ICC(1) = (MSB − MSW)/(MSB + (k₀ − 1)·MSW),
    k₀ = (N − Σnᵢ²/N)/(G − 1). NaN where there are fewer than two groups or no within-group
    degrees of freedom.
    """
    n, mean, ss = (np.asarray(x, dtype=float) for x in (n, mean, ss))
    keep = n > 0
    n, mean, ss = n[keep], mean[keep], ss[keep]
    groups, total = len(n), n.sum()
    nan = float("nan")
    if groups < 2 or total <= groups:
        return {"F": nan, "p": nan, "df_between": nan, "df_within": nan, "icc1": nan}
    grand = (n * mean).sum() / total
    msb = (n * (mean - grand) ** 2).sum() / (groups - 1)
    msw = ss.sum() / (total - groups)
    k0 = (total - (n**2).sum() / total) / (groups - 1)
    denominator = msb + (k0 - 1) * msw
    icc = (msb - msw) / denominator if denominator != 0 else nan
    f = msb / msw if msw > 0 else nan
    p = float(sps.f.sf(f, groups - 1, total - groups)) if msw > 0 else nan
    return {
        "F": f,
        "p": p,
        "df_between": groups - 1,
        "df_within": total - groups,
        "icc1": icc,
    }


def pearson(x, y, confidence: float = CONFIDENCE) -> dict:
    """Pearson's r with its Fisher-z interval and p-value."""
    test = sps.pearsonr(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    low, high = test.confidence_interval(confidence)
    return {
        "r": float(test.statistic),
        "ci_low": float(low),
        "ci_high": float(high),
        "p": float(test.pvalue),
    }


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
    """ICC(1) per value of ``by``, from :func:`one_way_anova` on rows ``n``, ``mean``, ``ss``."""
    values = {
        key: one_way_anova(g["n"], g["mean"], g["ss"])["icc1"]
        for key, g in groups.groupby(by, sort=True, observed=True)
    }
    return pd.Series(values, dtype=float, name="icc1")


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
