"""Tables written out: no text cell starts a formula, numbers stay numbers, files round-trip."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import io
import re
import unicodedata

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmaturity.errors import CxMaturityError
from cxmaturity.export.tables import (
    formula_safe,
    safe_frame,
    to_csv_bytes,
    to_xlsx_bytes,
    unneutralise,
    write_csv_text,
)

PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
TRIGGERS = ("=", "+", "-", "@")
DIVISIONS = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "Sales", "R&D = research"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("=", "'="),
        ("-", "'-"),
        ("\t=1+1", "'\t=1+1"),
        ("\tSales", "'\tSales"),
        ("\r=1+1", "'\r=1+1"),
        ("\nSales", "'\nSales"),
        ("\0Sales", "'\0Sales"),
        ("＝SUM(1)", "'＝SUM(1)"),
        ("＋1+1", "'＋1+1"),
        ("－A1", "'－A1"),
        ("＠SUM(1)", "'＠SUM(1)"),
        ("﹦1+1", "'﹦1+1"),
        ("  =1+1", "'  =1+1"),
        ("\u3000=1+1", "'\u3000=1+1"),
        ("\u00a0@SUM(1)", "'\u00a0@SUM(1)"),
        ("\ufeff=1+1", "'\ufeff=1+1"),
        ("\u200b-2+3", "'\u200b-2+3"),
        ("\x01=1+1", "'\x01=1+1"),
        ("'=1+1", "''=1+1"),
        ("''@x", "'''@x"),
        ("-3", "-3"),
        ("+1", "+1"),
        ("-0.5", "-0.5"),
        (" -3 ", " -3 "),
        ("\t-3", "\t-3"),
        ("－2", "－2"),
        ("12", "12"),
        ("-1e5", "'-1e5"),
        ("-3,5", "'-3,5"),
        ("-.5", "'-.5"),
        ("--3", "'--3"),
        ("-3 points", "'-3 points"),
        ("Sales", "Sales"),
        ("R&D = research", "R&D = research"),
        ("a=b", "a=b"),
        ("#N/A", "#N/A"),
        ("'tis", "'tis"),
        ("'-3", "'-3"),
        ("", ""),
        ("   ", "   "),
    ],
)
def test_formula_safe_text(text: str, written: str) -> None:
    assert formula_safe(text) == written
    assert unneutralise(written) == text


@pytest.mark.parametrize(
    "value",
    [
        -3.5,
        -3,
        0,
        True,
        False,
        None,
        float("nan"),
        pd.NA,
        pd.NaT,
        np.float64(-2.5),
        np.int64(-7),
        np.bool_(True),
        decimal.Decimal("-1.5"),
        dt.date(2024, 3, 1),
        dt.datetime(2024, 3, 1, 9, 30),
        pd.Timestamp("2024-03-01", tz="UTC"),
        dt.timedelta(days=-1),
        b"=1+1",
    ],
    ids=repr,
)
def test_formula_safe_leaves_non_text_alone(value: object) -> None:
    assert formula_safe(value) is value


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("'=A1", "=A1"),
        ("''=A1", "'=A1"),
        ("' =A1", " =A1"),
        ("'\tx", "\tx"),
        ("'＝A1", "＝A1"),
        ("'tis", "'tis"),
        ("'-3", "'-3"),
        ("'", "'"),
        ("=A1", "=A1"),
        ("Sales", "Sales"),
    ],
)
def test_unneutralise(text: str, read: str) -> None:
    assert unneutralise(text) == read


RISKY_TEXT = st.text(
    alphabet=st.sampled_from(list("=+-@'\t\r\n\0 .0123ab＝＋－＠﹦＇\u3000\u00a0\ufeff\u200b")),
    max_size=8,
)


@given(st.one_of(st.text(), RISKY_TEXT))
def test_written_text_never_starts_a_formula(text: str) -> None:
    written = formula_safe(text)
    shown = unicodedata.normalize("NFKC", written).lstrip()
    if shown.startswith(TRIGGERS):
        assert PLAIN_NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip())
    assert unneutralise(written) == text


@given(st.lists(st.one_of(st.text(), RISKY_TEXT), min_size=1, max_size=6))
def test_csv_text_round_trips(texts: list[str]) -> None:
    data = to_csv_bytes(pd.DataFrame({"division": texts, "n": 1}))
    back = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert [unneutralise(text) for text in back["division"]] == texts


def survey_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "division": DIVISIONS,
            "score": [-3.5, 0.25, np.nan, 71.0],
            "n": [12, 0, 7, 30],
            "suppressed": [False, True, False, False],
        }
    )


def test_csv_bytes_keep_numbers_numeric() -> None:
    data = to_csv_bytes(survey_table())
    assert data.startswith(codecs.BOM_UTF8)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["score"].dtype == np.float64
    assert back["n"].dtype == np.int64
    assert back["suppressed"].dtype == bool
    assert back["score"].tolist()[:2] == [-3.5, 0.25]
    assert np.isnan(back["score"][2])
    assert back["division"].tolist() == [
        '\'=HYPERLINK("http://x","click")',
        "'+cmd|' /C calc'!A0",
        "Sales",
        "R&D = research",
    ]


def test_csv_bytes_make_names_and_index_safe() -> None:
    frame = pd.DataFrame({"=cmd": [1]}, index=pd.Index(["@x"], name="-i"))
    assert to_csv_bytes(frame, index=True).decode("utf-8-sig") == "'-i,'=cmd\r\n'@x,1\r\n"
    assert to_csv_bytes(frame).decode("utf-8-sig") == "'=cmd\r\n1\r\n"


@pytest.mark.parametrize("dtype", ["object", "str", "string", "category"])
def test_safe_frame_keeps_each_text_dtype(dtype: str) -> None:
    frame = pd.DataFrame({"division": pd.Series(["=a", "b", None, "=a"], dtype=dtype)})
    safe = safe_frame(frame)
    assert str(safe["division"].dtype) == dtype
    assert safe["division"].tolist()[:2] == ["'=a", "b"]
    assert safe["division"].tolist()[3] == "'=a"
    assert pd.isna(safe["division"][2])
    assert frame["division"].tolist()[0] == "=a"


def test_safe_frame_labels_and_untouched_columns() -> None:
    columns = pd.MultiIndex.from_tuples([("=p", "score"), ("q", "@n")], names=["+pillar", None])
    frame = pd.DataFrame([[-1.5, 3]], columns=columns, index=pd.Index(["-x"], name="@division"))
    safe = safe_frame(frame)
    assert safe.columns.tolist() == [("'=p", "score"), ("q", "'@n")]
    assert safe.columns.names == ["'+pillar", None]
    assert safe.index.tolist() == ["'-x"] and safe.index.name == "'@division"
    assert safe.dtypes.tolist() == [np.float64, np.int64]
    assert safe.iloc[0].tolist() == [-1.5, 3]


def test_safe_frame_mixed_object_column() -> None:
    frame = pd.DataFrame({"mixed": [True, 1, "=x", -2.5, ["=y"], pd.Period("2024Q1"), None]})
    assert safe_frame(frame)["mixed"].tolist() == [True, 1, "'=x", -2.5, "['=y']", "2024Q1", None]
    assert safe_frame(frame)["mixed"][0] is True


def test_safe_frame_million_rows_maps_distinct_values() -> None:
    names = np.random.default_rng(1).choice(DIVISIONS, 1_000_000)
    frame = pd.DataFrame({"division": names, "score": np.arange(1_000_000.0)})
    counts = safe_frame(frame)["division"].value_counts()
    assert counts["'+cmd|' /C calc'!A0"] == (names == "+cmd|' /C calc'!A0").sum()
    assert counts["Sales"] == (names == "Sales").sum()


def test_csv_text_for_small_writers() -> None:
    text = write_csv_text([["column", "item"], ["=A1", "S01"], ["-3", np.nan], ["@x", 2]])
    assert text == "column,item\r\n'=A1,S01\r\n-3,\r\n'@x,2\r\n"
    rows = [[unneutralise(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    assert rows == [["column", "item"], ["=A1", "S01"], ["-3", ""], ["@x", "2"]]


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_openpyxl_would_write_a_formula_without_us() -> None:
    sheet = openpyxl.Workbook().active
    sheet["A1"] = "=1+1"
    assert sheet["A1"].data_type == "f"


def test_xlsx_round_trip() -> None:
    frame = survey_table().assign(
        when=pd.to_datetime(["2024-01-31", None, "2024-03-01", "2024-04-30"]),
        note=["#N/A", "\x01=1+1", "-3", None],
    )
    book = read_xlsx(to_xlsx_bytes({"Divisions": frame}, number_formats={"score": "0.0"}))
    sheet = book["Divisions"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["division", "score", "n", "suppressed", "when", "note"]
    assert [row[0] for row in rows[1:]] == [formula_safe(name) for name in DIVISIONS]
    assert [row[1] for row in rows[1:]] == [-3.5, 0.25, None, 71]
    assert [row[2] for row in rows[1:]] == [12, 0, 7, 30]
    assert [row[3] for row in rows[1:]] == [False, True, False, False]
    assert [row[4] for row in rows[1:]] == [
        dt.datetime(2024, 1, 31),
        None,
        dt.datetime(2024, 3, 1),
        dt.datetime(2024, 4, 30),
    ]
    assert [row[5] for row in rows[1:]] == ["#N/A", "'=1+1", "-3", None]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))
    numbers = [cell for cell in cells if type(cell.value) in (int, float)]
    assert len(numbers) == 7 and all(cell.data_type == "n" for cell in numbers)
    assert sheet["B2"].number_format == "0.0"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert widths[0] == len('\'=HYPERLINK("http://x","click")') + 2
    assert all(8 <= width <= 60 for width in widths)


def test_xlsx_writes_the_index_when_asked() -> None:
    frame = pd.DataFrame({"n": [3]}, index=pd.Index(["=x"], name="division"))
    sheet = read_xlsx(to_xlsx_bytes({"t": frame}, index=True))["t"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["division", "n"],
        ["'=x", 3],
    ]


@pytest.mark.parametrize(
    ("names", "titles"),
    [
        (
            ["Pillars/Divisions", "pillars-divisions"],
            ["Pillars-Divisions", "pillars-divisions (2)"],
        ),
        (["a[1]:*?\\"], ["a-1-----"]),
        (["x" * 40, "x" * 35], ["x" * 31, "x" * 27 + " (2)"]),
        (["'quoted'", "", "'"], ["quoted", "Sheet", "Sheet (2)"]),
        (["History"], ["History sheet"]),
        (["😀" * 20], ["😀" * 15]),
    ],
)
def test_xlsx_sheet_names_made_valid(names: list[str], titles: list[str]) -> None:
    frame = pd.DataFrame({"n": [1]})
    book = read_xlsx(to_xlsx_bytes(dict.fromkeys(names, frame)))
    assert book.sheetnames == titles


def test_xlsx_needs_a_table() -> None:
    with pytest.raises(ValueError, match="at least one table"):
        to_xlsx_bytes({})


def test_xlsx_says_when_a_table_is_too_long() -> None:
    frame = pd.DataFrame({"n": np.zeros(1_048_576, dtype=np.int8)})
    with pytest.raises(CxMaturityError, match="download it as CSV"):
        to_xlsx_bytes({"Responses": frame})
