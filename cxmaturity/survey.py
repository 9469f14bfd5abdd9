"""From survey files to tidy responses: one row a respondent, one column an item.

Only the columns cxmaturity understands are kept (items, division, NPS, role, region);
everything else — names, e-mails, free text — is left behind at this step and never stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cxmaturity.columns import ColumnMap, map_columns, quote_columns
from cxmaturity.errors import Problem, SurveyError
from cxmaturity.framework import Framework, load_framework
from cxmaturity.loading import clean_column, read_table
from cxmaturity.scales import NUMERIC, Scale, encode, load_scales
from cxmaturity.text import normalise_label

NO_DIVISION = "no division"
NO_ANSWERED_ITEM = "no answered item"
EXCLUSION_REASONS = (NO_DIVISION, NO_ANSWERED_ITEM)
DESCRIPTIVE = ("role", "region")


@dataclass(frozen=True)
class FileReport:
    """What was found in one file."""

    source: str
    rows: int
    columns: ColumnMap


@dataclass(frozen=True)
class ImportReport:
    """How the survey was read: per file, the scale of each item, and what was inferred."""

    files: tuple[FileReport, ...]
    division_source: str
    scales: Mapping[str, Scale]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Survey:
    """Tidy responses ready to score.

    ``respondents`` has one row per kept respondent (division, source, nps, role, region);
    ``positions`` the same rows, one nullable-integer column per item (1..points).
    """

    framework: Framework
    respondents: pd.DataFrame
    positions: pd.DataFrame
    rows_read: int
    exclusions: Mapping[str, int]
    report: ImportReport

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self.positions.columns)

    @property
    def scales(self) -> Mapping[str, Scale]:
        return self.report.scales

    @property
    def has_nps(self) -> bool:
        return "nps" in self.respondents


def read_survey(
    paths: Sequence[str | Path],
    framework: Framework | None = None,
    *,
    division_column: str | None = None,
    nps_column: str | None = None,
    scale_points: int | None = None,
    sheet: str | None = None,
) -> Survey:
    """Read one or more survey files (one per division, or one with a division column)."""
    if not paths:
        raise SurveyError("no survey file given")
    tables = [(Path(p).name, Path(p).stem, read_table(p, sheet=sheet)) for p in paths]
    return build_survey(
        tables,
        framework,
        division_column=division_column,
        nps_column=nps_column,
        scale_points=scale_points,
    )


def build_survey(
    tables: Sequence[tuple[str, str, pd.DataFrame]],
    framework: Framework | None = None,
    *,
    division_column: str | None = None,
    nps_column: str | None = None,
    scale_points: int | None = None,
) -> Survey:
    """Build a Survey from already-read tables given as (source name, division name, table)."""
    framework = framework or load_framework()
    maps, division_source = _map_files(
        tables, framework, division_column=division_column, nps_column=nps_column
    )
    raw = pd.concat(
        [
            _tidy(table, cmap, source, stem, division_source)
            for (source, stem, table), cmap in zip(tables, maps, strict=True)
        ],
        ignore_index=True,
    )
    items = [i for i in framework.item_ids if i in raw.columns]
    where = {item: _columns_of(item, maps) for item in items}
    encoded, problems = encode(raw[items], where, numeric_points=scale_points)
    nps = _nps(raw, maps, problems) if "nps" in raw else None
    if problems:
        raise SurveyError.from_problems(problems, subject="the survey answers")

    positions = encoded.positions
    no_division = raw["division"].isna()
    no_answer = ~no_division & positions.isna().all(axis=1)
    kept = ~(no_division | no_answer)
    if not kept.any():
        sources = ", ".join(source for source, _, _ in tables)
        raise SurveyError(
            f"no respondent in {sources} can be scored ({int(no_division.sum())} rows have no "
            f"division, {int(no_answer.sum())} answered no statement); check the division "
            "column and that the answers are in the statement columns"
        )
    respondents = raw.loc[kept, [c for c in ("division", "source", *DESCRIPTIVE) if c in raw]]
    if nps is not None:
        respondents = respondents.assign(nps=nps[kept])
    report = ImportReport(
        files=tuple(
            FileReport(source, len(table), cmap)
            for (source, _, table), cmap in zip(tables, maps, strict=True)
        ),
        division_source=division_source,
        scales=encoded.scales,
        notes=encoded.notes,
    )
    return Survey(
        framework=framework,
        respondents=respondents.reset_index(drop=True),
        positions=positions.loc[kept].reset_index(drop=True),
        rows_read=len(raw),
        exclusions={NO_DIVISION: int(no_division.sum()), NO_ANSWERED_ITEM: int(no_answer.sum())},
        report=report,
    )


def _map_files(
    tables: Sequence[tuple[str, str, pd.DataFrame]],
    framework: Framework,
    *,
    division_column: str | None,
    nps_column: str | None,
) -> tuple[list[ColumnMap], str]:
    """Recognise every file's columns and decide where divisions come from, or raise."""
    maps, problems = [], []
    for source, _, table in tables:
        columns, found = map_columns(
            list(table.columns),
            framework,
            source=source,
            division_column=division_column,
            nps_column=nps_column,
        )
        if not columns.items:
            found.append(
                Problem(
                    "no_items",
                    f"no survey items recognised in {source}; name each statement column with the "
                    f"statement text or its id ({', '.join(framework.item_ids[:3])} …), "
                    "or pass --framework",
                )
            )
        maps.append(columns)
        problems += found
    division_source = _division_source(tables, maps, problems)
    if problems:
        raise SurveyError.from_problems(problems, subject="the survey files")
    return maps, division_source


