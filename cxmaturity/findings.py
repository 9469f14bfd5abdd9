"""Key findings: what the numbers say, in plain words, with the evidence behind each sentence.

Every claim is decided by :mod:`cxmaturity.stats` (the tests, Benjamini–Hochberg within each
kind, and one guard, ``stats.claim``) on the figures of the groups the view shows — never on a
hidden division or a withheld statement. Every number a sentence prints is the figure rounded to
a whole point (``stats.whole``), and every difference it states is the difference of the two
printed numbers. ``docs/methodology.md`` ("Key findings") is the contract.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from cxmaturity import stats
from cxmaturity.comparisons import Pair, last_two_waves, leaders_and_front_line, members_of
from cxmaturity.cube import Groups
from cxmaturity.results import Results
from cxmaturity.scoring import View, view
from cxmaturity.survey import Survey

KINDS = (
    "level",
    "weak_statement",
    "strong_statement",
    "language_gap",
    "division_below",
    "division_above",
    "division_pillar",
    "role_gap",
    "nps_link",
    "wave_change",
)
_BASE = {
    "level": 100,
    "wave_change": 80,
    "division_below": 70,
    "language_gap": 65,
    "weak_statement": 60,
    "role_gap": 55,
    "nps_link": 50,
    "division_pillar": 45,
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
    """Every finding the view supports, most important first; the same data, the same list."""
    data = _Data(survey, results)
    found = [_level(data)]
    found += _statements(data)
    found += _language_gaps(data)
    found += _divisions(data)
    found += _pillars(data)
    found += _group_gaps(data, "role")
    found += _nps_link(data)
    found += _group_gaps(data, "wave")
    return sorted(
        found, key=lambda f: (-f.severity, KINDS.index(f.kind), f.statement or "", f.divisions)
    )


class _Data:
    """The view's figures, gathered once for every kind of finding."""

    def __init__(self, survey: Survey, results: Results) -> None:
        self.survey = survey
        self.results = results
        self.view: View = view(
            survey,
            min_group_size=results.min_group_size,
            filters=results.filters,
            floor=results.floor,
        )
        self.framework = survey.framework
        self.rules = stats.thresholds()

    def text(self, item: str) -> str:
        return self.framework.item(item).text

    def quote(self, item: str) -> str:
        return self.framework.quoted(item)

    @cached_property
    def shown(self) -> tuple[str, ...]:
        return tuple(self.results.divisions)

    @cached_property
    def items(self) -> tuple[str, ...]:
        return tuple(self.results.organisation.statements.index)

    def cells(self, groups: Groups, row: int, items: Sequence[str]) -> dict[str, np.ndarray]:
        """n, mean and variance of the item scores of one group, for these items."""
        columns = [self.survey.items.index(i) for i in items]
        n = groups.answered[row, columns].astype(float)
        mean, variance = stats.moments(
            n, groups.score_sum[row, columns], groups.score_sq[row, columns]
        )
        return {"n": n, "mean": mean, "var": variance}

    @cached_property
    def in_view(self) -> np.ndarray:
        respondents = self.survey.respondents
        keep = np.ones(len(respondents), bool)
        for column, value in self.results.filters.items():
            keep &= (respondents[column].astype(object) == value).to_numpy()
        return keep

    @cached_property
    def division_codes(self) -> tuple[np.ndarray, tuple[str, ...]]:
        """Each respondent's division as a code into the division names (-1 outside the view)."""
        column = self.survey.respondents["division"]
        codes = np.asarray(column.cat.codes, dtype=np.int64)
        return np.where(self.in_view, codes, -1), tuple(str(c) for c in column.cat.categories)

    def division_moments(self, items: Sequence[str]) -> tuple[dict[str, tuple], tuple]:
        """Per division in the view, and for the whole view: count, sum and sum of squares of
        respondents' average scores over ``items`` (a person without an answer left out)."""
        codes, names = self.division_codes
        means = person_means(self.survey, items)
        valid = (codes >= 0) & ~np.isnan(means)
        picked, values = codes[valid], means[valid]
        size = len(names)
        n = np.bincount(picked, minlength=size)
        s = np.bincount(picked, values, minlength=size)
        ss = np.bincount(picked, values**2, minlength=size)
        per = {names[k]: (n[k], s[k], ss[k]) for k in range(size) if n[k]}
        return per, (values.size, values.sum(), (values**2).sum())


