"""From a survey file's bytes to a grid of text cells: the byte-level layer of the loader.

Everything about bytes is settled here — size and shape limits, what kind of file it really is,
the text encoding, the delimiter, quoting, and ZIP safety for workbooks — so the layers above
only ever see rows of strings. Nothing is interpreted: header rows stay rows.

A grid is read in two steps. Its *head* (the first rows) is read at once, to recognise the tool
and name the columns. Its *body* is read afterwards, for the columns that are needed only, as
codes into each column's distinct values: through pyarrow for a well-formed CSV, through the
csv module for a ragged one or a workbook. Either way memory grows with the cells kept, never
with the text of every cell.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import mmap
import re
import warnings
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from openpyxl import load_workbook

from cxmaturity.errors import SurveyError
from cxmaturity.loading.encoding import codec_name, decode
from cxmaturity.loading.source import (
    Source,
    fail,
    limit_text,
    megabytes,
    read_source,
)
from cxmaturity.settings import MAX_CELLS, MAX_COLUMNS, MAX_FILE_MB
from cxmaturity.text import clean
from cxmaturity.threads import background

if TYPE_CHECKING:
    import os

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = ["Grid", "RawColumn", "read_grid"]

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t")
HEAD_ROWS = 200
HEAD_BYTES = 1 << 20
MAX_ZIP_RATIO = 200
ZIP_RATIO_FLOOR = 1024 * 1024
# pyarrow parses blocks on every core: small enough to share the work evenly, large enough
# to hold any row (a longer row is read again in the larger size)
_BLOCKS = (4 << 20, 16 << 20)
_SNIFF_CHARS = 65_536
_SNIFF_RECORDS = 20
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
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
_UTF8_BOM = codecs.BOM_UTF8


class RawColumn:
    """One column of the body as read: ``values[codes[i]]`` is row i's text (-1: past the row).

    ``values`` is a list, or an Arrow string array when pyarrow read the file; a column pyarrow
    read in blocks is joined into one on first use (so a column that is only needed later can
    be joined away from the main thread).
    """

    def __init__(self, values: list[str] | pa.Array, codes: np.ndarray) -> None:
        self._whole = (values, codes)
        self._blocks: pa.ChunkedArray | None = None

    @classmethod
    def of_blocks(cls, blocks: pa.ChunkedArray) -> RawColumn:
        """A dictionary-encoded column as pyarrow read it, one dictionary per block."""
        column = cls([], np.array([], dtype=np.int32))
        column._blocks = blocks if blocks.num_chunks else None
        return column

    @cached_property
    def _joined(self) -> tuple[list[str] | pa.Array, np.ndarray]:
        if self._blocks is None:
            return self._whole
        if not pa.types.is_dictionary(self._blocks.type):  # identifiers, read as plain text
            return identity_codes(self._blocks.combine_chunks())
        whole = self._blocks.combine_chunks()  # one dictionary for all blocks, in C
        codes = whole.indices.to_numpy(zero_copy_only=False)
        return whole.dictionary, codes.astype(np.int32, copy=False)

    @property
    def values(self) -> list[str] | pa.Array:
        return self._joined[0]

    @property
    def codes(self) -> np.ndarray:
        return self._joined[1]

    def first(self) -> str | None:
        """Row 0's raw text ("" when blank), None when the column has no rows."""
        if self._blocks is not None:
            for block in self._blocks.chunks:
                if len(block):
                    return str(block[0].as_py()) if block[0].is_valid else ""
            return None
        values, codes = self._whole
        if not len(codes):
            return None
        return values[int(codes[0])] if codes[0] >= 0 else ""


