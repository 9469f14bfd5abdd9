"""The column editor behind the Upload page: its rows, the mapping it writes, its problems."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxmaturity import Problem, load_framework
from cxmaturity.editor import (
    NOT_USED,
    choices,
    column_facts,
    column_table,
    distinctive,
    edited_uses,
    exclusions_text,
    file_facts,
    mapping_text,
    numeric_answers,
    problems_by_column,
    rows_in,
    sample_answers,
    search,
    unrecognised_files,
    use_of,
    with_edits,
    with_problems,
)
from cxmaturity.loading import table_from_frame
from cxmaturity.mapping import parse_mapping

FRAMEWORK = load_framework()
S01 = FRAMEWORK.items[0].text
COMMENTS = [
    "The hand-offs to Legal are slow and we chase every contract twice",
    "More people please, we are overloaded every single week",
    "Nothing to add at this point in time really, thank you",
    "Better tools would let us serve our customers much faster",
]
FRAME = pd.DataFrame(
    {
        "Division": ["Sales", "Legal", "Sales", "IT"],
        S01: ["Agree", "Disagree", "Agree", "Strongly agree"],
        "Email": ["ann@example.com", "bo@example.com", "cy@example.com", "di@example.com"],
        "Comments": COMMENTS,
        "Q7": ["1", "5", "3", ""],
        "Year": ["2023", "2023", "2024", "2024"],
    }
)
TABLE = table_from_frame("survey.csv", "survey", FRAME)
ROWS = column_table([TABLE], FRAMEWORK).set_index("column")


@pytest.mark.parametrize(
    ("column", "use", "answers", "found"),
    [
        ("Division", "division", "Sales · Legal · IT", "by its name or question"),
        (S01, "S01", "Agree · Disagree · Strongly agree", "statement text"),
        ("Comments", NOT_USED, "(free text or names: not shown)", ""),
        ("Q7", NOT_USED, "1 · 5 · 3", ""),
        ("Year", "wave", "2023 · 2024", "by its name or question"),
    ],
)
def test_column_table_has_a_row_per_kept_column(column, use, answers, found) -> None:
    row = ROWS.loc[column]
    assert (row["use"], row["answers"], row["found"], row["file"]) == (
        use,
        answers,
        found,
        "survey.csv",
    )


def test_column_table_never_shows_a_personal_column() -> None:
    assert "Email" not in ROWS.index
    assert not ROWS.map(lambda cell: "example.com" in str(cell)).any().any()


def test_column_table_shows_what_a_mapping_says_even_where_it_conflicts() -> None:
    mapping = parse_mapping("column,item\nQ7,S01\nComments,ignore\n", "m.csv", FRAMEWORK)
    rows = column_table([TABLE], FRAMEWORK, mapping).set_index("column")
    assert rows.loc["Q7", "use"] == "S01" and rows.loc["Q7", "found"] == "set in m.csv"
    assert rows.loc[S01, "use"] == "S01"  # still recognised: Apply will say both hold S01
    assert rows.loc["Comments", "use"] == NOT_USED and rows.loc["Comments", "found"] == ""


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([None, None], "(no answers in the first rows)"),
        (["4", "2", "4", None, "5", "1"], "4 · 2 · 5 · …"),
        (["Yes", "No"], "Yes · No"),
        ([str(n) for n in range(1, 40)], "1 · 2 · 3 · …"),  # ids are numbers, not names
        (COMMENTS, "(free text or names: not shown)"),
    ],
)
def test_sample_answers(values, shown) -> None:
    assert sample_answers(values) == shown


@pytest.mark.parametrize(
    ("texts", "shown"),
    [
        (
            {
                "a": "How satisfied are you with these? - Pay",
                "b": "How satisfied are you with these? - Benefits",
            },
            {
                "a": "Pay · How satisfied are you with these?",
                "b": "Benefits · How satisfied are you with these?",
            },
        ),
        (
            {"a": "Customer focus: We act fast", "b": "Customer focus: We listen"},
            {"a": "We act fast · Customer focus", "b": "We listen · Customer focus"},
        ),
        (  # shared words without a separator stay as written
            {
                "a": "I understand our approach to safety",
                "b": "I understand our approach to change",
            },
            {
                "a": "I understand our approach to safety",
                "b": "I understand our approach to change",
            },
        ),
        (
            {"a": "Rate [Pay]", "b": "Rate [Fun]", "c": ""},
            {"a": "Rate [Pay]", "b": "Rate [Fun]", "c": ""},
        ),
    ],
)
def test_distinctive_puts_the_differing_part_first(texts, shown) -> None:
    assert distinctive(texts) == shown


@pytest.mark.parametrize(
    ("cell", "use"),
    [
        ("S01", "S01"),
        (" division ", "division"),
        ("", NOT_USED),
        (None, NOT_USED),
        (math.nan, NOT_USED),
        (pd.NA, NOT_USED),
        ("nan", NOT_USED),
        ("ignore", NOT_USED),
    ],
)
def test_a_cleared_cell_is_not_used(cell, use) -> None:
    assert use_of(cell) == use


NAMES = ["=SUM(A1)", "+cmd", "@who", "-1", "Q1", "Q2", "Q3", "Q4", "dept"]
CELLS = ["S01", "S02", "S03", "S04", None, math.nan, "nan", "", "division"]


@pytest.mark.parametrize(
    ("column", "target"),
    [
        ("=SUM(A1)", "S01"),
        ("+cmd", "S02"),
        ("@who", "S03"),
        ("-1", "S04"),
        ("Q1", "ignore"),
        ("Q2", "ignore"),
        ("Q3", "ignore"),
        ("Q4", "ignore"),
        ("dept", "division"),
    ],
)
def test_mapping_text_round_trips_through_parse_mapping(column, target) -> None:
    table = pd.DataFrame({"file": "x.csv", "column": NAMES, "use": CELLS})
    text = mapping_text(table)
    assert "nan" not in text and "\n=" not in text and "\n+" not in text and "\n@" not in text
    mapping = parse_mapping(text, "edited.csv", FRAMEWORK)
    assert mapping.target_of([column]) == (target, column)


def test_mapping_text_names_every_column_once() -> None:
    table = pd.DataFrame({"column": ["Q1", "Q1", "Q2"], "use": ["S01", "S02", None]})
    assert mapping_text(table).splitlines() == ["column,item", "Q1,S01", "Q2,ignore"]


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        ([], {}),
        ([Problem("no_items", "nothing recognised")], {"": ["nothing recognised"]}),
        (
            [
                Problem("duplicate_item_column", "both hold S01", ("Q1", "Q2")),
                Problem("nps_out_of_range", "not 0–10", ("Q2",)),
            ],
            {"Q1": ["both hold S01"], "Q2": ["both hold S01", "not 0–10"]},
        ),
    ],
)
def test_problems_by_column(problems, expected) -> None:
    assert problems_by_column(problems) == expected


def test_with_problems_adds_a_note_to_each_row_concerned() -> None:
    table = pd.DataFrame({"file": ["a.csv", "a.csv", "b.csv"], "column": ["Q1", "Q2", "Q3"]})
    noted = with_problems(table, {"Q2": ["a.csv: both hold S01", "not 0–10"]})
    assert noted["problem"].tolist() == ["", "both hold S01 not 0–10", ""]


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("", ["Division", S01, "Comments", "Q7", "Year"]),
        ("q7", ["Q7"]),
        ("clarifies customers", [S01]),  # every word, anywhere in the texts
        ("Strongly agree", [S01]),  # an answer
        ("survey wave", ["Year"]),  # what the column is used as
        ("not used", ["Comments", "Q7"]),
        ("nothing like this", []),
    ],
)
def test_search_finds_columns_by_name_text_answer_or_use(text, columns) -> None:
    labels = {choice.value: choice.label for choice in choices(FRAMEWORK)}
    found = search(ROWS.reset_index(), text, labels)
    assert found["column"].tolist() == columns


def test_with_edits_changes_the_use_by_column_name() -> None:
    edited = with_edits(ROWS.reset_index(), {"Q7": "S02", "Year": None})
    assert edited.set_index("column")["use"].to_dict() == {
        "Division": "division",
        S01: "S01",
        "Comments": NOT_USED,
        "Q7": "S02",
        "Year": NOT_USED,
    }


@pytest.mark.parametrize(
    ("edits", "numeric"),
    [({}, False), ({"Q7": "S02"}, True), ({"Q7": "division"}, False)],
)
def test_numeric_answers_asks_only_about_statements(edits, numeric) -> None:
    table = with_edits(ROWS.reset_index(), edits)
    assert numeric_answers([TABLE], table, FRAMEWORK.item_ids) is numeric


def test_unrecognised_files() -> None:
    table = pd.DataFrame(
        {"file": ["a.csv", "a.csv", "b.csv"], "column": ["x", "y", "z"], "use": ["S01", "", "role"]}
    )
    assert unrecognised_files(table, FRAMEWORK.item_ids) == ["b.csv"]


def test_file_facts_name_personal_columns_and_why_never_their_values() -> None:
    facts = dict(file_facts(TABLE))
    assert facts["Personal columns dropped"] == "Email (its name says it holds e-mail addresses)"
    assert facts["Rows"] == "4" and facts["Header rows"] == "1"
    assert "example.com" not in " ".join(facts.values())


def test_column_facts_list_statements_found_and_roles() -> None:
    facts = dict(column_facts(ROWS.reset_index(), FRAMEWORK.item_ids))
    assert facts["Statements"].startswith("1 of 14 (not found: S02, S03")
    assert facts["Division"] == "Division" and facts["Survey wave"] == "Year"


@pytest.mark.parametrize(
    ("exclusions", "wave", "text"),
    [
        ({"duplicate response": 0, "no division": 0}, None, ""),
        ({"no division": 2, "no answered item": 0}, None, "Not scored — no division: 2"),
        (
            {"duplicate response": 3},
            "Year",
            "Not scored — duplicate response: 3 (a response id counts once within each survey "
            "wave, 'Year')",
        ),
    ],
)
def test_exclusions_text(exclusions, wave, text) -> None:
    assert exclusions_text(exclusions, wave) == text


@pytest.mark.parametrize(
    ("cells", "uses"),
    [
        ({}, {}),
        ({0: {"use": "S02"}}, {"Q7": "S02"}),
        ({"1": {"use": None}, 0: {"use": "nps"}}, {"Year": NOT_USED, "Q7": "nps"}),
        ({5: {"use": "S01"}, 1: {"answers": "x"}}, {}),  # out of the view, or not a use
    ],
)
def test_edited_uses_are_read_by_position_in_the_view(cells, uses) -> None:
    view = rows_in(ROWS.reset_index(), [("survey.csv", "Q7"), ("survey.csv", "Year")])
    assert view["column"].tolist() == ["Q7", "Year"]
    assert edited_uses(view, cells) == uses


def test_rows_in_keeps_the_order_asked_and_skips_rows_gone() -> None:
    keys = [("survey.csv", "Year"), ("other.csv", "Q7"), ("survey.csv", "Division")]
    assert rows_in(ROWS.reset_index(), keys)["column"].tolist() == ["Year", "Division"]
