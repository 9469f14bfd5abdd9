"""Sufficient statistics of a survey: answer counts per group of identical respondents.

Respondents who share a division, role, region and wave form one *atom*. For every atom the cube
holds how many answered each position of each statement, how many gave each NPS answer, and the
sum and sum of squares of its respondents' average scores. Every score, interval and test of
any view (the whole survey, or filtered by role, region or wave) is a sum over atoms of these
numbers: a filter change recomputes a few thousand sums, never a million answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from cxmaturity.errors import CxMaturityError
from cxmaturity.survey import FILTERS, Survey
from cxmaturity.threads import background

DIVISION = "division"
BLANK = "(not given)"
NPS_POINTS = 11


@dataclass(frozen=True)
class Groups:
    """Sufficient statistics of some groups of respondents (rows), statement by statement.

    ``counts[g, i, p]``: answers of group g to item i at position p (p = 1..points; column 0
    unused). ``person_sum`` / ``person_sq``: Σ and Σ² of the group's respondents' average item
    scores. ``nps[g, k]``: how many answered k (0–10) to the recommend question.
    """

    names: tuple[str, ...]
    n: np.ndarray
    counts: np.ndarray
    person_sum: np.ndarray
    person_sq: np.ndarray
    nps: np.ndarray | None
    item_scores: np.ndarray
    favourable: np.ndarray

    def __len__(self) -> int:
        return len(self.names)

    @cached_property
    def answered(self) -> np.ndarray:
        """(groups × items): how many answered each statement."""
        return self.counts.sum(axis=2)

    @cached_property
    def score_sum(self) -> np.ndarray:
        return (self.counts * self.item_scores[None]).sum(axis=2)

    @cached_property
    def score_sq(self) -> np.ndarray:
        return (self.counts * self.item_scores[None] ** 2).sum(axis=2)

    @cached_property
    def n_favourable(self) -> np.ndarray:
        return (self.counts * self.favourable[None]).sum(axis=2)

    @cached_property
    def position_sum(self) -> np.ndarray:
        positions = np.arange(self.counts.shape[2], dtype=float)
        return (self.counts * positions[None, None]).sum(axis=2)

    @cached_property
    def position_sq(self) -> np.ndarray:
        positions = np.arange(self.counts.shape[2], dtype=float)
        return (self.counts * positions[None, None] ** 2).sum(axis=2)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def total(self, name: str) -> Groups:
        """All groups together, as one group."""
        return Groups(
            (name,),
            self.n.sum(keepdims=True),
            self.counts.sum(axis=0, keepdims=True),
            self.person_sum.sum(keepdims=True),
            self.person_sq.sum(keepdims=True),
            None if self.nps is None else self.nps.sum(axis=0, keepdims=True),
            self.item_scores,
            self.favourable,
        )

    def select(self, rows: Sequence[int]) -> Groups:
        rows = list(rows)
        return Groups(
            tuple(self.names[r] for r in rows),
            self.n[rows],
            self.counts[rows],
            self.person_sum[rows],
            self.person_sq[rows],
            None if self.nps is None else self.nps[rows],
            self.item_scores,
            self.favourable,
        )

    def minus(self, other: Groups) -> Groups:
        """Element-wise difference (e.g. the organisation minus one division: the rest)."""
        return Groups(
            self.names,
            self.n - other.n,
            self.counts - other.counts,
            self.person_sum - other.person_sum,
            self.person_sq - other.person_sq,
            None if self.nps is None or other.nps is None else self.nps - other.nps,
            self.item_scores,
            self.favourable,
        )


@dataclass(frozen=True)
class Cube:
    """A survey reduced to its atoms (see the module docstring)."""

    items: tuple[str, ...]
    dims: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]
    atoms: np.ndarray
    n: np.ndarray
    counts: np.ndarray
    person_sum: np.ndarray
    person_sq: np.ndarray
    nps: np.ndarray | None
    item_scores: np.ndarray
    favourable: np.ndarray

    @property
    def filters(self) -> tuple[str, ...]:
        return tuple(d for d in self.dims if d != DIVISION)

    def values(self, dim: str) -> tuple[str, ...]:
        """The values of a filter that respondents gave (blank not included), in order."""
        return self.labels[dim]

    def select(self, filters: Mapping[str, str] | None = None) -> np.ndarray:
        """Which atoms a view keeps: every filter's value matches (None or "All": any)."""
        keep = np.ones(len(self.n), bool)
        for dim, value in (filters or {}).items():
            if value is None:
                continue
            if dim not in self.dims or dim == DIVISION:
                raise CxMaturityError(
                    f"the survey has no {dim} column to filter on; filter on "
                    + (", ".join(self.filters) or "nothing (no role, region or wave column)")
                )
            labels = self.labels[dim]
            if value not in labels:
                raise CxMaturityError(
                    f"no respondent has {dim} = {value!r}; the values are "
                    + ", ".join(repr(v) for v in labels)
                )
            keep &= self.atoms[:, self.dims.index(dim)] == labels.index(value)
        return keep

    def groups(self, keep: np.ndarray, by: str = DIVISION) -> Groups:
        """The kept atoms summed per value of ``by`` (blank values left out)."""
        column = self.dims.index(by)
        codes = self.atoms[keep, column]
        labels = self.labels[by]
        present = np.unique(codes[codes < len(labels)])
        return self._sum(keep, codes, present, tuple(labels[c] for c in present))

    def whole(self, keep: np.ndarray, name: str) -> Groups:
        """The kept atoms summed into one group."""
        codes = np.zeros(int(keep.sum()), np.int64)
        return self._sum(keep, codes, np.array([0]), (name,))

    def _sum(
        self, keep: np.ndarray, codes: np.ndarray, present: np.ndarray, names: tuple[str, ...]
    ) -> Groups:
        slot = np.searchsorted(present, codes)
        valid = (slot < len(present)) & (present[np.minimum(slot, len(present) - 1)] == codes)
        slot = np.where(valid, slot, len(present))
        size = len(present) + 1

        def add(values: np.ndarray) -> np.ndarray:
            out = np.zeros((size, *values.shape[1:]), dtype=values.dtype)
            np.add.at(out, slot, values[keep])
            return out[:-1]

        return Groups(
            names,
            add(self.n),
            add(self.counts),
            add(self.person_sum),
            add(self.person_sq),
            None if self.nps is None else add(self.nps),
            self.item_scores,
            self.favourable,
        )


