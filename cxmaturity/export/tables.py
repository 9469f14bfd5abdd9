"""Tables written out as CSV and XLSX, with no text cell a spreadsheet would run as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(OWASP "CSV Injection"): a division named ``=HYPERLINK("http://x","click")`` becomes a live link
in the CCO's workbook. Every writer in cxmaturity sends its cells through :func:`formula_safe`,
directly or by way of :func:`safe_frame`, :func:`to_csv_bytes`, :func:`to_xlsx_bytes` or
:func:`write_csv_text`; readers of files cxmaturity wrote undo it with :func:`unneutralise`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from cxmaturity.errors import CxMaturityError

__all__ = [
    "formula_safe",
    "safe_frame",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "unneutralise",
    "write_csv_text",
]

Rule = Callable[[object], object]

_QUOTE = "'"
_LINE_END = "\r\n"
_TRIGGERS = frozenset("=+-@")
_CONTROL_LEADS = frozenset("\t\r\n\0")
_INVISIBLE = frozenset({"Cc", "Cf"})
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)
_PLAIN_CELLS = (
    numbers.Real,
    decimal.Decimal,
    np.bool_,
    dt.date,
    dt.time,
    dt.timedelta,
    np.datetime64,
    np.timedelta64,
)
_EXCEL_NUMBERS = (bool, int, float, decimal.Decimal)

_SHEET_TITLE_MAX = 31
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_EDGES = re.compile(r"^[\s']+|[\s']+$")
_EXCEL_MAX_ROWS = 1_048_575
_EXCEL_MAX_COLUMNS = 16_384
_WIDTH_MIN, _WIDTH_MAX, _WIDTH_SAMPLE = 8, 60, 1_000


def formula_safe(value: object) -> object:
    """``value`` as a spreadsheet will show it, never run it: risky text gains a leading ``'``.

    Only ``str`` values change. A text is risky when, after Unicode NFKC normalisation (so the
    full-width ``＝ ＋ － ＠`` and small ``﹦ ﹢ ﹣ ﹫`` forms count, as spreadsheets fold them) and
    after any apostrophes it already starts with,

    - its first character is ``=``, ``+``, ``-``, ``@``, tab, carriage return, line feed or NUL
      (OWASP's list, plus the line feed and the NUL of OWASP ASVS 5.0 V1.2.10), or
    - its first visible character, after whitespace and invisible control or format characters
      such as a BOM or a zero-width space, is ``=``, ``+``, ``-`` or ``@`` (``"  =1+1"``),

    unless the whole text, trimmed of whitespace, is a plain decimal number (``-3``, ``+1``,
    ``-0.5``, matching ``[+-]?\\d+(\\.\\d+)?``): a spreadsheet reads that as the number and
    nothing more, and a column of numbers held as text should stay readable as numbers.
    ``-1e5``, ``-3,5`` and ``-.5`` are not plain and are neutralised.

    A risky text gets one ``'`` in front (OWASP's advice) and nothing else changes: tab-, CR-
    and LF-led texts keep every character, so they read as before. A text that already starts
    with apostrophes before a risky character gets one more, which is what lets
    :func:`unneutralise` undo this exactly. Not being idempotent, it is applied once, as the
    last step before writing. Numbers, bools, dates, None, NaN, NaT and ``pd.NA`` come back
    unchanged: ``-3.5`` stays a number.
    """
    if isinstance(value, str) and _is_risky(value):
        return _QUOTE + value
    return value


def unneutralise(text: str) -> str:
    """``text`` as it was before :func:`formula_safe`, for readers of files cxmaturity wrote.

    Removes the one ``'`` that :func:`formula_safe` added, and only that: a mapping file's
    column ``'=A1`` reads back as ``=A1``, while ``'tis`` or ``'-3`` stay as they are.
    """
    if text.startswith(_QUOTE) and _is_risky(text[1:]):
        return text[1:]
    return text


def _is_risky(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).lstrip(_QUOTE)
    if not folded or _PLAIN_NUMBER.fullmatch(folded.strip()):
        return False
    if folded[0] in _TRIGGERS or folded[0] in _CONTROL_LEADS:
        return True
    return next((ch for ch in folded if not _is_invisible(ch)), "") in _TRIGGERS


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _INVISIBLE


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return isinstance(value, np.datetime64 | np.timedelta64) and bool(np.isnat(value))


def _is_plain(value: object) -> bool:
    return value is None or value is pd.NA or isinstance(value, _PLAIN_CELLS)


def _writable(value: object) -> object:
    """A cell ready to write: text made safe, numbers, dates and gaps as they are.

    Anything else (a list, a Period, an object) is written as its text, because that is what a
    CSV would hold anyway, and that text is made safe too.
    """
    if isinstance(value, str):
        return formula_safe(value)
    return value if _is_plain(value) else formula_safe(str(value))


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell, column name and index label made safe to write.

    Each text-holding column (object, string, categorical) is mapped over its distinct values
    (``pd.factorize``), so a million rows with a handful of division names costs a handful of
    :func:`formula_safe` calls. Numeric, bool and date columns are returned as they are, and
    ``frame`` itself is not changed.
    """
    return _map_frame(frame, _writable)