def _division_source(
    tables: Sequence[tuple[str, str, pd.DataFrame]], maps: list[ColumnMap], problems: list[Problem]
) -> str:
    with_column = [cmap.division is not None for cmap in maps]
    if all(with_column):
        return "column"
    if len(tables) > 1 and not any(with_column):
        return "file name"
    if any(p.code.endswith("division_column") for p in problems):
        return "column"
    for (source, _, table), has in zip(tables, with_column, strict=True):
        if not has:
            problems.append(
                Problem(
                    "missing_division_column",
                    f"{source}: no division column found (looked for Division, Department, "
                    f"Business unit, Function, Team); pass --division-column with one of "
                    f"{quote_columns(list(table.columns))}",
                )
            )
    return "column"


def _tidy(
    table: pd.DataFrame, cmap: ColumnMap, source: str, stem: str, division_source: str
) -> pd.DataFrame:
    """Keep only the understood columns, renamed to item ids and roles."""
    data = {item: table[column] for item, column in cmap.items.items()}
    if division_source == "file name":
        data["division"] = pd.Series(stem, index=table.index, dtype=object)
    else:
        data["division"] = clean_column(table[cmap.division])
    data["source"] = pd.Series(source, index=table.index, dtype=object)
    for role, column in (("nps", cmap.nps), ("role", cmap.role), ("region", cmap.region)):
        if column is not None:
            data[role] = table[column]
    return pd.DataFrame(data, index=table.index)


def _columns_of(item: str, maps: list[ColumnMap]) -> str:
    names = dict.fromkeys(cmap.items[item] for cmap in maps if item in cmap.items)
    return " / ".join(names)


def _nps(raw: pd.DataFrame, maps: list[ColumnMap], problems: list[Problem]) -> pd.Series:
    """NPS answers as numbers 0–10; anything else is a problem naming the value."""
    missing = load_scales().missing
    counts = raw["nps"].dropna().value_counts(sort=False)
    codes: dict[str, float] = {}
    for value, rows in counts.items():
        key = normalise_label(value)
        if key in missing:
            continue
        number = str(value).strip()
        if NUMERIC.match(number) and 0 <= float(number) <= 10:
            codes[value] = float(number)
        else:
            column = " / ".join(dict.fromkeys(m.nps for m in maps if m.nps))
            problems.append(
                Problem(
                    "nps_out_of_range",
                    f"NPS column {column!r} has the answer {value!r} ({rows} rows); "
                    "recommend answers must be whole numbers 0–10 (blank when not answered)",
                )
            )
    return raw["nps"].map(codes).astype(float)
