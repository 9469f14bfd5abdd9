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
        # one message whether the view is small or would let a small group be worked out:
        # telling the two apart would say something about a group that is not shown
        raise CxMaturityError(
            f"{_described(chosen)}: not shown — too few respondents, or figures from which a "
            "smaller group's answers could be worked out by subtracting what is shown elsewhere "
            f"(the minimum group size is {min_group_size}); widen or change the filter"
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
    points = _points(survey)
    organisation_figures = statement_figures(found.organisation, points)
    organisation = _group_scores(
        found, found.organisation, organisation_figures, 0, found.organisation_shown
    )
    if organisation.statements.empty:
        raise CxMaturityError(
            f"{_described(found.filters)}: every statement was answered by too few respondents "
            f"to show (the minimum group size is {min_group_size}); widen the filter"
        )
    divisions = {}
    figures = statement_figures(found.divisions, points)
    for row, name in enumerate(found.divisions.names):
        flags = found.shown[name]
        if flags[RESPONDENTS]:
            scores = _group_scores(found, found.divisions, figures, row, flags)
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
        floor=floor,
    )


def statement_figures(groups: Groups, points: np.ndarray) -> dict[str, np.ndarray]:
    """Every group's statement figures at once, as (groups × statements) arrays: n, score,
    % favourable, their intervals, r_wg and sd."""
    n = groups.answered.astype(float)
    mean, variance = stats.moments(n, groups.score_sum, groups.score_sq)
    _, position_var = stats.moments(n, groups.position_sum, groups.position_sq)
    sd = np.sqrt(variance)
    favourable = groups.n_favourable
    low, high = stats.t_interval(mean, np.nan_to_num(sd), n)
    f_low, f_high = stats.wilson_interval(favourable, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100 * favourable / n
    return {
        "score": mean,
        "pct_favourable": pct,
        "n": n.astype(int),
        "n_favourable": favourable.astype(int),
        "score_ci_low": low,
        "score_ci_high": high,
        "pct_favourable_ci_low": 100 * f_low,
        "pct_favourable_ci_high": 100 * f_high,
        "rwg": stats.rwg(position_var, np.broadcast_to(points, n.shape)),
        "sd": sd,
    }


def _group_scores(
    found: View,
    groups: Groups,
    figures: Mapping[str, np.ndarray],
    row: int,
    flags: Mapping[str, bool],
) -> GroupScores:
    survey = found.survey
    items = np.array(survey.items, dtype=object)
    answered = figures["n"][row] > 0
    allowed = np.array([flags.get(item, False) for item in items])
    withheld = tuple(items[answered & ~allowed])
    keep = answered & allowed
    table = pd.DataFrame(
        {column: figures[column][row][keep] for column in STATEMENT_COLUMNS},
        index=pd.Index(items[keep], name="item"),
    )
    scores = figures["score"][row][keep]  # the table's score column, without asking pandas
    pillars = {
        pillar: float(scores[mask].mean()) if mask.any() else float("nan")
        for pillar, mask in _pillar_masks(survey, items[keep]).items()
    }
    overall = float(scores.mean()) if len(scores) else float("nan")
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


def _pillar_masks(survey: Survey, items: np.ndarray) -> dict[str, np.ndarray]:
    pillar_of = {item.id: item.pillar for item in survey.framework.items}
    of = np.array([pillar_of[i] for i in items], dtype=object)
    return {pillar: of == pillar for pillar in survey.framework.pillar_ids}


def _points(survey: Survey) -> np.ndarray:
    return np.array([survey.scales[i].points if i in survey.scales else 0 for i in survey.items])


def gaps(found: View, divisions: Mapping[str, Division]) -> pd.DataFrame:
    """Per item, across the divisions showing it: range, std, lowest and highest, ICC(1), and the
    common-language test beyond each division's overall level (see :func:`levels`).

    A few cells per statement: worked out statement by statement on small arrays. Ties between
    divisions go to the name that sorts first."""
    cells = _cells(found, divisions)
    if cells.empty:
        return pd.DataFrame(columns=list(GAP_COLUMNS))
    level = levels(cells)
    item, name = cells["item"].to_numpy(), cells["division"].to_numpy()
    mean, n, ss = (cells[c].to_numpy(dtype=float) for c in ("mean", "n", "ss"))
    adjusted = mean - level.reindex(name).to_numpy()
    rows: dict[str, dict[str, object]] = {}
    shown = set(item)
    for statement in (i for i in found.survey.items if i in shown):
        at = np.flatnonzero(item == statement)
        means, names = mean[at], name[at]
        beyond = adjusted[at] - means.mean()
        raw = stats.one_way_anova(n[at], means, ss[at])
        past = stats.one_way_anova(n[at], adjusted[at], ss[at])
        low, high = _extremes(means, names)
        low_beyond, high_beyond = _extremes(beyond, names)
        rows[statement] = {
            "range": means.max() - means.min(),
            "std": means.std(ddof=1) if len(at) > 1 else np.nan,
            "min_division": names[low],
            "max_division": names[high],
            "icc1": raw["icc1"],
            "divisions": len(at),
            "icc1_beyond_levels": past["icc1"],
            "gap_F": past["F"],
            "gap_p": past["p"],
            "beyond_min_division": names[low_beyond],
            "beyond_max_division": names[high_beyond],
            "beyond_min": beyond[low_beyond],
            "beyond_max": beyond[high_beyond],
        }
    return pd.DataFrame.from_dict(rows, orient="index")[list(GAP_COLUMNS)]


def _extremes(values: np.ndarray, names: np.ndarray) -> tuple[int, int]:
    """Where the lowest and the highest value are (ties: the name that sorts first)."""
    order = sorted(range(len(values)), key=lambda k: (values[k], names[k]))
    top = max(values)
    highest = min((k for k in range(len(values)) if values[k] == top), key=lambda k: names[k])
    return order[0], highest


def levels(cells: pd.DataFrame) -> pd.Series:
    """Each division's overall level, robust to a statement on which it stands apart: the
    median, over the statements it shows, of its score minus the divisions' mean score there."""
    typical = cells.groupby("item")["mean"].transform("mean")
    return (cells["mean"] - typical).groupby(cells["division"]).median()


def _cells(found: View, divisions: Mapping[str, Division]) -> pd.DataFrame:
    """One row per (division shown, statement shown there): n, mean and within sum of squares."""
    column = {item: j for j, item in enumerate(found.survey.items)}
    items, names, means, n, sq = [], [], [], [], []
    for name, division in divisions.items():
        row = found.divisions.index(name)
        shown = division.scores.statements
        at = [column[item] for item in shown.index]
        items += list(shown.index)
        names += [name] * len(at)
        means.append(shown["score"].to_numpy(dtype=float))
        n.append(found.divisions.answered[row, at].astype(float))
        sq.append(found.divisions.score_sq[row, at].astype(float))
    if not items:
        return pd.DataFrame(columns=["item", "division", "mean", "n", "ss"])
    mean, count = np.concatenate(means), np.concatenate(n)
    ss = np.maximum(np.concatenate(sq) - count * mean**2, 0.0)
    return pd.DataFrame({"item": items, "division": names, "mean": mean, "n": count, "ss": ss})
