"""Key findings: what the numbers say, in plain words, with the evidence behind each sentence.

Every claim comes from a test: within-person comparisons for statements, Welch tests for groups,
one-way ANOVA for common-language gaps, Pearson's r for NPS, each family corrected with
Benjamini–Hochberg. A finding needs a corrected p ≤ 0.05, an interval that excludes zero and an
effect of at least ``MIN_EFFECT`` points; suppressed divisions never take part. Statements,
pillars and role or wave gaps are compared *within person* (each answer minus the respondent's
own average), so a division that is low on everything shows up once, as a division, not as a
gap on every statement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as sps

from cxmaturity.results import Results
from cxmaturity.scoring import long_answers
from cxmaturity.survey import Survey

KINDS = (
    "level",
    "weak_statement",
    "strong_statement",
    "language_gap",
    "division_below",
    "division_above",
    "role_gap",
    "nps_link",
    "wave_change",
)
MIN_EFFECT = 5.0
ALPHA = 0.05
MANDATE_SHARE = 6  # of the 11 statements mostly answered unfavourably
MIN_NPS_DIVISIONS = 5
LEADERS = frozenset(
    {
        "executive",
        "executives",
        "leader",
        "leadership",
        "senior leader",
        "director",
        "manager",
        "managers",
        "head",
        "vp",
        "c level",
        "senior management",
    }
)
FRONT_LINE = frozenset(
    {
        "frontline",
        "front line",
        "front-line",
        "staff",
        "employee",
        "agent",
        "individual contributor",
        "associate",
        "team member",
    }
)
_BASE = {
    "level": 100,
    "wave_change": 80,
    "division_below": 70,
    "language_gap": 65,
    "weak_statement": 60,
    "role_gap": 55,
    "nps_link": 50,
    "division_above": 40,
    "strong_statement": 30,
}


@dataclass(frozen=True)
class Finding:
    """One sentence for the board, and the numbers that make it true."""

    kind: str
    headline: str
    severity: float
    statement: str | None = None
    divisions: tuple[str, ...] = ()
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "headline": self.headline,
            "severity": self.severity,
            "statement": self.statement,
            "divisions": list(self.divisions),
            "evidence": _plain(self.evidence),
        }


def find_findings(survey: Survey, results: Results) -> list[Finding]:
    """Every finding the data supports, most important first; the same data, the same list."""
    data = _Data.build(survey, results)
    found = [_level(results)]
    found += _statements(data)
    found += _language_gaps(data)
    found += _divisions(data)
    found += _role_gaps(data)
    found += _nps_link(results, data.shown)
    found += _wave_change(data)
    return sorted(
        found,
        key=lambda f: (-f.severity, KINDS.index(f.kind), f.statement or "", f.divisions),
    )


@dataclass(frozen=True)
class _Data:
    """Answers centred on each respondent's own average, and one row per respondent."""

    survey: Survey
    results: Results
    answers: pd.DataFrame
    people: pd.DataFrame
    shown: tuple[str, ...]

    @classmethod
    def build(cls, survey: Survey, results: Results) -> _Data:
        answers = long_answers(survey)
        answers["item"] = answers["item"].astype(str)
        answers["division"] = answers["division"].astype(str)
        withheld = {(d, i) for d, div in results.divisions.items() for i in div.scores.withheld}
        if withheld:
            cells = pd.MultiIndex.from_arrays([answers["division"], answers["item"]])
            answers = answers[~cells.isin(list(withheld))]
        own = answers.groupby("respondent")["score"].transform("mean")
        answers["centred"] = answers["score"] - own
        people = survey.respondents.copy()
        people["mean"] = answers.groupby("respondent")["score"].mean()
        shown = tuple(results.divisions)
        return cls(survey, results, answers, people, shown)

    def text(self, item: str) -> str:
        return self.survey.framework.item(item).text

    def pillar_of(self, item: str) -> str:
        return self.survey.framework.item(item).pillar


# -- level ------------------------------------------------------------------------------------


