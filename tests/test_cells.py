"""Columns held as codes (cxmaturity.loading.cells): every operation equals the same operation
done on the rows' texts one by one, whether the codes are the reader's (through a small table)
or the column's own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxmaturity.loading.cells import Coded, gather
from cxmaturity.text import clean

RAW_VALUES = ["Agree", " Agree ", "Disagree", "", "  ", "Strongly\xa0agree", "Strongly agree", "7"]


def texts(column: Coded) -> list[str | None]:
    """Row by row, the hard way."""
    return list(column.to_series())


def reference(values: list[str], codes: np.ndarray) -> list[str | None]:
    """What each row holds: its raw value cleaned, None when blank or past the row."""
    rows = []
    for code in codes:
        text = clean(values[code]) if code >= 0 else ""
        rows.append(text or None)
    return rows


raw_columns = st.lists(st.sampled_from(RAW_VALUES), min_size=1, max_size=8, unique=True).flatmap(
    lambda values: st.tuples(
        st.just(values),
        st.lists(st.integers(-1, len(values) - 1), max_size=60).map(
            lambda codes: np.array(codes, dtype=np.int32)
        ),
    )
)


@settings(max_examples=150, deadline=None)
@given(raw_columns)
def test_a_read_column_equals_its_cleaned_texts(column):
    values, codes = column
    coded = Coded.from_raw(values, codes)
    expected = reference(values, codes)
    assert texts(coded) == expected
    assert len(coded) == len(codes)
    assert list(coded.values) == list(dict.fromkeys(t for t in map(clean, values) if t))
    counted = pd.Series([t for t in expected if t is not None], dtype=object).value_counts()
    tally = coded.counts()
    assert {k: v for k, v in tally.items() if v} == counted.to_dict()
    assert list(tally.index) == list(coded.values)


@settings(max_examples=150, deadline=None)
@given(raw_columns, st.data())
def test_lookups_blanking_and_row_picks_equal_the_row_by_row_result(column, data):
    values, codes = column
    coded = Coded.from_raw(values, codes)
    expected = reference(values, codes)
    lookup = {v: i + 1 for i, v in enumerate(coded.values) if data.draw(st.booleans())}
    assert coded.map(lookup).tolist() == [lookup.get(t, 0) if t else 0 for t in expected]
    floats = coded.map(lookup, dtype=float, missing=np.nan)
    assert np.array_equal(
        floats, [lookup.get(t, np.nan) if t else np.nan for t in expected], equal_nan=True
    )
    out = np.full(len(codes) + 2, 99, np.int8)
    coded.map(lookup, out=out[1:-1])
    assert out[0] == out[-1] == 99 and out[1:-1].tolist() == coded.map(lookup).tolist()

    dropped = np.array([data.draw(st.booleans()) for _ in coded.values], dtype=bool)
    gone = {v for v, d in zip(coded.values, dropped, strict=True) if d}
    assert texts(coded.without(dropped)) == [None if t in gone else t for t in expected]

    order = data.draw(st.permutations(range(len(coded.values)))).copy()[
        : data.draw(st.integers(0, len(coded.values)))
    ]
    chosen = coded.select(order)
    assert list(chosen.values) == [coded.values[i] for i in order]
    kept = {coded.values[i] for i in order}
    assert texts(chosen) == [t if t in kept else None for t in expected]

    rows = np.array(data.draw(st.lists(st.integers(0, max(len(codes) - 1, 0)), max_size=10)))
    if len(codes):
        picked = coded.take(rows.astype(np.intp))
        assert texts(picked) == [expected[r] for r in rows]


def test_identifiers_keep_their_raw_text_and_blanks_are_missing():
    values = pa.array(["R_1", " R_1", "", "   ", "\t", None, "R_2"], pa.string())
    codes = np.array([0, 1, 2, 3, 4, 5, 6, 6, -1], dtype=np.int32)
    coded = Coded.uncleaned(values, codes)
    assert coded.codes.tolist() == [0, 1, -1, -1, -1, -1, 6, 6, -1]
    assert coded.values is values  # never cleaned: " R_1" and "R_1" stay apart


def test_a_column_worked_out_later_is_the_same_column():
    values, codes = ["Agree", "", "No"], np.array([0, 1, 2, 2, -1], np.int32)
    now = Coded.from_raw(values, codes)
    later = Coded.later(lambda: Coded.from_raw(values, codes))
    assert texts(later) == texts(now) and later.counts().equals(now.counts())
    assert later.map({"No": 3}).tolist() == now.map({"No": 3}).tolist()


def test_an_error_in_a_column_worked_out_later_reaches_whoever_uses_it():
    def fails() -> Coded:
        raise MemoryError

    later = Coded.later(fails)
    with pytest.raises(MemoryError):
        later.codes  # noqa: B018


def test_gather_joins_the_chosen_options():
    columns = [
        Coded.from_raw(["Email"], np.array([0, -1, 0, -1], np.int32)),
        Coded.from_raw(["Phone"], np.array([0, 0, -1, -1], np.int32)),
    ]
    assert texts(gather(columns)) == ["Email; Phone", "Phone", "Email", None]
