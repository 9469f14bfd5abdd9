"""From survey files to tidy responses: one row a respondent, one column an item.

Only the columns cxmaturity understands are kept (items, division, NPS, role, region, tenure,
wave); everything else — names, e-mails, free text — is left behind and never stored.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from cxmaturity.columns import ColumnMap, map_columns, quote_columns
from cxmaturity.errors import Problem, SurveyError
from cxmaturity.framework import Framework, load_framework
from cxmaturity.loading import Table, clean_column, read_table, table_from_frame
from cxmaturity.mapping import ColumnMapping
from cxmaturity.report import FileReport, ImportReport
from cxmaturity.scales import NEGATIVE, Scale, encode, load_scales
from cxmaturity.settings import MAX_FILE_MB
from cxmaturity.text import normalise_label

DUPLICATE = "duplicate response"
NO_DIVISION = "no division"
NO_ANSWERED_ITEM = "no answered item"
EXCLUSION_REASONS = (DUPLICATE, NO_DIVISION, NO_ANSWERED_ITEM)
DESCRIPTIVE = ("role", "region", "tenure", "wave", "date")
IMPORT_HELP = "docs/importing.md"
_NPS_ANSWER = re.compile(r"^\s*(\d{1,2}(?:\.0+)?)\s*(?:[-–—:=]\s*\D.*)?$")


@dataclass(frozen=True)
class Survey:
    """Tidy responses ready to score.

    ``respondents`` has one row per kept respondent (division, source, and nps, role, region,
    tenure, wave when present); ``positions`` the same rows, one nullable-integer column per
    item (1..points).
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
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
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
            sheet=sheet,
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
        scale_points=scale_points,
        mapping=mapping,
    )


