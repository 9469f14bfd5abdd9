"""Recognising the survey tool from a file's first rows, without ever taking a respondent for a
header row: a tool is recognised only from evidence a data row cannot carry."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmaturity.loading.layouts import HEAD_ROWS, detect
from cxmaturity.text import clean, compact

S01 = "There is someone in our company who clarifies what we are to accomplish with customers."
LEGACY_IDS = [f"V{n}" for n in range(1, 11)]
LEGACY_LABELS = [
    "ResponseID",
    "ResponseSet",
    "Name",
    "ExternalDataReference",
    "EmailAddress",
    "IPAddress",
    "Status",
    "StartDate",
    "EndDate",
    "Finished",
]
LEGACY_ROW = ["R_1", "Default Response Set", "Anonymous", "", "", "", "0", "2024-01-01", "", "1"]
QUALTRICS_IDS = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "ResponseId"]
QUALTRICS_LABELS = ["Start Date", "End Date", "Response Type", "IP Address", "Progress"]
MONKEY_META = ["RespondentID", "CollectorID", "StartDate", "EndDate", "IP Address"]

REAL_SHAPES = [
    pytest.param(
        [
            ["StartDate", "Q1", "Q2_1"],
            ["Start Date", "Division", f"Agree? - {S01}"],
            ['{"ImportId":"startDate"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}'],
            ["2024-01-01", "Sales", "Agree"],
        ],
        ("qualtrics", "current", 3),
        id="qualtrics-current",
    ),
    pytest.param(
        [
            ["ResponseID", "Q1"],
            ["ResponseID", "Division"],
            ["{'ImportId': 'responseId'}", "{'ImportId': 'QID1'}"],
            ["R_1", "Sales"],
        ],
        ("qualtrics", "2016", 3),
        id="qualtrics-2016",
    ),
    pytest.param(
        [[*LEGACY_IDS, "Q1", ""], [*LEGACY_LABELS, "Division"], [*LEGACY_ROW, "Sales", ""]],
        ("qualtrics", "legacy", 2),
        id="qualtrics-legacy-ragged",
    ),
    pytest.param(
        [
            [*QUALTRICS_IDS, "Q1"],
            [*QUALTRICS_LABELS, "Response ID", "Which division?"],
            ["2024-01-01", "2024-01-01", "0", "192.0.2.1", "100", "R_1", "Sales"],
        ],
        ("qualtrics", "two-row", 2),
        id="qualtrics-two-row",
    ),
    pytest.param(
        [
            [*MONKEY_META, "Which division?", S01],
            ["", "", "", "", "", "Response", "Response"],
            ["11469027813", "254117962", "03/04/2024", "03/04/2024", "192.0.2.1", "Sales", "Yes"],
        ],
        ("surveymonkey", "standard", 2),
        id="surveymonkey-metadata",
    ),
    pytest.param(
        [["RespondentID", "Which division?", S01], ["", "Response", "Response"], ["1", "", ""]],
        ("surveymonkey", "standard", 2),
        id="surveymonkey-id-only",
    ),
    pytest.param(
        [
            ["Respondent ID", "How far do you agree?", "", "Comments"],
            ["", S01, "The work is considered attainable.", "Open-Ended Response"],
            ["1", "Agree", "Disagree", ""],
        ],
        ("surveymonkey", "standard", 2),
        id="surveymonkey-matrix",
    ),
    pytest.param(
        [
            ["RespondentID", "Which division?", ""],
            ["", "Sales", "Legal"],
            ["1", "Sales", ""],
            ["2", "", "Legal"],
        ],
        ("surveymonkey", "expanded", 2),
        id="surveymonkey-expanded",
    ),
    pytest.param(
        [["RespondentID", "Which division?", "", "Why?"], ["", "Sales", "Legal"], ["7"]],
        ("surveymonkey", "standard", 2),
        id="surveymonkey-ragged-no-answers",
    ),
    pytest.param(
        [["RespondentID", "Which division?"], ["", "Response"]],
        ("surveymonkey", "standard", 2),
        id="surveymonkey-no-respondents-yet",
    ),
    pytest.param(
        [["Timestamp", f"Agree? [{S01}]"], ["2024", "Yes"]],
        ("google-forms", "standard", 1),
        id="google-forms",
    ),
    pytest.param(
        [["ID", "Start time", "Completion time", "Email", S01], ["1", "a", "b", "c", "Yes"]],
        ("microsoft-forms", "standard", 1),
        id="microsoft-forms",
    ),
    pytest.param(
        [
            ["Response ID", "Time Started", "Date Submitted", "Status", f"{S01}:Agree?"],
            ["1", "a", "b", "Complete", "Yes"],
        ],
        ("alchemer", "standard", 1),
        id="alchemer",
    ),
    pytest.param(
        [["Time Started", "Date Submitted", "Status", "Q"], ["a", "b", "Partial", ""]],
        ("alchemer", "standard", 1),
        id="surveygizmo",
    ),
    pytest.param([["Division", "S01"], ["Sales", "Yes"]], ("plain", "standard", 1), id="plain"),
    pytest.param([["Division", "S01"]], ("plain", "standard", 1), id="header-only"),
]


@pytest.mark.parametrize(("rows", "expected"), REAL_SHAPES)
def test_real_shapes_are_recognised(rows, expected) -> None:
    found = detect(rows)
    assert (found.tool, found.layout, found.header_rows) == expected
    assert found.evidence


BUG_SHAPES = [
    pytest.param(
        [["Respondent ID", "Division", "S01"], ["1001", "Sales", "Yes"], ["1002", "IT", "No"]],
        id="respondent-id-first",
    ),
    pytest.param(
        [["RespondentID", "Division", "S01"], ["1001", "Sales", "Yes"]],
        id="respondentid-first",
    ),
    pytest.param(
        [["Division", "Respondent ID", "Feedback"], ["Sales", "7", "Response"]],
        id="respondent-id-later-and-response-answer",
    ),
    pytest.param(
        [["Respondent ID", "Division"], ["", "Sales"], ["2", "IT"]],
        id="blank-id-but-no-sub-header-text",
    ),
    pytest.param(
        [
            ["RespondentID", "CollectorID", "StartDate", "Q"],
            ["11469027813", "254117962", "03/04/2024", "Response"],
        ],
        id="surveymonkey-metadata-filled-in-row-2",
    ),
    pytest.param(
        [["Division", "Feedback"], ["Sales", "Response"], ["IT", "Fine"]],
        id="response-in-row-2",
    ),
    pytest.param(
        [["Division", "Comment"], ["Sales", "Open-Ended Response"]],
        id="open-ended-response-in-row-2",
    ),
    pytest.param(
        [["V1", "V2", "Division"], ["17", "2024-01-01", "Sales"], ["18", "2024-01-02", "IT"]],
        id="v1-v2-headers",
    ),
    pytest.param(
        [["V1", "V2", "Division"], ["ResponseID", "ResponseSet", "Sales"]],
        id="v1-v2-too-few-to-be-legacy",
    ),
    pytest.param([[*LEGACY_IDS, "Q1"], [*LEGACY_ROW, "Sales"]], id="legacy-ids-over-a-respondent"),
    pytest.param(
        [[*QUALTRICS_IDS, "Q1"], ["2024-01-01", "2024-01-01", "0", "192.0.2.1", "100", "R_1", "A"]],
        id="qualtrics-ids-over-a-respondent",
    ),
    pytest.param(
        [["StartDate", "Division"], ["Start Date", "Sales"]],
        id="one-qualtrics-label-is-not-enough",
    ),
]


@pytest.mark.parametrize("rows", BUG_SHAPES)
def test_plain_files_keep_their_first_respondent(rows) -> None:
    found = detect(rows)
    assert (found.tool, found.header_rows) == ("plain", 1)
    assert found.names == tuple(rows[0])


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (REAL_SHAPES[0].values[0], "row 3 holds Qualtrics ImportId tags"),
        (REAL_SHAPES[2].values[0], "V1, V2 … V10"),
        (REAL_SHAPES[3].values[0], "'Start Date' under StartDate"),
        (REAL_SHAPES[4].values[0], "'Response'"),
        (REAL_SHAPES[7].values[0], "span columns"),
        (BUG_SHAPES[0].values[0], "row 1 names Respondent ID but"),
        (BUG_SHAPES[7].values[0], "row 1 starts V1, V2 but"),
        ([["Division"], ["Sales"]], "no survey tool's header rows"),
    ],
)
def test_evidence_says_why(rows, words) -> None:
    assert words in detect(rows).evidence


def test_qualtrics_columns_are_named_by_id_and_known_by_text() -> None:
    found = detect(
        [
            ["Q1", "Q2_1"],
            ["Division", f"Agree? - {S01}"],
            ['{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}'],
            ["Sales", "Yes"],
        ]
    )
    assert found.names == ("Q1", "Q2_1")
    assert found.labels == (("Division",), (f"Agree? - {S01}",))


def test_legacy_metadata_columns_are_named_by_their_labels() -> None:
    found = detect(REAL_SHAPES[2].values[0])
    assert found.names[:2] == ("ResponseID", "ResponseSet")
    assert found.names[10:] == ("Q1", "")
    assert found.labels[10] == ("Division",)


def test_surveymonkey_matrix_rows_name_their_columns() -> None:
    found = detect(REAL_SHAPES[6].values[0])
    assert found.names == (
        "Respondent ID",
        f"How far do you agree? - {S01}",
        "How far do you agree? - The work is considered attainable.",
        "Comments",
    )
    assert found.merge == ((0,), (1,), (2,), (3,))


def test_expanded_options_are_grouped_from_the_rows_after_the_header() -> None:
    found = detect(REAL_SHAPES[7].values[0])
    assert found.names == ("RespondentID", "Which division?")
    assert found.merge == ((0,), (1, 2))


def test_only_the_first_rows_are_read() -> None:
    rows = [["RespondentID", "Which division?", ""], ["", "Sales", "Legal"], ["1", "Sales", ""]]
    rows += [["2", "", "Legal"]] * (HEAD_ROWS - 3) + [["3", "Sales", "Paris"]]
    assert detect(rows).merge == ((0,), (1, 2))


def test_a_dataframe_reads_like_its_rows() -> None:
    rows = REAL_SHAPES[7].values[0]
    assert detect(pd.DataFrame(rows, dtype=object)) == detect(rows)


def test_tool_can_be_overridden() -> None:
    rows = [["Q1", "Q2"], ["Division", "S01"], ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}']]
    assert detect(rows).tool == "qualtrics"
    forced = detect(rows, tool="plain")
    assert (forced.tool, forced.header_rows, forced.names) == ("plain", 1, ("Q1", "Q2"))


@pytest.mark.parametrize(
    ("rows", "tool", "layout", "header_rows"),
    [
        ([["Q1", "Q2"], ["Division", "S01"], ["Sales", "Yes"]], "qualtrics", "two-row", 2),
        ([["V1", "V2", "Q1"], ["a", "b", "Division"], ["1", "2", "x"]], "qualtrics", "legacy", 2),
        ([["Respondent ID", "Q1"], ["1", "Sales"]], "surveymonkey", "standard", 2),
    ],
)
def test_a_forced_tool_needs_no_evidence(rows, tool, layout, header_rows) -> None:
    found = detect(rows, tool=tool)
    assert (found.tool, found.layout, found.header_rows) == (tool, layout, header_rows)
    assert found.evidence == f"the tool was given as {tool!r}"


def test_an_unknown_tool_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown tool 'spss'"):
        detect([["Q1"], ["x"]], tool="spss")


# -- properties ------------------------------------------------------------------------------

TRICKY = ["Respondent ID", "RespondentID", "V1", "V2", "Response", "Open-Ended Response"]
TRICKY += ["StartDate", "Status", "Other (please specify)"]
QUALTRICS_FIELDS = (
    "StartDate|EndDate|Status|IPAddress|Progress|Duration \\(in seconds\\)|Finished|RecordedDate"
    "|ResponseId|RecipientLastName|RecipientFirstName|RecipientEmail|ExternalReference"
    "|LocationLatitude|LocationLongitude|DistributionChannel|UserLanguage"
)
FIELD_ID = re.compile(rf"^(V\d+|{QUALTRICS_FIELDS})$")
MONKEY_KEYS = re.compile(
    r"^(respondentid|collectorid|startdate|enddate|ipaddress|emailaddress|firstname|lastname"
    r"|customdata\d*)$"
)
_TEXT = st.text(st.characters(exclude_characters="{", exclude_categories=["Cs"]), max_size=12)
_HEADER = st.one_of(st.sampled_from(TRICKY), _TEXT.filter(clean))
_CELL = st.one_of(st.sampled_from(["", *TRICKY]), _TEXT)
_ID = st.integers(1, 10**11).map(str)


def _respondent(header: list[str], cells: list[str], number: str) -> list[str]:
    """A respondent's row: an id or value under every field id, anything under the questions."""
    return [
        number if compact(name) == "respondentid" or FIELD_ID.match(clean(name)) else cell
        for name, cell in zip(header, cells, strict=True)
    ]


