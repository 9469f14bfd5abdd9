"""Trends across waves: the figures, the breaks, privacy across waves, and the truth of "what
changed" — planted changes found, none invented between unchanged waves.

Two waves come from two :class:`tests.truth.Plan` organisations whose true figures are exact, so
every change claimed is judged against the true change: a claim is true when the true change of
that group (the organisation or a division; overall or on one statement across the
organisation) has the claimed sign and is at least half of ``min_effect``. Recall is over true
changes of 10 points or more in groups of at least 30 respondents in both waves.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pytest

from cxmaturity import stats
from cxmaturity.results import ORGANISATION
from cxmaturity.survey import build_survey
from cxmaturity.trends import (
    ADDED,
    DROPPED,
    OVERALL,
    REWORDED,
    SavedWave,
    change_findings,
    trends,
)
from tests.truth import ITEMS, Plan, division_names, make_frame, plan, truth

HALF_EFFECT = stats.thresholds().min_effect / 2
RECALL_EFFECT = 10.0
RECALL_MIN_N = 30
SEEDS = range(1, 6)
JAN, APR = dt.date(2026, 1, 31), dt.date(2026, 4, 30)


def _wave(name: str, when: dt.date, org: Plan, seed: int, **wordings) -> SavedWave:
    survey = build_survey([(f"{name}.csv", "", make_frame(org, seed))])
    return SavedWave(name, when, survey, wordings)


@functools.lru_cache(maxsize=64)
def _pair(scenario: str, seed: int):
    before, after = CHANGE_SCENARIOS[scenario]
    waves = [_wave("Q1", JAN, before, 1000 + seed), _wave("Q2", APR, after, 2000 + seed)]
    return trends(waves), truth(before), truth(after)


# -- the figures --------------------------------------------------------------------------------


def test_each_wave_is_scored_on_its_own_and_changes_are_differences_of_shown_figures():
    found, _, _ = _pair("division_rises", 1)
    assert found.waves == ("Q1", "Q2")
    for wave in found.waves:
        results = found.results[wave]
        series = found.series[found.series["wave"] == wave].set_index(["group", "measure"])
        assert series.loc[(ORGANISATION, OVERALL), "score"] == pytest.approx(
            results.organisation.score
        )
        for name, division in results.divisions.items():
            assert series.loc[(name, OVERALL), "score"] == pytest.approx(division.scores.score)
            assert series.loc[(name, "S04"), "score"] == pytest.approx(
                division.scores.statements.loc["S04", "score"]
            )
            low, high = series.loc[(name, OVERALL), ["ci_low", "ci_high"]]
            assert low < division.scores.score < high
    for row in found.changes.itertuples(index=False):
        assert row.change == stats.whole(row.after) - stats.whole(row.before)
        assert row.ci_low < row.exact_change < row.ci_high
        if row.all_statements and row.kind == "overall":
            group = found.results[row.wave].divisions.get(row.group)
            now = group.scores.score if group else found.results[row.wave].organisation.score
            assert row.after == pytest.approx(now)


def test_a_division_too_small_in_a_wave_shows_nothing_for_it_and_has_no_change():
    sizes = dict.fromkeys(division_names(6), 120)
    small = plan({**sizes, "Sales": 3})
    found = trends([_wave("Q1", JAN, small, 1), _wave("Q2", APR, plan(sizes), 2)])
    assert "Sales" not in found.results["Q1"].divisions
    assert "Sales" in found.results["Q2"].divisions
    assert not ((found.series["wave"] == "Q1") & (found.series["group"] == "Sales")).any()
    assert "Sales" not in set(found.changes["group"])
    assert "Service" in set(found.changes["group"])


def test_changes_are_compared_on_statements_asked_the_same_way_and_breaks_are_shown():
    org = plan(150, 4)
    reworded = _wave("Q2", APR, org, 2, S03="bliss-9 statement 3")
    first = _wave("Q1", JAN, org, 1)
    dropped = first.survey
    keep = [i for i in dropped.items if i != "T03"]
    columns = [dropped.items.index(i) for i in keep]
    first = replace(
        first, survey=replace(dropped, items=tuple(keep), codes=dropped.codes[:, columns])
    )
    found = trends([first, reworded])
    breaks = {(row.statement, row["break"]) for _, row in found.breaks.iterrows()}
    assert breaks == {("S03", REWORDED), ("T03", ADDED)}
    changed = found.changes
    assert not changed["measure"].isin(["S03", "T03"]).any()
    overall = changed[(changed["measure"] == OVERALL) & (changed["group"] == ORGANISATION)]
    assert overall["statements"].item() == len(ITEMS) - 2
    assert not overall["all_statements"].item()
    (finding,) = [
        f
        for f in change_findings(_with_clear(found, OVERALL, ORGANISATION))
        if not f.divisions and f.statement is None
    ]
    assert "on the 12 statements asked the same way in both waves" in finding.headline
    again = trends([reworded, replace(first, name="Q3", when=dt.date(2026, 7, 1))])
    assert (DROPPED in set(again.breaks["break"])) and (REWORDED in set(again.breaks["break"]))


def _with_clear(found, measure, group):
    """The same trends with one change marked clear (to test the sentence, not the test)."""
    changes = found.changes.copy()
    pick = (changes["measure"] == measure) & (changes["group"] == group)
    changes.loc[pick, ["clear", "change", "ci_low"]] = [True, 6, 3.0]
    return replace(found, changes=changes)


def test_only_the_first_wave_has_no_changes():
    found = trends([_wave("Q1", JAN, plan(100, 3), 1)])
    assert found.changes.empty and found.breaks.empty
    assert change_findings(found) == []


def test_filters_apply_to_every_wave():
    org = plan(200, 4)
    found = trends(
        [_wave("Q1", JAN, org, 1), _wave("Q2", APR, org, 2)], filters={"role": "frontline"}
    )
    for wave in found.waves:
        assert found.results[wave].filters == {"role": "frontline"}
    organisation = found.series[
        (found.series["group"] == ORGANISATION) & (found.series["measure"] == OVERALL)
    ]
    assert (organisation["n"] < 800 * 0.8).all()


# -- the truth of "what changed" ----------------------------------------------------------------

_BASE = plan(150, 6)
_UNEQUAL = plan(dict(zip(division_names(6), (12, 40, 300, 90, 200, 25), strict=True)))
CHANGE_SCENARIOS: dict[str, tuple[Plan, Plan]] = {
    "unchanged": (_BASE, _BASE),
    "division_rises": (_BASE, replace(_BASE, levels={"Sales": 15.0})),
    "division_falls": (_BASE, replace(_BASE, levels={"Operations": -15.0})),
    "statement_rises": (_BASE, replace(_BASE, statements={"S04": 12.0})),
    "everyone_rises": (_BASE, replace(_BASE, mu=_BASE.mu + 0.5)),
    "unequal_sizes": (
        _UNEQUAL,
        replace(_UNEQUAL, levels={"Marketing": -12.0, "Sales": 15.0, "Product": 10.0}),
    ),
}


@dataclass
class Tally:
    claims: int = 0
    true_claims: int = 0
    effects: int = 0
    found: int = 0


def _true_change(before, after, group: str, measure: str) -> float:
    """The true change of a group's score (or of a statement across the organisation)."""
    if measure != OVERALL:
        return float(
            after.organisation_statements[measure] - before.organisation_statements[measure]
        )
    if group == ORGANISATION:
        return after.organisation_score - before.organisation_score
    return float(after.division_scores[group] - before.division_scores[group])


