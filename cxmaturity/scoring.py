"""Tidy responses → scores, for the whole survey or a view filtered by role, region or wave.

Scores come from the survey's cube (answer counts per group of identical respondents), and only
for groups that :mod:`cxmaturity.suppression` allows: a hidden division is counted, never named;
a statement answered by too few people in a division is withheld there. The formulas are
written up for a board in ``docs/methodology.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxmaturity import stats
from cxmaturity.cube import DIVISION, Cube, Groups, build_cube
from cxmaturity.errors import CxMaturityError
from cxmaturity.levels import level_for
from cxmaturity.results import (
    GAP_COLUMNS,
    ORGANISATION,
    STATEMENT_COLUMNS,
    Division,
    GroupScores,
    Results,
)
from cxmaturity.settings import MIN_GROUP_SIZE
from cxmaturity.suppression import NPS, RESPONDENTS, Suppression, suppress, view_key
from cxmaturity.survey import Survey

DEFAULT_MIN_GROUP_SIZE = MIN_GROUP_SIZE
OUTSIDE_FILTER = "outside the filter"


@dataclass(frozen=True)
class View:
    """One view of a survey: its groups' statistics and what of them may be shown."""

    survey: Survey
    cube: Cube
    suppression: Suppression
    filters: Mapping[str, str]
    organisation: Groups
    divisions: Groups
    shown: Mapping[str, Mapping[str, bool]]
    organisation_shown: Mapping[str, bool]

    @property
    def minimum(self) -> int:
        return self.suppression.minimum

    @property
    def shown_divisions(self) -> tuple[str, ...]:
        return tuple(d for d in self.divisions.names if self.shown[d][RESPONDENTS])

    def statement_shown(self, division: str | None, item: str) -> bool:
        flags = self.organisation_shown if division is None else self.shown[division]
        return flags[RESPONDENTS] and flags[item]


def cube_of(survey: Survey) -> Cube:
    """The survey's cube, built once per survey object."""
    cached = survey.__dict__.get("_cube")
    if cached is None:
        cached = build_cube(survey)
        object.__setattr__(survey, "_cube", cached)
    return cached


def suppression_of(survey: Survey, minimum: int, floor: int | None = None) -> Suppression:
    """The survey's suppression at ``minimum`` (never showing more than at ``floor``)."""
    store = survey.__dict__.setdefault("_suppression", {})
    key = (minimum, floor)
    if key not in store:
        base = None
        if floor is not None and floor < minimum:
            base = suppression_of(survey, floor)
        store[key] = suppress(cube_of(survey), minimum, floor=base)
    return store[key]


def view(
    survey: Survey,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    filters: Mapping[str, str | None] | None = None,
    floor: int | None = None,
) -> View:
    """The groups of one view and their suppression; raises when the view is too small."""
    if min_group_size < 1:
        raise CxMaturityError(f"the minimum group size must be 1 or more, not {min_group_size}")
    cube = cube_of(survey)
    chosen = {k: v for k, v in (filters or {}).items() if v is not None}
    keep = cube.select(chosen)
    sup = suppression_of(survey, min_group_size, floor)
    organisation = cube.whole(keep, ORGANISATION)
    organisation_shown = sup.shown_measures(view_key(cube, chosen, None))
    if not organisation_shown[RESPONDENTS]:
        raise CxMaturityError(
            f"{_described(chosen)}: too few respondents to show without risking that someone's "
            f"answers can be worked out (the minimum group size is {min_group_size}); "
            "widen the filter"
        )
    divisions = cube.groups(keep, DIVISION)
    shown = {name: sup.shown_measures(view_key(cube, chosen, name)) for name in divisions.names}
    return View(survey, cube, sup, chosen, organisation, divisions, shown, organisation_shown)


def _described(filters: Mapping[str, str]) -> str:
    return " and ".join(f"{k} = {v}" for k, v in filters.items()) or "the survey"


def score(
    survey: Survey,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    filters: Mapping[str, str | None] | None = None,
    floor: int | None = None,
) -> Results:
    """Score the organisation, each division that may be shown, and the gaps between them."""
    found = view(survey, min_group_size=min_group_size, filters=filters, floor=floor)
    items = survey.items
    organisation = _group_scores(found, found.organisation, 0, found.organisation_shown)
    if organisation.statements.empty:
        raise CxMaturityError(
            f"{_described(found.filters)}: every statement was answered by too few respondents "
            f"to show (the minimum group size is {min_group_size}); widen the filter"
        )
    divisions = {}
    for row, name in enumerate(found.divisions.names):
        flags = found.shown[name]
        if flags[RESPONDENTS]:
            scores = _group_scores(found, found.divisions, row, flags)
            if not scores.statements.empty:  # every statement withheld: nothing to show
                divisions[name] = Division(name, scores.n, scores)
    hidden = len(found.divisions.names) - len(divisions)
    exclusions = dict(survey.exclusions)
    outside = len(survey.respondents) - int(found.organisation.n[0])
    if found.filters:
        exclusions[OUTSIDE_FILTER] = outside
    return Results(
        framework=survey.framework,
        items=tuple(i for i in items if i in survey.scales),
        rows_read=survey.rows_read,
        respondents=int(found.organisation.n[0]),
        exclusions=exclusions,
        min_group_size=min_group_size,
        organisation=organisation,
        divisions=divisions,
        gaps=gaps(found, divisions),
        report=survey.report,
        divisions_not_shown=hidden,
        filters=dict(found.filters),
    )


