"""The tables the dashboard's charts draw from: pure pandas over a survey and its results.

Every function here works only from what ``Results`` may show: a suppressed division appears,
when it appears at all, as a name and a count — never a score. Tests that compare a division
with the rest of the organisation are corrected with Benjamini–Hochberg over every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxmaturity import stats
from cxmaturity.comparisons import leaders_and_front_line
from cxmaturity.errors import CxMaturityError
from cxmaturity.levels import Level
from cxmaturity.results import ORGANISATION, Results
from cxmaturity.scoring import View, view
from cxmaturity.survey import Survey

SPREAD = "Spread"
MEASURES = ("score", "pct_favourable", "delta")
SORTS = ("score", "name")
SHOWN, SUPPRESSED, NO_DATA = "shown", "suppressed", "no data"
CATEGORIES = ("unfavourable", "neutral", "favourable")
_CELL = ("value", "n", "ci_low", "ci_high")


@dataclass(frozen=True)
class HeatmapTable:
    """Statements × columns (Organisation, divisions, Spread), one row of ``cells`` per cell.

    ``cells`` has statement, column, status (shown / suppressed / no data), value, n, ci_low
    and ci_high; a suppressed cell carries only its status. ``centre`` is the organisation's
    value the colours diverge from (0 for a delta).
    """

    measure: str
    statements: pd.DataFrame
    columns: tuple[str, ...]
    cells: pd.DataFrame
    centre: float
    suppressed: tuple[str, ...]
    min_group_size: int

    def wide(self, field: str = "value") -> pd.DataFrame:
        """One field as statements (rows) × columns, in display order."""
        table = self.cells.pivot(index="statement", columns="column", values=field)
        return table.reindex(index=self.statements.index, columns=list(self.columns))


def statement_rows(results: Results) -> pd.DataFrame:
    """The scored statements grouped by pillar, in framework order: text, pillar, pillar_name."""
    framework = results.framework
    names = {pillar.id: pillar.name for pillar in framework.pillars}
    rows = [
        {"statement": item, "text": framework.item(item).text, "pillar": pillar}
        for pillar in framework.pillar_ids
        for item in framework.items_in(pillar)
        if item in results.items
    ]
    table = pd.DataFrame(rows, columns=["statement", "text", "pillar"]).set_index("statement")
    return table.assign(pillar_name=table["pillar"].map(names))


def heatmap_table(results: Results, measure: str = "score", sort: str = "score") -> HeatmapTable:
    """The heatmap's cells: a value, n and 95 % interval per statement and column."""
    _check(measure, MEASURES, "measure")
    _check(sort, SORTS, "sort")
    statements = statement_rows(results)
    base = "pct_favourable" if measure == "pct_favourable" else "score"
    organisation = _cells(results.organisation.statements, base, statements.index)
    shift = organisation["value"] if measure == "delta" else 0
    shown = _shown(results)
    frames = [_shifted(organisation, shift).assign(column=ORGANISATION, status=SHOWN)]
    order = sorted(shown, key=lambda d: _overall(results, d, base), reverse=True)
    order = order if sort == "score" else sorted(shown)
    for name in order:
        scores = results.divisions[name].scores
        cells = _cells(scores.statements, base, statements.index)
        status = np.where(cells["n"] > 0, SHOWN, NO_DATA)
        status = np.where(statements.index.isin(scores.withheld), SUPPRESSED, status)
        frames.append(_shifted(cells, shift).assign(column=name, status=status))
    frames.append(_spread([f["value"] for f in frames[1:]], statements.index))
    suppressed: tuple[str, ...] = ()
    cells = pd.concat(frames).rename_axis("statement").reset_index()
    cells = cells.reindex(columns=["statement", "column", "status", *_CELL])
    centres = {"delta": 0.0, "score": float(results.organisation.score)}
    return HeatmapTable(
        measure=measure,
        statements=statements,
        columns=(ORGANISATION, *order, *suppressed, SPREAD),
        cells=cells,
        centre=centres.get(measure, float(organisation["value"].mean())),
        suppressed=suppressed,
        min_group_size=results.min_group_size,
    )


def _view(survey: Survey, results: Results) -> View:
    return view(
        survey, min_group_size=results.min_group_size, filters=results.filters, floor=results.floor
    )


