"""From survey files to tidy responses: one row a respondent, one small integer an answer.

Only the columns cxmaturity understands are kept (statements, division, NPS, role, region,
tenure, wave, date); everything else — names, e-mails, free text — is left behind unread.
Answers are held as positions on their scale (``codes``: 1..points, 0 for no answer), worked out
once per distinct answer text and spread to every respondent through the column's codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from cxmaturity.columns import ColumnMap, map_columns, quote_columns
from cxmaturity.errors import Problem, SurveyError
from cxmaturity.framework import Framework, load_framework
from cxmaturity.loading import Coded, Source, Table, from_bytes, read_table, table_from_frame
from cxmaturity.loading.privacy import looks_like_free_text
from cxmaturity.mapping import ColumnMapping
from cxmaturity.report import FileReport, ImportReport
from cxmaturity.scales import NEGATIVE, Scale, encode, load_scales
from cxmaturity.settings import MAX_FILE_MB
from cxmaturity.text import normalise_label
from cxmaturity.threads import background

DUPLICATE = "duplicate response"
CONFLICT = "conflicting duplicates"
NO_DIVISION = "no division"
NO_ANSWERED_ITEM = "no answered item"
EXCLUSION_REASONS = (DUPLICATE, CONFLICT, NO_DIVISION, NO_ANSWERED_ITEM)
DESCRIPTIVE = ("role", "region", "tenure", "wave", "date")
FILTERS = ("role", "region", "wave")
_NPS_ANSWER = re.compile(r"^\s*(\d{1,2}(?:\.0+)?)\s*(?:[-–—:=]\s*\D.*)?$")
_MAX_DIVISION_SHARE = 0.5


@dataclass(frozen=True)
class Survey:
    """Tidy responses ready to score.

    ``respondents`` has one row per kept respondent: division and source, and nps, role,
    region, tenure, wave and date when the survey has them (text columns are categorical).
    ``codes`` has the same rows, one column per item of ``items``: the answer's position on the
    item's scale (1..points), 0 where the respondent gave no answer.
    """

    framework: Framework
    respondents: pd.DataFrame
    codes: np.ndarray
    items: tuple[str, ...]
    rows_read: int
    exclusions: Mapping[str, int]
    report: ImportReport

    @property
    def scales(self) -> Mapping[str, Scale]:
        return self.report.scales

    @property
    def has_nps(self) -> bool:
        return "nps" in self.respondents

    @cached_property
    def positions(self) -> pd.DataFrame:
        """The answers as a table of nullable integers (for programs and small surveys)."""
        frame = pd.DataFrame(self.codes, columns=list(self.items)).astype("Int64")
        return frame.mask(frame == 0)

    @cached_property
    def scores(self) -> np.ndarray:
        """Each answer's item score, 0–100 (NaN where not answered), as float32."""
        top = np.array([self.scales[i].points - 1 if i in self.scales else 1 for i in self.items])
        with np.errstate(invalid="ignore"):
            values = (self.codes.astype(np.float32) - 1) * (100 / top.astype(np.float32))
        return np.where(self.codes > 0, values, np.nan).astype(np.float32)


