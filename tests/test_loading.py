"""From a raw grid to a table: which tool wrote it, its header rows, and personal columns."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cxmaturity import CxMaturityError, SurveyError, read_survey, score
from cxmaturity.loading import read_table, table_from_frame

S01 = "There is someone in our company who clarifies what we are to accomplish with customers."


def test_surveymonkey_expanded_options_are_gathered() -> None:
    frame = pd.DataFrame(
        [["", "Sales", "Legal", "Response"], ["1", "Sales", "", "Yes"], ["2", "", "Legal", "No"]],
        columns=["RespondentID", "Which division?", "", S01],
    )
    table = table_from_frame("monkey.csv", "monkey", frame)
    assert table.tool == "surveymonkey" and table.layout == "expanded"
    assert table.frame["Which division?"].tolist() == ["Sales", "Legal"]
    assert table.frame[S01].tolist() == ["Yes", "No"]


def test_header_without_rows(write_csv) -> None:
    with pytest.raises(SurveyError, match="has a header but no responses"):
        read_table(write_csv("Division,S01\n"))


def test_qualtrics_header_rows_are_not_respondents(write_csv) -> None:
    path = write_csv(
        'Q1,Q2\nWhich division?,S01\n{"ImportId":"QID1"},{"ImportId":"QID2"}\nSales,Yes\n'
    )
    table = read_table(path)
    assert (table.tool, len(table.frame)) == ("qualtrics", 1)


def test_cells_are_cleaned(write_csv) -> None:
    table = read_table(write_csv("\ufeffDivision,S01\n\u00a0Sales ,Don\u2019t know\nIT,\n"))
    assert table.frame["Division"].tolist() == ["Sales", "IT"]
    assert table.frame["S01"].tolist() == ["Don't know", None]


_CSVISH = st.text(alphabet=',;\t"\n\r abcé0123\ufeff\xa0SYesNoAgree', max_size=400)
_HEADERS = st.sampled_from(["", "Division,S01\n", "Division;S01;S02\n", "Q1,Q2\nx,y\n"])


@settings(max_examples=150, deadline=None)
@given(data=st.one_of(st.binary(max_size=1500), st.builds(str.__add__, _HEADERS, _CSVISH)))
def test_only_our_error_escapes_reading_and_scoring(tmp_path_factory, data) -> None:
    """Any bytes at all: a score, or a CxMaturityError with a one-line message."""
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    try:
        score(read_survey([path]), min_group_size=1).to_dict()
    except CxMaturityError as error:
        assert str(error).strip()


def test_unknown_tool_is_refused(write_csv) -> None:
    with pytest.raises(SurveyError, match="unknown tool 'spss'"):
        read_table(write_csv("Division,S01\nA,Yes\n"), tool="spss")


_TRICKY = st.sampled_from(
    [
        "Respondent ID",
        "RespondentID",
        "V1",
        "V2",
        "Response",
        "Open-Ended Response",
        "StartDate",
        "Start Date",
        "Timestamp",
        "",
        "Sales",
        "Yes",
        "1",
    ]
)
_PRINTABLE = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    header=st.lists(st.one_of(_TRICKY, _PRINTABLE), min_size=2, max_size=5),
    rows=st.lists(
        st.lists(st.one_of(_TRICKY, _PRINTABLE), min_size=5, max_size=5),
        min_size=1,
        max_size=6,
    ),
)
def test_no_respondent_of_a_plain_table_is_lost(tmp_path_factory, header, rows) -> None:
    """Whatever its first rows hold, a one-header table keeps every data row: read as plain, and
    when recognised as a tool's layout, only with evidence said (texts are printable, as in a
    real export; control characters and tool tags have tests of their own)."""
    width = len(header)
    body = [[cell for cell in row[:width]] for row in rows]
    assume(any(cell.strip() for row in body for cell in row))
    frame = pd.DataFrame(body, columns=[f"{h}{i}" for i, h in enumerate(header)])
    path = tmp_path_factory.mktemp("plain") / "plain.csv"
    frame.to_csv(path, index=False)
    nonblank = [row for row in body if width > 1 or row[0].strip(" \t")]
    forced = read_table(path, tool="plain")
    assert forced.header_rows == 1 and forced.rows == len(nonblank)
    found = read_table(path)
    assert found.rows + found.header_rows - 1 == len(nonblank)
    assert found.header_rows == 1 or found.evidence  # a header row taken only with evidence


def test_the_sheet_holding_the_survey_is_chosen_not_the_first(tmp_path) -> None:
    """A workbook opening on an index of its questions: the data sheet is read, and the other
    sheets are listed so a person can choose another."""
    from openpyxl import Workbook

    book = Workbook()
    index = book.active
    index.title = "Index"
    index.append(["Item", "Question"])
    for number in range(1, 91):
        index.append([f"Q{number}", f"How far do you agree with statement {number}?"])
    data = book.create_sheet("Responses")
    data.append(["Division", "S01", "S02"])
    for row in range(30):
        data.append(["Sales" if row % 2 else "IT", str(1 + row % 5), str(1 + (row * 3) % 5)])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.sheet == "Responses" and table.sheets == ("Index", "Responses")
    assert read_table(path, sheet="Index").sheet == "Index"


def test_a_codebook_sheet_names_numbered_columns(tmp_path) -> None:
    """Q1…Q3 in the data; the index sheet gives their texts: Bliss statements are recognised."""
    from openpyxl import Workbook

    from cxmaturity import load_framework

    framework = load_framework()
    book = Workbook()
    index = book.active
    index.title = "Index"
    index.append(["Variable", "Question text"])
    index.append(["Q1", framework.item("S01").text])
    index.append(["Q2", framework.item("S04").text])
    index.append(["Q3", "How many years have you worked here?"])
    data = book.create_sheet("Data")
    data.append(["Business unit", "Q1", "Q2", "Q3"])
    for row in range(20):
        data.append(["Sales" if row % 2 else "IT", 1 + row % 5, 1 + row % 4, 3])
    path = tmp_path / "coded.xlsx"
    book.save(path)
    survey = read_survey([path])
    assert survey.items == ("S01", "S04")
    assert survey.report.files[0].sheet == "Data"