def build_survey(
    tables: Sequence[Table | tuple[str, str, pd.DataFrame]],
    framework: Framework | None = None,
    *,
    division_column: str | None = None,
    nps_column: str | None = None,
    scale_points: int | None = None,
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
    raw = pd.concat(
        [_tidy(table, cmap, division_source) for table, cmap in zip(tables, maps, strict=True)],
        ignore_index=True,
    )
    items = [i for i in framework.item_ids if i in raw.columns]
    where = {item: _columns_of(item, tables, maps) for item in items}
    encoded, problems = encode(raw[items], where, numeric_points=scale_points)
    nps = _nps(raw, maps, problems) if "nps" in raw else None
    if problems:
        raise SurveyError.from_problems(problems, subject="the survey answers")

    positions = encoded.positions
    duplicate = _duplicates(raw)
    no_division = ~duplicate & raw["division"].isna()
    no_answer = ~duplicate & ~no_division & positions.isna().all(axis=1)
    kept = ~(duplicate | no_division | no_answer)
    exclusions = {
        DUPLICATE: int(duplicate.sum()),
        NO_DIVISION: int(no_division.sum()),
        NO_ANSWERED_ITEM: int(no_answer.sum()),
    }
    if not kept.any():
        sources = ", ".join(table.source for table in tables)
        raise SurveyError(
            f"no respondent in {sources} can be scored ({exclusions[NO_DIVISION]} rows have no "
            f"division, {exclusions[NO_ANSWERED_ITEM]} answered no statement, "
            f"{exclusions[DUPLICATE]} are duplicates); check the division column and that the "
            "answers are in the statement columns"
        )
    columns = [c for c in ("division", "source", *DESCRIPTIVE) if c in raw]
    respondents = raw.loc[kept, columns]
    if nps is not None:
        respondents = respondents.assign(nps=nps[kept])
    report = ImportReport(
        files=tuple(_file_report(table, cmap) for table, cmap in zip(tables, maps, strict=True)),
        division_source=division_source,
        scales=encoded.scales,
        notes=encoded.notes,
        rows_read=len(raw),
        respondents=int(kept.sum()),
        exclusions=exclusions,
        mapping=mapping.source if mapping else None,
    )
    return Survey(
        framework=framework,
        respondents=respondents.reset_index(drop=True),
        positions=positions.loc[kept].reset_index(drop=True),
        rows_read=len(raw),
        exclusions=exclusions,
        report=report,
    )


def _file_report(table: Table, cmap: ColumnMap) -> FileReport:
    return FileReport(
        source=table.source,
        rows=len(table.frame),
        columns=cmap,
        tool=table.tool,
        layout=table.layout,
        header_rows=table.header_rows,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        personal_dropped=table.personal_dropped,
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
            list(table.frame.columns),
            framework,
            source=table.source,
            labels=table.labels,
            mapping=mapping,
            division_column=division_column,
            nps_column=nps_column,
        )
        if not columns.items:
            found.append(
                Problem(
                    "no_items",
                    f"no survey items recognised in {table.source}; pass --mapping "
                    f"(see {IMPORT_HELP}) or name each statement column with the statement "
                    f"text or its id ({', '.join(framework.item_ids[:3])} …)",
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
                    "Department, Business unit, Function, Team); pass --division-column or a "
                    f"mapping file naming one of {quote_columns(list(table.frame.columns))}",
                )
            )
    return "column"


def _tidy(table: Table, cmap: ColumnMap, division_source: str) -> pd.DataFrame:
    """Keep only the understood columns, renamed to item ids and roles."""
    frame = table.frame
    data = {item: frame[column] for item, column in cmap.items.items()}
    if division_source == "file name":
        data["division"] = pd.Series(table.stem, index=frame.index, dtype=object)
    else:
        division = clean_column(frame[cmap.division])
        data["division"] = division.mask(division.str.fullmatch(NEGATIVE.pattern, na=False))
    data["source"] = pd.Series(table.source, index=frame.index, dtype=object)
    for role, column in cmap.described.items():
        if role != "division":
            data[role] = frame[column]
    return pd.DataFrame(data, index=frame.index)


def _duplicates(raw: pd.DataFrame) -> pd.Series:
    """Second and later copies of a response id, within or across files."""
    if "respondent_id" not in raw:
        return pd.Series(False, index=raw.index)
    ids = raw["respondent_id"]
    return ids.notna() & ids.duplicated(keep="first")


def _columns_of(item: str, tables: Sequence[Table], maps: list[ColumnMap]) -> str:
    """Where an item's answers come from, for messages: "column 'Q1' in sales.csv"."""
    places: dict[str, list[str]] = {}
    for table, cmap in zip(tables, maps, strict=True):
        if item in cmap.items:
            places.setdefault(cmap.items[item], []).append(table.source)
    return "; ".join(
        f"column {column!r} in {', '.join(sources)}" for column, sources in places.items()
    )


def _nps(raw: pd.DataFrame, maps: list[ColumnMap], problems: list[Problem]) -> pd.Series:
    """NPS answers as numbers 0–10; anything else is a problem naming the value."""
    missing = load_scales().missing
    counts = raw["nps"].dropna().value_counts(sort=False)
    codes: dict[str, float] = {}
    for value, rows in counts.items():
        if normalise_label(value) in missing:
            continue
        number = _NPS_ANSWER.match(str(value))
        if number and 0 <= float(number.group(1)) <= 10:
            codes[value] = float(number.group(1))
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


OUTSIDE_FILTER = "outside the filter"


def filter_survey(survey: Survey, **criteria: str | None) -> Survey:
    """Only the respondents whose role, region, wave… equal the given values (None: any).

    Respondents left out are counted under ``outside the filter`` so the row accounting holds.
    """
    chosen = {column: value for column, value in criteria.items() if value is not None}
    if not chosen:
        return survey
    keep = pd.Series(True, index=survey.respondents.index)
    for column, value in chosen.items():
        if column not in survey.respondents:
            raise SurveyError(f"the survey has no {column} column to filter on")
        keep &= survey.respondents[column] == value
    if not keep.any():
        described = ", ".join(f"{c} = {v}" for c, v in chosen.items())
        raise SurveyError(f"no respondent has {described}; widen the filter")
    exclusions = {**survey.exclusions, OUTSIDE_FILTER: int((~keep).sum())}
    return replace(
        survey,
        respondents=survey.respondents[keep].reset_index(drop=True),
        positions=survey.positions[keep].reset_index(drop=True),
        exclusions=exclusions,
        report=replace(survey.report, respondents=int(keep.sum()), exclusions=exclusions),
    )


@contextmanager
def _uploaded(files: Sequence[tuple[str, bytes]]) -> Iterator[tuple[list[Path], re.Pattern]]:
    """Uploaded files on disk for as long as they are read, and the prefix to hide again."""
    if not files:
        raise SurveyError("no survey file given")
    with tempfile.TemporaryDirectory(prefix="cxmaturity-") as folder:
        paths = []
        for index, (name, content) in enumerate(files):
            path = Path(folder) / str(index) / (Path(name).name or f"upload-{index}")
            path.parent.mkdir()
            path.write_bytes(content)
            paths.append(path)
        prefix = re.compile(re.escape(folder) + r"/\d+/")
        try:
            yield paths, prefix
        except SurveyError as error:
            problems = [replace(p, message=prefix.sub("", p.message)) for p in error.problems]
            raise SurveyError(prefix.sub("", str(error)), problems) from None


def read_uploads(
    files: Sequence[tuple[str, bytes]],
    framework: Framework | None = None,
    **options,
) -> Survey:
    """Read files given as (name, bytes) — an upload — exactly as :func:`read_survey` reads paths.

    Messages and reports name each file as the user named it, never by a temporary path.
    """
    with _uploaded(files) as (paths, prefix):
        survey = read_survey(paths, framework, **options)
    files_report = tuple(replace(f, source=prefix.sub("", f.source)) for f in survey.report.files)
    sources = survey.respondents["source"].str.replace(prefix, "", regex=True)
    return replace(
        survey,
        respondents=survey.respondents.assign(source=sources),
        report=replace(survey.report, files=files_report),
    )


def upload_columns(
    files: Sequence[tuple[str, bytes]],
    framework: Framework | None = None,
    mapping: ColumnMapping | None = None,
) -> pd.DataFrame:
    """Every column of the uploaded files and what it is recognised as — the mapping editor's
    starting point: file, column, header texts, and item (a statement id, a role, or "")."""
    framework = framework or load_framework()
    rows = []
    with _uploaded(files) as (paths, prefix):
        for path in paths:
            table = read_table(path)
            cmap, _ = map_columns(
                list(table.frame.columns),
                framework,
                source=table.source,
                labels=table.labels,
                mapping=mapping,
            )
            targets = {column: item for item, column in cmap.items.items()}
            targets.update({column: role for role, column in cmap.described.items()})
            for column in table.frame.columns:
                rows.append(
                    {
                        "file": prefix.sub("", table.source),
                        "column": column,
                        "header texts": " | ".join(table.labels.get(column, ())),
                        "item": targets.get(column) or _mapped_ignore(mapping, table, column),
                    }
                )
    return pd.DataFrame(rows, columns=["file", "column", "header texts", "item"])


def _mapped_ignore(mapping: ColumnMapping | None, table: Table, column: str) -> str:
    texts = [column, *table.labels.get(column, ())]
    found = mapping.target_of(texts) if mapping else None
    return "ignore" if found and found[0] == "ignore" else ""