def _true_effect(before, after, group: str, measure: str) -> float:
    """What a "what changed" sentence claims: the organisation's change; a division's change
    beyond the median division change; a statement's beyond the median statement change."""
    if measure != OVERALL:
        changes = after.organisation_statements - before.organisation_statements
        return float(changes[measure] - changes.median())
    change = _true_change(before, after, group, measure)
    if group == ORGANISATION:
        return change
    changes = after.division_scores - before.division_scores
    return change - float(changes.median())


def measure(scenario: str, seed: int) -> Tally:
    found, before, after = _pair(scenario, seed)
    tally = Tally()
    claimed = set()
    for finding in change_findings(found):
        assert finding.kind == "wave_change"
        group = finding.divisions[0] if finding.divisions else ORGANISATION
        key = (group, finding.statement or OVERALL)
        effect = _true_effect(before, after, *key)
        sign = np.sign(finding.evidence["difference"])
        tally.claims += 1
        tally.true_claims += bool(np.sign(effect) == sign and abs(effect) >= HALF_EFFECT)
        claimed.add((*key, sign))
        _check_sentence(finding)
    sizes = before.plan.role_counts.sum(axis=1)
    candidates = [(ORGANISATION, OVERALL)]
    candidates += [
        (name, OVERALL)
        for name, n in zip(before.plan.divisions, sizes, strict=True)
        if n >= RECALL_MIN_N
    ]
    candidates += [(ORGANISATION, item) for item in ITEMS]
    for group, item in candidates:
        effect = _true_effect(before, after, group, item)
        if abs(effect) >= RECALL_EFFECT:
            tally.effects += 1
            tally.found += (group, item, np.sign(effect)) in claimed
    return tally