def build_cube(survey: Survey) -> Cube:
    """Reduce a survey to its atoms; one pass over the answers, item by item."""
    respondents = survey.respondents
    dims = (DIVISION, *(f for f in FILTERS if f in respondents))
    labels: dict[str, tuple[str, ...]] = {}
    codes = []
    for dim in dims:
        column = respondents[dim]
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype("category")
        categories = tuple(str(c) for c in column.cat.categories)
        labels[dim] = categories
        raw = np.asarray(column.cat.codes)
        codes.append(np.where(raw < 0, len(categories), raw) if raw.min(initial=0) < 0 else raw)
    atoms, atom_of = _atoms(codes, [len(labels[dim]) + 1 for dim in dims], len(respondents))
    count = len(atoms)
    scales = [survey.scales.get(item) for item in survey.items]
    width = max((s.points for s in scales if s is not None), default=1) + 1
    counts = np.zeros((count, len(survey.items), width), np.int64)
    slot = atom_of * width

    def count_items(items: range) -> None:
        for j in items:
            flat = np.bincount(slot + survey.codes[:, j], minlength=count * width)
            counts[:, j, :] = flat.reshape(count, width)

    def count_nps() -> np.ndarray | None:
        if not survey.has_nps:
            return None
        values = respondents["nps"].to_numpy(dtype=float)
        given = ~np.isnan(values)
        slot = atom_of[given] * NPS_POINTS + values[given].astype(np.int64)
        return np.bincount(slot, minlength=count * NPS_POINTS).reshape(count, NPS_POINTS)

    def count_rest(items: range) -> np.ndarray | None:
        count_items(items)
        return count_nps()

    # half the statements and the NPS answers are counted on the worker while this thread
    # counts the other half and the person means
    half = len(survey.items) // 2
    other = background().submit(count_rest, range(half, len(survey.items)))
    count_items(range(half))
    tops = [s.points - 1 if s is not None else 1 for s in scales]
    person = _person_means(survey.codes, tops)
    answered_any = ~np.isnan(person)
    whose = atom_of
    if not answered_any.all():  # (a scored survey's respondents all answered something)
        whose, person = atom_of[answered_any], person[answered_any]
    person_sum = np.bincount(whose, person, minlength=count)
    person_sq = np.bincount(whose, person**2, minlength=count)
    nps = other.result()
    counts[:, :, 0] = 0
    item_scores, favourable = _position_tables(scales, width)
    return Cube(
        items=tuple(survey.items),
        dims=dims,
        labels=labels,
        atoms=atoms,
        n=np.bincount(atom_of, minlength=count).astype(np.int64),
        counts=counts,
        person_sum=person_sum,
        person_sq=person_sq,
        nps=nps,
        item_scores=item_scores,
        favourable=favourable,
    )


