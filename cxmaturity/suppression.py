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

Line by line is not enough: a hidden row of a two-way table can meet a hidden column in a set
too small to show, and a hidden group can be the very same people as a group that is shown (a
region whose people all work in one division). So a final *audit* checks the whole publication
at once, in linear algebra. Every group is a set of *atoms* (people who share division, role,
region and wave); an atom is *small* when it holds fewer people than the minimum. Sums of the
groups shown can be added and subtracted in any way; the audit searches every set of small
atoms holding fewer than the minimum that some such combination isolates exactly, and while it
finds one, hides a group taking part: filtered views first (the largest first, which closes the
most routes at once), then divisions of the whole survey. When that search would take too
long, filtered views are not shown at all, which leaves one line of divisions under the
organisation — safe by the line rule alone.

The result depends only on the counts, never on the order of the rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

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
    audit = _Audit.of(keys, cube.atoms)
    by_rules = _settle(keys, counts[:, 0], hidden[:, 0], lines, ranks, minimum)
    hidden[:, 0] = audit.close(by_rules, counts[:, 0], atom_counts[:, 0], minimum)
    for column in range(1, counts.shape[1]):
        # rules 1-3 from the respondents' rules, then the audit on top of both audits
        start = hidden[:, column] | (by_rules & (counts[:, column] > 0))
        settled = _settle(keys, counts[:, column], start, lines, ranks, minimum)
        settled |= hidden[:, 0] & (counts[:, column] > 0)
        hidden[:, column] = audit.close(settled, counts[:, column], atom_counts[:, column], minimum)
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


_TOLERANCE = 1e-7
MAX_AUDIT_CELLS = 6_000_000  # groups × atoms; beyond it, filtered views are not shown


