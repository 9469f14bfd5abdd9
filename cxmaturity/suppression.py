"""Which groups may be shown: the minimum group size, and complementary suppression.

Every figure cxmaturity shows is about a *group*: the organisation or one division, in the whole
survey or in a view filtered by role, region or wave. A group is a node of a lattice: each of
its dimensions (division, role, region, wave) is either fixed to one value or open ("all").

A group answered by fewer people than the minimum is hidden (*primary* suppression). That alone
is not enough: the organisation minus every division shown is the hidden division, and a
division minus the same division filtered to the front line is its managers. So, along every
dimension, the siblings under one parent (the divisions of a view, the roles within a division,
the regions within a role…) obey one rule:

    among siblings that have respondents, the hidden ones are none, or at least two that
    together hold at least the minimum number of people.

While some parent breaks the rule, its smallest shown sibling is hidden too (*complementary*
suppression; ties go to the first name in alphabetical order) — until no parent breaks it. The
rule is applied to the respondents of each group and, separately, to the people who answered
each statement and the NPS question, so a statement answered by too few people in a division
is withheld there, with a complement so it cannot be worked out either. Blank values (a
respondent who gave no role) are siblings like any other, so they are protected too.

The result depends only on the counts, never on the order of the rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cxmaturity.cube import DIVISION, Cube

STAR = -1
RESPONDENTS = "respondents"
NPS = "nps"


@dataclass(frozen=True)
class Suppression:
    """For every group of the lattice and every measure: may it be shown?"""

    minimum: int
    dims: tuple[str, ...]
    measures: tuple[str, ...]
    keys: Mapping[tuple[int, ...], int]
    counts: np.ndarray
    hidden: np.ndarray

    def node(self, key: tuple[int, ...]) -> int | None:
        return self.keys.get(key)

    def shown(self, key: tuple[int, ...], measure: str = RESPONDENTS) -> bool:
        """Whether the group may be shown on this measure (no respondents: not shown)."""
        row = self.keys.get(key)
        if row is None:
            return False
        column = self.measures.index(measure)
        return bool(self.counts[row, column] > 0 and not self.hidden[row, column])

    def shown_measures(self, key: tuple[int, ...]) -> dict[str, bool]:
        row = self.keys.get(key)
        if row is None:
            return dict.fromkeys(self.measures, False)
        return {
            m: bool(self.counts[row, j] > 0 and not self.hidden[row, j])
            for j, m in enumerate(self.measures)
        }

    def hidden_count(self, keys: list[tuple[int, ...]]) -> int:
        """How many of these groups have respondents but are hidden."""
        return sum(
            1
            for key in keys
            if (row := self.keys.get(key)) is not None
            and self.counts[row, 0] > 0
            and self.hidden[row, 0]
        )


def suppress(cube: Cube, minimum: int, *, floor: Suppression | None = None) -> Suppression:
    """Decide every group's fate at ``minimum``; groups hidden by ``floor`` stay hidden, so that
    a viewer who raises the minimum never sees more than at the administrator's minimum."""
    measures = (RESPONDENTS, *cube.items, *((NPS,) if cube.nps is not None else ()))
    per_atom = [cube.n[:, None], cube.counts.sum(axis=2)]
    if cube.nps is not None:
        per_atom.append(cube.nps.sum(axis=1)[:, None])
    atom_counts = np.concatenate(per_atom, axis=1).astype(np.int64)
    keys, counts = _lattice(cube.atoms, atom_counts)
    hidden = (counts > 0) & (counts < minimum)
    index = {tuple(int(v) for v in key): row for row, key in enumerate(keys)}
    if floor is not None:
        for key, row in floor.keys.items():
            mine = index.get(key)
            if mine is not None:
                hidden[mine] |= floor.hidden[row]
    lines = [_lines(keys, d) for d in range(keys.shape[1])]
    ranks = [_ranks(cube.labels[dim]) for dim in cube.dims]
    hidden[:, 0] = _settle(keys, counts[:, 0], hidden[:, 0], lines, ranks, minimum)
    for column in range(1, counts.shape[1]):
        start = hidden[:, column] | (hidden[:, 0] & (counts[:, column] > 0))
        hidden[:, column] = _settle(keys, counts[:, column], start, lines, ranks, minimum)
    return Suppression(minimum, cube.dims, measures, index, counts, hidden)