def significance(survey: Survey, results: Results, *, measure: str = "score") -> pd.DataFrame:
    """Per division × statement shown: does the division differ from the rest of the view?

    Welch's t-test on item scores (``score``, ``delta``) or a two-proportion z-test on
    % favourable, Benjamini–Hochberg over every cell; ``significant`` is the guard every
    finding passes (:func:`cxmaturity.stats.claim`). Columns: division, statement, effect
    (division − rest, points), ci_low, ci_high, p_adjusted, p, n, rest_n, test, significant.
    """
    _check(measure, MEASURES, "measure")
    found = _view(survey, results)
    organisation = found.organisation
    rows = []
    for name, division in results.divisions.items():
        r = found.divisions.index(name)
        for item in division.scores.statements.index:
            j = survey.items.index(item)
            rows.append((name, item, r, j))
    columns = ["division", "statement", "effect", "ci_low", "ci_high", "p_adjusted", "p"]
    columns += ["n", "rest_n", "test", "significant"]
    if not rows:
        return pd.DataFrame(columns=columns)
    names, items, r, j = (list(x) for x in zip(*rows, strict=True))
    groups = found.divisions
    n = groups.answered[r, j].astype(float)
    rest_n = organisation.answered[0, j] - n
    if measure == "pct_favourable":
        k = groups.n_favourable[r, j]
        test = stats.two_proportions(k, n, organisation.n_favourable[0, j] - k, rest_n)
        label = "two-proportion z-test of % favourable"
    else:
        s1, q1 = groups.score_sum[r, j], groups.score_sq[r, j]
        s2, q2 = organisation.score_sum[0, j] - s1, organisation.score_sq[0, j] - q1
        mean1, var1 = stats.moments(n, s1, q1)
        mean2, var2 = stats.moments(rest_n, s2, q2)
        test = stats.welch(n, mean1, var1, rest_n, mean2, var2)
        label = "Welch t-test of scores"
    adjusted = stats.benjamini_hochberg(test["p"])
    clear = [
        stats.claim(p, e, (lo, hi)) if np.isfinite(p) else False
        for p, e, lo, hi in zip(
            adjusted, test["effect"], test["ci_low"], test["ci_high"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "division": names,
            "statement": items,
            "effect": test["effect"],
            "ci_low": test["ci_low"],
            "ci_high": test["ci_high"],
            "p_adjusted": adjusted,
            "p": test["p"],
            "n": n.astype(int),
            "rest_n": rest_n.astype(int),
            "test": label,
            "significant": clear,
        }
    )[columns]


def answer_distribution(survey: Survey, results: Results, item: str) -> pd.DataFrame:
    """Unfavourable / neutral / favourable answers to one statement, for each group shown.

    Rows: the organisation, then the divisions showing it, by % favourable (highest first).
    Columns: a count and a ``pct_`` share of each category, and ``n``. Neutral is the scale's
    midpoint and is always 0 on a Yes/No (or any even) scale.
    """
    if item not in results.organisation.statements.index:
        shown = tuple(results.organisation.statements.index)
        raise CxMaturityError(f"no answers to statement {item!r} shown; choose one of {shown}")
    scale = survey.scales[item]
    found = _view(survey, results)
    j = survey.items.index(item)
    positions = np.arange(found.organisation.counts.shape[2])
    favourable = positions >= scale.favourable_from
    neutral = positions == scale.midpoint if scale.midpoint else np.zeros_like(favourable)
    unfavourable = (positions >= 1) & ~favourable & ~neutral
    groups = {ORGANISATION: found.organisation.counts[0, j]}
    for name, division in results.divisions.items():
        if item in division.scores.statements.index:
            groups[name] = found.divisions.counts[found.divisions.index(name), j]
    table = pd.DataFrame(
        {
            "unfavourable": [int(c[unfavourable].sum()) for c in groups.values()],
            "neutral": [int(c[neutral].sum()) for c in groups.values()],
            "favourable": [int(c[favourable].sum()) for c in groups.values()],
        },
        index=pd.Index(list(groups), name="group"),
    )
    table["n"] = table.sum(axis=1)
    for name in CATEGORIES:
        table[f"pct_{name}"] = 100 * table[name] / table["n"]
    divisions = table.drop(index=ORGANISATION).sort_values(
        ["pct_favourable", "pct_unfavourable"], ascending=[False, True]
    )
    return pd.concat([table.loc[[ORGANISATION]], divisions]).rename_axis("group")


def role_gap_table(survey: Survey, results: Results) -> pd.DataFrame:
    """Leaders against the front line, per statement both show, in score points.

    Empty when the survey has no role column, the view is filtered by role, or either group is
    not shown in the view (every role value it gathers must be shown, statement by statement).
    """
    columns = ["text", "pillar", "leaders", "leaders_n", "front_line", "front_line_n", "gap"]
    empty = pd.DataFrame(columns=columns).rename_axis("statement")
    found = _view(survey, results)
    pair = leaders_and_front_line(found)
    if pair is None:
        return empty
    rows = statement_rows(results)
    items = [i for i in rows.index if pair.shown(found, i)]
    if not items:
        return empty
    j = [survey.items.index(i) for i in items]
    out = rows.loc[items, ["text", "pillar"]].copy()
    for name, group in zip(("leaders", "front_line"), pair.groups, strict=True):
        n = group.answered[0, j]
        out[name] = stats.moments(n, group.score_sum[0, j], group.score_sq[0, j])[0]
        out[f"{name}_n"] = n.astype(int)
    return out.assign(gap=out["leaders"] - out["front_line"])[columns]


@dataclass(frozen=True)
class DivisionProfile:
    """One division against the organisation: statements, pillars, strengths and weaknesses.

    A strength or weakness is a statement at least ``MIN_EFFECT`` points from the
    organisation on which the division differs significantly from the rest of it.
    """

    division: str
    n: int
    score: float
    level: Level | None
    organisation_score: float
    statements: pd.DataFrame
    pillars: pd.DataFrame

    @property
    def strengths(self) -> pd.DataFrame:
        table = self.statements[self.statements["verdict"] == "strength"]
        return table.sort_values("delta", ascending=False)

    @property
    def weaknesses(self) -> pd.DataFrame:
        table = self.statements[self.statements["verdict"] == "weakness"]
        return table.sort_values("delta")


def division_profile(survey: Survey, results: Results, division: str) -> DivisionProfile:
    """A division's statements and pillars against the organisation, with a tip per weakness."""
    found = results.divisions.get(division)
    if found is None:
        shown = ", ".join(_shown(results)) or "none"
        raise CxMaturityError(
            f"division {division!r} is not among the divisions shown; choose one of: {shown}"
        )
    scores, organisation = found.scores, results.organisation
    rows = statement_rows(results)
    table = rows.join(scores.statements[["score", "pct_favourable", "n"]])
    table["organisation"] = organisation.statements["score"].reindex(rows.index)
    table["delta"] = table["score"] - table["organisation"]
    tests = significance(survey, results)
    tests = tests[tests["division"] == division].set_index("statement")
    table["p_adjusted"] = tests["p_adjusted"].reindex(rows.index)
    clear = tests["significant"].reindex(rows.index, fill_value=False).astype(bool)
    big = table["delta"].abs() >= stats.thresholds().min_effect
    table["verdict"] = np.where(
        clear & big, np.where(table["delta"] > 0, "strength", "weakness"), ""
    )
    table["tip"] = [results.framework.item(i).tip for i in rows.index]
    pillars = pd.DataFrame(
        {
            "name": [p.name for p in results.framework.pillars],
            "score": [scores.pillars[p] for p in results.framework.pillar_ids],
            "organisation": [organisation.pillars[p] for p in results.framework.pillar_ids],
        },
        index=pd.Index(results.framework.pillar_ids, name="pillar"),
    )
    return DivisionProfile(
        division=division,
        n=found.n,
        score=scores.score,
        level=scores.level,
        organisation_score=organisation.score,
        statements=table,
        pillars=pillars.assign(delta=pillars["score"] - pillars["organisation"]),
    )


def nps_maturity(results: Results) -> pd.DataFrame:
    """Division score against NPS, for divisions shown that have NPS answers."""
    rows = [
        {
            "division": name,
            "score": d.scores.score,
            "level_name": d.scores.level.name if d.scores.level else None,
            "nps": d.scores.nps["score"],
            "nps_n": d.scores.nps["n"],
            "n": d.n,
        }
        for name, d in results.divisions.items()
        if d.scores.nps is not None and d.scores.nps["n"] > 0
    ]
    columns = ["division", "score", "level_name", "nps", "nps_n", "n"]
    return pd.DataFrame(rows, columns=columns)


def pillar_table(results: Results) -> pd.DataFrame:
    """Pillar scores of the organisation and each division shown (rows), pillars as columns."""
    groups = {ORGANISATION: results.organisation} | {
        name: results.divisions[name].scores for name in _shown(results)
    }
    table = pd.DataFrame({name: dict(scores.pillars) for name, scores in groups.items()}).T.reindex(
        columns=list(results.framework.pillar_ids)
    )
    table["score"] = [scores.score for scores in groups.values()]
    return table.rename_axis("group")


def maturity_levels(results: Results) -> pd.DataFrame:
    """Each division shown: respondents, score and maturity level, highest score first."""
    rows = []
    for name, division in results.divisions.items():
        level = division.scores.level
        rows.append(
            {
                "division": name,
                "n": division.n,
                "score": division.scores.score,
                "level": level.level if level else None,
                "level_name": level.name if level else None,
            }
        )
    columns = ["division", "n", "score", "level", "level_name"]
    table = pd.DataFrame(rows, columns=columns).astype({"level": "Int64"})
    return table.sort_values("score", ascending=False, ignore_index=True)


def language_gaps(results: Results) -> pd.DataFrame:
    """Statements two or more divisions answered: lowest, highest, range, ICC(1); widest first."""
    rows = statement_rows(results)
    gaps = rows.join(results.gaps, how="inner")
    gaps = gaps[gaps["divisions"] >= 2]
    score_of = {
        name: results.divisions[name].scores.statements["score"] for name in _shown(results)
    }
    gaps["min_score"] = [score_of[d].get(i) for i, d in gaps["min_division"].items()]
    gaps["max_score"] = [score_of[d].get(i) for i, d in gaps["max_division"].items()]
    gaps["organisation"] = results.organisation.statements["score"].reindex(gaps.index)
    return gaps.sort_values("range", ascending=False, kind="stable")


def agreement_table(results: Results) -> pd.DataFrame:
    """Within-division agreement (rwg, 0–1) per statement and division shown, long form.

    Columns: statement, text, pillar_name, division, rwg, n; statements in framework order.
    """
    rows = statement_rows(results)
    frames = [
        results.divisions[name].scores.statements[["rwg", "n"]].assign(division=name)
        for name in _shown(results)
    ]
    columns = ["statement", "text", "pillar_name", "division", "rwg", "n"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = rows[["text", "pillar_name"]].join(pd.concat(frames), how="inner")
    return table.rename_axis("statement").reset_index()[columns]


def _shown(results: Results) -> list[str]:
    return list(results.divisions)


def _overall(results: Results, division: str, base: str) -> float:
    scores = results.divisions[division].scores
    return scores.score if base == "score" else float(scores.statements[base].mean())


def _cells(statements: pd.DataFrame, base: str, index: pd.Index) -> pd.DataFrame:
    cells = pd.DataFrame(
        {
            "value": statements[base],
            "n": statements["n"],
            "ci_low": statements[f"{base}_ci_low"],
            "ci_high": statements[f"{base}_ci_high"],
        }
    ).reindex(index)
    cells["n"] = cells["n"].fillna(0).astype(int)
    return cells


def _spread(values: list[pd.Series], index: pd.Index) -> pd.DataFrame:
    """Highest minus lowest division value per statement; no data with fewer than two."""
    table = pd.concat(values, axis=1) if values else pd.DataFrame(index=index)
    compared = table.notna().sum(axis=1)
    return pd.DataFrame(
        {
            "value": (table.max(axis=1) - table.min(axis=1)).where(compared >= 2),
            "n": compared,
            "column": SPREAD,
            "status": np.where(compared >= 2, SHOWN, NO_DATA),
        },
        index=index,
    )


def _shifted(cells: pd.DataFrame, shift: pd.Series | int) -> pd.DataFrame:
    moved = ["value", "ci_low", "ci_high"]
    return cells.assign(**{column: cells[column] - shift for column in moved})


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise CxMaturityError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
