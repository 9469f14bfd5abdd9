"""Reading survey exports: bytes → raw grid → the tool's layout → a table of named columns.

Personal columns are dropped here, before the table exists, so nothing later can keep them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cxmaturity.errors import SurveyError
from cxmaturity.loading.grid import Grid, read_grid
from cxmaturity.loading.layouts import TOOLS, Layout, detect
from cxmaturity.loading.privacy import is_personal
from cxmaturity.settings import MAX_FILE_MB
from cxmaturity.text import clean

__all__ = ["TOOLS", "Table", "clean_column", "read_table", "table_from_frame"]


@dataclass(frozen=True)
class Table:
    """One file's responses: data rows only, named columns, and how the file was read."""

    source: str
    stem: str
    frame: pd.DataFrame
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tool: str = "plain"
    layout: str = "standard"
    header_rows: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    personal_dropped: tuple[str, ...] = ()


def read_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_file_mb: float = MAX_FILE_MB,
    tool: str | None = None,
) -> Table:
    """Read one export, whatever tool wrote it; raise SurveyError saying what to do if it can't."""
    path = Path(path)
    grid = read_grid(
        path,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        max_bytes=int(max_file_mb * 1024 * 1024),
    )
    if grid.rows.empty:
        raise SurveyError(f"{grid.source}: the file is empty; export the survey responses again")
    if tool is not None and tool not in TOOLS:
        raise SurveyError(f"unknown tool {tool!r}; use one of {', '.join(TOOLS)}")
    return _table(grid, detect(grid.rows, tool=tool), path.stem)


def table_from_frame(source: str, stem: str, frame: pd.DataFrame) -> Table:
    """A table from a DataFrame with one header row (for programs and tests)."""
    header = [str(column) for column in frame.columns]
    body = frame.astype(object).where(frame.notna(), "").astype(str).to_numpy().tolist()
    rows = pd.DataFrame([header, *body], dtype=object)
    grid = Grid(source=source, rows=rows, kind="frame", encoding=None, delimiter=None, sheet=None)
    return _table(grid, detect(rows) if len(rows) > 1 else _plain(rows), stem)


def _plain(rows: pd.DataFrame) -> Layout:
    first = tuple(clean(c) for c in rows.iloc[0])
    return Layout("plain", "standard", 1, first, tuple(() for _ in first))


def _table(grid: Grid, layout: Layout, stem: str) -> Table:
    data = grid.rows.iloc[layout.header_rows :].reset_index(drop=True)
    if data.empty:
        raise SurveyError(
            f"{grid.source}: the file has a header but no responses; export it again once "
            "people have answered"
        )
    groups = layout.merge or tuple((i,) for i in range(len(layout.names)))
    columns, labels, dropped = {}, {}, []
    names = _unique(list(layout.names))
    for name, members, texts_ in zip(names, groups, layout.labels, strict=True):
        texts = (name, *texts_)
        if is_personal(texts):
            dropped.append(name)
            continue
        cells = data.iloc[:, list(members)]
        column = cells.iloc[:, 0] if len(members) == 1 else _gather(cells)
        cleaned = clean_column(column)
        if name.startswith("(unnamed") and cleaned.isna().all():
            continue
        columns[name] = cleaned
        labels[name] = texts_
    return Table(
        source=grid.source,
        stem=stem,
        frame=pd.DataFrame(columns, index=data.index),
        labels=labels,
        tool=layout.tool,
        layout=layout.layout,
        header_rows=layout.header_rows,
        encoding=grid.encoding,
        delimiter=grid.delimiter,
        sheet=grid.sheet,
        personal_dropped=tuple(dropped),
    )


def _gather(cells: pd.DataFrame) -> pd.Series:
    """One answer spread over one column per option: the chosen option(s), joined by '; '."""
    chosen = cells.apply(lambda column: column.str.strip()).replace("", np.nan)
    return chosen.stack().dropna().groupby(level=0).agg("; ".join).reindex(cells.index)


def clean_column(column: pd.Series) -> pd.Series:
    """Clean each distinct cell once, then spread the results; blank cells become missing."""
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    cleaned = np.array([clean(value) or None for value in distinct] + [None], dtype=object)
    return pd.Series(cleaned[codes], index=column.index, name=column.name, dtype=object)


def _unique(headers: list[str]) -> list[str]:
    """Make repeated headers distinguishable (``Q1``, ``Q1 (2)``) so no column is lost."""
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        header = header or "(unnamed)"
        seen[header] = seen.get(header, 0) + 1
        result.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return result
