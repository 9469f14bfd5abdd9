"""Reading survey exports: bytes → raw grid → the tool's layout → a table of named columns.

Personal columns are dropped here — by name, and by what their first answers look like —
before any column is read in full, so nothing later can keep them.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from cxmaturity.errors import SurveyError
from cxmaturity.loading.cells import Coded, gather
from cxmaturity.loading.grid import Grid, grid_from_rows, read_grid
from cxmaturity.loading.layouts import TOOLS, Layout, detect
from cxmaturity.loading.privacy import personal_content, personal_reason
from cxmaturity.loading.source import Source, from_bytes
from cxmaturity.settings import MAX_FILE_MB
from cxmaturity.text import clean, compact
from cxmaturity.threads import background

__all__ = ["TOOLS", "Coded", "Source", "Table", "from_bytes", "read_table", "table_from_frame"]


@dataclass(frozen=True)
class Table:
    """One file's columns, named and stripped of personal data, read in full on request.

    ``sample`` holds the first data rows of every kept column (cleaned text, None when blank):
    enough to show what a column holds, never the whole file.
    """

    source: str
    stem: str
    columns: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]
    sample: pd.DataFrame
    grid: Grid = field(repr=False, compare=False)
    members: Mapping[str, tuple[int, ...]] = field(repr=False, default_factory=dict)
    tool: str = "plain"
    layout: str = "standard"
    header_rows: int = 1
    evidence: str = ""
    personal_dropped: tuple[str, ...] = ()
    personal_reasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def encoding(self) -> str | None:
        return self.grid.encoding

    @property
    def delimiter(self) -> str | None:
        return self.grid.delimiter

    @property
    def sheet(self) -> str | None:
        return self.grid.sheet

    @property
    def sheets(self) -> tuple[str, ...]:
        return self.grid.sheets

    def read(
        self, names: Sequence[str], *, as_is: Collection[str] = ()
    ) -> tuple[int, dict[str, Coded]]:
        """How many data rows the file has, and the named columns in full, as codes.

        Columns named in ``as_is`` (identifiers compared only for equality) keep their raw
        texts, uncleaned, which spares cleaning a million distinct response ids.
        """
        unknown = [name for name in names if name not in self.members]
        if unknown:
            raise SurveyError(f"{self.source}: no column {unknown[0]!r}")
        wanted = sorted({index for name in names for index in self.members[name]})
        plain = {self.members[name][0] for name in as_is if len(self.members.get(name, ())) == 1}
        rows, raw = self.grid.read(self.header_rows, wanted, plain)
        # the second half of the columns are joined on the worker while this thread joins the first
        coded = [i for i in wanted if i not in plain]
        later = coded[len(coded) // 2 :]
        joined = background().submit(lambda: [raw[i].codes for i in later])
        columns = {}
        for name in names:
            if any(i in later for i in self.members[name]):
                joined.result()
            members = self.members[name]
            if name in as_is and len(members) == 1:
                column = raw[members[0]]
                columns[name] = Coded.later(lambda c=column: Coded.uncleaned(c.values, c.codes))
                continue
            parts = [Coded.from_raw(raw[i].values, raw[i].codes) for i in members]
            columns[name] = parts[0] if len(parts) == 1 else gather(parts)
        return rows, columns

    @cached_property
    def rows(self) -> int:
        """The number of data rows (header rows not counted)."""
        return self.read([])[0]

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Every kept column in full, as text (None when blank): for small files and programs."""
        rows, columns = self.read(self.columns)
        index = pd.RangeIndex(rows)
        return pd.DataFrame(
            {name: columns[name].to_series(index, name) for name in self.columns}, index=index
        )


def read_table(
    source: str | os.PathLike[str] | Source,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_file_mb: float = MAX_FILE_MB,
    tool: str | None = None,
) -> Table:
    """Read one export, whatever tool wrote it; raise SurveyError saying what to do if it can't."""
    if tool is not None and tool not in TOOLS:
        raise SurveyError(f"unknown tool {tool!r}; use one of {', '.join(TOOLS)}")
    grid = read_grid(
        source,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        max_bytes=int(max_file_mb * 1024 * 1024),
        choose=survey_sheet,
    )
    stem = source.stem if isinstance(source, Source) else _stem(source)
    return _table(grid, detect(grid.head, tool=tool), stem)


def survey_sheet(heads: Mapping[str, Sequence[Sequence[str]]]) -> str:
    """The sheet that holds the survey: the most rows times the largest share of answers that
    are on a known scale (agreement labels, Yes/No, whole numbers) — an index of questions or a
    notes sheet has few of those. Ties go to the first sheet."""
    return max(heads, key=lambda title: _survey_likeness(heads[title]))