def person_means(survey: Survey, items: Sequence[str]) -> np.ndarray:
    """Each respondent's average item score over these statements, computed once per survey
    and set of statements (every view of a survey reuses it)."""
    store = survey.__dict__.setdefault("_person_means", {})
    key = tuple(items)
    if key not in store:
        columns = [survey.items.index(i) for i in items]
        store[key] = _row_means(survey.scores[:, columns])
    return store[key]


def _row_means(scores: np.ndarray) -> np.ndarray:
    answered = (~np.isnan(scores)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered > 0, np.nansum(scores, axis=1) / answered, np.nan)


# -- level ------------------------------------------------------------------------------------


def _level(data: _Data) -> Finding:
    organisation = data.results.organisation
    statements = organisation.statements
    bliss = [
        i for i in data.framework.item_ids if re.fullmatch(r"S\d\d", i) and i in statements.index
    ]
    below = data.rules.mostly_unfavourable
    unfavourable = [i for i in bliss if statements.loc[i, "pct_favourable"] < below]
    mandate = len(unfavourable) > data.rules.mandate_share * len(bliss) if bliss else False
    level = organisation.level
    reading = (
        "a mandate to explore a Chief Customer Officer role"
        if mandate
        else "not yet a case for a Chief Customer Officer on these answers alone"
    )
    headline = (
        f"The organisation scores {stats.whole(organisation.score)} out of 100 — level "
        f"{level.level}, {level.name}; fewer than half agree with {len(unfavourable)} of the "
        f"{len(bliss)} Bliss statements, {reading}."
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
    """Statements well below or above the organisation's typical statement (the median)."""
    items = list(data.items)
    if len(items) < 3:
        return []
    cells = data.cells(data.view.organisation, 0, items)
    typical = float(np.median(cells["mean"]))
    test = stats.mean_test(
        cells["mean"] - typical, np.sqrt(cells["var"] / cells["n"]), cells["n"] - 1
    )
    adjusted = stats.benjamini_hochberg(test["p"])
    found = []
    for k, item in enumerate(items):
        score, shown_typical = stats.whole(cells["mean"][k]), stats.whole(typical)
        difference = score - shown_typical
        if not stats.claim(adjusted[k], difference, (test["ci_low"][k], test["ci_high"][k])):
            continue
        weak = difference < 0
        kind = "weak_statement" if weak else "strong_statement"
        headline = (
            f"{data.quote(item)} is {'a weak spot' if weak else 'a strength'}: it scores "
            f"{score}, {abs(difference)} points {'below' if weak else 'above'} the typical "
            f"statement ({shown_typical})."
        )
        found.append(
            Finding(
                kind,
                headline,
                severity(kind, difference),
                statement=item,
                evidence={
                    "score": cells["mean"][k],
                    "typical": typical,
                    "difference": difference,
                    "ci_low": test["ci_low"][k],
                    "ci_high": test["ci_high"][k],
                    "n": int(cells["n"][k]),
                    "test": "t-test of the statement's mean against the median statement score",
                    "p": test["p"][k],
                    "p_adjusted": adjusted[k],
                },
            )
        )
    return found


# -- common language --------------------------------------------------------------------------


def _language_gaps(data: _Data) -> list[Finding]:
    """Statements on which divisions differ beyond their overall levels (results.gaps)."""
    gaps = data.results.gaps
    gaps = gaps[gaps["divisions"] >= 2]
    if gaps.empty:
        return []
    adjusted = stats.benjamini_hochberg(gaps["gap_p"].to_numpy(dtype=float))
    found = []
    for (item, gap), p_adjusted in zip(gaps.iterrows(), adjusted, strict=True):
        low, high = gap["beyond_min_division"], gap["beyond_max_division"]
        low_beyond, high_beyond = stats.whole(gap["beyond_min"]), stats.whole(gap["beyond_max"])
        difference = high_beyond - low_beyond
        icc = float(gap["icc1_beyond_levels"])
        meaningful = icc >= data.rules.language_gap_icc
        if not (meaningful and stats.claim(p_adjusted, difference)):
            continue
        headline = (
            f"Divisions do not share a common language on {data.quote(item)}: set against how "
            f"each rates the other statements, {high} rates it {points_text(high_beyond)} and "
            f"{low} {points_text(low_beyond)} against the divisions' average — {difference} "
            "points apart "
            f"(ICC beyond levels {icc:.2f})."
        )
        found.append(
            Finding(
                "language_gap",
                headline,
                severity("language_gap", difference),
                statement=item,
                divisions=(low, high),
                evidence={
                    "lowest": low,
                    "highest": high,
                    "lowest_beyond_levels": gap["beyond_min"],
                    "highest_beyond_levels": gap["beyond_max"],
                    "lowest_score": data.results.divisions[low].scores.statements.loc[
                        item, "score"
                    ],
                    "highest_score": data.results.divisions[high].scores.statements.loc[
                        item, "score"
                    ],
                    "difference": difference,
                    "icc1_beyond_levels": icc,
                    "icc1": gap["icc1"],
                    "divisions_compared": int(gap["divisions"]),
                    "test": "one-way ANOVA of answers minus each division's overall level",
                    "F": gap["gap_F"],
                    "p": gap["gap_p"],
                    "p_adjusted": p_adjusted,
                },
            )
        )
    return found


# -- divisions --------------------------------------------------------------------------------


def _division_tests(data: _Data) -> tuple[list[str], dict]:
    """Welch tests of each shown division's respondents against the rest of the view, on their
    average scores over the statements shown for that division (so a withheld statement never
    enters a figure)."""
    by_items: dict[tuple[str, ...], list[str]] = {}
    for name in data.shown:
        items = tuple(data.results.divisions[name].scores.statements.index)
        by_items.setdefault(items, []).append(name)
    names, rows = [], []
    for items, divisions in by_items.items():
        per, total = data.division_moments(items)
        for name in divisions:
            if name in per:
                names.append(name)
                rows.append((*per[name], *total))
    table = np.array(rows, float).reshape(-1, 6)
    nd, sd, ssd = table[:, 0], table[:, 1], table[:, 2]
    nr, sr, ssr = table[:, 3] - nd, table[:, 4] - sd, table[:, 5] - ssd
    mean_d, var_d = stats.moments(nd, sd, ssd)
    mean_r, var_r = stats.moments(nr, sr, ssr)
    test = stats.welch(nd, mean_d, var_d, nr, mean_r, var_r)
    return names, {**test, "n": nd, "rest_n": nr}


def _divisions(data: _Data) -> list[Finding]:
    """Divisions clearly behind or ahead of the organisation."""
    if not data.shown:
        return []
    names, test = _division_tests(data)
    if not names:
        return []
    nd, nr = test["n"], test["rest_n"]
    adjusted = stats.benjamini_hochberg(test["p"])
    organisation = stats.whole(data.results.organisation.score)
    found = []
    for k, name in enumerate(names):
        exact = data.results.divisions[name].scores.score - data.results.organisation.score
        score = stats.whole(data.results.divisions[name].scores.score)
        difference = score - organisation
        share = nr[k] / (nd[k] + nr[k])
        half = (test["ci_high"][k] - test["ci_low"][k]) / 2 * share
        low, high = exact - half, exact + half
        agrees = np.sign(test["effect"][k]) == np.sign(difference)
        if not (agrees and stats.claim(adjusted[k], difference, (low, high))):
            continue
        behind = difference < 0
        kind = "division_below" if behind else "division_above"
        headline = (
            f"{name} is {'behind' if behind else 'ahead of'} the organisation: it scores "
            f"{score} against {organisation} ({difference:+d} points; 95 % CI "
            f"{stats.whole(low):+d} to {stats.whole(high):+d})."
        )
        found.append(
            Finding(
                kind,
                headline,
                severity(kind, difference),
                divisions=(name,),
                evidence={
                    "score": data.results.divisions[name].scores.score,
                    "organisation": data.results.organisation.score,
                    "difference": difference,
                    "ci_low": low,
                    "ci_high": high,
                    "n": int(nd[k]),
                    "rest_n": int(nr[k]),
                    "test": "Welch t-test of respondents' average scores, division against the "
                    "rest of the organisation; interval scaled to the difference from the "
                    "organisation",
                    "p": test["p"][k],
                    "p_adjusted": adjusted[k],
                },
            )
        )
    return found


def _pillars(data: _Data) -> list[Finding]:
    """A division further behind (or ahead) on one pillar than overall, beyond one statement."""
    organisation = data.results.organisation
    org_score = organisation.statements["score"].to_dict()
    pillars = [
        (pillar, data.framework.items_in(pillar.id))
        for pillar in data.framework.pillars
        if np.isfinite(organisation.pillars.get(pillar.id, np.nan))
    ]
    tests, rows = [], []
    for name in data.shown:
        scores = data.results.divisions[name].scores
        shown = set(scores.statements.index)
        row = data.view.divisions.index(name)
        for pillar, in_pillar in pillars:
            items = [i for i in in_pillar if i in shown]
            if len(items) < 2:
                continue
            cells = data.cells(data.view.divisions, row, items)
            org = np.array([org_score.get(i, np.nan) for i in items], dtype=float)
            deviation = cells["mean"] - org - (scores.score - organisation.score)
            effect = float(deviation.mean())
            without = np.delete(deviation, int(np.argmax(np.abs(deviation))))
            se = float(np.mean(np.sqrt(cells["var"] / cells["n"])))
            tests.append(stats.mean_test(effect, se, float(cells["n"].min() - 1)))
            rows.append((name, pillar, items, effect, float(without.mean())))
    if not rows:
        return []
    adjusted = stats.benjamini_hochberg([float(t["p"]) for t in tests])
    found = []
    for (name, pillar, _, effect, without), test, p_adjusted in zip(
        rows, tests, adjusted, strict=True
    ):
        scores = data.results.divisions[name].scores
        pillar_score = stats.whole(scores.pillars[pillar.id])
        pillar_org = stats.whole(organisation.pillars[pillar.id])
        overall = stats.whole(scores.score) - stats.whole(organisation.score)
        difference = pillar_score - pillar_org
        beyond = difference - overall
        lasting = np.sign(without) == np.sign(beyond) and abs(without) >= data.rules.min_effect
        low, high = float(test["ci_low"]), float(test["ci_high"])
        if not (lasting and np.sign(effect) == np.sign(beyond)):
            continue
        if not stats.claim(p_adjusted, beyond, (low, high)):
            continue
        overall_score = stats.whole(scores.score)
        organisation_score = stats.whole(organisation.score)
        headline = (
            f"Beyond its overall level, {name} is {abs(beyond)} points "
            f"{'lower' if beyond < 0 else 'higher'} on {pillar.name.lower()}: {pillar_score} "
            f"against {pillar_org} for the organisation there ({difference:+d}), and "
            f"{overall_score} against {organisation_score} on all statements ({overall:+d})."
        )
        found.append(
            Finding(
                "division_pillar",
                headline,
                severity("division_pillar", beyond),
                divisions=(name,),
                evidence={
                    "pillar": pillar.id,
                    "score": scores.pillars[pillar.id],
                    "organisation": organisation.pillars[pillar.id],
                    "difference": difference,
                    "overall_difference": overall,
                    "beyond_overall": beyond,
                    "without_most_divergent_statement": without,
                    "ci_low": low,
                    "ci_high": high,
                    "test": "t-test of the pillar's statements beyond the division's overall "
                    "difference, with the statements' standard errors averaged (cautious)",
                    "p": float(test["p"]),
                    "p_adjusted": p_adjusted,
                },
            )
        )
    return found


# -- leaders and front line, waves ------------------------------------------------------------


def _group_gaps(data: _Data, dimension: str) -> list[Finding]:
    """Two groups of the view compared, overall and per statement beyond their typical gap:
    leaders against the front line, or the last survey wave against the one before."""
    pair = leaders_and_front_line(data.view) if dimension == "role" else last_two_waves(data.view)
    if pair is None:
        return []
    items = [i for i in data.items if pair.shown(data.view, i)]
    overall = _overall_gap(data, pair, items)
    return ([overall] if overall else []) + _statement_gaps(data, pair, items)


def _overall_gap(data: _Data, pair: Pair, items: list[str]) -> Finding | None:
    if len(items) < 2:
        return None
    scores = [float(np.mean(data.cells(g, 0, items)["mean"])) for g in pair.groups]
    means = person_means(data.survey, items)
    labels = data.survey.respondents[pair.dimension].astype(object).to_numpy()
    side = members_of(pair, labels)
    picked = [means[data.in_view & (side == k) & ~np.isnan(means)] for k in (0, 1)]
    if min(len(p) for p in picked) < 2:
        return None
    a, b = picked
    test = stats.welch(len(a), a.mean(), a.var(ddof=1), len(b), b.mean(), b.var(ddof=1))
    shown = [stats.whole(x) for x in scores]
    difference = shown[0] - shown[1]
    half = (float(test["ci_high"]) - float(test["ci_low"])) / 2
    low, high = scores[0] - scores[1] - half, scores[0] - scores[1] + half
    if np.sign(float(test["effect"])) != np.sign(difference):
        return None
    if not stats.claim(float(test["p"]), difference, (low, high)):
        return None
    first, second = pair.names
    if pair.dimension == "role":
        kind = "role_gap"
        headline = (
            f"Leaders see a different company from the front line: leaders score {shown[0]}, "
            f"the front line {shown[1]} ({difference:+d} points; 95 % CI {stats.whole(low):+d} "
            f"to {stats.whole(high):+d})."
        )
    else:
        kind = "wave_change"
        verb = "improved" if difference > 0 else "slipped"
        headline = (
            f"Since {second}, the customer work has {verb}: {first} scores {shown[0]} "
            f"against {shown[1]} in {second} ({difference:+d} points; 95 % CI "
            f"{stats.whole(low):+d} to {stats.whole(high):+d})."
        )
    return Finding(
        kind,
        headline,
        severity(kind, difference),
        evidence={
            "groups": list(pair.names),
            "scores": scores,
            "difference": difference,
            "ci_low": low,
            "ci_high": high,
            "n": [len(a), len(b)],
            "test": "Welch t-test of respondents' average scores",
            "p": float(test["p"]),
            "p_adjusted": float(test["p"]),
        },
    )


def _statement_gaps(data: _Data, pair: Pair, items: list[str]) -> list[Finding]:
    if len(items) < 3:
        return []
    first, second = pair.groups
    first_name, second_name = pair.names
    dimension = pair.dimension
    a, b = data.cells(first, 0, items), data.cells(second, 0, items)
    gap = a["mean"] - b["mean"]
    typical = float(np.median(gap))
    test = stats.welch(a["n"], a["mean"], a["var"], b["n"], b["mean"], b["var"])
    beyond = stats.mean_test(gap - typical, test["se"], test["df"])
    adjusted = stats.benjamini_hochberg(beyond["p"])
    found = []
    for k, item in enumerate(items):
        first_score, second_score = stats.whole(a["mean"][k]), stats.whole(b["mean"][k])
        difference = first_score - second_score
        shown_typical = stats.whole(typical)
        beyond_shown = difference - shown_typical
        low, high = float(beyond["ci_low"][k]), float(beyond["ci_high"][k])
        if np.sign(float(beyond["effect"][k])) != np.sign(beyond_shown):
            continue
        if not stats.claim(adjusted[k], beyond_shown, (low, high)):
            continue
        if dimension == "role":
            kind = "role_gap"
            headline = (
                f"On {data.quote(item)} leaders score {first_score} and the front line "
                f"{second_score}: {difference:+d} points, against {shown_typical:+d} on their "
                "typical statement."
            )
        else:
            kind = "wave_change"
            headline = (
                f"On {data.quote(item)} the score moved from {second_score} in {second_name} to "
                f"{first_score} in {first_name}: {difference:+d} points, against "
                f"{shown_typical:+d} on the typical statement."
            )
        found.append(
            Finding(
                kind,
                headline,
                severity(kind, beyond_shown) - 3,
                statement=item,
                evidence={
                    "groups": [first_name, second_name],
                    "scores": [float(a["mean"][k]), float(b["mean"][k])],
                    "difference": difference,
                    "typical_difference": shown_typical,
                    "beyond_typical": beyond_shown,
                    "ci_low": low,
                    "ci_high": high,
                    "n": [int(a["n"][k]), int(b["n"][k])],
                    "test": "the statement's gap minus the median gap, Welch standard error",
                    "p": float(beyond["p"][k]),
                    "p_adjusted": adjusted[k],
                },
            )
        )
    return found


# -- NPS --------------------------------------------------------------------------------------


def _nps_link(data: _Data) -> list[Finding]:
    """Does maturity go with NPS across divisions (seed 002: show the value of the work)?"""
    pairs = [
        (d.scores.score, d.scores.nps["score"], name)
        for name, d in data.results.divisions.items()
        if d.scores.nps is not None and d.scores.nps["n"] > 0 and np.isfinite(d.scores.nps["score"])
    ]
    if len(pairs) < data.rules.min_nps_divisions:
        return []
    maturity, nps, names = (list(x) for x in zip(*pairs, strict=True))
    if np.std(maturity) == 0 or np.std(nps) == 0:
        return []
    test = stats.pearson(maturity, nps)
    if not (test["ci_low"] > 0 or test["ci_high"] < 0) or test["p"] > data.rules.alpha:
        return []
    r = test["r"]
    lead, direction = (
        ("Maturity goes with loyalty", "the higher")
        if r > 0
        else ("Maturity runs against NPS", "the lower")
    )
    return [
        Finding(
            "nps_link",
            f"{lead}: across {len(pairs)} divisions, the more mature a division's customer work, "
            f"{direction} its NPS (r = {r:.2f}, 95 % CI {test['ci_low']:.2f} to "
            f"{test['ci_high']:.2f}).",
            severity("nps_link", 100 * abs(r) / 4),
            evidence={
                "r": r,
                "ci_low": test["ci_low"],
                "ci_high": test["ci_high"],
                "divisions_compared": len(pairs),
                "division_scores": dict(zip(names, maturity, strict=True)),
                "division_nps": dict(zip(names, nps, strict=True)),
                "test": "Pearson correlation, Fisher-z interval",
                "p": test["p"],
                "p_adjusted": test["p"],
            },
        )
    ]


# -- helpers ----------------------------------------------------------------------------------


def points_text(value: int) -> str:
    """A signed number of points: "+7 points", "−3 points", "0 points"."""
    return f"{value:+d} points" if value else "0 points"


def severity(kind: str, effect: float) -> float:
    return round(_BASE[kind] + min(abs(effect), 50) / 5, 6)


def _plain(value: object) -> object:
    """Evidence as JSON-safe Python values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
