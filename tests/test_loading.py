from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity import SurveyError
from cxmaturity.loading import read_table


def test_csv_cells_are_cleaned(write_csv) -> None:
    path = write_csv("\ufeffDivision,S01\n\u00a0Sales ,Don\u2019t know\nIT,\n")
    table = read_table(path)
    assert list(table.columns) == ["Division", "S01"]
    assert table["Division"].tolist() == ["Sales", "IT"]
    assert table.loc[0, "S01"] == "Don't know"
    assert pd.isna(table.loc[1, "S01"])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(write_csv, delimiter) -> None:
    path = write_csv(delimiter.join(["Division", "S01"]) + "\nA" + delimiter + "Yes\n")
    assert read_table(path).to_dict("records") == [{"Division": "A", "S01": "Yes"}]


def test_xlsx(tmp_path) -> None:
    path = tmp_path / "survey.xlsx"
    pd.DataFrame({"Division": ["A", "B"], "S01": ["Yes", 4]}).to_excel(path, index=False)
    table = read_table(path)
    assert table.to_dict("records") == [
        {"Division": "A", "S01": "Yes"},
        {"Division": "B", "S01": "4"},
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv", "not UTF-8 text"),
        (b"a,b\x00c\n", "nul.csv", "binary data"),
        (b"PK\x03\x04garbage", "broken.xlsx", "not a readable XLSX workbook"),
    ],
)
def test_unreadable_files(tmp_path, content, name, message) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SurveyError, match=message):
        read_table(path)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(SurveyError, match="no such file"):
        read_table(tmp_path / "nope.csv")