def _level(results: Results) -> Finding:
    organisation = results.organisation
    statements = organisation.statements
    bliss = [i for i in statements.index if re.fullmatch(r"S\d\d", i)]
    unfavourable = [i for i in bliss if statements.loc[i, "pct_favourable"] < 50]
    mandate = len(unfavourable) >= MANDATE_SHARE
    level = organisation.level
    reading = (
        "a mandate to explore a Chief Customer Officer role"
        if mandate
        else "not yet a case for a Chief Customer Officer on these answers alone"
    )
    headline = (
        f"The organisation scores {organisation.score:.0f} out of 100 — level {level.level}, "
        f"{level.name}; {len(unfavourable)} of the {len(bliss)} Bliss statements are mostly "
        f"answered unfavourably, {reading}."
    )
    return Finding(
        "level",
        headline,
        float(_BASE["level"]),
        evidence={
            "score": organisation.score,
            "level": level.level,
            "level_name": level.name,
            "n": organisation.n,
            "mostly_unfavourable": unfavourable,
            "statements_considered": len(bliss),
            "mandate": mandate,
        },
    )


# -- statements -------------------------------------------------------------------------------


def _statements(data: _Data) -> list[Finding]:
    """Statements people rate clearly below (or above) their own average statement."""
    stats = data.answers.groupby("item")["centred"].agg(["mean", "std", "size"])
    stats = stats[stats["size"] >= 2]
    se = stats["std"] / np.sqrt(stats["size"])
    with np.errstate(divide="ignore", invalid="ignore"):
        t = stats["mean"] / se
    p = pd.Series(2 * sps.t.sf(np.abs(t), stats["size"] - 1), index=stats.index).fillna(1.0)
    adjusted = _bh(p)
    half = sps.t.ppf(0.975, stats["size"] - 1) * se
    found = []
    organisation = data.results.organisation.statements
    for item, row in stats.iterrows():
        effect = row["mean"]
        if not _claim(adjusted[item], effect, (effect - half[item], effect + half[item])):
            continue
        kind = "weak_statement" if effect < 0 else "strong_statement"
        score, favourable = organisation.loc[item, ["score", "pct_favourable"]]
        side = "below" if effect < 0 else "above"
        verdict = "is a weak spot" if effect < 0 else "is a strength"
        found.append(
            Finding(
                kind,
                f"{_quote(data, item)} {verdict}: it scores {score:.0f}, {abs(effect):.0f} points "
                f"{side} people's average statement ({favourable:.0f} % favourable).",
                _severity(kind, effect),
                statement=item,
                evidence={
                    "score": score,
                    "pct_favourable": favourable,
                    "effect": effect,
                    "ci_low": effect - half[item],
                    "ci_high": effect + half[item],
                    "n": int(row["size"]),
                    "test": "paired t-test of each answer against the respondent's own average",
                    "p": p[item],
                    "p_adjusted": adjusted[item],
                },
            )
        )
    return found


# -- common language --------------------------------------------------------------------------


def _language_gaps(data: _Data) -> list[Finding]:
    """Statements on which divisions differ beyond their general level (one-way ANOVA)."""
    answers = data.answers[data.answers["division"].isin(data.shown)]
    groups = answers.groupby(["item", "division"])["centred"].agg(["mean", "var", "size"])
    tests = {item: _anova(g.droplevel("item")) for item, g in groups.groupby(level="item")}
    tests = {item: t for item, t in tests.items() if t is not None}
    if not tests:
        return []
    adjusted = _bh(pd.Series({item: t["p"] for item, t in tests.items()}))
    found = []
    for item, test in tests.items():
        means = test["means"]
        low, high = means.idxmin(), means.idxmax()
        effect = means[high] - means[low]
        if not _claim(adjusted[item], effect):
            continue
        raw = {
            d: data.results.divisions[d].scores.statements.loc[item, "score"] for d in (low, high)
        }
        gap = data.results.gaps.loc[item]
        found.append(
            Finding(
                "language_gap",
                f"Divisions do not share a common language on {_quote(data, item)}: set against "
                f"their other answers, {high} rates it {effect:.0f} points higher than {low} "
                f"(scores {raw[high]:.0f} and {raw[low]:.0f}; ICC {gap['icc1']:.2f}).",
                _severity("language_gap", effect),
                statement=item,
                divisions=(low, high),
                evidence={
                    "lowest": low,
                    "highest": high,
                    "lowest_score": raw[low],
                    "highest_score": raw[high],
                    "effect": effect,
                    "range": gap["range"],
                    "icc1": gap["icc1"],
                    "divisions_compared": len(means),
                    "n": test["n"],
                    "test": "one-way ANOVA of within-person-centred scores by division",
                    "F": test["F"],
                    "p": test["p"],
                    "p_adjusted": adjusted[item],
                },
            )
        )
    return found


