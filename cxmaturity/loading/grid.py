"""From a survey file on disk to a raw grid of text cells: the byte-level layer of the loader.

Everything about bytes is settled here — size limits, what kind of file it really is, the text
encoding, the delimiter, quoting, and ZIP safety for workbooks — so the layers above only ever see
rows of strings. Nothing is interpreted: header rows stay rows, and cells are cleaned only of the
invisible differences no survey tool means (byte-order marks, non-breaking spaces, CR line ends).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from charset_normalizer import from_bytes
from openpyxl import load_workbook

from cxmaturity.errors import Problem, SurveyError
from cxmaturity.settings import MAX_FILE_MB
from cxmaturity.text import clean

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = ["Grid", "read_grid"]

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "mac_roman",
    "latin_1",
    "iso8859_15",
    "iso8859_2",
    "koi8_r",
    "cp932",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "cp949",
    "euc_kr",
)
DELIMITERS = (",", ";", "\t")
MAX_ZIP_RATIO = 200
ZIP_RATIO_FLOOR = 1024 * 1024
_SNIFF_CHARS = 65_536
_SNIFF_RECORDS = 20
_SAMPLE_REACH = 2048
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_TEXT_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_EXPORT_INSTEAD = "export the responses from the survey tool as CSV or XLSX instead"
_NOT_TABLES = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "old-excel",
        "this is an old-format Excel file (.xls) or a password-protected workbook; open it in "
        "Excel and save it as .xlsx without a password, or as CSV UTF-8",
    ),
    (
        b"\x89PNG\r\n\x1a\n",
        "not-a-table",
        f"this is a PNG image, not a survey table; {_EXPORT_INSTEAD}",
    ),
    (
        b"\xff\xd8\xff",
        "not-a-table",
        f"this is a JPEG image, not a survey table; {_EXPORT_INSTEAD}",
    ),
    (b"GIF8", "not-a-table", f"this is a GIF image, not a survey table; {_EXPORT_INSTEAD}"),
    (b"%PDF-", "not-a-table", f"this is a PDF document, not a survey table; {_EXPORT_INSTEAD}"),
    (
        b"\x1f\x8b",
        "not-a-table",
        "this is a compressed (gzip) file; unpack it and choose the CSV or XLSX inside",
    ),
)
_NOT_WORKBOOKS = (
    ("xl/workbook.bin", "a binary Excel workbook (.xlsb); open it in Excel and save it as .xlsx"),
    ("content.xml", "an OpenDocument file; save it as .xlsx or CSV UTF-8"),
    ("word/document.xml", "a Word document, not a survey table; " + _EXPORT_INSTEAD),
    ("ppt/presentation.xml", "a PowerPoint file, not a survey table; " + _EXPORT_INSTEAD),
)
_MARKUP_STARTS = ("<!doctype html", "<html", "<?xml", "<table")
_DELIMITER_ALIASES = {"\\t": "\t", "tab": "\t", "comma": ",", "semicolon": ";"}
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Grid:
    """Every row of a survey file as text cells, with how the bytes were read."""

    source: str
    rows: pd.DataFrame
    kind: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None


def read_grid(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int = MAX_FILE_MB * 1024 * 1024,
) -> Grid:
    """Read a CSV, TSV or XLSX file into a grid of strings; raise SurveyError saying what to do.

    Messages and ``Grid.source`` name the file exactly as the caller gave its path, so a person
    sees what they typed.
    """
    name = os.fspath(path)
    path = Path(path)
    try:
        raw = _read_bytes(path, name, max_bytes)
        if raw.startswith(_ZIP_MAGIC):
            return _read_workbook(raw, name, sheet, max_bytes)
        _refuse_binary(raw, name, path.suffix.lower())
        return _read_text(raw, name, encoding, delimiter, path.suffix.lower())
    except SurveyError:
        raise
    except Exception as exc:
        raise _fail(
            "unreadable",
            f"{name}: the file could not be read ({type(exc).__name__}: {exc}); "
            "export it again as CSV UTF-8 or XLSX",
        ) from exc


def _fail(code: str, message: str) -> SurveyError:
    """A SurveyError with a reason code, so tests and the layer above can tell causes apart."""
    return SurveyError(message, [Problem(code, message)])


def _mb(size: int) -> str:
    """A size in MB rounded up, so a file just over the limit never reads as equal to it."""
    return f"{math.ceil(size / 2**20 * 10) / 10:.1f} MB"


def _limit(max_bytes: int) -> str:
    return f"{max_bytes / 2**20:g} MB"


# -- bytes ------------------------------------------------------------------------------------


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The whole file, after checking it exists and fits the size limit (before reading it)."""
    if path.is_dir():
        raise _fail("not-a-file", f"{name}: this is a folder; choose the survey file inside it")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _fail(
                "file-too-large",
                f"{name}: the file is {_mb(size)}, over the {_limit(max_bytes)} limit; export "
                "fewer columns or split it, or raise the limit with --max-file-mb",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail("not-found", f"{name}: no such file; check the name and folder") from None
    except OSError as exc:
        raise _fail(
            "unreadable",
            f"{name}: the file cannot be opened ({exc.strerror or exc}); check that you may read "
            "it and that no other program has it locked",
        ) from None
    if not raw:
        raise _fail("empty", f"{name}: the file is empty; export the survey responses again")
    return raw


def _refuse_binary(raw: bytes, name: str, suffix: str) -> None:
    """Stop images, PDFs, old Excel files and other binaries before they are read as text."""
    for magic, code, advice in _NOT_TABLES:
        if raw.startswith(magic):
            raise _fail(code, f"{name}: {advice}")
    if suffix in EXCEL_SUFFIXES:
        raise _fail(
            "not-a-workbook",
            f"{name}: the file is named {suffix} but is not an Excel workbook; if it is a CSV, "
            "rename it to .csv, otherwise save it again from Excel as .xlsx",
        )


# -- text -------------------------------------------------------------------------------------


def _read_text(
    raw: bytes, name: str, encoding: str | None, delimiter: str | None, suffix: str
) -> Grid:
    text, used = _decode(raw, name, encoding)
    if "\x00" in text:
        raise _binary(name)
    text = _normalise(text)
    if not text.strip():
        raise _fail("empty", f"{name}: the file is empty; export the survey responses again")
    _refuse_markup(text, name)
    sep = _chosen_delimiter(name, delimiter) if delimiter else _default_delimiter(text, suffix)
    rows = _parse(text, name, sep)
    kind = "tsv" if sep == "\t" else "csv"
    return Grid(source=name, rows=rows, kind=kind, encoding=used, delimiter=sep, sheet=None)


def _binary(name: str) -> SurveyError:
    return _fail(
        "not-a-table",
        f"{name}: the file holds binary data (NUL bytes), so it is not a survey table; "
        + _EXPORT_INSTEAD,
    )


def _normalise(text: str) -> str:
    """Drop stray BOMs, make NBSP a space and CR line ends LF: in cells and between them alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\xa0", " ")


def _refuse_markup(text: str, name: str) -> None:
    """Web pages saved as .xls or .csv look like text but are not tables of cells."""
    if text.lstrip()[:20].lower().startswith(_MARKUP_STARTS):
        raise _fail(
            "not-a-table",
            f"{name}: this is a web page or XML file, not a survey table; " + _EXPORT_INSTEAD,
        )


def _decode(raw: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """Text and the codec used: the one given, a BOM's, strict UTF-8, else charset-normalizer."""
    if encoding:
        codec = _codec_name(name, encoding)
        return _decode_as(raw, name, codec, given=True), codec
    for bom, codec in _TEXT_BOMS:
        if raw.startswith(bom):
            return _decode_as(raw, name, codec, given=False), codec
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise _binary(name)
    return _detect(raw, name)


def _codec_name(name: str, encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise _fail(
            "bad-option",
            f"{name}: {encoding!r} is not a text encoding Python knows; "
            "use e.g. utf-8, utf-16 or cp1252, or leave it out to detect it",
        ) from None


def _decode_as(raw: bytes, name: str, codec: str, *, given: bool) -> str:
    """Decode strictly; on failure say which byte (and line) broke, and what to do."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + _skipped_bom(raw, codec)
        where = f"byte {offset}"
        if not codec.startswith(("utf-16", "utf-32")):
            line = raw[:offset].count(b"\n") + 1
            where += f" (line {line})"
        advice = (
            "leave the encoding out to detect it, or save the file as CSV UTF-8"
            if given
            else "the file is damaged or mixes encodings; save it again as CSV UTF-8"
        )
        raise _fail(
            "encoding", f"{name}: {where} cannot be read as {codec} text; {advice}"
        ) from None


def _skipped_bom(raw: bytes, codec: str) -> int:
    """utf-8-sig counts error offsets after its BOM; people count from the file's first byte."""
    return len(codecs.BOM_UTF8) if codec == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8) else 0


def _detect(raw: bytes, name: str) -> tuple[str, str]:
    """Ask charset-normalizer which legacy code page this is, from the lines where they differ.

    Only non-ASCII bytes tell code pages apart, so a sample of the lines holding them decides
    quickly even for a large file; the whole file is asked only if that answer cannot read it.
    """
    sample = _informative_sample(raw)
    for payload in (sample, raw) if len(sample) < len(raw) else (raw,):
        codec = _likely_codec(payload)
        if codec is None:
            break
        try:
            return raw.decode(codec), codecs.lookup(codec).name
        except UnicodeDecodeError:
            continue
    raise _fail(
        "encoding",
        f"{name}: the text encoding cannot be recognised (or it mixes several); "
        "save the file as CSV UTF-8",
    )


def _informative_sample(raw: bytes) -> bytes:
    """The stretches of lines around non-ASCII bytes, up to about _SNIFF_CHARS bytes."""
    parts: list[bytes] = []
    size = position = 0
    while size < _SNIFF_CHARS and (found := _HIGH_BYTE.search(raw, position)):
        at = found.start()
        start = max(raw.rfind(b"\n", 0, at) + 1, at - _SAMPLE_REACH)
        end = raw.find(b"\n", at)
        end = min(len(raw) if end < 0 else end, at + _SAMPLE_REACH)
        parts.append(raw[start:end])
        size += end - start
        position = end + 1
    return b"\n".join(parts)


def _likely_codec(payload: bytes) -> str | None:
    """charset-normalizer's answer among the code pages spreadsheet programs write.

    On short texts it often scores several code pages exactly alike (cp1250 and cp1252 above
    all). Among those, the readings needing the fewest Unicode blocks are kept, and cp1252 —
    what Excel writes on Western-European Windows — wins if it is one of them: French 'è'
    rather than Czech 'č'. Grid.encoding shows the choice; ``encoding=`` overrides it.
    """
    matches = list(from_bytes(payload, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    fewest = min(len(m.alphabets) for m in tied)
    plainest = [m for m in tied if len(m.alphabets) == fewest]
    if any(m.encoding == "cp1252" or _reads_as_cp1252(payload, str(m)) for m in plainest):
        return "cp1252"
    return plainest[0].encoding


def _reads_as_cp1252(payload: bytes, text: str) -> bool:
    try:
        return payload.decode("cp1252") == text
    except UnicodeDecodeError:
        return False


# -- delimiter --------------------------------------------------------------------------------


def _chosen_delimiter(name: str, delimiter: str) -> str:
    sep = _DELIMITER_ALIASES.get(delimiter.lower(), delimiter)
    if len(sep) != 1 or sep in '"\n\r':
        raise _fail(
            "bad-option",
            f"{name}: {delimiter!r} cannot separate cells; give one character such as , ; or tab",
        )
    return sep


def _default_delimiter(text: str, suffix: str) -> str:
    return "\t" if suffix == ".tsv" else _detect_delimiter(text)


def _detect_delimiter(text: str) -> str:
    """The candidate that splits the first rows most consistently, into the most cells.

    Counting with the csv module keeps delimiters inside quoted question texts out of the
    count, and judging by the commonest width lets a title line above the header be caught
    later as a ragged row instead of hiding the real delimiter. Ties go to the comma.
    """
    sample = text[:_SNIFF_CHARS]
    cut = len(text) > len(sample)
    return max(DELIMITERS, key=lambda sep: _delimiter_score(sample, sep, cut))


def _delimiter_score(sample: str, sep: str, cut: bool) -> tuple[bool, float, int]:
    widths = _sample_widths(sample, sep)
    if cut and len(widths) <= _SNIFF_RECORDS:
        widths = widths[:-1] or widths
    if not widths:
        return False, 0.0, 1
    width, count = Counter(widths[:_SNIFF_RECORDS]).most_common(1)[0]
    return width > 1, count / len(widths[:_SNIFF_RECORDS]), width


def _sample_widths(sample: str, sep: str) -> list[int]:
    widths: list[int] = []
    reader = csv.reader(io.StringIO(sample), delimiter=sep)
    try:
        for cells in reader:
            if not _is_blank(cells):
                widths.append(len(cells))
            if len(widths) > _SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    return widths


# -- parsing ----------------------------------------------------------------------------------


def _parse(text: str, name: str, sep: str) -> pd.DataFrame:
    """Parse with pandas' C parser; only when it objects, find widths and lines with csv."""
    try:
        return _read_csv(text, sep)
    except pd.errors.EmptyDataError:
        raise _fail(
            "empty", f"{name}: the file is empty; export the survey responses again"
        ) from None
    except pd.errors.ParserError as exc:
        _refuse_unclosed(text, name, sep, exc)
        width = _checked_width(text, name, sep)
    try:
        return _read_csv(text, sep, width)
    except (pd.errors.ParserError, ValueError) as exc:
        _refuse_unclosed(text, name, sep, exc)
        reason = str(exc).strip().splitlines()[-1]
        raise _fail(
            "parse-error",
            f"{name}: the table cannot be read ({reason}); export it again as CSV UTF-8 or XLSX",
        ) from None


def _refuse_unclosed(text: str, name: str, sep: str, exc: Exception) -> None:
    if "EOF inside string" in str(exc):
        raise _unclosed(name, _last_record_line(text, sep)) from None


def _read_csv(text: str, sep: str, width: int | None = None) -> pd.DataFrame:
    frame = pd.read_csv(
        io.StringIO(text),
        sep=sep,
        header=None,
        names=range(width) if width else None,
        index_col=False,
        dtype=object,
        keep_default_na=False,
        na_filter=False,
        engine="c",
    )
    frame.columns = pd.RangeIndex(frame.shape[1])
    return frame


def _checked_width(text: str, name: str, sep: str) -> int:
    """The widest row's width, after refusing a row longer than the header.

    Extra cells that are all empty (a trailing delimiter the header lacks) are harmless, so
    they only widen the grid.
    """
    header = widest = 0
    try:
        for line, cells in _records(text, sep):
            if not header:
                header = len(cells)
            elif len(cells) > header and any(cells[header:]):
                raise _ragged(name, line, len(cells), header, sep)
            widest = max(widest, len(cells))
    except _BadRecord as bad:
        raise _unclosed(name, bad.line) from None
    return widest


def _last_record_line(text: str, sep: str) -> int:
    """Where the last row starts: an unclosed quote swallows everything after it into one row."""
    lines = [1]
    try:
        lines.extend(line for line, _ in _records(text, sep))
    except _BadRecord as bad:
        return bad.line
    return lines[-1]


class _BadRecord(Exception):
    """The csv module gave up on the row starting at this line (a runaway quoted cell)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _records(text: str, sep: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on, as a person counting lines would say."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _BadRecord(start) from None
        if not _is_blank(cells):
            yield start, cells
        start = reader.line_num + 1


def _is_blank(cells: list[str]) -> bool:
    """A line pandas skips: nothing, or only spaces and tabs in one cell."""
    return not cells or (len(cells) == 1 and not cells[0].strip(" \t"))


def _ragged(name: str, line: int, width: int, header: int, sep: str) -> SurveyError:
    what = _DELIMITER_NAMES.get(sep, repr(sep))
    advice = (
        "if the file starts with a title line, delete it so that the header row comes first"
        if header == 1
        else f"put quotes around any cell on that line that contains a {what}, "
        "or delete the extra cells"
    )
    return _fail(
        "ragged-rows",
        f"{name}: ragged rows: line {line} has {width} cells but the header has {header}; "
        + advice,
    )


def _unclosed(name: str, line: int) -> SurveyError:
    return _fail(
        "unclosed-quote",
        f'{name}: a quoted cell in the row starting on line {line} never closes (a " is '
        "missing), so the rest of the file would be swallowed into it; add the closing quote",
    )


# -- workbooks --------------------------------------------------------------------------------


def _read_workbook(raw: bytes, name: str, sheet: str | None, max_bytes: int) -> Grid:
    _check_zip(raw, name, max_bytes)
    title, rows = _load_sheet(raw, name, sheet)
    frame = pd.DataFrame(rows, dtype=object, columns=pd.RangeIndex(len(rows[0])))
    return Grid(source=name, rows=frame, kind="xlsx", encoding=None, delimiter=None, sheet=title)


def _check_zip(raw: bytes, name: str, max_bytes: int) -> None:
    """Refuse what is not a workbook, and ZIP bombs, from the directory alone: nothing unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except Exception:
        raise _damaged(name, "its table of contents is missing or unreadable") from None
    names = {member.filename.lower() for member in members}
    if "xl/workbook.xml" not in names:
        raise _fail("not-a-workbook", f"{name}: {_what_zip(names)}")
    for member in members:
        if member.file_size > ZIP_RATIO_FLOOR and (
            member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1)
        ):
            raise _fail(
                "zip-bomb",
                f"{name}: the workbook part {member.filename} would unpack from "
                f"{member.compress_size:,} bytes to {_mb(member.file_size)}, which is how ZIP "
                "bombs look, so it was not opened; save it again from Excel or export CSV",
            )
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_bytes:
        raise _fail(
            "unpacks-too-large",
            f"{name}: the workbook would unpack to {_mb(unpacked)}, over the "
            f"{_limit(max_bytes)} limit; export fewer columns or CSV, or raise the limit "
            "with --max-file-mb",
        )


def _what_zip(names: set[str]) -> str:
    for member, what in _NOT_WORKBOOKS:
        if member in names:
            return f"this is {what}"
    return (
        "this is a ZIP archive, not an Excel workbook; unzip it and choose the CSV or XLSX inside"
    )


def _damaged(name: str, reason: str) -> SurveyError:
    return _fail(
        "damaged-workbook",
        f"{name}: the workbook is damaged or incomplete ({reason}); export it again as XLSX "
        "or as CSV UTF-8",
    )


def _load_sheet(raw: bytes, name: str, sheet: str | None) -> tuple[str, list[list[str]]]:
    """The chosen sheet's title and trimmed rows; openpyxl's complaints mean a damaged file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                return _pick_sheet(book.worksheets, name, sheet)
            finally:
                book.close()
    except SurveyError:
        raise
    except Exception as exc:
        raise _damaged(name, type(exc).__name__) from None


def _pick_sheet(
    sheets: Sequence[ReadOnlyWorksheet], name: str, wanted: str | None
) -> tuple[str, list[list[str]]]:
    """The named sheet, else the first visible sheet with any filled cell."""
    if wanted is not None:
        sheet = _find_sheet(sheets, name, wanted)
        rows = _sheet_rows(sheet)
        if not rows:
            raise _fail(
                "empty",
                f"{name}: sheet {sheet.title!r} is empty; choose another sheet "
                f"({_titles(sheets)}) or export the responses again",
            )
        return sheet.title, rows
    for sheet in sorted(sheets, key=lambda s: getattr(s, "sheet_state", "visible") != "visible"):
        rows = _sheet_rows(sheet)
        if rows:
            return sheet.title, rows
    raise _fail(
        "empty", f"{name}: every sheet of the workbook is empty; export the responses again"
    )


def _find_sheet(sheets: Sequence[ReadOnlyWorksheet], name: str, wanted: str) -> ReadOnlyWorksheet:
    """Exact title first; otherwise a title that differs only in case or spacing."""
    for sheet in sheets:
        if sheet.title == wanted:
            return sheet
    close = [s for s in sheets if clean(s.title).casefold() == clean(wanted).casefold()]
    if len(close) == 1:
        return close[0]
    raise _fail(
        "missing-sheet",
        f"{name}: there is no sheet named {wanted!r}; the sheets are {_titles(sheets)}",
    )


def _titles(sheets: Sequence[ReadOnlyWorksheet]) -> str:
    return ", ".join(repr(sheet.title) for sheet in sheets)


def _sheet_rows(sheet: ReadOnlyWorksheet) -> list[list[str]]:
    """Every row as text, without trailing empty rows and columns.

    Dimensions stored in the file are ignored: some tools write wrong ones, which would cut rows.
    """
    sheet.reset_dimensions()
    rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    return _trimmed(rows)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((_used_width(row) for row in rows), default=0)
    return [row[:width] + [""] * (width - len(row)) for row in rows]


def _used_width(row: list[str]) -> int:
    for index in range(len(row), 0, -1):
        if row[index - 1]:
            return index
    return 0


def _cell_text(value: object) -> str:
    """A workbook value as the text a person sees: 4 not 4.0, TRUE, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _normalise(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _normalise(str(value))