@dataclass(frozen=True)
class _Audit:
    """Which atoms each group of the lattice holds, and the order groups give way in."""

    members: np.ndarray
    order: np.ndarray
    filtered: np.ndarray
    blocks: tuple[tuple[np.ndarray, np.ndarray], ...]
    divisions: np.ndarray
    # the pooling of atoms for a set of shown groups, shared by every measure that shows the
    # same groups over the same atoms (only the pools' sizes differ from measure to measure)
    pooled: dict[tuple[bytes, bytes], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(cls, keys: np.ndarray, atoms: np.ndarray) -> _Audit:
        members = np.ones((len(keys), len(atoms)), bool)
        for d in range(keys.shape[1]):
            open_ = keys[:, d] == STAR
            members &= open_[:, None] | (keys[:, d][:, None] == atoms[:, d][None, :])
        filters = (keys[:, 1:] != STAR).any(axis=1)
        division = keys[:, 0] != STAR
        # filtered views give way first (the largest first: hiding one closes the most routes),
        # then divisions of the whole survey, the organisation last
        priority = np.where(filters, 0, np.where(division, 1, 2))
        order = np.lexsort((-members.sum(axis=1), priority))
        # each division's own groups hold only its own people: a block to audit on its own
        blocks = tuple((keys[:, 0] == code, atoms[:, 0] == code) for code in np.unique(atoms[:, 0]))
        return cls(members, order, filters, blocks, atoms[:, 0].copy())

    def close(
        self, hidden: np.ndarray, counts: np.ndarray, sizes: np.ndarray, minimum: int
    ) -> np.ndarray:
        """Hide groups until no combination of the shown ones isolates fewer than the minimum.

        Each division's own groups (the division in every view) hold only its own people, so
        what they alone can isolate is closed division by division first, on small matrices;
        the whole publication is audited after, and that final audit is what guarantees the
        result. Atoms that belong to exactly the same shown groups cannot be told apart by any
        combination, so they are pooled (one column per pool), and groups holding the very
        same pool of people are one row: the algebra runs on what the viewer can distinguish.
        When the search for small sets would take too long, filtered views are not shown: what
        is left is one line of divisions under the organisation, which the line rule alone
        keeps safe.
        """
        hidden = hidden.copy()
        present = sizes > 0
        if not (present & (sizes < minimum)).any():
            return hidden
        if (~hidden & (counts > 0)).sum() * present.sum() > MAX_AUDIT_CELLS:
            return hidden | (self.filtered & (counts > 0))
        rank = np.empty(len(self.order), np.int64)
        rank[self.order] = np.arange(len(self.order))
        everything = np.ones(len(hidden), bool)
        try:
            for rows, atoms in self.blocks:
                if (atoms & present & (sizes < minimum)).any():
                    self._close(hidden, counts, sizes, minimum, rank, rows, atoms & present)
            self._close(hidden, counts, sizes, minimum, rank, everything, present)
        except _TooLong:
            return hidden | (self.filtered & (counts > 0))
        return hidden

    def _close(
        self,
        hidden: np.ndarray,
        counts: np.ndarray,
        sizes: np.ndarray,
        minimum: int,
        rank: np.ndarray,
        rows_in: np.ndarray,
        atoms_in: np.ndarray,
    ) -> None:
        """The audit of the groups ``rows_in`` over the atoms ``atoms_in`` (in place)."""
        whole = bool(rows_in.all())
        while True:
            shown = np.flatnonzero(~hidden & (counts > 0) & rows_in)
            if not len(shown):
                return
            key = (shown.tobytes(), atoms_in.tobytes())
            if key not in self.pooled:
                self.pooled[key] = _pools(self.members[np.ix_(shown, atoms_in)])
            pools, pool_of = self.pooled[key]
            pool_sizes = np.bincount(pool_of, weights=sizes[atoms_in], minlength=pools.shape[1])
            small = pool_sizes < minimum
            if not small.any():
                return
            rows, row_of = _distinct_rows(pools)
            if whole:
                divisions = _pool_divisions(pool_of, self.divisions[atoms_in])
                space, combinations = _decomposed_leaks(rows, small, divisions)
            else:
                leaks = _leaks(rows[:, ~small], rows[:, small])
                if leaks is None:
                    return
                space, combinations = leaks.T @ rows[:, small], leaks.T
            if not len(space):
                return
            found = _exposed(space, pool_sizes[small], minimum)
            if found is None:
                return
            # the combination of groups that isolates the set: among the leaks (which cancel
            # every big pool), the one whose small pools are the set
            target = np.zeros(small.sum())
            target[found] = 1.0
            weights = np.linalg.lstsq(space.T, target, rcond=None)[0] @ combinations
            taking_part = np.flatnonzero(np.abs(weights) > _TOLERANCE)
            first = np.full(len(rows), np.iinfo(np.int64).max)
            np.minimum.at(first, row_of, rank[shown])
            give_way = taking_part[np.argmin(first[taking_part])]
            hidden[shown[row_of == give_way]] = True


class _TooLong(Exception):
    """The search for small exposed sets went past its budget."""


SEARCH_BUDGET = 200_000


def _exposed(space: np.ndarray, sizes: np.ndarray, minimum: int) -> np.ndarray | None:
    """One set of small pools (their indices) that the shown groups isolate with fewer than the
    minimum people in it, or None. ``space`` spans the combinations over small pools alone.

    A combination is fixed by its values on the pivot columns of the reduced row echelon form,
    so a set is a choice of pivot rows (each taken once or not); taken rows add their pivot's
    people, so the search stops a branch at the minimum. Raises _TooLong past SEARCH_BUDGET.
    """
    rows, pivots = _reduced(space)
    order = np.argsort(sizes[pivots], kind="stable")
    stack: list[tuple[int, np.ndarray, float, bool]] = [(0, np.zeros(space.shape[1]), 0.0, False)]
    visited = 0
    while stack:
        depth, vector, people, taken = stack.pop()
        visited += 1
        if visited > SEARCH_BUDGET:
            raise _TooLong
        if taken:
            ones = np.abs(vector - 1) < _CLOSE
            if (ones | (np.abs(vector) < _CLOSE)).all() and sizes[ones].sum() < minimum:
                return np.flatnonzero(ones)
        for step in range(depth, len(order)):
            row = order[step]
            cost = people + sizes[pivots[row]]
            if cost >= minimum:
                break
            stack.append((step + 1, vector + rows[row], cost, True))
    return None


_CLOSE = 1e-6


def _reduced(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form (partial pivoting) and its pivot columns."""
    rows = matrix.astype(float).copy()
    pivots: list[int] = []
    for column in range(rows.shape[1]):
        top = len(pivots)
        if top == rows.shape[0]:
            break
        best = top + int(np.argmax(np.abs(rows[top:, column])))
        if abs(rows[best, column]) < _CLOSE:
            continue
        rows[[top, best]] = rows[[best, top]]
        rows[top] /= rows[top, column]
        others = np.arange(len(rows)) != top
        rows[others] -= np.outer(rows[others, column], rows[top])
        rows[np.abs(rows) < _CLOSE] = 0.0
        pivots.append(column)
    return rows[: len(pivots)], pivots


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a boolean matrix, and which distinct row each row is."""
    packed = np.packbits(matrix, axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return matrix[first], inverse.reshape(-1)


def _pools(members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Atoms with identical memberships pooled: (groups × pools) memberships, and the pool of
    each atom."""
    if not members.shape[1]:
        return members, np.arange(0)
    packed = np.ascontiguousarray(np.packbits(members, axis=0).T)
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return members[:, first], inverse.reshape(-1)


def _pool_divisions(pool_of: np.ndarray, divisions: np.ndarray) -> np.ndarray:
    """The division of each pool's atoms, or -1 when a pool gathers several divisions (only
    groups that span divisions hold such a pool)."""
    count = int(pool_of.max()) + 1 if len(pool_of) else 0
    low = np.full(count, np.iinfo(np.int64).max)
    high = np.full(count, np.iinfo(np.int64).min)
    np.minimum.at(low, pool_of, divisions)
    np.maximum.at(high, pool_of, divisions)
    return np.where(low == high, low, -1)


def _decomposed_leaks(
    rows: np.ndarray, small: np.ndarray, pool_division: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The leaks of the whole publication without its least squares, division by division:
    ``(space, weights)``, where each row of ``weights`` is a combination of the shown groups
    (distinct rows) that cancels every big pool, and the same row of ``space`` is what it leaves
    on the small pools. Together they span every such combination.

    Rows that hold the pools of one division only form that division's *block* ``B_d`` (big
    pools) / ``S_d`` (small pools); the others — the organisation and views across divisions, a
    few dozen — are the *spanning* rows ``O``. A combination ``w_O·O + Σ w_d·B_d`` cancels every
    big pool exactly when, for each division, ``w_O``'s part on its big pools lies in the row
    space of its block (then ``w_d = −w_O·O_d·B_d⁺`` up to a combination that cancels the block's
    big pools by itself) and ``w_O`` cancels the big pools no block holds (pools gathering
    hidden divisions). So the leaks are (i) the allowed ``w_O`` pushed through every block and
    (ii) each block's own left null space — small SVDs instead of one large least squares.
    """
    count = len(rows)
    divided = pool_division >= 0
    own = np.where((rows & ~divided[None, :]).any(axis=1), -1, _row_division(rows, pool_division))
    spanning_rows = np.flatnonzero(own < 0)
    spanning = rows[spanning_rows].astype(float)
    small_index = np.cumsum(small) - 1  # pool → column among the small pools
    n_small = int(small.sum())
    constraints = [spanning[:, ~divided & ~small]]
    pushed = []  # per block: (its rows, small columns, o_small - through·s, through)
    own_space, own_weights = [], []
    for division in np.unique(pool_division[divided]):
        columns = pool_division == division
        members = np.flatnonzero(own == division)
        block = rows[np.ix_(members, np.flatnonzero(columns))].astype(float)
        big, little = ~small[columns], small[columns]
        b, s_ = block[:, big], block[:, little]
        o_big, o_small = spanning[:, columns][:, big], spanning[:, columns][:, little]
        targets = small_index[np.flatnonzero(columns)[little]]
        if b.shape[0] and b.shape[1]:
            u, singular, vt = np.linalg.svd(b, full_matrices=True)
            rank = int((singular > _RESIDUAL).sum())
            basis = vt[:rank]
            null = u[:, rank:].T
            constraints.append(o_big - (o_big @ basis.T) @ basis)
            through = o_big @ np.linalg.pinv(b, rcond=_RESIDUAL)
        else:
            null = np.eye(b.shape[0])
            constraints.append(o_big)
            through = np.zeros((len(spanning), b.shape[0]))
        pushed.append((members, targets, o_small - through @ s_, through))
        for vector in null:
            image = vector @ s_
            if np.abs(image).max(initial=0.0) > _RESIDUAL:
                row = np.zeros(n_small)
                row[targets] = image
                weight = np.zeros(count)
                weight[members] = vector
                own_space.append(row)
                own_weights.append(weight)
    constraint = np.concatenate(constraints, axis=1)
    if constraint.shape[1]:
        u, singular, _ = np.linalg.svd(constraint, full_matrices=True)
        allowed = u[:, int((singular > _RESIDUAL).sum()) :].T
    else:
        allowed = np.eye(len(spanning))
    across_space = np.zeros((len(allowed), n_small))
    across_weights = np.zeros((len(allowed), count))
    free_small = ~divided & small
    across_space[:, small_index[free_small]] = allowed @ spanning[:, free_small]
    across_weights[:, spanning_rows] = allowed
    for members, targets, image, through in pushed:
        across_space[:, targets] = allowed @ image
        across_weights[:, members] = -(allowed @ through)
    keep = np.abs(across_space).max(axis=1, initial=0.0) > _RESIDUAL
    space = np.concatenate([across_space[keep], np.array(own_space).reshape(-1, n_small)])
    weights = np.concatenate([across_weights[keep], np.array(own_weights).reshape(-1, count)])
    return space, weights


def _row_division(rows: np.ndarray, pool_division: np.ndarray) -> np.ndarray:
    """The one division whose pools a row holds (-1 when it holds pools of several)."""
    marked = np.where(rows, pool_division[None, :], -1)
    high = marked.max(axis=1)
    low = np.where(rows, pool_division[None, :], np.iinfo(np.int64).max).min(axis=1)
    return np.where((low == high) & (high >= 0), high, -1)


def _leaks(big: np.ndarray, small: np.ndarray) -> np.ndarray | None:
    """Combinations of shown groups (rows) that cancel every big atom but not every small one,
    as orthonormal columns; None when there are none.

    Such a combination is orthogonal to every big atom's column of memberships, so the leaks
    are the part of the small atoms' columns that the big atoms' columns do not span: the
    residuals of least squares, solved sparsely (an atom belongs to at most 16 groups).
    """
    rest = _residuals(big, small)
    if np.abs(rest).max(initial=0.0) < _RESIDUAL:
        return None
    u, singular, _ = np.linalg.svd(rest, full_matrices=False)
    kept = singular > _RESIDUAL
    return u[:, kept] if kept.any() else None


_RESIDUAL = 1e-6
_SPARSE_COLUMNS = 8  # up to this many small pools, one sparse solve each beats one dense one


def _residuals(big: np.ndarray, small: np.ndarray) -> np.ndarray:
    """Each small column minus its least-squares fit by the big columns."""
    small = small.astype(float)
    if not big.shape[1]:
        return small
    if big.size < 200_000 or small.shape[1] > _SPARSE_COLUMNS:
        fit, *_ = np.linalg.lstsq(big.astype(float), small, rcond=None)
        return small - big.astype(float) @ fit
    matrix = scipy.sparse.csr_matrix(big.astype(float))
    rest = np.empty_like(small)
    for j in range(small.shape[1]):
        solution = scipy.sparse.linalg.lsqr(
            matrix, small[:, j], atol=1e-14, btol=1e-14, iter_lim=20 * sum(big.shape)
        )[0]
        rest[:, j] = small[:, j] - matrix @ solution
    return rest