def _anova(groups: pd.DataFrame) -> dict | None:
    groups = groups[groups["size"] > 0]
    g, n = len(groups), int(groups["size"].sum())
    if g < 2 or n - g < 1:
        return None
    grand = (groups["mean"] * groups["size"]).sum() / n
    between = (groups["size"] * (groups["mean"] - grand) ** 2).sum() / (g - 1)
    within = (groups["var"].fillna(0) * (groups["size"] - 1)).sum() / (n - g)
    if within <= 0:
        return None
    f = between / within
    return {"F": f, "p": float(sps.f.sf(f, g - 1, n - g)), "means": groups["mean"], "n": n}


# -- divisions --------------------------------------------------------------------------------


def _divisions(data: _Data) -> list[Finding]:
    """Divisions clearly behind or ahead of the rest, overall and on a pillar beyond that."""
    people = data.people[data.people["division"].isin(data.shown)]
    found = [
        _division_finding(data, division, test, pillar=None)
        for division, test in _peel(people["mean"], people["division"])
    ]
    pillar_of = data.answers["item"].map(data.pillar_of)
    for pillar in data.survey.framework.pillar_ids:
        in_pillar = data.answers[pillar_of == pillar]
        beyond = in_pillar.groupby("respondent")["centred"].mean()
        divisions = data.people["division"].reindex(beyond.index)
        keep = divisions.isin(data.shown)
        for division, test in _peel(beyond[keep], divisions[keep]):
            found.append(_division_finding(data, division, test, pillar=pillar))
    return found


def _peel(values: pd.Series, groups: pd.Series) -> list[tuple[str, dict]]:
    """Test each group against all the others, take the clearest, and test the rest again
    without it, so one outlying division does not make every other one look different."""
    flagged: list[tuple[str, dict]] = []
    pool = sorted(set(groups.dropna()))
    while len(pool) >= 2:
        tests = {
            g: _welch(values[groups == g], values[groups.isin(pool) & (groups != g)]) for g in pool
        }
        tests = {g: t for g, t in tests.items() if t is not None}
        if not tests:
            break
        adjusted = _bh(pd.Series({g: t["p"] for g, t in tests.items()}))
        eligible = [g for g, t in tests.items() if _claim(adjusted[g], t["effect"], t["ci"])]
        if not eligible:
            break
        chosen = max(eligible, key=lambda g: (abs(tests[g]["effect"]), g))
        flagged.append((chosen, {**tests[chosen], "p_adjusted": adjusted[chosen]}))
        pool.remove(chosen)
    return flagged


def _division_finding(data: _Data, division: str, test: dict, *, pillar: str | None) -> Finding:
    effect = test["effect"]
    kind = "division_below" if effect < 0 else "division_above"
    word = "behind" if effect < 0 else "ahead of"
    ci = f"95 % CI {test['ci'][0]:+.0f} to {test['ci'][1]:+.0f}"
    if pillar is None:
        headline = (
            f"{division} is {word} the rest of the organisation: its people average "
            f"{test['mean_a']:.0f} against {test['mean_b']:.0f} elsewhere ({effect:+.0f} points, "
            f"{ci})."
        )
    else:
        name = next(p.name for p in data.survey.framework.pillars if p.id == pillar)
        headline = (
            f"{division} is {word} the other divisions on {name.lower()}: beyond its overall "
            f"level, it differs by {effect:+.0f} points on that pillar ({ci})."
        )
    return Finding(
        kind,
        headline,
        _severity(kind, effect) - (5 if pillar else 0),
        divisions=(division,),
        evidence={
            "pillar": pillar,
            "mean": test["mean_a"],
            "rest_mean": test["mean_b"],
            "effect": effect,
            "ci_low": test["ci"][0],
            "ci_high": test["ci"][1],
            "n": test["n_a"],
            "rest_n": test["n_b"],
            "test": "Welch t-test of respondents' mean scores"
            + (" on the pillar, centred on their own average" if pillar else ""),
            "p": test["p"],
            "p_adjusted": test["p_adjusted"],
        },
    )


# -- leaders and front line -------------------------------------------------------------------


def _role_gaps(data: _Data) -> list[Finding]:
    """Do leaders see a different company from the front line ("top floor to shop floor")?"""
    if "role" not in data.people:
        return []
    role = data.people["role"].map(_role_group)
    minimum = data.results.min_group_size
    if (role == "leaders").sum() < minimum or (role == "front line").sum() < minimum:
        return []
    found = []
    overall = _welch(
        data.people["mean"][role == "leaders"], data.people["mean"][role == "front line"]
    )
    if overall is None:
        return []
    if _claim(overall["p"], overall["effect"], overall["ci"]):
        found.append(_role_finding(data, None, {**overall, "p_adjusted": overall["p"]}))
    for item, test in _centred_differences(data, role, "leaders", "front line"):
        found.append(_role_finding(data, item, {**test, "overall_gap": overall["effect"]}))
    return found


