"""From a raw grid to a table: which tool wrote it, its header rows, and personal columns."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxmaturity import CxMaturityError, SurveyError, read_survey, score
from cxmaturity.loading import read_table, table_from_frame
from cxmaturity.loading.layouts import detect
from cxmaturity.loading.privacy import is_personal


def grid(*rows: list[str]) -> pd.DataFrame:
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


S01 = "There is someone in our company who clarifies what we are to accomplish with customers."


@pytest.mark.parametrize(
    ("rows", "tool", "layout", "header_rows"),
    [
        (
            [
                ["StartDate", "Q1", "Q2_1"],
                ["Start Date", "Division", f"Agree? - {S01}"],
                ['{"ImportId":"startDate"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}'],
                ["2024-01-01", "Sales", "Agree"],
            ],
            "qualtrics",
            "current",
            3,
        ),
        (
            [
                ["ResponseID", "Q1"],
                ["ResponseID", "Division"],
                ["{'ImportId': 'responseId'}", "{'ImportId': 'QID1'}"],
                ["R_1", "Sales"],
            ],
            "qualtrics",
            "2016",
            3,
        ),
        (
            [["V1", "V2", "Q1"], ["ResponseID", "ResponseSet", "Division"], ["R_1", "x", "Sales"]],
            "qualtrics",
            "legacy",
            2,
        ),
        (
            [
                ["RespondentID", "Which division?", S01],
                ["", "Response", "Response"],
                ["1", "Sales", "Yes"],
            ],
            "surveymonkey",
            "standard",
            2,
        ),
        (
            [
                ["RespondentID", "Which division?", ""],
                ["", "Sales", "Legal"],
                ["1", "Sales", ""],
                ["2", "", "Legal"],
            ],
            "surveymonkey",
            "expanded",
            2,
        ),
        ([["Timestamp", f"Agree? [{S01}]"], ["2024", "Yes"]], "google-forms", "standard", 1),
        (
            [["ID", "Start time", "Completion time", "Email", S01], ["1", "a", "b", "c", "Yes"]],
            "microsoft-forms",
            "standard",
            1,
        ),
        (
            [
                ["Response ID", "Time Started", "Date Submitted", "Status", f"{S01}:Agree?"],
                ["1", "a", "b", "Complete", "Yes"],
            ],
            "alchemer",
            "standard",
            1,
        ),
        ([["Division", "S01"], ["Sales", "Yes"]], "plain", "standard", 1),
    ],
)
def test_detect(rows, tool, layout, header_rows) -> None:
    found = detect(grid(*rows))
    assert (found.tool, found.layout, found.header_rows) == (tool, layout, header_rows)


def test_qualtrics_columns_are_named_by_id_and_known_by_text() -> None:
    found = detect(
        grid(
            ["Q1", "Q2_1"],
            ["Division", f"Agree? - {S01}"],
            ['{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}'],
            ["Sales", "Yes"],
        )
    )
    assert found.names == ("Q1", "Q2_1")
    assert found.labels == (("Division",), (f"Agree? - {S01}",))


def test_surveymonkey_expanded_options_are_gathered() -> None:
    frame = pd.DataFrame(
        [["", "Sales", "Legal", "Response"], ["1", "Sales", "", "Yes"], ["2", "", "Legal", "No"]],
        columns=["RespondentID", "Which division?", "", S01],
    )
    table = table_from_frame("monkey.csv", "monkey", frame)
    assert table.tool == "surveymonkey" and table.layout == "expanded"
    assert table.frame["Which division?"].tolist() == ["Sales", "Legal"]
    assert table.frame[S01].tolist() == ["Yes", "No"]


@pytest.mark.parametrize(
    ("texts", "personal"),
    [
        (["IPAddress"], True),
        (["Email Address"], True),
        (["RecipientFirstName"], True),
        (["LocationLatitude"], True),
        (["ExternalReference"], True),
        (["Q5", "What is your e-mail?"], True),
        (["Name"], True),
        (["Q9", "In what ZIP code is your home located?"], True),
        (["Division"], False),
        (["Region"], False),
        ([S01], False),
        (["Response ID"], False),
    ],
)
def test_personal_columns(texts, personal) -> None:
    assert is_personal(texts) is personal


def test_personal_columns_are_dropped_and_listed() -> None:
    frame = pd.DataFrame({"Name": ["Ann"], "IP Address": ["10.0.0.1"], "Division": ["A"]})
    table = table_from_frame("f.csv", "f", frame)
    assert list(table.frame.columns) == ["Division"]
    assert table.personal_dropped == ("Name", "IP Address")
    assert "Ann" not in table.frame.to_csv()


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


def test_tool_can_be_overridden() -> None:
    rows = grid(["Q1", "Q2"], ["Division", "S01"], ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}'])
    assert detect(rows).tool == "qualtrics"
    forced = detect(rows, tool="plain")
    assert (forced.tool, forced.header_rows, forced.names) == ("plain", 1, ("Q1", "Q2"))


def test_unknown_tool_is_refused(write_csv) -> None:
    with pytest.raises(SurveyError, match="unknown tool 'spss'"):
        read_table(write_csv("Division,S01\nA,Yes\n"), tool="spss")