def _map_frame(frame: pd.DataFrame, rule: Rule) -> pd.DataFrame:
    out = frame.copy(deep=False)
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        mapped = _map_values(column, rule)
        if mapped is not column:
            out.isetitem(position, mapped)
    out.columns = _map_labels(frame.columns, rule)
    out.index = _map_labels(frame.index, rule)
    return out


def _map_values(values: pd.Series, rule: Rule) -> pd.Series:
    """``rule`` applied to each distinct value; the same Series back when nothing changes."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _map_categories(values, rule)
    if not _holds_text(dtype):
        return values
    try:
        codes, uniques = pd.factorize(values)
    except TypeError:  # unhashable cells, such as lists
        return values.map(rule)
    mapped = [rule(value) for value in uniques]
    changed = np.fromiter((new is not old for new, old in zip(mapped, uniques, strict=True)), bool)
    if not changed.any():
        return values
    if isinstance(dtype, pd.StringDtype):
        cells = pd.array(mapped, dtype=dtype).take(codes, allow_fill=True)
        return pd.Series(cells, index=values.index, name=values.name)
    table = np.empty(len(mapped), dtype=object)
    for position, value in enumerate(mapped):
        table[position] = value
    cells = values.to_numpy(dtype=object, copy=True)
    replace = codes >= 0
    replace[replace] = changed[codes[replace]]
    cells[replace] = table[codes[replace]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def _holds_text(dtype: object) -> bool:
    return pd.api.types.is_object_dtype(dtype) or isinstance(
        dtype, pd.StringDtype | pd.CategoricalDtype
    )


def _map_categories(values: pd.Series, rule: Rule) -> pd.Series:
    categories = values.cat.categories
    mapped = _map_labels(categories, rule)
    if mapped is categories:
        return values
    if mapped.is_unique:
        return values.cat.rename_categories(mapped)
    return _map_values(values.astype(object), rule)


def _map_labels(labels: pd.Index, rule: Rule) -> pd.Index:
    names = [None if name is None else rule(name) for name in labels.names]
    if isinstance(labels, pd.MultiIndex):
        levels = [_map_index(labels.get_level_values(i), rule) for i in range(labels.nlevels)]
        return pd.MultiIndex.from_arrays(levels, names=names)
    mapped = _map_index(labels, rule)
    if mapped is labels and names == list(labels.names):
        return labels
    return mapped.set_names(names)


def _map_index(labels: pd.Index, rule: Rule) -> pd.Index:
    if not _holds_text(labels.dtype):
        return labels
    series = pd.Series(labels, copy=False)
    mapped = _map_values(series, rule)
    return labels if mapped is series else pd.Index(mapped, name=labels.name)


def to_csv_bytes(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    """``frame`` as CSV that Excel opens as written: UTF-8 with a BOM, cells made safe.

    Excel reads UTF-8 without a BOM in the local code page ("Qualité" shows as "QualitÃ©"), so
    the bytes start with one (``utf-8-sig``); pandas and cxmaturity's readers skip it. Missing
    values are empty cells and numbers are written as numbers. Lines end in ``\\r\\n``
    (RFC 4180): with ``\\n`` alone Python's csv writer leaves a cell holding a bare CR unquoted,
    and a reader that breaks the row there starts a new row with whatever follows.
    """
    table = frame if index else frame.reset_index(drop=True)
    text = safe_frame(table).to_csv(index=index, lineterminator=_LINE_END)
    return text.encode("utf-8-sig")


def write_csv_text(rows: Iterable[Sequence[object]]) -> str:
    """CSV text (no BOM, ``\\r\\n`` line ends) for small writers, each cell made safe.

    For files such as the mapping (``column,item``) that are written row by row; missing values
    become empty cells. Read them back through :func:`unneutralise`.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=_LINE_END)
    writer.writerows(
        [None if _is_missing(cell) else _writable(cell) for cell in row] for row in rows
    )
    return out.getvalue()


