"""Reading one survey file into a table of text cells.

Plain one-header CSV, TSV and XLSX. Every cell is kept as cleaned text (quotes, non-breaking
spaces and stray byte-order marks normalised); blank cells become missing.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from cxmaturity.errors import SurveyError
from cxmaturity.text import clean

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


def read_table(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a survey file as text; raise SurveyError saying what is wrong and what to do."""
    path = Path(path)
    if not path.is_file():
        raise SurveyError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise SurveyError(f"{path}: the file is empty; export the survey responses again")
    excel = path.suffix.lower() in EXCEL_SUFFIXES
    frame = _read_excel(path, sheet) if excel else _read_text(path)
    if frame.shape[1] == 0:
        raise SurveyError(f"{path}: no header row found; the first row must name the columns")
    frame.columns = _unique([clean(c) for c in frame.columns])
    return frame.apply(clean_column)


def _read_text(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyError(
            f"{path}: the file is not UTF-8 text; save it as 'CSV UTF-8' (or XLSX) and try again"
        ) from None
    if "\x00" in text:
        raise SurveyError(
            f"{path}: this is not a text table (it holds binary data); "
            "export the responses as CSV or XLSX"
        )
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff(text)
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
        )
    except pd.errors.EmptyDataError:
        raise SurveyError(
            f"{path}: no header row found; the first row must name the columns"
        ) from None
    except (pd.errors.ParserError, csv.Error) as exc:
        reason = str(exc).strip().splitlines()[-1]
        raise SurveyError(
            f"{path}: cannot read the table ({reason}); check that every row has "
            "as many cells as the header"
        ) from None


def _sniff(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def _read_excel(path: Path, sheet: str | None) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=sheet or 0, dtype=object, engine="openpyxl")
    except ValueError as exc:
        if sheet is not None and "not found" in str(exc).lower():
            raise SurveyError(f"{path}: no sheet named {sheet!r}") from None
        raise SurveyError(f"{path}: cannot read the workbook ({exc})") from None
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SurveyError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}); open it in Excel and "
            "save it again as .xlsx, or export CSV"
        ) from None


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