def _role_group(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    key = value.strip().casefold()
    return "leaders" if key in LEADERS else "front line" if key in FRONT_LINE else None


def _role_finding(data: _Data, item: str | None, test: dict) -> Finding:
    effect = test["effect"]
    ci = f"95 % CI {test['ci'][0]:+.0f} to {test['ci'][1]:+.0f}"
    if item is None:
        headline = (
            f"Leaders see a different company from the front line: leaders average "
            f"{test['mean_a']:.0f}, the front line {test['mean_b']:.0f} ({effect:+.0f} points, "
            f"{ci})."
        )
    else:
        overall = test["overall_gap"]
        wider = abs(overall + effect) > abs(overall)
        headline = (
            f"On {_quote(data, item)} leaders and the front line are {abs(effect):.0f} points "
            f"{'further apart' if wider else 'closer, or reversed,'} than on the other "
            f"statements ({ci})."
        )
    return Finding(
        "role_gap",
        headline,
        _severity("role_gap", effect) + (0 if item is None else -3),
        statement=item,
        evidence={
            "leaders_mean": test["mean_a"],
            "front_line_mean": test["mean_b"],
            "effect": effect,
            "ci_low": test["ci"][0],
            "ci_high": test["ci"][1],
            "overall_gap": test.get("overall_gap"),
            "leaders_n": test["n_a"],
            "front_line_n": test["n_b"],
            "test": "Welch t-test"
            + (" of answers centred on each respondent's own average" if item else ""),
            "p": test["p"],
            "p_adjusted": test["p_adjusted"],
        },
    )


# -- NPS --------------------------------------------------------------------------------------


def _nps_link(results: Results, shown: Sequence[str]) -> list[Finding]:
    """Does maturity go with NPS across divisions (seed 002: show the value of the work)?"""
    pairs = [
        (results.divisions[d].scores.score, results.divisions[d].scores.nps["score"], d)
        for d in shown
        if results.divisions[d].scores.nps is not None
        and results.divisions[d].scores.nps["n"] >= results.min_group_size
    ]
    if len(pairs) < MIN_NPS_DIVISIONS:
        return []
    maturity, nps, names = (list(x) for x in zip(*pairs, strict=True))
    if np.std(maturity) == 0 or np.std(nps) == 0:
        return []
    test = sps.pearsonr(maturity, nps)
    low, high = test.confidence_interval(0.95)
    if not (low > 0 or high < 0) or test.pvalue > ALPHA:
        return []
    r = float(test.statistic)
    lead, direction = (
        ("Maturity goes with loyalty", "the higher")
        if r > 0
        else ("Maturity runs against NPS", "the lower")
    )
    return [
        Finding(
            "nps_link",
            f"{lead}: across {len(pairs)} divisions, the more mature a division's customer work, "
            f"{direction} its NPS (r = {r:.2f}, 95 % CI {low:.2f} to {high:.2f}).",
            _severity("nps_link", 100 * abs(r) / 4),
            evidence={
                "r": r,
                "ci_low": float(low),
                "ci_high": float(high),
                "divisions_compared": len(pairs),
                "division_scores": dict(zip(names, maturity, strict=True)),
                "division_nps": dict(zip(names, nps, strict=True)),
                "test": "Pearson correlation, Fisher-z interval",
                "p": float(test.pvalue),
                "p_adjusted": float(test.pvalue),
            },
        )
    ]


# -- waves ------------------------------------------------------------------------------------


def _wave_change(data: _Data) -> list[Finding]:
    """Change between the last two survey waves, overall and per statement beyond that."""
    if "wave" not in data.people:
        return []
    waves = data.people["wave"].dropna()
    counts = waves.value_counts()
    ordered = sorted(counts.index[counts >= data.results.min_group_size], key=_natural)
    if len(ordered) < 2:
        return []
    before, last = ordered[-2], ordered[-1]
    found = []
    wave = data.people["wave"]
    overall = _welch(data.people["mean"][wave == last], data.people["mean"][wave == before])
    if overall and _claim(overall["p"], overall["effect"], overall["ci"]):
        found.append(
            _wave_finding(data, None, before, last, {**overall, "p_adjusted": overall["p"]})
        )
    for item, test in _centred_differences(data, wave, last, before):
        found.append(_wave_finding(data, item, before, last, test))
    return found


def _wave_finding(data: _Data, item: str | None, before: str, last: str, test: dict) -> Finding:
    effect = test["effect"]
    ci = f"95 % CI {test['ci'][0]:+.0f} to {test['ci'][1]:+.0f}"
    verb = "improved" if effect > 0 else "slipped"
    if item is None:
        headline = (
            f"Since {before}, the customer work has {verb}: respondents average "
            f"{test['mean_a']:.0f} in {last} against {test['mean_b']:.0f} ({effect:+.0f} points, "
            f"{ci})."
        )
    else:
        headline = (
            f"{_quote(data, item)} moved {effect:+.0f} points more than the other statements "
            f"between {before} and {last} ({ci})."
        )
    return Finding(
        "wave_change",
        headline,
        _severity("wave_change", effect) + (0 if item is None else -5),
        statement=item,
        evidence={
            "previous_wave": before,
            "wave": last,
            "mean": test["mean_a"],
            "previous_mean": test["mean_b"],
            "effect": effect,
            "ci_low": test["ci"][0],
            "ci_high": test["ci"][1],
            "n": test["n_a"],
            "previous_n": test["n_b"],
            "test": "Welch t-test" + (" of within-person-centred answers" if item else ""),
            "p": test["p"],
            "p_adjusted": test["p_adjusted"],
        },
    )


# -- shared helpers ---------------------------------------------------------------------------


def _centred_differences(
    data: _Data, group: pd.Series, a: object, b: object
) -> list[tuple[str, dict]]:
    """Statements on which group ``a`` and group ``b`` differ more than they do overall:
    Welch tests of within-person-centred answers, BH over statements, guarded by ``_claim``."""
    of_answer = data.answers["respondent"].map(group)
    tests = {}
    for item, answers in data.answers.groupby("item"):
        member = of_answer[answers.index]
        test = _welch(answers["centred"][member == a], answers["centred"][member == b])
        if test is not None:
            tests[item] = test
    if not tests:
        return []
    adjusted = _bh(pd.Series({item: t["p"] for item, t in tests.items()}))
    return [
        (item, {**test, "p_adjusted": adjusted[item]})
        for item, test in tests.items()
        if _claim(adjusted[item], test["effect"], test["ci"])
    ]


def _welch(a: pd.Series, b: pd.Series) -> dict | None:
    """Welch's t-test of mean(a) − mean(b), with its 95 % interval; None if either is too small."""
    a, b = a.dropna().astype(float), b.dropna().astype(float)
    if len(a) < 2 or len(b) < 2:
        return None
    va, vb = a.var(), b.var()
    se2 = va / len(a) + vb / len(b)
    if se2 <= 0:
        return None
    df = se2**2 / ((va / len(a)) ** 2 / (len(a) - 1) + (vb / len(b)) ** 2 / (len(b) - 1))
    effect = a.mean() - b.mean()
    t = effect / math.sqrt(se2)
    half = sps.t.ppf(0.975, df) * math.sqrt(se2)
    return {
        "effect": float(effect),
        "ci": (float(effect - half), float(effect + half)),
        "p": float(2 * sps.t.sf(abs(t), df)),
        "mean_a": float(a.mean()),
        "mean_b": float(b.mean()),
        "n_a": len(a),
        "n_b": len(b),
    }


def _bh(p: pd.Series) -> pd.Series:
    """Benjamini–Hochberg adjusted p-values."""
    if p.empty:
        return p
    return pd.Series(sps.false_discovery_control(p.to_numpy(dtype=float)), index=p.index)


def _claim(p_adjusted: float, effect: float, ci: tuple[float, float] | None = None) -> bool:
    """The guard every finding passes: significant after correction, big enough, clear of zero."""
    clear = ci is None or ci[0] > 0 or ci[1] < 0
    return p_adjusted <= ALPHA and abs(effect) >= MIN_EFFECT and clear


def _severity(kind: str, effect: float) -> float:
    return round(_BASE[kind] + min(abs(effect), 50) / 5, 6)


def _quote(data: _Data, item: str) -> str:
    return f"“{data.text(item).rstrip('.')}” ({item})"


def _natural(label: object) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(label))]


def _plain(value: object) -> object:
    """Evidence as JSON-safe Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