def statement_table(
    groups: Groups, row: int, items: tuple[str, ...], points: np.ndarray
) -> pd.DataFrame:
    """One group's statement figures: n, score, % favourable, intervals, r_wg, sd."""
    n = groups.answered[row].astype(float)
    mean, variance = stats.moments(n, groups.score_sum[row], groups.score_sq[row])
    _, position_var = stats.moments(n, groups.position_sum[row], groups.position_sq[row])
    sd = np.sqrt(variance)
    favourable = groups.n_favourable[row]
    low, high = stats.t_interval(mean, np.nan_to_num(sd), n)
    f_low, f_high = stats.wilson_interval(favourable, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100 * favourable / n
    table = pd.DataFrame(
        {
            "score": mean,
            "pct_favourable": pct,
            "n": n.astype(int),
            "n_favourable": favourable.astype(int),
            "score_ci_low": low,
            "score_ci_high": high,
            "pct_favourable_ci_low": 100 * f_low,
            "pct_favourable_ci_high": 100 * f_high,
            "rwg": stats.rwg(position_var, points),
            "sd": sd,
        },
        index=pd.Index(items, name="item"),
    )
    return table[list(STATEMENT_COLUMNS)]


def _group_scores(found: View, groups: Groups, row: int, flags: Mapping[str, bool]) -> GroupScores:
    survey = found.survey
    items = survey.items
    points = np.array([survey.scales[i].points if i in survey.scales else 0 for i in items])
    table = statement_table(groups, row, items, points)
    answered = table["n"] > 0
    allowed = np.array([flags.get(item, False) for item in items])
    withheld = tuple(
        item for item, a, ok in zip(items, answered, allowed, strict=True) if a and not ok
    )
    table = table[answered.to_numpy() & allowed]
    pillar_of = {item.id: item.pillar for item in survey.framework.items}
    by_pillar = table["score"].groupby(table.index.map(pillar_of)).mean()
    pillars = {p: float(by_pillar.get(p, np.nan)) for p in survey.framework.pillar_ids}
    overall = float(table["score"].mean()) if len(table) else float("nan")
    nps = None
    if groups.nps is not None and (flags.get(NPS, False) or groups.nps[row].sum() == 0):
        nps = stats.net_promoter_counts(groups.nps[row])
    return GroupScores(
        n=int(groups.n[row]),
        score=overall,
        level=level_for(overall),
        pillars=pillars,
        statements=table,
        nps=nps,
        withheld=withheld,
    )


def gaps(found: View, divisions: Mapping[str, Division]) -> pd.DataFrame:
    """Per item, across the divisions showing it: range, std, lowest and highest, ICC(1)."""
    rows = []
    for name, division in divisions.items():
        table = division.scores.statements
        row = found.divisions.index(name)
        for item in table.index:
            j = found.survey.items.index(item)
            n = found.divisions.answered[row, j]
            mean = table.loc[item, "score"]
            ss = found.divisions.score_sq[row, j] - n * mean**2
            rows.append({"item": item, "division": name, "score": mean, "n": n, "ss": max(ss, 0.0)})
    if not rows:
        return pd.DataFrame(columns=list(GAP_COLUMNS))
    table = pd.DataFrame(rows)
    by_item = table.groupby("item", sort=True)["score"]
    ordered = table.sort_values(["item", "score", "division"])
    lowest = ordered.groupby("item").first()["division"]
    highest = (
        table.sort_values(["item", "score", "division"], ascending=[True, False, True])
        .groupby("item")
        .first()["division"]
    )
    result = pd.DataFrame(
        {
            "range": by_item.max() - by_item.min(),
            "std": by_item.std(),
            "min_division": lowest,
            "max_division": highest,
            "icc1": stats.icc1(table.rename(columns={"score": "mean"}), by="item"),
            "divisions": by_item.size(),
        }
    )
    order = [i for i in found.survey.items if i in result.index]
    return result.loc[order, list(GAP_COLUMNS)]


def long_answers(survey: Survey) -> pd.DataFrame:
    """One row per answer given: respondent, division, item, position, points, score, favourable.

    Respondent-level, for the few analyses that need people rather than counts.
    """
    codes = survey.codes
    respondent, column = np.nonzero(codes > 0)
    scales = [survey.scales.get(item) for item in survey.items]
    points = np.array([scale.points if scale else 0 for scale in scales])[column]
    favourable_from = np.array([scale.favourable_from if scale else 0 for scale in scales])[column]
    position = codes[respondent, column].astype(int)
    division = survey.respondents["division"]
    names = pd.Index(sorted(division.astype(object).unique()), dtype=object)
    division_codes = names.get_indexer(division.astype(object))
    return pd.DataFrame(
        {
            "respondent": respondent,
            "division": pd.Categorical.from_codes(division_codes[respondent], categories=names),
            "item": pd.Categorical.from_codes(column, categories=list(survey.items)),
            "position": position,
            "points": points,
            "score": (position - 1) / (points - 1) * 100,
            "favourable": position >= favourable_from,
        }
    )
