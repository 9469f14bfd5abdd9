"""The byte layer: every file a survey tool (or a person) might hand over, written as raw bytes."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from cxmaturity.errors import SurveyError
from cxmaturity.loading import grid as grid_module
from cxmaturity.loading import source
from cxmaturity.loading.grid import Grid, read_grid

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
MB = 1024 * 1024

QUALTRICS_TSV = (
    "StartDate\tEndDate\tQ1\r\n"
    "Start Date\tEnd Date\tHow satisfied are you, overall?\r\n"
    '{"ImportId":"startDate"}\t{"ImportId":"endDate"}\t{"ImportId":"QID1"}\r\n'
    "2024-01-02 10:00:00\t2024-01-02 10:05:00\tAgree\r\n"
)
QUALTRICS_ROWS = [
    ["StartDate", "EndDate", "Q1"],
    ["Start Date", "End Date", "How satisfied are you, overall?"],
    ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"QID1"}'],
    ["2024-01-02 10:00:00", "2024-01-02 10:05:00", "Agree"],
]

# id, file name, bytes, options, rows, encoding, delimiter
TEXT_CASES = [
    ("utf8", "a.csv", "a,b\n1,é\n".encode(), {}, [["a", "b"], ["1", "é"]], "utf-8", ","),
    (
        "utf8-bom-crlf",
        "a.csv",
        codecs.BOM_UTF8 + b"Name,Score\r\nAnn,4\r\n",
        {},
        [["Name", "Score"], ["Ann", "4"]],
        "utf-8-sig",
        ",",
    ),
    (
        "qualtrics-tsv-utf16le-bom",
        "export.tsv",
        codecs.BOM_UTF16_LE + QUALTRICS_TSV.encode("utf-16-le"),
        {},
        QUALTRICS_ROWS,
        "utf-16",
        "\t",
    ),
    (
        "utf16le-tabs-named-csv",
        "export.csv",
        codecs.BOM_UTF16_LE + QUALTRICS_TSV.encode("utf-16-le"),
        {},
        QUALTRICS_ROWS,
        "utf-16",
        "\t",
    ),
    (
        "utf16be-bom",
        "a.csv",
        codecs.BOM_UTF16_BE + "a,b\r\n1,ü\r\n".encode("utf-16-be"),
        {},
        [["a", "b"], ["1", "ü"]],
        "utf-16",
        ",",
    ),
    (
        "cp1252-crlf",
        "fr.csv",
        "Nom,Commentaire\r\nRené,C’est très bien\r\nZoë,L’équipe\r\n".encode("cp1252"),
        {},
        [["Nom", "Commentaire"], ["René", "C’est très bien"], ["Zoë", "L’équipe"]],
        "cp1252",
        ",",
    ),
    (
        "semicolon-decimal-comma",
        "eu.csv",
        b"Name;Q1, overall;Q2\nAnn;4,5;Agree\nBo;3,0;Disagree\n",
        {},
        [["Name", "Q1, overall", "Q2"], ["Ann", "4,5", "Agree"], ["Bo", "3,0", "Disagree"]],
        "utf-8",
        ";",
    ),
    (
        "every-field-quoted",
        "gizmo.csv",
        b'"Name","Comment, free text"\r\n"Ann","Good, ""really""\r\ngood"\r\n"Bo",""\r\n',
        {},
        [["Name", "Comment, free text"], ["Ann", 'Good, "really"\ngood'], ["Bo", ""]],
        "utf-8",
        ",",
    ),
    (
        "trailing-comma-every-line",
        "legacy.csv",
        b"V1,V2,\nR_1,Ann,\n",
        {},
        [["V1", "V2", ""], ["R_1", "Ann", ""]],
        "utf-8",
        ",",
    ),
    (
        "trailing-comma-data-only",
        "a.csv",
        b"a,b\n1,2,\n3,4,\n",
        {},
        [["a", "b", ""], ["1", "2", ""], ["3", "4", ""]],
        "utf-8",
        ",",
    ),
    (
        "feff-in-header-and-cell",
        "a.csv",
        "Na\ufeffme,\ufeffScore\n\ufeff1 (None at all),4\n".encode(),
        {},
        [["Name", "Score"], ["1 (None at all)", "4"]],
        "utf-8",
        ",",
    ),
    (
        "nbsp-in-cells",
        "a.csv",
        "Name,Comment\nAnn,very\xa0good\xa0\n".encode(),
        {},
        [["Name", "Comment"], ["Ann", "very good "]],
        "utf-8",
        ",",
    ),
    (
        "short-rows-padded",
        "a.csv",
        b"a,b,c\n1\n2,3\n",
        {},
        [["a", "b", "c"], ["1", "", ""], ["2", "3", ""]],
        "utf-8",
        ",",
    ),
    ("header-only", "a.csv", b"a,b,c\n", {}, [["a", "b", "c"]], "utf-8", ","),
    (
        "comma-with-quoted-semicolons",
        "a.csv",
        b'"Q1; overall",Q2\n"a;b;c",d\n',
        {},
        [["Q1; overall", "Q2"], ["a;b;c", "d"]],
        "utf-8",
        ",",
    ),
    ("cr-only-lines", "mac.csv", b"a,b\r1,2\r", {}, [["a", "b"], ["1", "2"]], "utf-8", ","),
    (
        "blank-lines-skipped-spaces-kept",
        "a.csv",
        b"\n a ,b\n\n1,2\n\n",
        {},
        [[" a ", "b"], ["1", "2"]],
        "utf-8",
        ",",
    ),
    (
        "tsv-suffix-means-tab",
        "a.tsv",
        b"q, one, two\tq, three\n1,5\t2\n",
        {},
        [["q, one, two", "q, three"], ["1,5", "2"]],
        "utf-8",
        "\t",
    ),
    (
        "encoding-given-latin1",
        "a.csv",
        "Name,City\nJosé,Zürich\n".encode("latin-1"),
        {"encoding": "latin-1"},
        [["Name", "City"], ["José", "Zürich"]],
        "iso8859-1",
        ",",
    ),
    (
        "encoding-given-wins-over-utf8",
        "a.csv",
        "a,b\n1,é\n".encode(),
        {"encoding": "cp1252"},
        [["a", "b"], ["1", "Ã©"]],
        "cp1252",
        ",",
    ),
    (
        "delimiter-given",
        "a.csv",
        b"a;b,c\n1;2,3\n",
        {"delimiter": ";"},
        [["a", "b,c"], ["1", "2,3"]],
        "utf-8",
        ";",
    ),
    (
        "delimiter-given-as-backslash-t",
        "a.csv",
        b"a,b\tc\n1,2\t3\n",
        {"delimiter": "\\t"},
        [["a,b", "c"], ["1,2", "3"]],
        "utf-8",
        "\t",
    ),
]

# id, file name, bytes, options, reason code, words the message must contain
ERROR_CASES = [
    (
        "long-row",
        "a.csv",
        b"a,b\n1,2\n3,4,5\n",
        {},
        "ragged-rows",
        ["a.csv", "ragged rows: line 3 has 3 cells but the header has 2", "comma"],
    ),
    (
        "long-row-after-multiline-cell",
        "a.csv",
        b'a,b\n"x\ny",2\n3,4,5\n',
        {},
        "ragged-rows",
        ["line 4 has 3 cells"],
    ),
    (
        "long-row-semicolon",
        "a.csv",
        b"a;b\n1;2;3\n",
        {"delimiter": ";"},
        "ragged-rows",
        ["line 2", "semicolon"],
    ),
    (
        "title-line-above-header",
        "hr.csv",
        b"Engagement survey 2024\nName,Score\nAnn,4\n",
        {},
        "ragged-rows",
        ["line 2 has 2 cells but the header has 1", "title line"],
    ),
    ("unclosed-quote", "a.csv", b'a,b\n1,2\n3,"oops\n4,5\n', {}, "unclosed-quote", ["line 3"]),
    (
        "unclosed-quote-after-trailing-comma",
        "a.csv",
        b'a,b\n1,2,\n"3,4\n',
        {},
        "unclosed-quote",
        ["line 3"],
    ),
    ("empty", "a.csv", b"", {}, "empty", ["a.csv", "is empty"]),
    ("bom-only", "a.csv", codecs.BOM_UTF8, {}, "empty", ["is empty"]),
    ("utf16-bom-only", "a.tsv", codecs.BOM_UTF16_LE, {}, "empty", ["is empty"]),
    ("whitespace-only", "a.csv", b" \r\n\t\n", {}, "empty", ["is empty"]),
    ("png", "a.csv", b"\x89PNG\r\n\x1a\n" + bytes(64), {}, "not-a-table", ["PNG", "CSV or XLSX"]),
    ("jpeg", "a.csv", b"\xff\xd8\xff\xe0" + bytes(64), {}, "not-a-table", ["JPEG"]),
    ("pdf", "report.csv", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", {}, "not-a-table", ["PDF"]),
    (
        "old-xls",
        "a.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        {},
        "old-excel",
        [".xls", "save it as .xlsx"],
    ),
    (
        "encrypted-xlsx",
        "a.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        {},
        "old-excel",
        ["password"],
    ),
    ("binary-with-nul", "a.csv", bytes(range(256)) * 4, {}, "not-a-table", ["binary"]),
    ("utf8-with-nul", "a.csv", b"a,b\n1,\x002\n", {}, "not-a-table", ["NUL"]),
    ("text-named-xlsx", "a.xlsx", b"a,b\n1,2\n", {}, "not-a-workbook", [".xlsx", "rename"]),
    ("html-named-xls", "a.xls", b"<html><table><tr><td>1</td></tr></table>", {}, "not-a-table", []),
    (
        "encoding-given-wrong",
        "a.csv",
        "a,b\n1,é\n".encode("cp1252"),
        {"encoding": "utf-8"},
        "encoding",
        ["utf-8", "byte 6 (line 2)"],
    ),
    (
        "bom-then-bad-utf8",
        "a.csv",
        codecs.BOM_UTF8 + b"a,b\n1,\xe9\n",
        {},
        "encoding",
        ["byte 9 (line 2)", "utf-8"],
    ),
    ("encoding-unknown", "a.csv", b"a,b\n", {"encoding": "klingon"}, "bad-option", ["klingon"]),
    ("delimiter-bad", "a.csv", b"a,b\n", {"delimiter": "ab"}, "bad-option", ["'ab'"]),
]


@pytest.fixture(params=["read", "mapped"])
def both_ways(request, monkeypatch):
    """Every case twice: the file read into memory, and mapped (as large files are)."""
    if request.param == "mapped":
        monkeypatch.setattr(source, "_MAP_FROM", 1)
    return request.param


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def cells(grid: Grid) -> list[list[str]]:
    return grid.rows.to_numpy().tolist()


def failure(path: Path, **options: object) -> SurveyError:
    """Reading a grid, head and body (the body is only parsed when its rows are asked for)."""
    with pytest.raises(SurveyError) as caught:
        read_grid(path, **options).rows  # type: ignore[arg-type]  # noqa: B018
    return caught.value


@pytest.mark.parametrize(
    ("name", "data", "options", "rows", "encoding", "delimiter"),
    [case[1:] for case in TEXT_CASES],
    ids=[case[0] for case in TEXT_CASES],
)
def test_text_files(tmp_path, both_ways, name, data, options, rows, encoding, delimiter):
    path = write(tmp_path, name, data)
    grid = read_grid(path, **options)
    assert cells(grid) == rows
    assert (grid.encoding, grid.delimiter, grid.sheet) == (encoding, delimiter, None)
    assert grid.kind == ("tsv" if delimiter == "\t" else "csv")
    assert grid.source == str(path)
    assert list(grid.rows.columns) == list(range(len(rows[0])))
    assert all(pd.api.types.is_object_dtype(dtype) for dtype in grid.rows.dtypes)


@pytest.mark.parametrize(
    ("name", "data", "options", "code", "words"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_refused_files(tmp_path, both_ways, name, data, options, code, words):
    error = failure(write(tmp_path, name, data), **options)
    assert error.problems[0].code == code
    for word in words:
        assert word in str(error)


@pytest.mark.parametrize(
    ("row", "refused"),
    [("1,2,3,4\n", True), ("1,2,3,4," + "x" * 60 + "\n", False)],
    ids=["short-rows", "long-rows"],
)
def test_a_long_file_over_the_cell_limit_is_refused_before_parsing(
    tmp_path, monkeypatch, row, refused
):
    """Past 4 MB the lines are estimated from the first megabyte: short rows (many lines) go
    over the limit, the same bytes in long rows do not."""
    data = ("a,b,c,d\n" + row * (5 * MB // len(row))).encode()
    lines = data.count(b"\n") + 1
    monkeypatch.setattr(grid_module, "MAX_CELLS", 4 * 500_000)  # short rows: ~5 × 655,000 × 4
    monkeypatch.setattr(
        grid_module._TextBody, "_arrow", lambda *a: pytest.fail("the body was parsed")
    )
    path = write(tmp_path, "long.csv", data)
    if refused:
        error = failure(path)
        assert error.problems[0].code == "too-many-cells"
        estimated = int(str(error).split(" lines")[0].rsplit(" ", 1)[-1].replace(",", ""))
        assert abs(estimated - lines) < 0.01 * lines
    else:
        read_grid(path)  # the head only: the body is not asked for


def test_file_over_the_size_limit(tmp_path):
    error = failure(write(tmp_path, "big.csv", b"a,b\n" + b"1,2\n" * 500), max_bytes=1000)
    assert error.problems[0].code == "file-too-large"
    assert "big.csv" in str(error) and "MB" in str(error)
    assert "raise the file size limit" in str(error)


@pytest.mark.parametrize(
    ("make", "code"), [(lambda p: p / "nope.csv", "not-found"), (lambda p: p, "not-a-file")]
)
def test_missing_file_and_folder(tmp_path, make, code):
    assert failure(make(tmp_path)).problems[0].code == code


# -- workbooks --------------------------------------------------------------------------------


def workbook_bytes() -> bytes:
    """An empty first sheet, then responses with numbers, a date and booleans, then another."""
    book = Workbook()
    book.active.title = "Notes"
    responses = book.create_sheet("Responses")
    responses.append(["Name", "Score", "Date", "Flag", "Ratio"])
    responses.append(["Ann", 4.0, dt.datetime(2024, 3, 1, 9, 30), True, 2.5])
    responses.append(["Bo\xa0b", 3, None, False, "two\r\nlines\ufeff"])
    responses["H9"].font = Font(bold=True)
    book.create_sheet("Other").append(["Division", "Q1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RESPONSES = [
    ["Name", "Score", "Date", "Flag", "Ratio"],
    ["Ann", "4", "2024-03-01 09:30:00", "TRUE", "2.5"],
    ["Bo b", "3", "", "FALSE", "two\nlines"],
]


@pytest.mark.parametrize(
    ("name", "sheet", "title", "rows"),
    [
        ("survey.xlsx", None, "Responses", RESPONSES),
        ("survey.xlsx", "Other", "Other", [["Division", "Q1"]]),
        ("survey.xlsx", " other", "Other", [["Division", "Q1"]]),
        ("named-as.csv", None, "Responses", RESPONSES),
    ],
)
def test_workbook(tmp_path, both_ways, name, sheet, title, rows):
    grid = read_grid(write(tmp_path, name, workbook_bytes()), sheet=sheet)
    assert cells(grid) == rows
    assert (grid.kind, grid.sheet, grid.encoding, grid.delimiter) == ("xlsx", title, None, None)


def test_workbook_missing_sheet_lists_the_sheets(tmp_path):
    error = failure(write(tmp_path, "s.xlsx", workbook_bytes()), sheet="Summary")
    assert error.problems[0].code == "missing-sheet"
    assert "'Summary'" in str(error) and "'Notes', 'Responses', 'Other'" in str(error)


def test_workbook_named_empty_sheet(tmp_path):
    error = failure(write(tmp_path, "s.xlsx", workbook_bytes()), sheet="Notes")
    assert error.problems[0].code == "empty"


def test_workbook_all_sheets_empty(tmp_path):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert failure(write(tmp_path, "s.xlsx", buffer.getvalue())).problems[0].code == "empty"


def test_truncated_workbook(tmp_path):
    data = workbook_bytes()
    error = failure(write(tmp_path, "half.xlsx", data[: len(data) // 2]))
    assert error.problems[0].code == "damaged-workbook"
    assert "damaged or incomplete" in str(error) and "export it again" in str(error)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


def test_zip_bomb_is_refused_unopened(tmp_path):
    bomb = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(5 * MB)})
    assert len(bomb) < MB
    error = failure(write(tmp_path, "bomb.xlsx", bomb), max_bytes=MB)
    assert error.problems[0].code == "zip-bomb"
    assert "bomb.xlsx" in str(error) and "sheet1.xml" in str(error)


def test_workbook_unpacking_past_the_limit(tmp_path):
    noise = random.Random(1).choices(b"ACGT", k=int(2.5 * MB))
    data = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": bytes(noise)})
    assert len(data) < MB
    error = failure(write(tmp_path, "wide.xlsx", data), max_bytes=MB)
    assert error.problems[0].code == "unpacks-too-large"
    assert "raise the file size limit" in str(error)


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ({"responses.csv": b"a,b\n"}, "ZIP archive"),
        ({"word/document.xml": b"<w/>"}, "Word document"),
        ({"xl/workbook.bin": b"\x00"}, ".xlsb"),
    ],
)
def test_zip_that_is_not_a_workbook(tmp_path, members, words):
    error = failure(write(tmp_path, "a.xlsx", zip_bytes(members)))
    assert error.problems[0].code == "not-a-workbook"
    assert words in str(error)


# -- invariants and speed ---------------------------------------------------------------------


def assert_grid_or_survey_error(path: Path) -> Grid | None:
    """Whatever the bytes: a grid of strings, or a SurveyError that was foreseen (not wrapped)."""
    try:
        grid = read_grid(path)
        rows = grid.rows
    except SurveyError as error:
        assert error.problems[0].code != "unreadable", str(error)
        return None
    assert isinstance(rows, pd.DataFrame)
    assert all(isinstance(cell, str) for cell in grid.rows.to_numpy().ravel())
    assert list(grid.rows.columns) == list(range(grid.rows.shape[1]))
    return grid


@settings(deadline=None, max_examples=200)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".tsv", ".xlsx"]))
def test_any_bytes_give_a_grid_or_a_survey_error(tmp_path_factory, data, suffix):
    assert_grid_or_survey_error(write(tmp_path_factory.mktemp("bytes"), "x" + suffix, data))


@settings(deadline=None, max_examples=200)
@given(
    text=st.text(alphabet=',;\t"\n\r abcé0123\ufeff\xa0', max_size=400),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_csv_like_text_gives_clean_cells_or_a_survey_error(tmp_path_factory, text, encoding):
    path = write(tmp_path_factory.mktemp("text"), "x.csv", text.encode(encoding))
    grid = assert_grid_or_survey_error(path)
    if grid is not None:
        joined = "".join(grid.rows.to_numpy().ravel())
        assert not {"\r", "\ufeff", "\xa0"} & set(joined)


def test_a_quoted_cell_longer_than_a_block_is_read_by_pyarrow(tmp_path, monkeypatch):
    """A row past pyarrow's first block size is read again in larger blocks, not handed to
    the csv module."""
    small, large = grid_module._BLOCKS
    cell = "line\n" * (small // 5 + 10)
    data = ('id,comment\n1,"' + cell + '"\n2,short\n').encode()
    assert small < len(data) < large
    monkeypatch.setattr(
        grid_module._TextBody, "_python", lambda *a: pytest.fail("read by the csv module")
    )
    grid = read_grid(write(tmp_path, "long.csv", data))
    assert cells(grid) == [["id", "comment"], ["1", cell], ["2", "short"]]


@settings(max_examples=40, deadline=None)
@given(
    rows=st.integers(4096, 5000),
    width=st.integers(1, 70),
    varying=st.booleans(),
    copies=st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 4095)), max_size=5),
)
def test_identity_codes_are_equal_exactly_for_equal_texts(rows, width, varying, copies):
    """Response ids: one code per distinct text, whichever way the codes were found (hashed
    in bulk for ids of one length, dictionary-encoded otherwise)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"

    def name(number: int) -> str:
        text = ""
        while number or not text:
            number, digit = divmod(number, 36)
            text = digits[digit] + text
        return ("R_" + text.rjust(width, "0"))[-width:]

    texts = [name(i) + ("x" * (i % 3) if varying else "") for i in range(rows)]
    for original, copy in copies:
        texts[copy] = texts[original]
    array = pa.array(texts, pa.string())
    values, codes = grid_module.identity_codes(array)
    assert [values[int(code)].as_py() for code in codes] == texts
    assert len(set(zip(texts, codes.tolist(), strict=True))) == len(set(texts)) == len(set(codes))
    if len(set(texts)) == rows and not varying and width <= 64:
        assert values is array  # the bulk path: every row its own code
        assert codes.tolist() == list(range(rows))