def view_key(cube: Cube, filters: Mapping[str, str | None], division: str | None) -> tuple:
    """The lattice key of a group: the organisation (``division`` None) or a division, within
    the view the filters describe."""
    key = []
    for dim in cube.dims:
        value = division if dim == DIVISION else filters.get(dim)
        key.append(STAR if value is None else cube.labels[dim].index(value))
    return tuple(key)


def _lattice(atoms: np.ndarray, atom_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every node: each subset of dimensions fixed (the others open), summed over atoms."""
    dims = atoms.shape[1]
    keys, counts = [], []
    for fixed in itertools.product((True, False), repeat=dims):
        masked = np.where(np.array(fixed)[None, :], atoms, STAR)
        unique, inverse = np.unique(masked, axis=0, return_inverse=True)
        summed = np.zeros((len(unique), atom_counts.shape[1]), np.int64)
        np.add.at(summed, inverse.reshape(-1), atom_counts)
        keys.append(unique)
        counts.append(summed)
    return np.concatenate(keys), np.concatenate(counts)


@dataclass(frozen=True)
class _Lines:
    """Siblings along one dimension: the nodes that fix it, grouped by their parent."""

    members: np.ndarray
    line: np.ndarray
    lines: int


def _lines(keys: np.ndarray, dim: int) -> _Lines:
    members = np.flatnonzero(keys[:, dim] != STAR)
    parents = keys[members].copy()
    parents[:, dim] = STAR
    _, line = np.unique(parents, axis=0, return_inverse=True)
    line = line.reshape(-1)
    return _Lines(members, line, int(line.max()) + 1 if len(line) else 0)


def _ranks(labels: tuple[str, ...]) -> np.ndarray:
    """Alphabetical rank of each value code (the blank value, coded last, ranks last)."""
    order = sorted(range(len(labels)), key=lambda c: labels[c].casefold())
    rank = np.empty(len(labels) + 1, np.int64)
    rank[order] = np.arange(len(labels))
    rank[len(labels)] = len(labels)
    return rank


def _settle(
    keys: np.ndarray,
    counts: np.ndarray,
    hidden: np.ndarray,
    lines: list[_Lines],
    ranks: list[np.ndarray],
    minimum: int,
) -> np.ndarray:
    """Hide the smallest shown sibling of every parent that breaks the rule, until none does."""
    hidden = hidden & (counts > 0)
    orders = []
    for dim, found in enumerate(lines):
        member_counts = counts[found.members]
        tiebreak = ranks[dim][keys[found.members, dim]]
        orders.append(np.lexsort((tiebreak, member_counts, found.line)))
    while True:
        changed = False
        for found, order in zip(lines, orders, strict=True):
            if not found.lines:
                continue
            present = counts[found.members] > 0
            hid = hidden[found.members] & present
            shown = ~hidden[found.members] & present
            hidden_n = np.bincount(found.line, hid, minlength=found.lines)
            hidden_people = np.bincount(found.line, counts[found.members] * hid, found.lines)
            shown_n = np.bincount(found.line, shown, minlength=found.lines)
            broken = (
                (hidden_n >= 1) & (shown_n >= 1) & ((hidden_people < minimum) | (hidden_n == 1))
            )
            if not broken.any():
                continue
            candidates = order[(shown[order]) & broken[found.line[order]]]
            _, first = np.unique(found.line[candidates], return_index=True)
            hidden[found.members[candidates[first]]] = True
            changed = True
        if not changed:
            return hidden
