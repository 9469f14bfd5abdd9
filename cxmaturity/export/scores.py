"""Every score of a view as data: one CSV, or one XLSX with a sheet per view of the dashboard.

The sheets a person reads are rounded for display (whole points, as the dashboard shows them);
the ``Data`` sheet, and the CSV, hold every figure unrounded, one row per group and measure (the
table of ``python -m cxmaturity score --format csv``). Only groups that may be shown are in any
of them; everything is written through the formula-safe writers of :mod:`.tables`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cxmaturity import views
from cxmaturity.export.tables import to_csv_bytes, to_xlsx_bytes
from cxmaturity.results import ORGANISATION, Results
from cxmaturity.stats import whole
from cxmaturity.trends import Trends

DATA = "Data"


def score_sheets(results: Results, trends: Trends | None = None) -> dict[str, pd.DataFrame]:
    """The workbook's sheets, in order: the statements of the organisation and of each
    division, scores and % favourable by division, pillars and levels, the common-language
    gaps, the change since the wave before (with ``trends``), and the unrounded data."""
    rows = views.statement_rows(results)
    organisation = results.organisation.statements
    statements = pd.DataFrame(
        {
            "Id": rows.index,
            "Pillar": rows["pillar_name"].to_numpy(),
            "Statement": rows["text"].to_numpy(),
            "Score": _rounded(organisation["score"].reindex(rows.index)),
            "% favourable": _rounded(organisation["pct_favourable"].reindex(rows.index)),
            "Answers": organisation["n"].reindex(rows.index).astype("Int64").to_numpy(),
            "Score 95 % CI low": _rounded(organisation["score_ci_low"].reindex(rows.index)),
            "Score 95 % CI high": _rounded(organisation["score_ci_high"].reindex(rows.index)),
        }
    )
    sheets = {
        "Organisation": statements,
        "Scores by division": _by_division(results, rows, "score"),
        "% favourable by division": _by_division(results, rows, "pct_favourable"),
        "Pillars and levels": _pillars(results),
        "Common language": _gaps(results),
    }
    if trends is not None and len(trends.waves) > 1:
        sheets["Change since last wave"] = _changes(trends)
    sheets[DATA] = results.to_table()
    return sheets


def scores_xlsx(results: Results, trends: Trends | None = None) -> bytes:
    """The workbook of :func:`score_sheets` as XLSX bytes (text never a formula)."""
    return to_xlsx_bytes(score_sheets(results, trends))


def scores_csv(results: Results) -> bytes:
    """Every figure, unrounded, one row per group and measure, as CSV bytes (UTF-8 with BOM)."""
    return to_csv_bytes(results.to_table())


def _rounded(values: pd.Series | list) -> pd.Series:
    """Whole points, halves away from zero — as every sentence and chart prints them."""
    numbers = pd.Series(values, dtype="float64")
    return pd.array([None if pd.isna(v) else whole(v) for v in numbers], dtype="Int64")


def _by_division(results: Results, rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    groups: Mapping = {ORGANISATION: results.organisation} | {
        name: division.scores for name, division in results.divisions.items()
    }
    table = pd.DataFrame(
        {name: scores.statements[measure].reindex(rows.index) for name, scores in groups.items()}
    ).T
    table = table.apply(_rounded)
    table.insert(0, "Respondents", [scores.n for scores in groups.values()])
    if measure == "score":
        table.insert(1, "Overall", _rounded([scores.score for scores in groups.values()]))
    return table.rename_axis("Division").reset_index()


def _pillars(results: Results) -> pd.DataFrame:
    table = views.pillar_table(results)
    names = {p.id: p.name for p in results.framework.pillars}
    levels = {ORGANISATION: results.organisation.level} | {
        name: d.scores.level for name, d in results.divisions.items()
    }
    out = table.rename(columns=names | {"score": "Overall"}).apply(_rounded)
    out["Level"] = [levels[g].level if levels[g] else None for g in out.index]
    out["Level name"] = [levels[g].name if levels[g] else "" for g in out.index]
    return out.rename_axis("Division").reset_index()


def _gaps(results: Results) -> pd.DataFrame:
    gaps = views.language_gaps(results)
    return pd.DataFrame(
        {
            "Id": gaps.index,
            "Statement": gaps["text"].to_numpy(),
            "Lowest division": gaps["min_division"].to_numpy(),
            "Lowest": _rounded(gaps["min_score"]),
            "Highest division": gaps["max_division"].to_numpy(),
            "Highest": _rounded(gaps["max_score"]),
            "Range (points)": _rounded(gaps["range"]),
            "ICC": gaps["icc1"].round(2).to_numpy(),
            "ICC beyond levels": gaps["icc1_beyond_levels"].round(2).to_numpy(),
        }
    )


def _changes(trends: Trends) -> pd.DataFrame:
    latest = trends.waves[-1]
    before = trends.previous(latest)
    table = trends.changes[trends.changes["wave"] == latest]
    return pd.DataFrame(
        {
            "Group": table["group"].to_numpy(),
            "Measure": table["measure"].to_numpy(),
            before: _rounded(table["before"]),
            latest: _rounded(table["after"]),
            "Change": table["change"].astype("Int64").to_numpy(),
            "95 % CI low": _rounded(table["ci_low"]),
            "95 % CI high": _rounded(table["ci_high"]),
            "p (corrected)": table["p_adjusted"].round(4).to_numpy(),
            "Clear change": table["clear"].map({True: "yes", False: ""}).to_numpy(),
            "Statements compared": table["statements"].to_numpy(),
        }
    )
