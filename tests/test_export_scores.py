"""The data downloads: every score as CSV and XLSX — rounded sheets, an unrounded data sheet,
only groups that may be shown, and no cell a spreadsheet would run."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from cxmaturity import build_survey, read_survey, score
from cxmaturity.export.scores import DATA, score_sheets, scores_csv, scores_xlsx
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.sample import sample_rounds
from cxmaturity.stats import whole
from cxmaturity.trends import SavedWave, trends

HIDDEN = ("Human Resources", "Marketing")  # not shown in the sample at the minimum of 5


@pytest.fixture(scope="module")
def results():
    return score(read_survey([SAMPLE_SURVEY]))


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_workbook_has_a_sheet_per_view_and_the_data_last(results) -> None:
    book = _book(scores_xlsx(results))
    assert book.sheetnames == [
        "Organisation",
        "Scores by division",
        "% favourable by division",
        "Pillars and levels",
        "Common language",
        DATA,
    ]


@pytest.mark.parametrize(
    ("sheet", "row", "column", "expected"),
    [
        ("Scores by division", "Organisation", "Overall", lambda r: r.organisation.score),
        (
            "Scores by division",
            "Sales",
            "S04",
            lambda r: r.divisions["Sales"].scores.statements.loc["S04", "score"],
        ),
        (
            "% favourable by division",
            "Finance",
            "S10",
            lambda r: r.divisions["Finance"].scores.statements.loc["S10", "pct_favourable"],
        ),
        (
            "Pillars and levels",
            "IT",
            "Technology",
            lambda r: r.divisions["IT"].scores.pillars["technology"],
        ),
    ],
)
def test_display_sheets_are_rounded_as_the_dashboard_rounds(results, sheet, row, column, expected):
    table = score_sheets(results)[sheet].set_index("Division")
    assert table.loc[row, column] == whole(expected(results))


def test_the_data_sheet_and_the_csv_are_unrounded_and_the_same(results) -> None:
    data = score_sheets(results)[DATA]
    pd.testing.assert_frame_equal(data, results.to_table())
    csv = pd.read_csv(io.BytesIO(scores_csv(results)), encoding="utf-8-sig")
    assert csv["score"].dropna().tolist() == pytest.approx(data["score"].dropna().tolist())
    sheet = _book(scores_xlsx(results))[DATA]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[header.index("score")] == pytest.approx(results.organisation.score)


def test_no_hidden_division_is_in_any_download(results) -> None:
    book = _book(scores_xlsx(results))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    text = scores_csv(results).decode("utf-8-sig")
    for name in HIDDEN:
        assert not any(name in cell for cell in cells)
        assert name not in text


def test_no_cell_can_start_a_formula() -> None:
    frame = pd.DataFrame(
        {
            "Division": ['=HYPERLINK("http://x")'] * 40 + ["+cmd"] * 40 + ["Plain"] * 40,
            "S01": ["Agree"] * 120,
            "S02": ["Disagree"] * 120,
        }
    )
    results = score(build_survey([("hostile.csv", "", frame)]), min_group_size=5)
    book = _book(scores_xlsx(results))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    text = scores_csv(results).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text


def test_with_waves_the_workbook_has_the_change_since_the_last_one() -> None:
    waves = [
        SavedWave(name, when, build_survey([(f"{name}.csv", "", frame)]))
        for name, when, frame in sample_rounds()
    ]
    found = trends(waves)
    latest = found.results[found.waves[-1]]
    sheet = score_sheets(latest, found)["Change since last wave"]
    expected = found.changes[found.changes["wave"] == found.waves[-1]]
    assert sheet["Change"].tolist() == expected["change"].tolist()
    assert list(sheet.columns[2:4]) == [found.waves[-2], found.waves[-1]]
    assert isinstance(found.dates[0], dt.date)
