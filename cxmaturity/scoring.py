"""Tidy responses → scores. Pure and vectorised: grouped pandas operations, no loop over people.

The formulas are written up for a board in ``docs/methodology.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxmaturity import stats
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
from cxmaturity.survey import Survey

DEFAULT_MIN_GROUP_SIZE = 5


def score(survey: Survey, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> Results:
    """Score the organisation, each division large enough to report, and the gaps between them."""
    if min_group_size < 1:
        raise CxMaturityError(f"the minimum group size must be 1 or more, not {min_group_size}")
    answers = long_answers(survey)
    sizes = survey.respondents["division"].value_counts().sort_index()
    reported = sizes.index[sizes >= min_group_size]
    division_answers = answers[answers["division"].isin(reported)]

    organisation_table = statement_table(answers.assign(division=ORGANISATION))
    division_table = statement_table(division_answers)
    organisation = _group_scores(
        organisation_table.loc[ORGANISATION],
        len(survey.respondents),
        survey,
        _nps(survey, None),
    )
    nps = _nps(survey, survey.respondents["division"])
    divisions = {
        name: Division(
            name,
            int(n),
            _group_scores(
                division_table.loc[name], int(n), survey, None if nps is None else nps.loc[name]
            )
            if name in reported
            else None,
        )
        for name, n in sizes.items()
    }
    return Results(
        framework=survey.framework,
        items=tuple(organisation_table.loc[ORGANISATION].index),
        rows_read=survey.rows_read,
        respondents=len(survey.respondents),
        exclusions=dict(survey.exclusions),
        min_group_size=min_group_size,
        organisation=organisation,
        divisions=divisions,
        gaps=gaps(division_table),
        report=survey.report,
    )


def long_answers(survey: Survey) -> pd.DataFrame:
    """One row per answer given: respondent, division, item, position, points, score, favourable."""
    items = list(survey.positions.columns)
    values = survey.positions.to_numpy(dtype="float64", na_value=np.nan)
    respondent, column = np.nonzero(~np.isnan(values))
    scales = [survey.scales.get(item) for item in items]
    points = np.array([scale.points if scale else 0 for scale in scales])[column]
    favourable_from = np.array([scale.favourable_from if scale else 0 for scale in scales])[column]
    position = values[respondent, column].astype(int)
    codes, names = pd.factorize(survey.respondents["division"], sort=True)
    return pd.DataFrame(
        {
            "respondent": respondent,
            "division": pd.Categorical.from_codes(codes[respondent], categories=names),
            "item": pd.Categorical.from_codes(column, categories=items),
            "position": position,
            "points": points,
            "score": (position - 1) / (points - 1) * 100,
            "favourable": position >= favourable_from,
        }
    )


def statement_table(answers: pd.DataFrame) -> pd.DataFrame:
    """Per division and item: n, score, % favourable, their 95 % intervals and r_wg."""
    grouped = answers.groupby(["division", "item"], observed=True, sort=True)
    table = grouped.agg(
        n=("score", "size"),
        score=("score", "mean"),
        sd=("score", "std"),
        n_favourable=("favourable", "sum"),
        position_var=("position", "var"),
        points=("points", "first"),
    )
    table["pct_favourable"] = 100 * table["n_favourable"] / table["n"]
    low, high = stats.t_interval(table["score"], table["sd"].fillna(0), table["n"])
    table["score_ci_low"], table["score_ci_high"] = low, high
    low, high = stats.wilson_interval(table["n_favourable"], table["n"])
    table["pct_favourable_ci_low"], table["pct_favourable_ci_high"] = 100 * low, 100 * high
    table["rwg"] = stats.rwg(table["position_var"], table["points"])
    table["ss"] = table["sd"].fillna(0) ** 2 * (table["n"] - 1)
    return table.astype({"n": int, "n_favourable": int})


def gaps(division_table: pd.DataFrame) -> pd.DataFrame:
    """Per item, across reported divisions: range, std, lowest and highest division, ICC(1)."""
    if division_table.empty:
        return pd.DataFrame(columns=list(GAP_COLUMNS))
    table = division_table.reset_index()
    by_item = table.groupby("item", observed=True, sort=True)["score"]
    lowest = table.sort_values(["item", "score", "division"]).groupby("item", observed=True).first()
    highest = (
        table.sort_values(["item", "score", "division"], ascending=[True, False, True])
        .groupby("item", observed=True)
        .first()
    )
    result = pd.DataFrame(
        {
            "range": by_item.max() - by_item.min(),
            "std": by_item.std(),
            "min_division": lowest["division"],
            "max_division": highest["division"],
            "icc1": stats.icc1(table.rename(columns={"score": "mean"}), by="item"),
            "divisions": by_item.size(),
        }
    )
    result.index = result.index.astype(str)
    return result[list(GAP_COLUMNS)]


def _group_scores(
    statements: pd.DataFrame, n: int, survey: Survey, nps: pd.Series | None
) -> GroupScores:
    statements = statements.copy()
    statements.index = statements.index.astype(str)
    pillar_of = {item.id: item.pillar for item in survey.framework.items}
    by_pillar = statements["score"].groupby(statements.index.map(pillar_of)).mean()
    pillars = {
        pillar: float(by_pillar.get(pillar, np.nan)) for pillar in survey.framework.pillar_ids
    }
    overall = float(statements["score"].mean())
    return GroupScores(
        n=n,
        score=overall,
        level=level_for(overall),
        pillars=pillars,
        statements=statements[list(STATEMENT_COLUMNS)],
        nps=None if nps is None else {k: int(v) if k == "n" else float(v) for k, v in nps.items()},
    )


def _nps(survey: Survey, groups: pd.Series | None) -> pd.DataFrame | pd.Series | None:
    if not survey.has_nps:
        return None
    table = stats.net_promoter(survey.respondents["nps"], groups)
    return table.iloc[0] if groups is None else table