def _atoms(codes: list[np.ndarray], sizes: list[int], rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct combinations of codes (atoms × dims) and each row's atom, via one integer
    key per row: counted in place when the keys are few (they are: divisions × roles × regions
    × waves), sorted otherwise."""
    key = np.zeros(rows, np.int64)
    for column, size in zip(codes, sizes, strict=True):
        key = key * size + column
    space = int(np.prod(sizes, dtype=np.float64))
    if space <= max(4 * rows, 1 << 16):
        distinct = np.flatnonzero(np.bincount(key, minlength=space))
        renumber = np.zeros(space, np.int64)
        renumber[distinct] = np.arange(len(distinct))
        atom_of = renumber[key]
    else:
        distinct, atom_of = np.unique(key, return_inverse=True)
    atoms = np.zeros((len(distinct), len(codes)), np.int64)
    rest = distinct.copy()
    for d in range(len(codes) - 1, -1, -1):
        atoms[:, d] = rest % sizes[d]
        rest //= sizes[d]
    return atoms, atom_of.reshape(-1)


def _person_means(codes: np.ndarray, tops: Sequence[int]) -> np.ndarray:
    """Each respondent's average item score over the statements they answered, from the
    answer positions: item score = (position − 1) / top × 100, with statements that share a
    scale summed together (in small integers: positions are at most 127)."""
    wide = np.int16 if codes.shape[1] * 127 < np.iinfo(np.int16).max else np.int32
    given = codes > 0
    answered = given.sum(axis=1, dtype=wide)
    total = np.zeros(len(codes))
    tops = np.asarray(tops)
    for top in np.unique(tops):
        same = slice(None) if (tops == top).all() else tops == top
        steps = codes[:, same].sum(axis=1, dtype=wide) - given[:, same].sum(axis=1, dtype=wide)
        total += steps * (100 / top)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered > 0, total / answered, np.nan)


def _position_tables(scales: Sequence, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(items × positions): the score of each position, and whether it is favourable."""
    scores = np.zeros((len(scales), width))
    favourable = np.zeros((len(scales), width))
    for i, scale in enumerate(scales):
        if scale is None:
            continue
        positions = np.arange(1, scale.points + 1)
        scores[i, 1 : scale.points + 1] = (positions - 1) / (scale.points - 1) * 100
        favourable[i, 1 : scale.points + 1] = positions >= scale.favourable_from
    return scores, favourable
