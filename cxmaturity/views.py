"""The tables the dashboard's charts draw from: pure pandas over a survey and its results.

Every function here works only from what ``Results`` may show: a suppressed division appears,
when it appears at all, as a name and a count — never a score. Tests that compare a division
with the rest of the organisation are corrected with Benjamini–Hochberg over every cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cxmaturity import stats
from cxmaturity.comparisons import leaders_and_front_line
from cxmaturity.errors import CxMaturityError
from cxmaturity.levels import Level
from cxmaturity.results import ORGANISATION, GroupScores, Results
from cxmaturity.scoring import View, view
from cxmaturity.survey import Survey

SPREAD = "Spread"
MEASURES = ("score", "pct_favourable", "delta")
HEATMAP_MEASURES = ("score", "pct_favourable")
SORTS = ("score", "name", "furthest")
PAGE_SIZE = 15
SHOWN, SUPPRESSED, NO_DATA = "shown", "suppressed", "no data"
CATEGORIES = ("unfavourable", "neutral", "favourable")
_CELL = ("value", "n", "ci_low", "ci_high")


@dataclass(frozen=True)
class HeatmapTable:
    """Statements × groups (the organisation, divisions, Spread), one row of ``cells`` per cell.

    ``cells`` has statement, group, status (shown / suppressed / no data), value, n, ci_low and
    ci_high; a suppressed cell carries only its status. ``order`` is every division shown, in
    the chosen order; ``groups`` the ones drawn (all, or a page: :func:`heatmap_selection`).
    With ``difference`` each division's value is its own minus the organisation's, in points of
    ``measure``; the organisation keeps its own value, the reference. Spread always compares
    every division shown, whichever are drawn.
    """

    measure: str
    difference: bool
    statements: pd.DataFrame
    order: tuple[str, ...]
    groups: tuple[str, ...]
    cells: pd.DataFrame
    min_group_size: int
    change_since: str | None = None

    @property
    def divisions(self) -> tuple[str, ...]:
        """The divisions drawn, in order."""
        return self.groups[1:-1]

    def wide(self, field: str = "value") -> pd.DataFrame:
        """One field as statements (rows) × groups, in display order."""
        table = self.cells.pivot(index="statement", columns="group", values=field)
        return table.reindex(index=self.statements.index, columns=list(self.groups))


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


def heatmap_table(
    results: Results, measure: str = "score", sort: str = "score", *, difference: bool = False
) -> HeatmapTable:
    """The heatmap's cells: a value, n and 95 % interval per statement and group.

    ``sort`` orders the divisions: ``score`` (highest overall first), ``name``, or
    ``furthest`` — the mean distance, over the statements a division shows, from the
    organisation's value (furthest first), so a page of them holds the most different.
    """
    _check(measure, HEATMAP_MEASURES, "measure")
    _check(sort, SORTS, "sort")
    statements = statement_rows(results)
    organisation = _cells({ORGANISATION: results.organisation}, measure, statements.index)
    divisions = _cells(
        {name: division.scores for name, division in results.divisions.items()},
        measure,
        statements.index,
    )
    order = _order(divisions, organisation["value"], results, measure, sort)
    shift = organisation["value"] if difference else pd.Series(0.0, index=statements.index)
    frames = [
        organisation,
        _shifted(divisions, shift.reindex(divisions.index)),
        _spread(divisions, statements.index),
    ]
    cells = pd.concat(frames).rename_axis("statement").reset_index()
    return HeatmapTable(
        measure=measure,
        difference=difference,
        statements=statements,
        order=order,
        groups=(ORGANISATION, *order, SPREAD),
        cells=cells.reindex(columns=["statement", "group", "status", *_CELL]).astype({"n": int}),
        min_group_size=results.min_group_size,
    )


def change_heatmap_table(table: HeatmapTable, changes: pd.DataFrame, before: str) -> HeatmapTable:
    """The heatmap's groups and order with each cell's change in score since the round
    ``before`` (:attr:`cxmaturity.trends.Trends.changes` of the round shown): the printed change
    (difference of the two rounded scores), its interval and the n now. A cell that cannot be
    compared — not shown in that round, or its statement worded differently — has no data; a
    cell withheld now stays withheld. Spread is the highest minus the lowest division's change.
    """
    rows = changes[(changes["kind"] == "statement") & (changes["before_wave"] == before)]
    found = rows.set_index(["group", "measure"])
    cells = table.cells[table.cells["group"] != SPREAD].copy()
    keys = pd.MultiIndex.from_arrays([cells["group"], cells["statement"]])
    matched = found.reindex(keys)
    compared = matched["change"].notna().to_numpy()
    cells["value"] = matched["change"].to_numpy(dtype=float)
    cells["ci_low"] = matched["ci_low"].to_numpy(dtype=float)
    cells["ci_high"] = matched["ci_high"].to_numpy(dtype=float)
    cells["n"] = matched["n_after"].fillna(0).to_numpy(dtype=int)
    cells["status"] = np.where(
        cells["status"] == SUPPRESSED, SUPPRESSED, np.where(compared, SHOWN, NO_DATA)
    )
    divisions = cells[cells["group"].isin(table.order)].set_index("statement")
    spread = _spread(divisions[divisions["status"] == SHOWN], table.statements.index)
    spread = spread.assign(group=SPREAD)
    merged = pd.concat([cells, spread.rename_axis("statement").reset_index()])
    return replace(
        table,
        measure="score",
        difference=True,
        cells=merged.reindex(columns=list(table.cells.columns)).astype({"n": int}),
        change_since=before,
    )


def heatmap_pages(table: HeatmapTable, size: int = PAGE_SIZE) -> tuple[str, ...]:
    """A label per page of ``size`` divisions in the table's order: "1–15", "16–30", …"""
    total = len(table.order)
    starts = range(1, total + 1, size)
    return tuple(f"{s}–{min(s + size - 1, total)}" if s < total else f"{s}" for s in starts)


