"""A column of answers held as codes into its distinct values: a few labels, not a million cells.

Survey answers repeat a handful of labels over many respondents. Every operation on text —
cleaning, matching a label to a scale, testing for personal data — is done once per distinct
value and spread to the rows through the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxmaturity.text import clean_many
from cxmaturity.threads import background

MISSING = -1


class Coded:
    """``values[codes[i]]`` is row i's cleaned text; code -1 means blank (no answer).

    A column read from a file keeps the reader's codes and a small table from them to its own
    (``table[raw]``, the last entry standing for -1): counting and looking up work through the
    table, and the row-length ``codes`` are only composed when something asks for them.
    """

    def __init__(self, values: np.ndarray, codes: np.ndarray, table: np.ndarray | None = None):
        self.values = values
        self._raw = codes
        self._table = table

    def __len__(self) -> int:
        return len(self._raw)

    @staticmethod
    def later(work: Callable[[], Coded]) -> Coded:
        """A column worked out on another thread, waited for when first used: for a column only
        needed at the end (response ids, a million distinct texts to compare), so that its
        work overlaps the rest of the reading."""
        return _Later(background().submit(work))

    @cached_property
    def codes(self) -> np.ndarray:
        # a code of -1 wraps to the table's last entry, MISSING
        return self._raw if self._table is None else np.take(self._table, self._raw, mode="wrap")

    @classmethod
    def from_raw(cls, values: Sequence[object], codes: np.ndarray) -> Coded:
        """Clean each distinct raw value once; values that clean to the same text merge."""
        if not isinstance(values, pa.Array):
            values = ["" if value is None else str(value) for value in values]
        cleaned = clean_many(values)
        merged, distinct = pd.factorize(pd.Series(cleaned, dtype=object), sort=False)
        blank = np.array([text == "" for text in distinct], dtype=bool)
        lookup = np.where(blank[merged], MISSING, _renumber(blank)[merged])
        lookup = np.append(lookup, MISSING).astype(np.int32)
        kept = np.array([text for text in distinct if text], dtype=object)
        return cls(kept, codes, lookup)

    @classmethod
    def uncleaned(cls, values: Sequence[object] | pa.Array, codes: np.ndarray) -> Coded:
        """Raw texts as they are (an Arrow array stays one), blank ones missing: for identifiers
        compared only for equality."""
        if not isinstance(values, pa.Array):
            values = pa.array(["" if v is None else str(v) for v in values], pa.large_string())
        empty = pc.fill_null(pc.equal(pc.utf8_length(values), 0), True)
        blank = pc.or_(empty, pc.fill_null(pc.utf8_is_space(values), False))
        blank = blank.to_numpy(zero_copy_only=False)
        table = np.where(blank, MISSING, np.arange(len(blank), dtype=np.int32))
        return cls(values, codes.astype(np.int32, copy=False), np.append(table, MISSING))

    def select(self, order: Sequence[int]) -> Coded:
        """The same rows holding only the values at ``order``, in that order (the others
        blank): through the small table, not row by row."""
        order = np.asarray(order, dtype=np.intp)
        renumber = np.full(len(self.values) + 1, MISSING, np.int32)
        renumber[order] = np.arange(len(order), dtype=np.int32)
        table = renumber if self._table is None else np.take(renumber, self._table, mode="wrap")
        return Coded(np.asarray(self.values, dtype=object)[order], self._raw, table)

    def without(self, dropped: np.ndarray) -> Coded:
        """The same column with the values marked in ``dropped`` (one flag per value) blank."""
        return self.select(np.flatnonzero(~dropped))

    def take(self, rows: np.ndarray) -> Coded:
        return Coded(self.values, self._raw[rows], self._table)

    def to_series(self, index: pd.Index | None = None, name: str | None = None) -> pd.Series:
        """Row by row, as text (None for blank): for small tables and messages."""
        table = np.append(self.values, None)
        return pd.Series(table[self.codes], index=index, name=name, dtype=object)

    def to_categorical(self) -> pd.Categorical:
        return pd.Categorical.from_codes(self.codes, categories=pd.Index(self.values, dtype=object))

    def counts(self) -> pd.Series:
        """How many rows hold each distinct value (blanks left out), in first-seen order."""
        if self._table is None:
            tally = _tally(self._raw, len(self.values))
        else:  # counted on the reader's codes, then gathered through the table
            mine = self._table[:-1]
            raw = _tally(self._raw, len(mine))
            used = mine >= 0
            tally = np.bincount(mine[used], weights=raw[used], minlength=len(self.values))
        return pd.Series(
            tally.astype(np.int64), index=pd.Index(self.values, dtype=object), dtype=np.int64
        )

    def map(
        self,
        lookup: Mapping[str, float],
        *,
        dtype: type = np.int8,
        missing: float = 0,
        out: np.ndarray | None = None,
    ) -> np.ndarray:
        """Each row's value looked up (``missing`` for blank or unknown), through one small
        table; written into ``out`` when given."""
        small = np.array(
            [lookup.get(value, missing) for value in self.values] + [missing], dtype=dtype
        )
        if self._table is not None:
            small = np.take(small, self._table, mode="wrap")
        return np.take(small, self._raw, mode="wrap", out=out)


class _Later(Coded):
    """A Coded whose contents another thread is still working out."""

    def __init__(self, future: Future[Coded]) -> None:  # no super(): everything is lazy
        self._future = future

    @cached_property
    def _done(self) -> Coded:
        return self._future.result()

    @property
    def values(self) -> np.ndarray:  # type: ignore[override]
        return self._done.values

    @property
    def _raw(self) -> np.ndarray:  # type: ignore[override]
        return self._done._raw

    @property
    def _table(self) -> np.ndarray | None:  # type: ignore[override]
        return self._done._table


def _tally(codes: np.ndarray, size: int) -> np.ndarray:
    """How often each code 0..size-1 occurs (-1 not counted)."""
    if len(codes) and codes.min() < 0:
        codes = codes[codes >= 0]
    return np.bincount(codes, minlength=size)


def gather(columns: Sequence[Coded]) -> Coded:
    """One answer spread over one column per option: the chosen option(s), joined by '; '."""
    chosen = np.stack([column.codes >= 0 for column in columns], axis=1)
    weights = 1 << np.arange(len(columns), dtype=np.int64)
    patterns = chosen.astype(np.int64) @ weights
    distinct, codes = np.unique(patterns, return_inverse=True)
    labels = []
    for pattern in distinct:
        picked = [_first(column) for bit, column in enumerate(columns) if pattern >> bit & 1]
        labels.append("; ".join(picked))
    return Coded.from_raw(labels, codes.astype(np.int32))


def _first(column: Coded) -> str:
    return str(column.values[0]) if len(column.values) else ""


def _renumber(blank: np.ndarray) -> np.ndarray:
    """New codes for the non-blank distinct values, in order."""
    return np.cumsum(~blank) - 1