def to_xlsx_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    number_formats: Mapping[str, str] | None = None,
    index: bool = False,
) -> bytes:
    """One worksheet per table, as XLSX bytes: text never a formula, numbers and dates as such.

    Sheet names are made valid for Excel: none of ``[]:*?/\\`` (each becomes ``-``), no leading
    or trailing apostrophe, not ``History``, at most 31 characters and unique ignoring case
    (``Name (2)``). Each header row is bold and frozen, and each column is as wide as its
    longest entry, between 8 and 60 characters. ``number_formats`` maps a column name to an
    Excel format such as ``"0.0"`` or ``"0%"``, in every sheet that has the column. The index
    is written as the first columns only with ``index=True``.

    Text is made safe as by :func:`formula_safe`, so the workbook and the CSV hold the same
    text and stay safe when re-saved as CSV, and is always stored with the string type:
    openpyxl would make any ``str`` starting with ``=`` a formula (safe text never does, and
    such a cell would be forced to text anyway) and ``#N/A`` and the like an error value.
    Characters XML cannot hold (control characters other than tab, CR and LF) are dropped
    first; openpyxl cuts text at Excel's 32,767-character cell limit. Timezone-aware times are
    written as their wall-clock time.
    """
    if not sheets:
        raise ValueError("to_xlsx_bytes needs at least one table; got an empty mapping")
    book = Workbook(write_only=True)
    formats = dict(number_formats or {})
    for title, frame in zip(_sheet_titles(list(sheets)), sheets.values(), strict=True):
        table = frame.reset_index() if index else frame
        _write_sheet(book.create_sheet(title), table, formats)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(
    sheet: WriteOnlyWorksheet, frame: pd.DataFrame, number_formats: Mapping[str, str]
) -> None:
    _check_fits(sheet.title, frame)
    cells = _map_frame(frame.reset_index(drop=True), _excel_text)
    header = [_excel_text(_flat_label(label)) for label in frame.columns]
    for position, label in enumerate(header, start=1):
        width = _column_width(label, cells.iloc[:, position - 1])
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_excel_cell(sheet, label, bold=True) for label in header])
    columns = [
        _excel_column(sheet, cells.iloc[:, position], _number_format(label, number_formats))
        for position, label in enumerate(frame.columns)
    ]
    for row in zip(*columns, strict=True):
        sheet.append(list(row))