@st.composite
def plain_tables(draw: st.DrawFn) -> list[list[str]]:
    header = draw(st.lists(_HEADER, min_size=1, max_size=8))
    width = len(header)
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=5))
    return [header, *(_respondent(header, row, draw(_ID)) for row in rows)]


@given(plain_tables())
def test_a_plain_table_is_never_given_extra_header_rows(rows) -> None:
    """Header texts and answers may be the tools' own words; respondents still stay rows."""
    found = detect(rows)
    assert found.header_rows == 1
    assert found.tool not in {"qualtrics", "surveymonkey"}
    assert found.names == tuple(clean(cell) for cell in rows[0])


@given(
    st.lists(_HEADER.filter(lambda t: not MONKEY_KEYS.match(compact(t))), min_size=1, max_size=6),
    st.lists(st.lists(_CELL, min_size=6, max_size=6), max_size=5),
    st.data(),
)
def test_a_surveymonkey_sub_header_is_found_whatever_people_answered(
    questions, answers, data
) -> None:
    header = ["Respondent ID", *questions]
    sub_header = ["", "Response", *(data.draw(_CELL) for _ in questions[1:])]
    people = [[data.draw(_ID), *row[: len(questions)]] for row in answers]
    found = detect([header, sub_header, *people])
    assert (found.tool, found.header_rows) == ("surveymonkey", 2)