def read_survey(
    paths: Sequence[str | Source],
    framework: Framework | None = None,
    *,
    division_column: str | None = None,
    nps_column: str | None = None,
    scale: tuple[int, int] | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | Mapping[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_file_mb: float = MAX_FILE_MB,
    tool: str | None = None,
) -> Survey:
    """Read one or more survey exports (one per division, or one with a division column)."""
    if not paths:
        raise SurveyError("no survey file given")
    tables = [
        read_table(
            p,
            sheet=_sheet_for(p, sheet),
            encoding=encoding,
            delimiter=delimiter,
            max_file_mb=max_file_mb,
            tool=tool,
        )
        for p in paths
    ]
    return build_survey(
        tables,
        framework,
        division_column=division_column,
        nps_column=nps_column,
        scale=scale,
        mapping=mapping,
    )


def _sheet_for(source: str | Source, sheet: str | Mapping[str, str] | None) -> str | None:
    """One sheet for every file, or a file's own sheet by its name."""
    if sheet is None or isinstance(sheet, str):
        return sheet
    name = source.name if isinstance(source, Source) else str(source)
    return sheet.get(name)


def read_uploads(
    files: Sequence[tuple[str, bytes]], framework: Framework | None = None, **options
) -> Survey:
    """Read files given as (name, bytes) — an upload — exactly as :func:`read_survey` reads
    paths; messages and reports name each file as the user named it."""
    return read_survey([from_bytes(name, data) for name, data in files], framework, **options)


@dataclass(frozen=True)
class _Part:
    """One file's understood columns, read in full."""

    table: Table
    cmap: ColumnMap
    rows: int
    columns: Mapping[str, Coded]


def build_survey(
    tables: Sequence[Table | tuple[str, str, pd.DataFrame]],
    framework: Framework | None = None,
    *,
    division_column: str | None = None,
    nps_column: str | None = None,
    scale: tuple[int, int] | None = None,
    mapping: ColumnMapping | None = None,
) -> Survey:
    """Build a Survey from read tables (or ``(source, division name, DataFrame)`` triples)."""
    framework = framework or load_framework()
    tables = [t if isinstance(t, Table) else table_from_frame(*t) for t in tables]
    maps, division_source = _map_files(
        tables,
        framework,
        division_column=division_column,
        nps_column=nps_column,
        mapping=mapping,
    )
    parts = [_read_part(table, cmap) for table, cmap in zip(tables, maps, strict=True)]
    items = tuple(i for i in framework.item_ids if any(i in p.cmap.items for p in parts))
    where = {item: _columns_of(item, parts) for item in items}
    counts = {item: _answer_counts(item, parts) for item in items}
    columns = {
        item: tuple(dict.fromkeys(p.cmap.items[item] for p in parts if item in p.cmap.items))
        for item in items
    }
    encoded, problems = encode(counts, where, numeric=scale, columns=columns)
    problems += _division_problems(parts, division_source)
    nps_lookup = _nps_lookup(parts, problems)
    if problems:
        raise SurveyError.from_problems(problems, subject="the survey answers")

    codes = _answer_codes(parts, items, encoded.lookups)
    raw, tallies = _respondent_columns(parts, division_source, nps_lookup)
    duplicate, conflict = _duplicates(parts, raw, codes)
    no_division = ~duplicate & ~conflict & raw["division"].isna().to_numpy()
    no_answer = ~duplicate & ~conflict & ~no_division & ~(codes > 0).any(axis=1)
    kept = ~(duplicate | conflict | no_division | no_answer)
    exclusions = {
        DUPLICATE: int(duplicate.sum()),
        CONFLICT: int(conflict.sum()),
        NO_DIVISION: int(no_division.sum()),
        NO_ANSWERED_ITEM: int(no_answer.sum()),
    }
    if not kept.any():
        sources = ", ".join(part.table.source for part in parts)
        raise SurveyError(
            f"no respondent in {sources} can be scored ({exclusions[NO_DIVISION]} rows have no "
            f"division, {exclusions[NO_ANSWERED_ITEM]} answered no statement, "
            f"{exclusions[DUPLICATE] + exclusions[CONFLICT]} are duplicates); check the "
            "division column and that the answers are in the statement columns"
        )
    everyone = bool(kept.all())
    kept_codes = None if everyone else _kept_rows(codes, kept)
    respondents = raw if everyone else _kept_respondents(raw, kept)
    if not everyone:  # a value held only by rows left out is not one of the survey's values
        for column, tally in tallies.items():
            left_out = np.asarray(raw[column].array.codes)[~kept]
            tally = tally - np.bincount(left_out[left_out >= 0], minlength=len(tally))
            if (tally == 0).any():
                respondents[column] = _only_used(respondents[column].array, tally > 0)
    rows_read = len(raw)
    report = ImportReport(
        files=tuple(_file_report(part) for part in parts),
        division_source=division_source,
        scales=encoded.scales,
        notes=encoded.notes,
        rows_read=rows_read,
        respondents=int(kept.sum()),
        exclusions=exclusions,
        mapping=mapping.source if mapping else None,
    )
    return Survey(
        framework=framework,
        respondents=respondents,
        codes=codes if everyone else kept_codes.result(),
        items=items,
        rows_read=rows_read,
        exclusions=exclusions,
        report=report,
    )


def _read_part(table: Table, cmap: ColumnMap) -> _Part:
    names = list(dict.fromkeys([*cmap.items.values(), *cmap.described.values()]))
    rows, columns = table.read(names, as_is=[cmap.described.get("respondent_id")])
    return _Part(table, cmap, rows, columns)


def _file_report(part: _Part) -> FileReport:
    table = part.table
    return FileReport(
        source=table.source,
        rows=part.rows,
        columns=part.cmap,
        tool=table.tool,
        layout=table.layout,
        header_rows=table.header_rows,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        personal_dropped=table.personal_dropped,
        evidence=table.evidence,
        sheets=table.sheets,
    )


def _map_files(
    tables: Sequence[Table],
    framework: Framework,
    *,
    division_column: str | None,
    nps_column: str | None,
    mapping: ColumnMapping | None,
) -> tuple[list[ColumnMap], str]:
    """Recognise every file's columns and decide where divisions come from, or raise."""
    maps, problems = [], []
    for table in tables:
        columns, found = map_columns(
            list(table.columns),
            framework,
            source=table.source,
            labels=table.labels,
            mapping=mapping,
            division_column=division_column,
            nps_column=nps_column,
            personal=table.personal_reasons,
        )
        if not columns.items:
            found.append(
                Problem(
                    "no_items",
                    f"no survey statements recognised in {table.source}: no column is headed "
                    "with a statement's text or its id "
                    f"({', '.join(framework.item_ids[:3])} …); map its columns to the "
                    "statements, or rename them",
                )
            )
        maps.append(columns)
        problems += found
    unrecognised = [p for p in problems if p.code == "no_items"]
    if unrecognised:
        raise SurveyError.from_problems(unrecognised, subject="the survey files")
    division_source = _division_source(tables, maps, problems)
    if problems:
        raise SurveyError.from_problems(problems, subject="the survey files")
    return maps, division_source


def _division_source(
    tables: Sequence[Table], maps: list[ColumnMap], problems: list[Problem]
) -> str:
    with_column = [cmap.division is not None for cmap in maps]
    if all(with_column):
        return "column"
    if len(tables) > 1 and not any(with_column):
        return "file name"
    if any(p.code.endswith("division_column") for p in problems):
        return "column"
    for table, has in zip(tables, with_column, strict=True):
        if not has:
            problems.append(
                Problem(
                    "missing_division_column",
                    f"{table.source}: no division column found (looked for Division, "
                    "Department, Business unit, Function, Team); choose the column that names "
                    f"each respondent's division among {quote_columns(list(table.columns))}",
                )
            )
    return "column"


def _division_problems(parts: Sequence[_Part], division_source: str) -> list[Problem]:
    """A division column in which nearly every respondent has a value of their own is a column
    of names or free text mapped by mistake: refused, without quoting a single value."""
    if division_source != "column":
        return []
    problems = []
    for part in parts:
        column = part.cmap.division
        coded = part.columns[column]
        answered = int((coded.codes >= 0).sum())
        distinct = len(coded.values)
        sample = list(part.table.sample[column]) if column in part.table.sample else []
        if answered >= 20 and (
            distinct > _MAX_DIVISION_SHARE * answered or looks_like_free_text(sample)
        ):
            problems.append(
                Problem(
                    "division_column_not_divisions",
                    f"{part.table.source}: column {column!r} has {distinct:,} different values "
                    f"for {answered:,} respondents, so it does not name divisions (is it a "
                    "column of names or comments?); choose the column that names each "
                    "respondent's division",
                    (column,),
                )
            )
    return problems


def _columns_of(item: str, parts: Sequence[_Part]) -> str:
    """Where an item's answers come from, for messages: "column 'Q1' in sales.csv"."""
    places: dict[str, list[str]] = {}
    for part in parts:
        if item in part.cmap.items:
            places.setdefault(part.cmap.items[item], []).append(part.table.source)
    return "; ".join(
        f"column {column!r} in {', '.join(sources)}" for column, sources in places.items()
    )


def _answer_counts(item: str, parts: Sequence[_Part]) -> pd.Series:
    """How many rows gave each distinct answer to ``item``, over every file."""
    tallies = [
        part.columns[part.cmap.items[item]].counts() for part in parts if item in part.cmap.items
    ]
    if len(tallies) == 1:  # one file: its distinct values are already distinct
        return tallies[0]
    return pd.concat(tallies).groupby(level=0, sort=False).sum()


def _answer_codes(
    parts: Sequence[_Part], items: Sequence[str], lookups: Mapping[str, Mapping[str, int]]
) -> np.ndarray:
    """(rows × items) answer positions, column-major: each statement's answers lie together,
    as they are filled, counted and saved statement by statement."""
    codes = np.zeros((sum(part.rows for part in parts), len(items)), dtype=np.int8, order="F")
    start = 0
    for part in parts:
        for j, item in enumerate(items):
            column = part.cmap.items.get(item)
            if column is not None:
                lookup = lookups.get(item, {})
                part.columns[column].map(lookup, out=codes[start : start + part.rows, j])
        start += part.rows
    return codes


def _kept_rows(codes: np.ndarray, kept: np.ndarray) -> Future[np.ndarray]:
    """The kept rows of a column-major matrix, still column-major, picked on the worker while
    this thread goes on (the caller waits for them)."""

    def pick() -> np.ndarray:
        out = np.empty((int(kept.sum()), codes.shape[1]), dtype=codes.dtype, order="F")
        for j in range(codes.shape[1]):
            out[:, j] = codes[:, j][kept]
        return out

    return background().submit(pick)


def _kept_respondents(raw: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """The kept rows, renumbered from 0: categoricals picked by their codes (their categories
    kept as they are), other columns as arrays."""
    data: dict[str, object] = {}
    for name in raw.columns:
        column = raw[name].array
        if isinstance(column, pd.Categorical):
            codes = np.asarray(column.codes)[kept]
            data[name] = pd.Categorical.from_codes(codes, dtype=column.dtype, validate=False)
        else:
            data[name] = raw[name].to_numpy()[kept]
    return pd.DataFrame(data, copy=False)


def _sorted_categories(column: pd.Categorical) -> tuple[pd.Categorical, np.ndarray]:
    """The column with the values some row holds as its categories, in sorted order, and how
    many rows hold each (counted, not sorted, over the rows)."""
    categories = column.categories
    codes = np.asarray(column.codes)
    given = codes if not len(codes) or codes.min() >= 0 else codes[codes >= 0]
    tally = np.bincount(given, minlength=len(categories))
    order = sorted(np.flatnonzero(tally), key=lambda code: categories[code])
    if len(order) == len(categories) and order == sorted(order):
        return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories))), tally
    renumber = np.full(len(categories) + 1, -1, dtype=codes.dtype)  # the last stands for -1
    renumber[order] = np.arange(len(order), dtype=codes.dtype)
    ordered = pd.Index([categories[code] for code in order])
    return pd.Categorical.from_codes(renumber[codes], categories=ordered), tally[order]