def _check_fits(title: str, frame: pd.DataFrame) -> None:
    rows, columns = frame.shape
    if rows > _EXCEL_MAX_ROWS or columns > _EXCEL_MAX_COLUMNS:
        raise CxMaturityError(
            f"table {title!r} has {rows:,} rows and {columns:,} columns; an Excel sheet holds at "
            f"most {_EXCEL_MAX_ROWS:,} rows below its header and {_EXCEL_MAX_COLUMNS:,} columns "
            "— download it as CSV instead"
        )


def _number_format(label: object, number_formats: Mapping[str, str]) -> str | None:
    return number_formats.get(label) if isinstance(label, str) else None


def _flat_label(label: object) -> object:
    if isinstance(label, tuple):
        return " / ".join(str(part) for part in label if not _is_missing(part))
    return label


def _excel_text(value: object) -> object:
    """Like :func:`_writable`, after dropping the characters an XLSX file cannot hold."""
    if not isinstance(value, str) and _is_plain(value):
        return value
    text = value if isinstance(value, str) else str(value)
    return formula_safe(ILLEGAL_CHARACTERS_RE.sub("", text))


def _excel_column(
    sheet: WriteOnlyWorksheet, column: pd.Series, number_format: str | None
) -> list[object]:
    """A column's cells as openpyxl takes them: Python numbers and dates, cells for text."""
    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    simple = pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)
    if simple and number_format is None and not pd.api.types.is_complex_dtype(dtype):
        return column.astype(object).where(column.notna(), None).tolist()
    return [_excel_cell(sheet, value, number_format=number_format) for value in column.tolist()]


def _excel_cell(
    sheet: WriteOnlyWorksheet,
    value: object,
    *,
    number_format: str | None = None,
    bold: bool = False,
) -> object:
    """The value itself where openpyxl types it right; else a cell with its type or style set.

    openpyxl types a ``str`` as a formula when it starts with ``=`` (safe text never does) and
    as an error when it is ``#N/A`` and the like; those are forced back to text.
    """
    value = _excel_value(value)
    forced = isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES)
    formatted = number_format is not None and value is not None and not isinstance(value, str)
    if not (forced or formatted or bold):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if forced:
        cell.data_type = "s"
    if formatted:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _excel_value(value: object) -> object:
    """A safe cell value as a type openpyxl writes: None for gaps, no numpy, no timezones."""
    if _is_missing(value):
        return None
    if isinstance(value, np.datetime64 | np.timedelta64):
        value = pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, complex):
        return _excel_text(str(value))
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, numbers.Real) and not isinstance(value, _EXCEL_NUMBERS):
        return float(value)
    return value


def _column_width(header: object, column: pd.Series) -> int:
    """Characters wide: the longest line among the header and the values, within bounds."""
    present = column.dropna()
    sample = pd.unique(present) if _holds_text(column.dtype) else present.head(_WIDTH_SAMPLE)
    longest = max((_display_length(value) for value in [header, *sample]), default=0)
    return min(_WIDTH_MAX, max(_WIDTH_MIN, longest + 2))


def _display_length(value: object) -> int:
    if _is_missing(value):
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet_titles(names: Sequence[object]) -> list[str]:
    """Valid, distinct sheet titles for ``names``, in order."""
    taken: set[str] = set()
    titles: list[str] = []
    for name in names:
        base = _sheet_title(name)
        title, count = base, 1
        while title.casefold() in taken:
            count += 1
            suffix = f" ({count})"
            title = _fit_title(base, _SHEET_TITLE_MAX - len(suffix)) + suffix
        taken.add(title.casefold())
        titles.append(title)
    return titles


def _sheet_title(name: object) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", _SHEET_TITLE_BAD.sub("-", str(name)))
    text = _fit_title(_SHEET_TITLE_EDGES.sub("", text), _SHEET_TITLE_MAX) or "Sheet"
    return "History sheet" if text.casefold() == "history" else text


def _fit_title(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 units (Excel's count), without a trailing ``'``."""
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    return _SHEET_TITLE_EDGES.sub("", text)