def identity_codes(texts: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Values and codes (``values[codes[i]]`` is row i's text) for a column of identifiers,
    whose texts are nearly all distinct: equal codes exactly for equal texts.

    Survey tools write response ids of one length ("R_" and 15 letters, 11 digits). Such a
    column is hashed in bulk, eight bytes at a time; when no two rows share a hash, no two share
    a text, and each row is its own code. Otherwise (a repeated id, or ids of varying length)
    the texts are dictionary-encoded, which compares them exactly.
    """
    rows = _fixed_width(texts)
    if rows is not None:
        mixed = np.zeros(len(rows), np.uint64)
        for word in rows.view(np.uint64).T:  # a multiply-xorshift mix of the 8-byte words
            mixed = (mixed ^ word) * np.uint64(0x9E3779B97F4A7C15)
            mixed ^= mixed >> np.uint64(29)
        if pd.Index(mixed).is_unique:
            return texts, np.arange(len(texts), dtype=np.int32)
    encoded = pc.dictionary_encode(texts)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return encoded.dictionary, codes


def _fixed_width(texts: pa.Array) -> np.ndarray | None:
    """The texts as rows of bytes (zero-padded to whole 8-byte words) when every text has the
    same length, up to 64 bytes, and there are enough of them for bulk work to pay."""
    if len(texts) < 4096 or texts.null_count or not pa.types.is_string(texts.type):
        return None
    start = texts.offset
    offsets = np.frombuffer(texts.buffers()[1], np.int32)[start : start + len(texts) + 1]
    width = int(offsets[1] - offsets[0])
    if not 0 < width <= 64 or int(offsets[-1] - offsets[0]) != width * len(texts):
        return None
    if (np.diff(offsets) != width).any():
        return None
    data = np.frombuffer(texts.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    padded = np.zeros((len(texts), -(-width // 8) * 8), np.uint8)
    padded[:, :width] = data.reshape(len(texts), width)
    return padded


SheetChooser = Callable[[Mapping[str, tuple[tuple[str, ...], ...]]], str]


class _Body(Protocol):
    def read(
        self, skip: int, wanted: Sequence[int], plain: Collection[int] = ()
    ) -> tuple[int, dict[int, RawColumn]]: ...


@dataclass(frozen=True)
class Grid:
    """A survey file as rows of text cells: its first rows now, the rest on request.

    ``head`` holds the first rows (up to 200) with invisible differences no survey tool means
    removed (byte-order marks, non-breaking spaces, CR line ends). :meth:`read` returns the
    body's columns, after ``skip`` header rows, as codes into their distinct raw texts.
    """

    source: str
    kind: str
    head: tuple[tuple[str, ...], ...]
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: tuple[str, ...] = ()
    other_sheets: Mapping[str, tuple[tuple[str, ...], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    body: _Body = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    @property
    def width(self) -> int:
        return max((len(row) for row in self.head), default=0)

    def read(
        self, skip: int, wanted: Sequence[int], plain: Collection[int] = ()
    ) -> tuple[int, dict[int, RawColumn]]:
        """How many rows follow the first ``skip``, and the ``wanted`` columns of them.

        ``plain`` columns (identifiers: nearly every value distinct) are read as text and
        given their codes when first used, rather than while the file is parsed."""
        return self.body.read(skip, list(wanted), plain)

    @cached_property
    def rows(self) -> pd.DataFrame:
        """Every row, header rows included, as normalised text (for small files and tests)."""
        count, columns = self.read(0, range(self.width))
        data = {}
        for index in range(self.width):
            column = columns[index]
            values = column.values
            values = values.to_pylist() if isinstance(values, pa.Array) else values
            table = np.array([_normalise(v) for v in values] + [""], dtype=object)
            data[index] = table[np.where(column.codes < 0, len(table) - 1, column.codes)]
        frame = pd.DataFrame(data, index=pd.RangeIndex(count), columns=pd.RangeIndex(self.width))
        return frame.astype(object)


def read_grid(
    path: str | os.PathLike[str] | Source,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int = MAX_FILE_MB * 1024 * 1024,
    choose: SheetChooser | None = None,
) -> Grid:
    """Read a CSV, TSV or XLSX file (a path or an upload) into a grid; raise SurveyError saying
    what to do when it cannot be read. Messages name the file as the person knows it.

    ``choose`` picks a workbook's sheet when none is named, from each sheet's first rows."""
    source = read_source(path, max_bytes=max_bytes)
    name, raw = source.name, source.data
    try:
        if not len(raw):
            raise _empty(name)
        start = bytes(raw[:16])
        if start.startswith(_ZIP_MAGIC):
            return _workbook_grid(bytes(raw), name, sheet, max_bytes, choose)
        _refuse_binary(start, name, source.suffix)
        return _text_grid(raw, name, encoding, delimiter, source.suffix)
    except SurveyError:
        raise
    except (MemoryError, RecursionError):
        raise _too_big(name) from None
    except Exception as exc:
        raise fail(
            "unreadable",
            f"{name}: the file could not be read ({type(exc).__name__}); "
            "export it again as CSV UTF-8 or XLSX",
        ) from exc


def grid_from_rows(source: str, rows: Sequence[Sequence[str]]) -> Grid:
    """A grid of rows already in memory (a DataFrame handed over by a program)."""
    head = tuple(tuple(row) for row in rows[:HEAD_ROWS])
    return Grid(source, "frame", head, None, None, None, body=_RowsBody(source, list(rows)))


def _empty(name: str) -> SurveyError:
    return fail("empty", f"{name}: the file is empty; export the survey responses again")


def _too_big(name: str) -> SurveyError:
    return fail(
        "too-many-cells",
        f"{name}: the file holds more cells than cxmaturity reads at once "
        f"({MAX_CELLS:,}); export fewer columns, or split the responses into several files",
    )


def _refuse_binary(raw: bytes, name: str, suffix: str) -> None:
    """Stop images, PDFs, old Excel files and other binaries before they are read as text."""
    for magic, code, advice in _NOT_TABLES:
        if raw.startswith(magic):
            raise fail(code, f"{name}: {advice}")
    if suffix in EXCEL_SUFFIXES:
        raise fail(
            "not-a-workbook",
            f"{name}: the file is named {suffix} but is not an Excel workbook; if it is a CSV, "
            "rename it to .csv, otherwise save it again from Excel as .xlsx",
        )


# -- text -------------------------------------------------------------------------------------


def _text_grid(
    raw: bytes | mmap.mmap, name: str, encoding: str | None, delimiter: str | None, suffix: str
) -> Grid:
    utf8, used, quotes = _as_utf8(raw, name, encoding)
    start = codecs.getincrementaldecoder("utf-8")().decode(bytes(utf8[:HEAD_BYTES]), final=False)
    text = _normalise(start)
    if not text.strip():
        raise _empty(name)
    _refuse_markup(text, name)
    sep = _chosen_delimiter(name, delimiter) if delimiter else _default_delimiter(text, suffix)
    rows = _head_rows(text, sep)
    width = max((len(row) for row in rows), default=0)
    _check_shape(name, width, _lines(utf8, start))
    head = tuple(rows if len(utf8) <= HEAD_BYTES else rows[:-1])
    if not head:
        raise _empty(name)
    kind = "tsv" if sep == "\t" else "csv"
    body = _TextBody(name, utf8, sep, head, quotes)
    return Grid(name, kind, head, used, sep, None, body=body)


def _as_utf8(
    raw: bytes | mmap.mmap, name: str, encoding: str | None
) -> tuple[memoryview, str, int]:
    """The file as valid UTF-8 bytes without a BOM, the encoding it was written in, and how many
    quote characters it holds.

    A UTF-8 file (the common case, and every large export) is checked without decoding it into
    Python text, in place; anything else is decoded and written back as UTF-8 once.
    """
    given = codec_name(name, encoding) if encoding else None
    if given in (None, "utf-8"):
        bom = raw[:3] == _UTF8_BOM
        body = memoryview(raw)[3:] if bom else memoryview(raw)
        used = "utf-8-sig" if bom else "utf-8"
        # a large file is searched for NUL bytes and quotes on the worker (a search holds
        # Python's lock) while this thread checks its UTF-8 (which lets go of it)
        start = len(raw) - len(body)
        scan = background().submit(_scan, raw, start) if len(body) > HEAD_BYTES else None
        valid = _valid_utf8(body)
        binary, quotes = scan.result() if scan is not None else _scan(raw, start)
        if not binary and valid and (given is None or used == "utf-8"):
            return body, used, quotes
    text, used = decode(bytes(raw), name, encoding)
    encoded = text.encode("utf-8")
    return memoryview(encoded), used, _scan(encoded, 0)[1]


def _scan(data: bytes | mmap.mmap, start: int) -> tuple[bool, int]:
    """Whether the bytes from ``start`` hold a NUL byte, and how many quote characters.

    Each is first looked for at memory speed in the buffer itself (``in`` is slow on a map);
    quotes, when there are any, are counted a slice at a time (no copy of the whole file)."""
    binary = data.find(b"\x00", start) >= 0
    if data.find(b'"', start) < 0:
        return binary, 0
    step = 8 << 20
    view = memoryview(data)
    quotes = sum(bytes(view[k : k + step]).count(b'"') for k in range(start, len(data), step))
    return binary, quotes


def _valid_utf8(data: memoryview) -> bool:
    """Strict UTF-8, checked by Arrow over the bytes in place (no copy, no Python text)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    array = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data))
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _normalise(text: str) -> str:
    """Drop stray BOMs, make NBSP a space and CR line ends LF: in cells and between them alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\xa0", " ")


def _refuse_markup(text: str, name: str) -> None:
    """Web pages saved as .xls or .csv look like text but are not tables of cells."""
    if text.lstrip()[:20].lower().startswith(_MARKUP_STARTS):
        raise fail(
            "not-a-table",
            f"{name}: this is a web page or XML file, not a survey table; " + _EXPORT_INSTEAD,
        )


def _head_rows(text: str, sep: str) -> list[tuple[str, ...]]:
    """The first rows (up to HEAD_ROWS, and one more that may have been cut short)."""
    rows: list[tuple[str, ...]] = []
    try:
        for _, cells in _records(text, sep):
            rows.append(tuple(cells))
            if len(rows) > HEAD_ROWS:
                break
    except _BadRecord:
        pass
    return rows[: HEAD_ROWS + 1]


def _lines(utf8: memoryview, start: str) -> int:
    """How many lines the file holds: counted when short; when long, estimated from the lines of
    its first megabyte (``start``, decoded), scaled to the file's length; counted a slice at a
    time when that megabyte holds no line break at all."""
    if len(utf8) <= 4 * HEAD_BYTES:
        return bytes(utf8).count(b"\n") + 1
    breaks = start.count("\n")
    if not breaks:
        step = 8 << 20
        return sum(bytes(utf8[k : k + step]).count(b"\n") for k in range(0, len(utf8), step)) + 1
    return int(len(utf8) * breaks / len(start.encode("utf-8"))) + 1


def _check_shape(name: str, width: int, lines: int) -> None:
    """Refuse, before parsing the body, a table too wide or holding too many cells."""
    if width > MAX_COLUMNS:
        raise fail(
            "too-many-columns",
            f"{name}: the first row has {width:,} cells, more than the {MAX_COLUMNS:,} columns "
            "a survey export can have; check the delimiter, or export the responses again",
        )
    if width * lines > MAX_CELLS:
        raise fail(
            "too-many-cells",
            f"{name}: {lines:,} lines × {width:,} columns is more than the {MAX_CELLS:,} cells "
            "cxmaturity reads from one file; export fewer columns, or split the responses "
            "into several files",
        )


@dataclass(frozen=True)
class _TextBody:
    """The rows of a text table, parsed on request by pyarrow, or by csv when pyarrow objects."""

    name: str
    utf8: memoryview
    sep: str
    head: tuple[tuple[str, ...], ...]
    quotes: int

    def read(
        self, skip: int, wanted: Sequence[int], plain: Collection[int] = ()
    ) -> tuple[int, dict[int, RawColumn]]:
        fast = self._arrow(skip, wanted, plain)
        if fast is not None and self._agrees(fast, skip):
            return fast
        return self._python(skip, wanted)

    def _agrees(self, result: tuple[int, dict[int, RawColumn]], skip: int) -> bool:
        """pyarrow's first body row must be the head's row after ``skip`` (blank lines and
        odd quoting can make the two parsers count rows differently; csv then decides)."""
        count, columns = result
        expected = self.head[skip] if skip < len(self.head) else None
        if expected is None or count == 0:
            return expected is None
        for index, column in columns.items():
            cell = column.first() or ""
            if _normalise(cell) != (expected[index] if index < len(expected) else ""):
                return False
        return True

    def _arrow(
        self, skip: int, wanted: Sequence[int], plain: Collection[int]
    ) -> tuple[int, dict[int, RawColumn]] | None:
        """Well-formed files: pyarrow's parser, dictionary-encoding each wanted column.

        pyarrow takes a quote left open at the end of the file as closed there; an odd number of
        quote characters means such a quote, which the csv module then locates.
        """
        first = _first_record(self.utf8, self.sep)
        quotes = self.quotes
        if first is None or quotes % 2:
            return None
        width = len(first)
        names = [f"c{i}" for i in range(width)]
        wanted = [i for i in wanted if i < width]
        dictionary = pa.dictionary(pa.int32(), pa.string())
        for block in _BLOCKS:
            try:
                table = pa_csv.read_csv(
                    pa.py_buffer(self.utf8),
                    read_options=pa_csv.ReadOptions(
                        skip_rows=skip, column_names=names, block_size=block
                    ),
                    # without a quote character no value can hold a line break: the parser may
                    # then split the file at any line (faster, in parallel)
                    parse_options=pa_csv.ParseOptions(
                        delimiter=self.sep,
                        quote_char='"' if quotes else False,
                        newlines_in_values=bool(quotes),
                    ),
                    convert_options=pa_csv.ConvertOptions(
                        include_columns=[names[i] for i in wanted] or names[:1],
                        column_types={
                            names[i]: pa.string() if i in plain else dictionary
                            for i in range(width)
                        },
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                        check_utf8=False,  # the whole buffer was checked once (_as_utf8)
                    ),
                )
                break
            except pa.ArrowInvalid as error:
                if "straddl" not in str(error) or block == _BLOCKS[-1]:
                    return None  # a row longer than a block is read again in larger blocks
            except pa.ArrowNotImplementedError:
                return None
        return table.num_rows, {i: RawColumn.of_blocks(table.column(names[i])) for i in wanted}

    def _python(self, skip: int, wanted: Sequence[int]) -> tuple[int, dict[int, RawColumn]]:
        """Ragged or odd files: the csv module, row by row, keeping only the wanted columns."""
        text = bytes(self.utf8).decode("utf-8")
        collector = _Collector(self.name, wanted)
        header = 0
        try:
            _check_quotes(text, self.sep)
            for number, (line, cells) in enumerate(_records(text, self.sep)):
                if not header:
                    header = len(cells)
                    _check_shape(self.name, header, 1)
                elif len(cells) > header and any(cells[header:]):
                    raise _ragged(self.name, line, len(cells), header, self.sep)
                if number >= skip:
                    collector.add(cells)
        except _BadRecord as bad:
            raise _unclosed(self.name, bad.line) from None
        return collector.result()


def _first_record(utf8: memoryview, sep: str) -> list[str] | None:
    """The first non-blank row, for the number of columns pyarrow should expect."""
    start = codecs.getincrementaldecoder("utf-8")().decode(bytes(utf8[:HEAD_BYTES]), final=False)
    try:
        for _, cells in _records(start, sep):
            return cells
    except _BadRecord:
        return None
    return None


class _Collector:
    """Rows in, columns of codes out: each distinct text stored once per column."""

    def __init__(self, name: str, wanted: Sequence[int]) -> None:
        self.name = name
        self.wanted = list(wanted)
        self.lookups: list[dict[str, int]] = [{} for _ in self.wanted]
        self.codes = [array("i") for _ in self.wanted]
        self.rows = 0

    def add(self, cells: Sequence[str]) -> None:
        self.rows += 1
        if self.rows * max(len(self.wanted), 1) > MAX_CELLS:
            raise _too_big(self.name)
        width = len(cells)
        for slot, index in enumerate(self.wanted):
            value = cells[index] if index < width else ""
            lookup = self.lookups[slot]
            code = lookup.get(value)
            if code is None:
                code = lookup[value] = len(lookup)
            self.codes[slot].append(code)

    def result(self) -> tuple[int, dict[int, RawColumn]]:
        columns = {
            index: RawColumn(list(self.lookups[slot]), np.frombuffer(self.codes[slot], np.int32))
            for slot, index in enumerate(self.wanted)
        }
        return self.rows, columns


@dataclass(frozen=True)
class _RowsBody:
    source: str
    rows: list[Sequence[str]]

    def read(
        self, skip: int, wanted: Sequence[int], plain: Collection[int] = ()
    ) -> tuple[int, dict[int, RawColumn]]:
        collector = _Collector(self.source, wanted)
        for cells in self.rows[skip:]:
            collector.add(cells)
        return collector.result()


# -- delimiter --------------------------------------------------------------------------------


def _chosen_delimiter(name: str, delimiter: str) -> str:
    sep = _DELIMITER_ALIASES.get(delimiter.lower(), delimiter)
    if len(sep) != 1 or sep in '"\n\r':
        raise fail(
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


# -- records ----------------------------------------------------------------------------------


class _BadRecord(Exception):
    """The csv module gave up on the row starting at this line (a runaway quoted cell)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _records(text: str, sep: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on, as a person counting lines would say.

    Cells come back normalised (CR line ends, BOMs and NBSP inside cells), like the head.
    """
    csv.field_size_limit(HEAD_BYTES * 256)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _BadRecord(start) from None
        if not _is_blank(cells):
            yield start, [_normalise(cell) if _ODD.search(cell) else cell for cell in cells]
        start = reader.line_num + 1


_ODD = re.compile("[\r\ufeff\xa0]")


def _check_quotes(text: str, sep: str) -> None:
    """A quoted cell still open at the end of the file swallowed everything after its start.

    The csv module's strict mode is the one that notices ("unexpected end of data"); its other
    complaints (text after a closing quote) are tolerated, as every spreadsheet program does.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    start = 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise _BadRecord(start) from None
        start = reader.line_num + 1


def _is_blank(cells: list[str]) -> bool:
    """A line no table reader counts: nothing, or only spaces and tabs in one cell."""
    return not cells or (len(cells) == 1 and not cells[0].strip(" \t"))


def _ragged(name: str, line: int, width: int, header: int, sep: str) -> SurveyError:
    what = _DELIMITER_NAMES.get(sep, repr(sep))
    advice = (
        "if the file starts with a title line, delete it so that the header row comes first"
        if header == 1
        else f"put quotes around any cell on that line that contains a {what}, "
        "or delete the extra cells"
    )
    return fail(
        "ragged-rows",
        f"{name}: ragged rows: line {line} has {width} cells but the header has {header}; "
        + advice,
    )


def _unclosed(name: str, line: int) -> SurveyError:
    return fail(
        "unclosed-quote",
        f'{name}: a quoted cell in the row starting on line {line} never closes (a " is '
        "missing), so the rest of the file would be swallowed into it; add the closing quote",
    )


# -- workbooks --------------------------------------------------------------------------------


def _workbook_grid(
    raw: bytes, name: str, sheet: str | None, max_bytes: int, choose: SheetChooser | None
) -> Grid:
    _check_zip(raw, name, max_bytes)
    with _workbook(raw, name) as book:
        heads: dict[str, tuple[tuple[str, ...], ...]] = {}
        chosen = _pick_sheet(book.worksheets, name, sheet, choose, heads)
        head = heads.get(chosen.title) or _sheet_head(chosen)
        titles = tuple(s.title for s in book.worksheets)
        title = chosen.title
    body = _WorkbookBody(name, raw, title)
    others = {t: h for t, h in heads.items() if t != title}
    return Grid(name, "xlsx", head, None, None, title, titles, others, body=body)


def _check_zip(raw: bytes, name: str, max_bytes: int) -> None:
    """Refuse what is not a workbook, and ZIP bombs, from the directory alone: nothing unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except Exception:
        raise _damaged(name, "its table of contents is missing or unreadable") from None
    names = {member.filename.lower() for member in members}
    if "xl/workbook.xml" not in names:
        raise fail("not-a-workbook", f"{name}: {_what_zip(names)}")
    for member in members:
        if member.file_size > ZIP_RATIO_FLOOR and (
            member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1)
        ):
            raise fail(
                "zip-bomb",
                f"{name}: the workbook part {member.filename} would unpack from "
                f"{member.compress_size:,} bytes to {megabytes(member.file_size)}, which is how "
                "ZIP bombs look, so it was not opened; save it again from Excel or export CSV",
            )
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_bytes:
        raise fail(
            "unpacks-too-large",
            f"{name}: the workbook would unpack to {megabytes(unpacked)}, over the "
            f"{limit_text(max_bytes)} limit; export fewer columns or CSV, or raise the file "
            "size limit",
        )


def _what_zip(names: set[str]) -> str:
    for member, what in _NOT_WORKBOOKS:
        if member in names:
            return f"this is {what}"
    return (
        "this is a ZIP archive, not an Excel workbook; unzip it and choose the CSV or XLSX inside"
    )


def _damaged(name: str, reason: str) -> SurveyError:
    return fail(
        "damaged-workbook",
        f"{name}: the workbook is damaged or incomplete ({reason}); export it again as XLSX "
        "or as CSV UTF-8",
    )


class _workbook:
    """An openpyxl workbook opened read-only; openpyxl's complaints mean a damaged file."""

    def __init__(self, raw: bytes, name: str) -> None:
        self.raw, self.name = raw, name

    def __enter__(self):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.book = load_workbook(io.BytesIO(self.raw), read_only=True, data_only=True)
        except Exception as exc:
            raise _damaged(self.name, type(exc).__name__) from None
        return self.book

    def __exit__(self, kind, error, trace) -> bool:
        self.book.close()
        if error is not None and not isinstance(error, SurveyError | MemoryError):
            raise _damaged(self.name, type(error).__name__) from None
        return False


def _pick_sheet(
    sheets: Sequence[ReadOnlyWorksheet],
    name: str,
    wanted: str | None,
    choose: SheetChooser | None = None,
    heads: dict[str, tuple[tuple[str, ...], ...]] | None = None,
) -> ReadOnlyWorksheet:
    """The named sheet; else the visible sheet ``choose`` prefers among those with data (given
    each one's first rows); else the first visible sheet with any filled cell. ``heads``
    collects the first rows of the sheets looked at (a codebook sheet may name the columns)."""
    heads = {} if heads is None else heads
    if wanted is not None:
        sheet = _find_sheet(sheets, name, wanted)
        for other in sheets:
            visible = getattr(other, "sheet_state", "visible") == "visible"
            if visible and other is not sheet and (head := _sheet_head(other)):
                heads[other.title] = head
        if not _sheet_head(sheet):
            raise fail(
                "empty",
                f"{name}: sheet {sheet.title!r} is empty; choose another sheet "
                f"({_titles(sheets)}) or export the responses again",
            )
        return sheet
    ordered = sorted(sheets, key=lambda s: getattr(s, "sheet_state", "visible") != "visible")
    for sheet in ordered:
        head = _sheet_head(sheet)
        if head:
            heads[sheet.title] = head
            if choose is None:
                return sheet
    if not heads:
        raise fail(
            "empty", f"{name}: every sheet of the workbook is empty; export the responses again"
        )
    visible = {s.title for s in ordered if getattr(s, "sheet_state", "visible") == "visible"}
    candidates = {t: h for t, h in heads.items() if t in visible} or heads
    title = choose(candidates)
    return next(s for s in sheets if s.title == title)


def _find_sheet(sheets: Sequence[ReadOnlyWorksheet], name: str, wanted: str) -> ReadOnlyWorksheet:
    """Exact title first; otherwise a title that differs only in case or spacing."""
    for sheet in sheets:
        if sheet.title == wanted:
            return sheet
    close = [s for s in sheets if clean(s.title).casefold() == clean(wanted).casefold()]
    if len(close) == 1:
        return close[0]
    raise fail(
        "missing-sheet",
        f"{name}: there is no sheet named {wanted!r}; the sheets are {_titles(sheets)}",
    )


def _titles(sheets: Sequence[ReadOnlyWorksheet]) -> str:
    return ", ".join(repr(sheet.title) for sheet in sheets)


def _sheet_head(sheet: ReadOnlyWorksheet) -> tuple[tuple[str, ...], ...]:
    """The first rows with data, trimmed of trailing empty cells and padded to one width."""
    rows: list[tuple[str, ...]] = []
    for row in _sheet_rows(sheet):
        rows.append(row)
        if len(rows) >= HEAD_ROWS:
            break
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    return tuple(row + ("",) * (width - len(row)) for row in rows)


def _sheet_rows(sheet: ReadOnlyWorksheet) -> Iterator[tuple[str, ...]]:
    """Every row as text without its trailing empty cells.

    Dimensions stored in the file are ignored: some tools write wrong ones, which would cut rows.
    """
    sheet.reset_dimensions()
    for values in sheet.iter_rows(values_only=True):
        row = [_cell_text(value) for value in values]
        while row and not row[-1]:
            row.pop()
        yield tuple(row)


@dataclass(frozen=True)
class _WorkbookBody:
    name: str
    raw: bytes
    title: str

    def read(
        self, skip: int, wanted: Sequence[int], plain: Collection[int] = ()
    ) -> tuple[int, dict[int, RawColumn]]:
        """Empty rows between filled ones are kept (a respondent who left the row blank);
        empty rows after the last filled one are not rows at all."""
        collector = _Collector(self.name, wanted)
        index = pending = width = 0
        with _workbook(self.raw, self.name) as book:
            sheet = next(s for s in book.worksheets if s.title == self.title)
            for row in _sheet_rows(sheet):
                if not row:
                    pending += 1
                    continue
                width = max(width, len(row))
                if width > MAX_COLUMNS or width * (index + pending + 1) > MAX_CELLS:
                    raise _sheet_too_big(self.name, self.title, index + pending + 1, width)
                for _ in range(pending):
                    if index >= skip:
                        collector.add(())
                    index += 1
                pending = 0
                if index >= skip:
                    collector.add(row)
                index += 1
        return collector.result()


def _sheet_too_big(name: str, title: str, rows: int, width: int) -> SurveyError:
    return fail(
        "too-many-cells",
        f"{name}: sheet {title!r} reaches row {rows:,} and column {width:,} — more than the "
        f"{MAX_CELLS:,} cells cxmaturity reads from one sheet (a stray cell far from the data?); "
        "delete the cells outside the responses, or export CSV",
    )


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


def path_suffix(path: str | Path) -> str:
    return Path(path).suffix.lower()
