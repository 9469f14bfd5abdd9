"""The tables the dashboard's charts draw from: pure pandas over a survey and its results.

Every function here works only from what ``Results`` may show: a suppressed division appears,
when it appears at all, as a name and a count — never a score. Tests that compare a division
with the rest of the organisation are corrected with Benjamini–Hochberg over every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps

from cxmaturity.errors import CxMaturityError
from cxmaturity.findings import ALPHA, FRONT_LINE, LEADERS, MIN_EFFECT
from cxmaturity.levels import Level
from cxmaturity.results import Results
from cxmaturity.scoring import long_answers
from cxmaturity.stats import Z95
from cxmaturity.survey import Survey

ORGANISATION = "Organisation"
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


def significance(survey: Survey, results: Results, *, measure: str = "score") -> pd.DataFrame:
    """Per division × statement: does the division differ from the rest of the organisation?

    Welch's t-test on item scores (``score``, ``delta``) or a two-proportion z-test on
    % favourable, Benjamini–Hochberg over every cell. Columns: division, statement, effect
    (division − rest, points), ci_low, ci_high, p_adjusted, p, n, rest_n, test, significant.
    Only divisions that are not suppressed are tested.
    """
    _check(measure, MEASURES, "measure")
    answers = _answers(survey).assign(sq=lambda a: a["score"] ** 2)
    answers = answers[answers["item"].isin(results.items)]
    sums = ["score", "sq", "favourable"]
    totals = answers.groupby("item")[sums].sum().join(answers.groupby("item").size().rename("n"))
    groups = answers[answers["division"].isin(_shown(results))]
    cells = groups.groupby(["division", "item"])[sums].sum()
    cells["n"] = groups.groupby(["division", "item"]).size()
    cells = cells.reset_index()
    shown = [
        item in results.divisions[division].scores.statements.index
        for division, item in zip(cells["division"], cells["item"], strict=True)
    ]
    cells = cells[shown].reset_index(drop=True)
    rest = totals.loc[cells["item"]].to_numpy() - cells[[*sums, "n"]].to_numpy()
    rest = pd.DataFrame(rest, columns=[*sums, "n"], index=cells.index)
    test = _two_proportion if measure == "pct_favourable" else _welch
    table = pd.concat([cells[["division", "item"]], test(cells, rest)], axis=1)
    table["n"], table["rest_n"] = cells["n"].astype(int), rest["n"].astype(int)
    tested = table["p"].notna()
    table["p_adjusted"] = np.nan
    if tested.any():
        adjusted = sps.false_discovery_control(table.loc[tested, "p"].to_numpy(dtype=float))
        table.loc[tested, "p_adjusted"] = adjusted
    table["significant"] = table["p_adjusted"].le(ALPHA)
    table = table.rename(columns={"item": "statement"})
    columns = ["division", "statement", "effect", "ci_low", "ci_high", "p_adjusted", "p"]
    return table[[*columns, "n", "rest_n", "test", "significant"]].reset_index(drop=True)


def answer_distribution(survey: Survey, results: Results, item: str) -> pd.DataFrame:
    """Unfavourable / neutral / favourable answers to one statement, for each group shown.

    Rows: the organisation, then divisions that are not suppressed, by % favourable (highest
    first). Columns: a count and a ``pct_`` share of each category, and ``n``. Neutral is the
    scale's midpoint and is always 0 on a Yes/No (or any even) scale.
    """
    if item not in results.items:
        raise CxMaturityError(f"no answers to statement {item!r}; choose one of {results.items}")
    scale = survey.scales[item]
    answers = _answers(survey)
    answers = answers[answers["item"] == item]
    midpoint = (scale.points + 1) / 2 if scale.points % 2 else None
    category = np.where(
        answers["favourable"],
        "favourable",
        np.where(answers["position"] == midpoint, "neutral", "unfavourable"),
    )
    answers = answers.assign(category=category)
    shown = answers[answers["division"].isin(_shown(results))]
    everyone = answers.assign(division=ORGANISATION)
    counts = pd.concat([everyone, shown]).groupby(["division", "category"]).size()
    table = counts.unstack("category").reindex(columns=list(CATEGORIES)).fillna(0).astype(int)
    table["n"] = table.sum(axis=1)
    for name in CATEGORIES:
        table[f"pct_{name}"] = 100 * table[name] / table["n"]
    divisions = table.drop(index=ORGANISATION).sort_values(
        ["pct_favourable", "pct_unfavourable"], ascending=[False, True]
    )
    return pd.concat([table.loc[[ORGANISATION]], divisions]).rename_axis("group")


def role_gap_table(survey: Survey, results: Results) -> pd.DataFrame:
    """Leaders (executives, managers) against the front line, per statement, in score points.

    Rows only for statements where both groups have at least the minimum group size of
    answers; empty when the survey has no role column.
    """
    columns = ["text", "pillar", "leaders", "leaders_n", "front_line", "front_line_n", "gap"]
    if "role" not in survey.respondents:
        return pd.DataFrame(columns=columns).rename_axis("statement")
    role = survey.respondents["role"].astype("string").str.strip().str.casefold()
    group = pd.Series(
        np.where(role.isin(LEADERS), "leaders", np.where(role.isin(FRONT_LINE), "front_line", "")),
        index=survey.respondents.index,
    )
    answers = _answers(survey)
    answers = answers.assign(group=group.to_numpy()[answers["respondent"]])
    answers = answers[answers["group"] != ""]
    table = answers.groupby(["item", "group"])["score"].agg(["mean", "size"]).unstack("group")
    rows = statement_rows(results)
    out = pd.DataFrame(index=rows.index)
    for name in ("leaders", "front_line"):
        means, sizes = table.get(("mean", name)), table.get(("size", name))
        out[name] = np.nan if means is None else means.reindex(rows.index)
        out[f"{name}_n"] = 0 if sizes is None else sizes.reindex(rows.index).fillna(0).astype(int)
    enough = (out["leaders_n"] >= results.min_group_size) & (
        out["front_line_n"] >= results.min_group_size
    )
    out = rows[["text", "pillar"]].join(out)[enough]
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
    big = table["delta"].abs() >= MIN_EFFECT
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


def _answers(survey: Survey) -> pd.DataFrame:
    answers = long_answers(survey)
    return answers.assign(
        item=answers["item"].astype(str), division=answers["division"].astype(str)
    )


def _welch(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Welch's t-test of the mean score, division (a) minus the rest (b), from sums."""
    mean_a, mean_b = a["score"] / a["n"], b["score"] / b["n"]
    with np.errstate(invalid="ignore", divide="ignore"):
        var_a = (a["sq"] - a["n"] * mean_a**2) / (a["n"] - 1)
        var_b = (b["sq"] - b["n"] * mean_b**2) / (b["n"] - 1)
        se2 = (var_a.clip(lower=0) / a["n"] + var_b.clip(lower=0) / b["n"]).where(
            (a["n"] >= 2) & (b["n"] >= 2)
        )
        se2 = se2.where(se2 > 0)
        df = se2**2 / ((var_a / a["n"]) ** 2 / (a["n"] - 1) + (var_b / b["n"]) ** 2 / (b["n"] - 1))
        effect = mean_a - mean_b
        t = effect / np.sqrt(se2)
        half = sps.t.ppf(0.975, df) * np.sqrt(se2)
    p = pd.Series(2 * sps.t.sf(np.abs(t), df), index=a.index)
    return pd.DataFrame(
        {"effect": effect, "ci_low": effect - half, "ci_high": effect + half, "p": p}
    ).assign(test="Welch t-test of scores")


def _two_proportion(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Two-proportion z-test of % favourable, division (a) minus the rest (b), in points."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p_a, p_b = a["favourable"] / a["n"], b["favourable"] / b["n"]
        pooled = (a["favourable"] + b["favourable"]) / (a["n"] + b["n"])
        se = np.sqrt(pooled * (1 - pooled) * (1 / a["n"] + 1 / b["n"]))
        z = (p_a - p_b) / se.where(se > 0)
        half = Z95 * np.sqrt(p_a * (1 - p_a) / a["n"] + p_b * (1 - p_b) / b["n"])
    effect = 100 * (p_a - p_b)
    p = pd.Series(2 * sps.norm.sf(np.abs(z)), index=a.index)
    return pd.DataFrame(
        {"effect": effect, "ci_low": effect - 100 * half, "ci_high": effect + 100 * half, "p": p}
    ).assign(test="two-proportion z-test of % favourable")


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise CxMaturityError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