def test_a_hundred_thousand_rows_are_parsed_by_pyarrow(tmp_path, monkeypatch):
    """A large well-formed file takes the fast path (its speed is measured by
    benchmarks/run.py, never asserted here)."""
    row = ",".join(f"answer {i}" for i in range(20)) + "\n"
    header = ",".join(f"Q{i}" for i in range(20)) + "\n"
    path = write(tmp_path, "big.csv", (header + row * 100_000).encode())
    monkeypatch.setattr(
        grid_module._TextBody, "_python", lambda *a: pytest.fail("read by the csv module")
    )
    grid = read_grid(path)
    assert grid.rows.shape == (100_001, 20)


# -- real exports -----------------------------------------------------------------------------

REAL_FILES = sorted(FIXTURES.glob("*.csv")) if FIXTURES.is_dir() else []
# file, shape, a cell of row 0, the start of row 1's first cell (None: not checked)
QUALTRICS = [
    ("qualtrics_qualtRics_sample.csv", (4, 20), "StartDate", "Anfangsdatum"),
    ("qualtrics_qualtRics_sample_legacy.csv", (3, 16), "V1", "ResponseID"),
    ("qualtrics_QT_nobasis_insights2016.csv", (18, 49), "ResponseID", "ResponseID"),
    ("qualtrics_QT_nobasis_legacy.csv", (17, 49), "V1", "ResponseID"),
    ("qualtrics_QT_single_matrix_insights2016.csv", (8, 30), "ResponseID", "ResponseID"),
    ("qualtrics_QT_single_matrix_legacy.csv", (7, 30), "V1", "ResponseID"),
]