def heatmap_selection(
    table: HeatmapTable,
    *,
    page: int = 0,
    size: int = PAGE_SIZE,
    divisions: Sequence[str] = (),
) -> HeatmapTable:
    """The table drawn for the chosen ``divisions`` (in the table's order), or else one page.

    Pages count from 0; a page past the last is the last, so a view with fewer divisions
    never comes up empty.
    """
    unknown = [name for name in divisions if name not in table.order]
    if unknown:
        raise CxMaturityError(
            f"division {unknown[0]!r} is not among the divisions shown; choose from: "
            f"{', '.join(table.order) or 'none'}"
        )
    if divisions:
        chosen = [name for name in table.order if name in set(divisions)]
    else:
        last = max(len(heatmap_pages(table, size)) - 1, 0)
        start = min(max(page, 0), last) * size
        chosen = list(table.order[start : start + size])
    groups = (ORGANISATION, *chosen, SPREAD)
    return replace(table, groups=groups, cells=table.cells[table.cells["group"].isin(groups)])


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
    kept = results.__dict__.setdefault("_significance", {})  # every division's page and slide
    if measure in kept and kept[measure][0] is survey:  # asks for the same table
        return kept[measure][1].copy()
    table = _significance(survey, results, measure)
    kept[measure] = (survey, table)
    return table.copy()


def _significance(survey: Survey, results: Results, measure: str) -> pd.DataFrame:
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


def _cells(groups: Mapping[str, GroupScores], base: str, index: pd.Index) -> pd.DataFrame:
    """Every group × every statement, in one frame indexed by statement: group, status, cell."""
    names = list(groups)
    grid = pd.MultiIndex.from_product([names, index], names=["group", "statement"])
    fields = [base, "n", f"{base}_ci_low", f"{base}_ci_high"]
    frames = [groups[name].statements[fields] for name in names]
    answered = (
        pd.concat(frames, keys=names) if frames else pd.DataFrame(columns=fields, dtype=float)
    )
    cells = answered.set_axis(list(_CELL), axis=1).reindex(grid)
    withheld = [(name, item) for name in names for item in groups[name].withheld]
    hidden = grid.isin(withheld) if withheld else np.zeros(len(grid), dtype=bool)
    cells.loc[hidden, list(_CELL)] = np.nan
    cells["n"] = cells["n"].fillna(0).astype(int)
    status = np.where(hidden, SUPPRESSED, np.where(cells["n"] > 0, SHOWN, NO_DATA))
    return cells.assign(status=status).reset_index("group")


def _order(
    divisions: pd.DataFrame, organisation: pd.Series, results: Results, measure: str, sort: str
) -> tuple[str, ...]:
    names = pd.Index(list(results.divisions), dtype=object)
    if sort == "name":
        return tuple(sorted(names))
    by_group = divisions.groupby("group", sort=False)["value"]
    if sort == "furthest":
        distance = (divisions["value"] - organisation.reindex(divisions.index).to_numpy()).abs()
        key = distance.groupby(divisions["group"], sort=False).mean()
    elif measure == "score":
        key = pd.Series({name: results.divisions[name].scores.score for name in names})
    else:
        key = by_group.mean()
    ranked = pd.DataFrame({"key": key.reindex(names).to_numpy(), "name": names})
    ranked = ranked.sort_values(["key", "name"], ascending=[False, True], na_position="last")
    return tuple(ranked["name"])


def _spread(divisions: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Highest minus lowest division value per statement; no data with fewer than two."""
    table = divisions.set_index("group", append=True)["value"].unstack("group")
    table = table.reindex(index)
    compared = table.notna().sum(axis=1)
    return pd.DataFrame(
        {
            "value": (table.max(axis=1) - table.min(axis=1)).where(compared >= 2),
            "n": compared,
            "group": SPREAD,
            "status": np.where(compared >= 2, SHOWN, NO_DATA),
        },
        index=index,
    )


def _shifted(cells: pd.DataFrame, shift: pd.Series) -> pd.DataFrame:
    """Values and intervals moved by ``shift`` (one value per row, in the rows' order)."""
    moved = ["value", "ci_low", "ci_high"]
    return cells.assign(**{column: cells[column] - shift.to_numpy() for column in moved})


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise CxMaturityError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