def _check_sentence(finding) -> None:
    """The sentence's numbers are its evidence's, rounded; every difference it states is the
    difference of two figures it prints; its words follow their signs."""
    evidence = finding.evidence
    before, after = (stats.whole(x) for x in evidence["scores"])
    change = evidence["change"]
    assert change == after - before
    where = " across the organisation" if finding.statement else ""
    moved = (
        f"has held at {after}{where}"
        if change == 0
        else f"has {'risen' if change > 0 else 'fallen'}{where} from {before} to {after}"
    )
    assert moved in finding.headline
    difference = evidence["difference"]
    if "reference_change" in evidence:
        reference = evidence["reference_change"]
        assert difference == change - reference
        shown = f"{reference:+d}" if reference else "0"
        assert f"against {shown} for {evidence['reference']}" in finding.headline
    else:
        assert difference == change
    assert f"({difference:+d} points; 95 % CI" in finding.headline
    low, high = evidence["ci_low"], evidence["ci_high"]
    assert (low > HALF_EFFECT) if difference > 0 else (high < -HALF_EFFECT)
    assert f"95 % CI {stats.whole(low):+d} to {stats.whole(high):+d}" in finding.headline


def table(seeds) -> pd.DataFrame:
    """Claims, precision, true changes and recall per scenario over these seeds."""
    rows = []
    for scenario in CHANGE_SCENARIOS:
        tallies = [measure(scenario, seed) for seed in seeds]
        claims = sum(t.claims for t in tallies)
        true_claims = sum(t.true_claims for t in tallies)
        effects = sum(t.effects for t in tallies)
        found = sum(t.found for t in tallies)
        rows.append(
            {
                "scenario": scenario,
                "seeds": len(tallies),
                "claims": claims,
                "true claims": true_claims,
                "true changes ≥ 10": effects,
                "found": found,
            }
        )
    return pd.DataFrame(rows)


def test_what_changed_is_true_and_complete():
    counts = table(SEEDS).set_index("scenario")
    assert counts.loc["unchanged", "true changes ≥ 10"] == 0
    assert counts.loc["unchanged", "claims"] <= 1, "changes invented between unchanged waves"
    planted = counts.drop(index="unchanged")
    assert (planted["true changes ≥ 10"] > 0).all()
    precision = counts["true claims"].sum() / counts["claims"].sum()
    assert precision >= 0.95, counts
    recall = planted["found"] / planted["true changes ≥ 10"]
    assert (recall >= 0.9).all(), counts


def test_no_change_is_invented_between_unchanged_waves_over_many_seeds():
    invented = [seed for seed in range(1, 21) if measure("unchanged", seed).claims]
    assert len(invented) <= 1, f"changes invented with seeds {invented}"


def test_the_truth_of_a_change_is_what_the_plan_plants():
    before, after = truth(_BASE), truth(replace(_BASE, levels={"Sales": 12.0}))
    change = _true_change(before, after, "Sales", OVERALL)
    assert 9 < change < 12.5  # 12 points planted, a little less away from the middle
    assert abs(_true_change(before, after, "Service", OVERALL)) < 1e-9
    assert pd.Series(after.organisation_statements).gt(before.organisation_statements).all()