def _survey_likeness(head: Sequence[Sequence[str]]) -> float:
    from cxmaturity.scales import load_scales
    from cxmaturity.text import normalise_label

    book = load_scales()
    cells = [cell for row in head[1:] for cell in row if cell.strip()]
    if not cells:
        return 0.0
    known = sum(
        1
        for cell in cells
        if normalise_label(cell) in book.known_labels
        or normalise_label(cell) in book.missing
        or cell.strip().lstrip("-").isdigit()
    )
    return (len(head) - 1) * known / len(cells)


def table_from_frame(source: str, stem: str, frame: pd.DataFrame) -> Table:
    """A table from a DataFrame with one header row (for programs and tests)."""
    header = [str(column) for column in frame.columns]
    body = frame.astype(object).where(frame.notna(), "").astype(str).to_numpy().tolist()
    grid = grid_from_rows(source, [header, *body])
    layout = detect(grid.head) if len(grid.head) > 1 else _plain(grid.head)
    return _table(grid, layout, stem)


def _stem(path: str | os.PathLike[str]) -> str:
    from cxmaturity.loading.source import display_name

    return display_name(os.path.splitext(os.path.basename(os.fsdecode(path)))[0])


def _plain(head: Sequence[Sequence[str]]) -> Layout:
    first = tuple(clean(c) for c in head[0])
    return Layout("plain", "standard", 1, first, tuple(() for _ in first))


def _table(grid: Grid, layout: Layout, stem: str) -> Table:
    data = [list(row) for row in grid.head[layout.header_rows :]]
    width = max(grid.width, len(layout.names))
    if not data and not grid.read(layout.header_rows, [])[0]:
        raise SurveyError(
            f"{grid.source}: the file has a header but no responses; export it again once "
            "people have answered"
        )
    groups = layout.merge or tuple((i,) for i in range(len(layout.names)))
    codebook = _codebook(grid.other_sheets, layout.names)
    columns, labels, members, sample = [], {}, {}, {}
    dropped, reasons = [], {}
    for name, indices, texts_ in zip(
        _unique(list(layout.names)), groups, layout.labels, strict=True
    ):
        cells = [_sample_cells(data, i, width) for i in indices]
        values = cells[0] if len(cells) == 1 else _gathered(cells)
        why = personal_reason((name, *texts_)) or personal_content(values)
        if why:
            dropped.append(name)
            reasons[name] = why
            continue
        if name.startswith("(unnamed") and not any(values):
            continue
        columns.append(name)
        labels[name] = tuple(texts_) + codebook.get(compact(name), ())
        members[name] = tuple(indices)
        sample[name] = values
    return Table(
        source=grid.source,
        stem=stem,
        columns=tuple(columns),
        labels=labels,
        sample=pd.DataFrame(sample, columns=columns, dtype=object),
        grid=grid,
        members=members,
        tool=layout.tool,
        layout=layout.layout,
        header_rows=layout.header_rows,
        evidence=getattr(layout, "evidence", ""),
        personal_dropped=tuple(dropped),
        personal_reasons=reasons,
    )


def _codebook(
    sheets: Mapping[str, Sequence[Sequence[str]]], names: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Question texts from a codebook sheet: a sheet one column of which lists the data
    sheet's column names (at least half of them) and the next holds their texts."""
    wanted = {compact(n) for n in names if n}
    found: dict[str, tuple[str, ...]] = {}
    for rows in sheets.values():
        width = max((len(r) for r in rows), default=0)
        for key_column in range(max(width - 1, 0)):
            keys = [compact(r[key_column]) if key_column < len(r) else "" for r in rows]
            if sum(k in wanted for k in set(keys)) < max(2, len(wanted) // 2):
                continue
            for row, key in zip(rows, keys, strict=True):
                text = row[key_column + 1].strip() if key_column + 1 < len(row) else ""
                if key in wanted and text:
                    found.setdefault(key, (text,))
            return found
    return found


def _sample_cells(rows: list[list[str]], index: int, width: int) -> list[str | None]:
    cleaned: dict[str, str | None] = {}  # answers repeat: each distinct text cleaned once
    cells = []
    for row in rows:
        if index >= len(row):
            cells.append(None)
            continue
        text = row[index]
        if text not in cleaned:
            cleaned[text] = clean(text) or None
        cells.append(cleaned[text])
    return cells


def _gathered(cells: list[list[str | None]]) -> list[str | None]:
    joined = ["; ".join(v for v in values if v) for values in zip(*cells, strict=True)]
    return [text or None for text in joined]


def _unique(headers: list[str]) -> list[str]:
    """Make repeated headers distinguishable (``Q1``, ``Q1 (2)``) so no column is lost."""
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        header = header or "(unnamed)"
        seen[header] = seen.get(header, 0) + 1
        result.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return result
