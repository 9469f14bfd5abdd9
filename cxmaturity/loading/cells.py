"""A column of answers held as codes into its distinct values: a few labels, not a million cells.

Survey answers repeat a handful of labels over many respondents. Every operation on text —
cleaning, matching a label to a scale, testing for personal data — is done once per distinct
value and spread to the rows through the codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxmaturity.text import clean_many

MISSING = -1


@dataclass(frozen=True)
class Coded:
    """``values[codes[i]]`` is row i's cleaned text; code -1 means blank (no answer)."""

    values: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

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
        return cls(kept, lookup[np.where(codes < 0, len(lookup) - 1, codes)])

    @classmethod
    def uncleaned(cls, values: Sequence[object] | pa.Array, codes: np.ndarray) -> Coded:
        """Raw texts as they are (an Arrow array stays one), blank ones missing: for identifiers
        compared only for equality."""
        if not isinstance(values, pa.Array):
            values = pa.array(["" if v is None else str(v) for v in values], pa.large_string())
        trimmed = pc.utf8_trim_whitespace(pc.fill_null(values.cast(pa.large_string()), ""))
        blank = np.append(pc.equal(trimmed, "").to_numpy(zero_copy_only=False), True)
        codes = codes.astype(np.int32, copy=False)
        return cls(values, np.where(blank[np.where(codes < 0, len(blank) - 1, codes)], -1, codes))

    @classmethod
    def from_arrow(cls, column: pa.ChunkedArray | pa.Array) -> Coded:
        """A dictionary-encoded (or plain string) Arrow column."""
        if isinstance(column, pa.ChunkedArray):
            column = column.unify_dictionaries() if _is_dict(column.type) else column
            chunks = column.chunks
        else:
            chunks = [column]
        if not chunks:
            return cls(np.array([], dtype=object), np.array([], dtype=np.int32))
        if not _is_dict(chunks[0].type):
            chunks = [chunk.dictionary_encode() for chunk in chunks]
            column = pa.chunked_array(chunks).unify_dictionaries()
            chunks = column.chunks
        dictionary = chunks[0].dictionary.to_pylist()
        codes = np.concatenate(
            [chunk.indices.fill_null(MISSING).to_numpy(zero_copy_only=False) for chunk in chunks]
        ).astype(np.int32, copy=False)
        return cls.from_raw(dictionary, codes)

    @classmethod
    def from_strings(cls, cells: Sequence[object]) -> Coded:
        """Plain Python cells (a workbook's, a DataFrame's): factorised, then cleaned."""
        codes, distinct = pd.factorize(pd.Series(list(cells), dtype=object), use_na_sentinel=True)
        return cls.from_raw(list(distinct), codes.astype(np.int32))

    def take(self, rows: np.ndarray) -> Coded:
        return Coded(self.values, self.codes[rows])

    def to_series(self, index: pd.Index | None = None, name: str | None = None) -> pd.Series:
        """Row by row, as text (None for blank): for small tables and messages."""
        table = np.append(self.values, None)
        return pd.Series(table[self.codes], index=index, name=name, dtype=object)

    def to_categorical(self) -> pd.Categorical:
        return pd.Categorical.from_codes(self.codes, categories=pd.Index(self.values, dtype=object))

    def counts(self) -> pd.Series:
        """How many rows hold each distinct value (blanks left out), in first-seen order."""
        answered = self.codes[self.codes >= 0]
        tally = np.bincount(answered, minlength=len(self.values))
        return pd.Series(tally, index=pd.Index(self.values, dtype=object), dtype=np.int64)

    def map(self, lookup: dict[str, int], *, dtype: type = np.int8) -> np.ndarray:
        """Each row's value looked up (0 for blank or unknown), through one small table."""
        table = np.array([lookup.get(value, 0) for value in self.values] + [0], dtype=dtype)
        return table[np.where(self.codes < 0, len(table) - 1, self.codes)]


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


def _is_dict(kind: pa.DataType) -> bool:
    return pa.types.is_dictionary(kind)