def _only_used(column: pd.Categorical, used: np.ndarray) -> pd.Categorical:
    """The column without the categories ``used`` marks unused (their order kept)."""
    return column.remove_categories(column.categories[~used])


def _respondent_columns(
    parts: Sequence[_Part], division_source: str, nps_lookup: Mapping[str, float] | None
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Division, source and the descriptive columns of every row read, as categoricals whose
    categories are the values some row holds, in sorted order; and for each categorical column,
    how many rows hold each category."""
    data: dict[str, object] = {}
    tallies: dict[str, np.ndarray] = {}
    columns = {
        "division": [_division_of(part, division_source) for part in parts],
        "source": [_constant(part.table.source, part.rows) for part in parts],
    }
    for role in DESCRIPTIVE:
        if any(role in part.cmap.described for part in parts):
            columns[role] = [_described(part, role) for part in parts]
    for name, pieces in columns.items():
        column, tally = _categorical(pieces)
        if name == "date":
            data[name] = _dates(column)
        else:
            data[name], tallies[name] = column, tally
    if nps_lookup is not None:
        data["nps"] = np.concatenate([_nps_values(part, nps_lookup) for part in parts])
    return pd.DataFrame(data, copy=False), tallies  # (the columns are new: no copy needed)


def _division_of(part: _Part, division_source: str) -> Coded:
    if division_source == "file name":
        return _constant(part.table.stem, part.rows)
    coded = part.columns[part.cmap.division]
    return coded.without(np.array([bool(NEGATIVE.fullmatch(v)) for v in coded.values], bool))


def _described(part: _Part, role: str) -> Coded:
    column = part.cmap.described.get(role)
    if column is None:
        return Coded(np.array([], dtype=object), np.full(part.rows, -1, np.int32))
    return part.columns[column]


def _constant(text: str, rows: int) -> Coded:
    return Coded(np.array([text], dtype=object), np.zeros(rows, np.int32))


def _categorical(columns: Sequence[Coded]) -> tuple[pd.Categorical, np.ndarray]:
    """Several files' column as one categorical (categories: the values some row holds, sorted)
    and how many rows hold each category. One file's column is sorted through its small table
    of values, never row by row."""
    if not columns:
        return pd.Categorical([]), np.zeros(0, np.int64)
    if len(columns) == 1:
        column = columns[0]
        tally = column.counts().to_numpy()
        order = sorted(np.flatnonzero(tally), key=lambda code: column.values[code])
        chosen = column.select(order)
        categories = pd.Index(list(chosen.values))
        return pd.Categorical.from_codes(chosen.codes, categories=categories), tally[order]
    pieces = [column.to_categorical() for column in columns]
    return _sorted_categories(union_categoricals(pieces, ignore_order=True))


def _dates(column: pd.Categorical) -> pd.Series:
    """Response dates, parsed once per distinct text (unreadable dates are missing)."""
    categories = pd.Series(column.categories, dtype=object)
    parsed = pd.to_datetime(categories, errors="coerce", format="mixed", utc=True)
    lookup = np.append(parsed.dt.tz_localize(None).to_numpy(), np.datetime64("NaT"))
    codes = np.asarray(column.codes)
    return pd.Series(lookup[np.where(codes < 0, len(lookup) - 1, codes)])


def _nps_lookup(parts: Sequence[_Part], problems: list[Problem]) -> dict[str, float] | None:
    """NPS answers as numbers 0–10; anything else is a problem naming the value."""
    columns = [part.columns[part.cmap.nps] for part in parts if part.cmap.nps]
    if not columns:
        return None
    missing = load_scales().missing
    counts = pd.concat([c.counts() for c in columns]).groupby(level=0, sort=False).sum()
    lookup: dict[str, float] = {}
    bad = []
    for value, rows in counts.items():
        if normalise_label(value) in missing:
            continue
        number = _NPS_ANSWER.match(str(value))
        if number and 0 <= float(number.group(1)) <= 10:
            lookup[value] = float(number.group(1))
        else:
            bad.append((value, rows))
    if bad:
        names = " / ".join(dict.fromkeys(part.cmap.nps for part in parts if part.cmap.nps))
        free = len(bad) > 3 and looks_like_free_text([value for value, _ in bad])
        listed = (
            f"{len(bad)} different answers that are not numbers 0–10"
            if free or len(bad) > 3
            else ", ".join(f"{value!r} ({rows} rows)" for value, rows in bad)
        )
        problems.append(
            Problem(
                "nps_out_of_range",
                f"NPS column {names!r} has {listed}; recommend answers must be whole numbers "
                "0–10 (blank when not answered) — is it the right column?",
                tuple(dict.fromkeys(part.cmap.nps for part in parts if part.cmap.nps)),
            )
        )
    return lookup


def _nps_values(part: _Part, lookup: Mapping[str, float]) -> np.ndarray:
    if not part.cmap.nps:
        return np.full(part.rows, np.nan)
    coded = part.columns[part.cmap.nps]
    return coded.map(lookup, dtype=float, missing=np.nan)


def _duplicates(
    parts: Sequence[_Part], raw: pd.DataFrame, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Copies of the same response id within one survey round (a wave or year column).

    Identical copies count once. Copies that differ: the one with the latest response date is
    kept when there is exactly one such; otherwise every conflicting copy is excluded. Either
    way, the result does not depend on the order of the rows.
    """
    n = len(raw)
    duplicate, conflict = np.zeros(n, bool), np.zeros(n, bool)
    if not any("respondent_id" in part.cmap.described for part in parts):
        return duplicate, conflict
    key = _global_codes([_described(part, "respondent_id") for part in parts])
    if "wave" in raw:  # one key per (id, wave): a copy is a copy within its own round only
        wave = np.asarray(raw["wave"].cat.codes, dtype=np.int64)
        key = np.where(key >= 0, key.astype(np.int64) * (int(wave.max()) + 2) + wave + 1, -1)
    present = key >= 0
    everyone = bool(present.all())
    given = key if everyone else key[present]
    if not len(given):
        return duplicate, conflict
    counts = np.bincount(given)  # how often each key occurs: counted in place, never sorted
    if counts.max() < 2:
        return duplicate, conflict
    repeated = np.zeros(n, bool)
    repeated[present] = counts[given] > 1
    rows = np.flatnonzero(repeated)
    frame = pd.DataFrame(
        {
            "key": key[rows],
            "signature": _signatures(raw.iloc[rows], codes[rows]),
            "date": raw["date"].to_numpy()[rows] if "date" in raw else pd.NaT,
        },
        index=rows,
    )
    for _, group in frame.groupby("key", sort=False):
        keep = _survivor(group)
        losers = group.index[group.index != keep] if keep is not None else group.index
        target = duplicate if keep is not None else conflict
        target[losers] = True
    return duplicate, conflict


def _global_codes(columns: Sequence[Coded]) -> np.ndarray:
    """One code per distinct value over several files' columns (-1 for blank)."""
    if len(columns) == 1:
        return columns[0].codes
    offsets = np.cumsum([0, *(len(c.values) for c in columns[:-1])])
    texts = [
        c.values.cast(pa.large_string()) if isinstance(c.values, pa.Array) else c.values
        for c in columns
    ]
    values = pa.concat_arrays([pa.array(t, pa.large_string()) for t in texts])
    merged = np.asarray(pc.fill_null(values, "").dictionary_encode().indices)
    merged = np.append(merged, -1)
    return np.concatenate(
        [
            merged[np.where(c.codes < 0, len(merged) - 1, c.codes + offset)]
            for c, offset in zip(columns, offsets, strict=True)
        ]
    )


def _survivor(group: pd.DataFrame) -> int | None:
    """The row to keep among copies of one response, or None when they conflict."""
    if group["signature"].nunique() == 1:
        return int(group.index.min())
    latest = group[group["date"] == group["date"].max()] if group["date"].notna().any() else None
    if latest is not None and latest["signature"].nunique() == 1:
        return int(latest.index.min())
    return None


def _signatures(respondents: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """A hash of everything a copy says (answers, division, NPS, descriptive columns)."""
    content = pd.DataFrame(codes)
    for column in ("division", "nps", "role", "region", "tenure"):
        if column in respondents:
            content[column] = respondents[column].astype(object).to_numpy()
    return pd.util.hash_pandas_object(content, index=False).to_numpy()