@pytest.mark.skipif(not REAL_FILES, reason="shared fixtures are not available")
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_real_exports_load(path):
    grid = assert_grid_or_survey_error(path)
    assert grid is not None and grid.rows.shape[0] > 1 and grid.delimiter == ","
    joined = "".join(grid.rows.to_numpy().ravel())
    assert not {"\r", "\ufeff", "\xa0"} & set(joined)


@pytest.mark.skipif(not REAL_FILES, reason="shared fixtures are not available")
@pytest.mark.parametrize(("name", "shape", "first", "second"), QUALTRICS)
def test_real_qualtrics_header_rows(name, shape, first, second):
    grid = read_grid(FIXTURES / name)
    assert grid.rows.shape == shape
    assert first in grid.rows.iloc[0].tolist()
    assert grid.rows.iloc[1, 0] == second


# -- bounded memory ---------------------------------------------------------------------------

PEAK = (
    "import resource, sys\n"
    "from cxmaturity.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(f'peak_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)
GB_KB = 1024 * 1024


def test_hostile_files_are_read_or_refused_within_a_gigabyte(tmp_path):
    """Each hostile file in a process of its own: one line (or a result), peak under 1 GB.

    The figures for larger files are in docs/importing.md (``benchmarks/memory.py``).
    """
    import subprocess
    import sys

    from openpyxl import Workbook

    (tmp_path / "commas.csv").write_bytes(b"," * 5_000_000)
    (tmp_path / "commas-lines.csv").write_bytes(
        b"Division,S01,,,,,,,,\n" + b",,,,,,,,,\n" * 500_000
    )
    book = Workbook()
    book.active["A1"], book.active["XFD1048576"] = "Division", "x"
    book.save(tmp_path / "far.xlsx")
    row = "Sales," + ",".join(str(1 + i % 5) for i in range(14)) + "\n"
    (tmp_path / "numeric.csv").write_text(
        "Division," + ",".join(f"S{i:02d}" for i in range(1, 12)) + ",T01,T02,T03\n" + row * 600_000
    )
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-c", PEAK, "inspect", str(tmp_path / name), *extra],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, extra, stdin in [
            ("commas.csv", (), None),
            ("commas-lines.csv", (), None),
            ("far.xlsx", (), None),
            ("numeric.csv", (), None),
        ]
    }
    zeros = subprocess.Popen(
        [sys.executable, "-c", PEAK, "inspect", "/dev/stdin", "--max-file-mb", "20"],
        stdin=open("/dev/zero", "rb"),  # noqa: SIM115 - an endless input, closed with the process
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    runs["/dev/zero"] = zeros
    for name, process in runs.items():
        _, err = process.communicate(timeout=120)
        lines = err.strip().splitlines()
        peak = int(lines[-1].removeprefix("peak_kb="))
        assert process.returncode in (0, 2), (name, err)
        assert peak < GB_KB, (name, peak)
        assert "Traceback" not in err and len(lines) <= 2, (name, err)
    assert "over the 20 MB limit" in err
