"""The privacy promise, audited from outside the engine.

docs/methodology.md promises that no group smaller than the minimum can be seen *or worked out*
by subtracting figures that are shown — across divisions, filters and statements. This module
checks the promise itself, not the algorithm that is meant to keep it.

The auditor is a linear-algebra attacker. It splits a survey into *atoms* (the respondents who
share division, role, region and wave), counted here from the raw table. Every figure the
product publishes — the organisation and each division shown, in every view (every combination
of filter values, none included) — is a sum over atoms: of respondents, or of the people who
answered one statement (and of their answers). An attacker who reads every published figure can
compute any linear combination of them, so a set S of atoms is *exposed* when its indicator
vector lies in the row space of the published groups' indicator matrix. The promise is that no
exposed S holds between 1 and minimum - 1 people. Atoms that are empty on a measure are dropped
(the viewer can tell: a division without answers to a statement does not list it as withheld).

The auditor first broke the engine (``EXPOSURES``, each with the subtraction that did it):
keeping every line of siblings at "no hidden, or two or more holding the minimum" is necessary,
not enough. A complement can be the very same people as a group shown under another name (a
region only one division has, the blanks of a role only one division has, a division whose
people all share one role), and in a two-way table hidden rows can meet hidden columns in a
small set. The engine's own audit (suppression.py) closed them; they stay here as regressions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cxmaturity import CxMaturityError, Survey, build_survey, score
from cxmaturity.scoring import cube_of, suppression_of, view
from cxmaturity.suppression import RESPONDENTS, STAR

BLANK = "(not given)"
COLUMNS = {"division": "Division", "role": "Role", "region": "Region", "wave": "Wave"}
FILTERS = ("role", "region", "wave")
ITEMS = ("S01", "S02", "S03")
TOLERANCE = 1e-7  # below this, an entry of the echelon form is zero
CLOSE = 1e-6  # this near 0 or 1, a value of a combination is 0 or 1

# --------------------------------------------------------------------------- surveys


def people(division: str, count: int, **columns: str | None) -> list[dict[str, str | None]]:
    """``count`` respondents of one division; every statement Yes unless a column says."""
    return [{"Division": division, "S01": "Yes", "S02": "Yes", **columns} for _ in range(count)]


def table(*groups: list[dict[str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame([row for group in groups for row in group], dtype=object)


def regions(*groups: tuple[str, int, str | None]) -> pd.DataFrame:
    return table(*(people(division, count, Region=region) for division, count, region in groups))


def roles(*groups: tuple[str, int, str | None]) -> pd.DataFrame:
    return table(*(people(division, count, Role=role) for division, count, role in groups))


def survey_of(frame: pd.DataFrame) -> Survey:
    return build_survey([("survey.csv", "survey", frame)])


# --------------------------------------------------------------------------- atoms


@dataclass(frozen=True)
class Atoms:
    """The finest cells of a survey table and, per measure, how many people each holds."""

    dims: tuple[str, ...]
    labels: pd.DataFrame
    sizes: Mapping[str, np.ndarray]

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(self.sizes)

    def values(self, dim: str) -> tuple[str, ...]:
        """The values a viewer can filter on: every value given (blank not included)."""
        return tuple(sorted(set(self.labels[dim]) - {BLANK}))

    def mask(self, filters: Mapping[str, str], division: str | None = None) -> np.ndarray:
        keep = np.ones(len(self.labels), bool)
        for dim, value in {**filters, "division": division}.items():
            if value is not None:
                keep &= (self.labels[dim] == value).to_numpy()
        return keep

    def describe(self, atoms: Sequence[int], measure: str) -> str:
        parts = ["/".join(self.labels.iloc[a]) + f" ({int(self.sizes[measure][a])})" for a in atoms]
        return f"{measure}: " + " + ".join(parts)


def atoms_of(frame: pd.DataFrame) -> Atoms:
    """Group the raw rows by division, role, region and wave (blank is a value of its own)."""
    dims = tuple(d for d, column in COLUMNS.items() if column in frame)
    labels = frame[[COLUMNS[d] for d in dims]].fillna(BLANK).astype(str)
    labels.columns = list(dims)
    items = [item for item in ITEMS if item in frame]
    counted = pd.DataFrame({RESPONDENTS: 1, **{i: frame[i].notna().astype(int) for i in items}})
    summed = counted.groupby([labels[d] for d in dims], sort=True).sum()
    keys = summed.index.to_frame(index=False).astype(str)
    return Atoms(dims, keys, {m: summed[m].to_numpy() for m in summed.columns})


# --------------------------------------------------------------------------- what is published


def views_of(atoms: Atoms) -> Iterator[dict[str, str]]:
    """Every combination of filter values a viewer can choose, the unfiltered view included."""
    filters = [d for d in FILTERS if d in atoms.dims]
    choices = [(None, *atoms.values(d)) for d in filters]
    for combo in itertools.product(*choices):
        yield {d: v for d, v in zip(filters, combo, strict=True) if v is not None}


@dataclass(frozen=True)
class Reading:
    """What a viewer reads in one view: respondents and statement n, per group shown."""

    respondents: Mapping[str | None, int]
    statements: Mapping[str | None, Mapping[str, int]]


Reader = Callable[..., Reading]


def read_results(
    survey: Survey, minimum: int, filters: Mapping[str, str], floor: int | None = None
) -> Reading:
    """The figures ``score`` publishes (None is the organisation)."""
    results = score(survey, min_group_size=minimum, filters=filters, floor=floor)
    groups = {None: results.organisation, **{d: v.scores for d, v in results.divisions.items()}}
    return Reading(
        {None: results.respondents, **{d: v.n for d, v in results.divisions.items()}},
        {g: scores.statements["n"].astype(int).to_dict() for g, scores in groups.items()},
    )


def read_view(
    survey: Survey, minimum: int, filters: Mapping[str, str], floor: int | None = None
) -> Reading:
    """The figures the suppression allows, from ``view``: what ``score`` publishes and possibly
    more (``score`` also leaves out a division with every statement withheld). Fast: no scores."""
    found = view(survey, min_group_size=minimum, filters=filters, floor=floor)
    rows = {None: 0, **{d: found.divisions.index(d) for d in found.shown_divisions}}
    totals = {None: found.organisation, **dict.fromkeys(found.shown_divisions, found.divisions)}
    statements = {
        g: {
            item: int(totals[g].answered[row, j])
            for j, item in enumerate(survey.items)
            if totals[g].answered[row, j] > 0 and found.statement_shown(g, item)
        }
        for g, row in rows.items()
    }
    return Reading({g: int(totals[g].n[row]) for g, row in rows.items()}, statements)


@dataclass(frozen=True)
class Publication:
    """Every figure published at one minimum: per measure, the atoms each figure sums over."""

    groups: Mapping[str, np.ndarray]
    readings: Mapping[tuple[tuple[str, str], ...], Reading | None]


def publish(
    survey: Survey,
    atoms: Atoms,
    minimum: int,
    *,
    floor: int | None = None,
    read: Reader = read_results,
) -> Publication:
    """Read every view; check each figure against the auditor's own atom sums."""
    rows: dict[str, list[np.ndarray]] = {m: [] for m in atoms.measures}
    readings: dict[tuple[tuple[str, str], ...], Reading | None] = {}
    for filters in views_of(atoms):
        try:
            reading = read(survey, minimum, filters, floor)
        except CxMaturityError:
            readings[tuple(sorted(filters.items()))] = None
            continue
        readings[tuple(sorted(filters.items()))] = reading
        for group, n in reading.respondents.items():
            mask = atoms.mask(filters, group)
            assert n == atoms.sizes[RESPONDENTS][mask].sum(), (filters, group)
            rows[RESPONDENTS].append(mask)
            for item, answered in reading.statements[group].items():
                assert answered == atoms.sizes[item][mask].sum(), (filters, group, item)
                rows[item].append(mask)
    width = len(atoms.labels)
    return Publication(
        {m: np.array(r, float).reshape(-1, width) for m, r in rows.items()}, readings
    )


# --------------------------------------------------------------------------- the auditor


def in_row_space(shown: np.ndarray, vector: np.ndarray) -> bool:
    """Whether ``vector`` is a linear combination of the rows of ``shown`` (least squares)."""
    if not len(shown):
        return not vector.any()
    weights = np.linalg.lstsq(shown.T, vector, rcond=None)[0]
    return bool(np.allclose(shown.T @ weights, vector, atol=CLOSE))


def exposed_by_enumeration(shown: np.ndarray, sizes: np.ndarray, minimum: int) -> list[tuple]:
    """Every set of atoms with 1 to minimum - 1 people that is exposed: tried one by one."""
    present = np.flatnonzero(sizes > 0)
    small = [a for a in present if sizes[a] < minimum]
    found = []
    for count in range(1, minimum):
        for subset in itertools.combinations(small, count):
            if sizes[list(subset)].sum() >= minimum:
                continue
            vector = np.isin(present, subset).astype(float)
            if in_row_space(shown[:, present], vector):
                found.append(tuple(int(a) for a in subset))
    return found


def reduced_rows(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form (partial pivoting) and the pivot columns."""
    rows = matrix.astype(float).copy()
    pivots: list[int] = []
    for column in range(rows.shape[1]):
        top = len(pivots)
        if top == rows.shape[0]:
            break
        best = top + int(np.argmax(np.abs(rows[top:, column])))
        if abs(rows[best, column]) < TOLERANCE:
            continue
        rows[[top, best]] = rows[[best, top]]
        rows[top] /= rows[top, column]
        others = np.arange(len(rows)) != top
        rows[others] -= np.outer(rows[others, column], rows[top])
        rows[np.abs(rows) < TOLERANCE] = 0.0
        pivots.append(column)
    return rows[: len(pivots)], pivots


def exposed_sets(shown: np.ndarray, sizes: np.ndarray, minimum: int) -> list[tuple]:
    """Every set of atoms with 1 to minimum - 1 people that is exposed, found by a pruned search.

    A vector of the row space is fixed by its values on the pivot columns of the reduced row
    echelon form. With the large atoms ordered first, a small exposed set can only switch on
    pivot rows of small atoms, and a non-pivot column's value is final once every pivot row to
    its left is decided — so a branch dies as soon as a value is not 0 or 1 or the people
    reach the minimum. Each set found is confirmed by :func:`in_row_space`.
    """
    present = np.flatnonzero(sizes > 0)
    order = present[np.argsort(sizes[present] < minimum, kind="stable")]
    rows, pivots = reduced_rows(shown[:, order]) if len(shown) else (np.zeros((0, 0)), [])
    weight = sizes[order]
    chosen = [r for r, p in enumerate(pivots) if weight[p] < minimum]
    free = sorted(set(range(len(order))) - set(pivots))
    settles = [
        [c for c in free if pivots[r] < c and (k + 1 == len(chosen) or c < pivots[chosen[k + 1]])]
        for k, r in enumerate(chosen)
    ]
    found = []
    for vector in _walk(rows, pivots, chosen, settles, weight, minimum):
        atoms = tuple(sorted(int(order[c]) for c in np.flatnonzero(np.abs(vector - 1) < CLOSE)))
        assert in_row_space(shown[:, present], np.isin(present, atoms).astype(float)), atoms
        found.append(atoms)
    return sorted(found, key=lambda s: (sizes[list(s)].sum(), s))


def _walk(rows, pivots, chosen, settles, weight, minimum) -> Iterator[np.ndarray]:
    """Depth-first over the small pivot rows: take each or not, pruning as values settle."""
    stack = [(0, np.zeros(rows.shape[1] if len(rows) else 0), 0, False)]
    while stack:
        depth, vector, people, taken = stack.pop()
        if depth == len(chosen):
            if taken:
                yield vector
            continue
        row = chosen[depth]
        for take in (False, True):
            now = vector + rows[row] if take else vector
            cost = people + (weight[pivots[row]] if take else 0)
            settled = now[settles[depth]]
            ones = np.abs(settled - 1) < CLOSE
            if not (ones | (np.abs(settled) < CLOSE)).all():
                continue
            cost += weight[settles[depth]][ones].sum()
            if cost < minimum:
                stack.append((depth + 1, now, cost, taken or take))


def audit(frame: pd.DataFrame, minimum: int, **options) -> list[str]:
    """Every exposed set of fewer than ``minimum`` people, described, on every measure."""
    atoms = atoms_of(frame)
    published = publish(survey_of(frame), atoms, minimum, **options)
    return [
        atoms.describe(found, measure)
        for measure in atoms.measures
        for found in exposed_sets(published.groups[measure], atoms.sizes[measure], minimum)
    ]


# --------------------------------------------------------------------------- random organisations

ROLES = ("manager", "frontline", "executive")
REGIONS = ("North", "South", "West")
WAVES = ("2025-Q1", "2025-Q2")
ANSWERS = ("Yes", "No", None)


@st.composite
def values_of(draw, pool: Sequence[str], most: int) -> list[str | None]:
    """1 to ``most`` values from ``pool``, sometimes with blank as one more."""
    values = st.lists(st.sampled_from(pool), min_size=1, max_size=most, unique=True)
    chosen: list[str | None] = list(draw(values))
    return [*chosen, None] if draw(st.booleans()) else chosen


@st.composite
def organisations(draw) -> tuple[pd.DataFrame, int]:
    """2–6 divisions of 1–15 people, 1–3 roles and regions (blank sometimes one more), waves
    sometimes, 2–3 statements with blanks; everyone answers at least one; minimum 3–6."""
    role_values, region_values = draw(values_of(ROLES, 3)), draw(values_of(REGIONS, 3))
    waves = draw(st.sampled_from(((), WAVES[:1], WAVES)))
    items = ITEMS[: draw(st.integers(2, 3))]
    person = st.tuples(
        st.sampled_from(role_values),
        st.sampled_from(region_values),
        st.sampled_from(waves or (None,)),
        st.lists(st.sampled_from(ANSWERS), min_size=len(items), max_size=len(items)),
    )
    rows = []
    for division in "ABCDEF"[: draw(st.integers(2, 6))]:
        for role, region, wave, answers in draw(st.lists(person, min_size=1, max_size=15)):
            answers = answers if any(answers) else ["Yes", *answers[1:]]
            rows.append(
                {
                    "Division": division,
                    "Role": role,
                    "Region": region,
                    "Wave": wave,
                    **dict(zip(items, answers, strict=True)),
                }
            )
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame if waves else frame.drop(columns="Wave")
    return frame, draw(st.integers(3, 6))


# --------------------------------------------------------------------------- the auditor itself

ORG_A_B_C = [[1, 1, 1], [1, 0, 0], [0, 1, 0]]


@pytest.mark.parametrize(
    ("shown", "sizes", "minimum", "exposed"),
    [
        pytest.param(ORG_A_B_C, [9, 10, 3], 5, [(2,)], id="organisation minus A and B is C"),
        pytest.param([[1, 1, 1], [0, 1, 0]], [9, 10, 3], 5, [], id="A and C hidden together"),
        pytest.param([[1, 1, 1], [0, 1, 0]], [2, 10, 2], 5, [(0, 2)], id="hidden pair too small"),
        pytest.param([[1, 1, 0], [0, 1, 1]], [2, 9, 2], 5, [], id="two overlapping sums"),
        pytest.param([[1, 1, 0], [0, 0, 1]], [1, 1, 4], 3, [(0, 1)], id="a small group shown"),
        pytest.param(
            [[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]],
            [2, 3, 3, 2],
            5,
            [],
            id="2x2 table with all margins: nothing fixed",
        ),
        pytest.param(ORG_A_B_C, [9, 0, 3], 5, [(2,)], id="an empty atom is no cover"),
        pytest.param([], [1, 2], 5, [], id="nothing shown"),
    ],
)
def test_auditor_on_hand_made_publications(shown, sizes, minimum, exposed) -> None:
    matrix = np.array(shown, float).reshape(-1, len(sizes))
    sizes = np.array(sizes)
    assert exposed_sets(matrix, sizes, minimum) == exposed
    assert sorted(exposed_by_enumeration(matrix, sizes, minimum)) == sorted(exposed)


@st.composite
def publications(draw) -> tuple[np.ndarray, np.ndarray, int]:
    """Random 0/1 matrices of shown groups over up to 10 atoms of 0–6 people."""
    atoms = draw(st.integers(1, 10))
    row = st.lists(st.booleans(), min_size=atoms, max_size=atoms)
    shown = np.array(draw(st.lists(row, max_size=10)), float).reshape(-1, atoms)
    sizes = np.array(draw(st.lists(st.integers(0, 6), min_size=atoms, max_size=atoms)))
    return shown, sizes, draw(st.integers(2, 6))


@settings(max_examples=150, deadline=None)
@given(publications())
def test_pruned_search_agrees_with_enumeration(publication) -> None:
    shown, sizes, minimum = publication
    assert sorted(exposed_sets(shown, sizes, minimum)) == sorted(
        exposed_by_enumeration(shown, sizes, minimum)
    )


# --------------------------------------------------------------------------- hand cases


MANAGERS_2_OF_20 = table(
    people("X", 2, Role="manager"),
    people("X", 18, Role="frontline"),
    people("Y", 10, Role="manager"),
    people("Y", 10, Role="frontline"),
    people("Z", 6, Role="manager"),
    people("Z", 9, Role="frontline"),
)
NOT_GIVEN = table(
    people("A", 8, Role="manager"),
    people("A", 3, Role=None),
    people("B", 10, Role="manager"),
    people("B", 6, Role="frontline"),
)
MANAGER = (("role", "manager"),)
FRONTLINE = (("role", "frontline"),)

# Views → the divisions shown (None: the view is refused), worked out from the rules by hand.
HAND = [
    pytest.param(
        table(people("A", 9), people("B", 10), people("C", 3)),
        5,
        {(): ("B",)},
        id="canonical: 9, 10, 3 at 5 -> only the 10; 9 hidden so that 3 is not the rest",
    ),
    pytest.param(
        MANAGERS_2_OF_20,
        5,
        {(): ("X", "Y", "Z"), FRONTLINE: ("Y",), MANAGER: ("Y",)},
        id="managers 2 of 20: X's 18 front line hidden too (X minus them is the 2), and Z's"
        " front line (9) with them, Z's managers (6) with X's 2",
    ),
    pytest.param(
        NOT_GIVEN,
        5,
        {(): ("A", "B"), MANAGER: (), FRONTLINE: None},
        id="3 without a role: the organisation's front line (6) hidden with them, so"
        " role=frontline is refused; A's managers hidden, then B's (the only other)",
    ),
    pytest.param(
        table(people("A", 6), people("B", 30), people("C", 2)),
        5,
        {(): ("B",)},
        id="the complement of the small one is the smallest other (6), not the largest",
    ),
    pytest.param(
        table(people("Sales", 7), people("marketing", 7), people("Legal", 2)),
        5,
        {(): ("Sales",)},
        id="tie 7 and 7: the first name ignoring case (marketing before Sales) is hidden",
    ),
]


@pytest.mark.parametrize(("frame", "minimum", "expected"), HAND)
def test_hand_cases_show_what_the_rules_say(frame, minimum, expected) -> None:
    survey = survey_of(frame)
    for filters, shown in expected.items():
        if shown is None:
            with pytest.raises(CxMaturityError, match="too few respondents"):
                score(survey, min_group_size=minimum, filters=dict(filters))
        else:
            results = score(survey, min_group_size=minimum, filters=dict(filters))
            assert tuple(sorted(results.divisions)) == shown, filters


@pytest.mark.parametrize(("frame", "minimum", "expected"), HAND)
def test_hand_cases_let_nothing_small_be_worked_out(frame, minimum, expected) -> None:
    assert audit(frame, minimum) == []


def test_statement_answered_by_four_of_six_is_withheld_with_a_complement() -> None:
    """A's S01 (4 of 6) is under 5; C's S01 (7, the smallest other) is withheld with it."""
    frame = table(people("A", 4), people("A", 2, S01=None), people("B", 8), people("C", 7))
    results = score(survey_of(frame), min_group_size=5)
    withheld = {name: d.scores.withheld for name, d in results.divisions.items()}
    assert withheld == {"A": ("S01",), "B": (), "C": ("S01",)}
    assert results.organisation.statements.loc["S01", "n"] == 19
    assert results.divisions["A"].n == 6
    assert audit(frame, 5) == []


def test_not_given_is_the_last_name_on_a_tie() -> None:
    """Within A, front line 2 needs a complement; managers and "(not given)" tie at 6: managers
    go, so the 6 without a role stay shown (A minus them is 8)."""
    frame = table(
        people("A", 6, Role="manager"),
        people("A", 2, Role="frontline"),
        people("A", 6, Role=None),
    )
    survey = survey_of(frame)
    cube, sup = cube_of(survey), suppression_of(survey, 5)
    role = cube.labels["role"]
    division = cube.labels["division"].index("A")
    assert not sup.shown((division, role.index("manager")))
    assert not sup.shown((division, role.index("frontline")))
    assert sup.shown((division, len(role)))
    assert audit(frame, 5) == []


# --------------------------------------------------------------------------- known exposures


def exposure(frame: pd.DataFrame, minimum: int, name: str, attack: str):
    """A survey the auditor once broke; ``attack`` is the subtraction that did it."""
    del attack  # kept in the table as documentation of the attack
    return pytest.param(frame, minimum, id=name)


SEVEN_AT_THREE = regions(("A", 3, "North"), ("B", 1, "North"), ("B", 3, "South"))
EXPOSURES = [
    exposure(
        SEVEN_AT_THREE,
        3,
        "complement republished as its parent, 7 people",
        "B's South (3) is hidden as B's complement, but it is every respondent of region=South,"
        " whose organisation is shown: B (4) - organisation in region=South (3) = B's 1 in the"
        " North",
    ),
    exposure(
        regions(("Sales", 10, "North"), ("Service", 2, "North"), ("Service", 8, "South")),
        5,
        "complement republished as its parent, at 5",
        "Service (10) - organisation in region=South (8, all of them Service) = Service's 2 in"
        " the North",
    ),
    exposure(
        roles(("A", 1, "manager"), ("B", 2, "manager"), ("C", 1, "manager"), ("C", 3, None)),
        3,
        "complement republished as organisation minus a filter",
        "C's 3 without a role are hidden as the complement of C's 1 manager, but they are all"
        " the organisation's blanks: C (4) + organisation in role=manager (4) - organisation"
        " (7) = C's 1 manager",
    ),
    exposure(
        table(
            people("A", 3, Role="manager"),
            people("B", 2, Role="manager"),
            people("B", 1, Role="manager", S02=None),
            people("C", 2, Role="manager"),
            people("C", 1, Role=None),
            people("D", 1, Role="manager"),
            people("D", 2, Role=None),
        ),
        3,
        "statement complement republished under a filter",
        "B's S02 (2) is withheld and A's S02 (3) with it, but A is all managers, so"
        " role=manager shows A's S02: organisation S02 (11) - C (3) - D (3) - A in"
        " role=manager (3) = B's 2 answers to S02",
    ),
    exposure(
        roles(
            ("A", 2, "manager"),
            ("A", 1, "frontline"),
            ("B", 1, "frontline"),
            ("C", 2, "manager"),
            ("C", 1, "frontline"),
            ("D", 2, "frontline"),
        ),
        3,
        "hidden rows meet hidden columns, 9 people",
        "every line has two or more hidden cells holding 3 or more, yet all managers are in A"
        " and C: A (3) + C (3) - organisation in role=manager (4) = the 2 front-line people of"
        " A and C",
    ),
    exposure(
        roles(
            ("D1", 2, "manager"),
            ("D1", 1, "frontline"),
            ("D1", 1, "executive"),
            ("D2", 1, "manager"),
            ("D2", 2, "frontline"),
            ("D3", 2, "executive"),
            ("D3", 1, None),
            ("D4", 1, "executive"),
            ("D4", 2, None),
        ),
        3,
        "one person pinned though every line keeps two hidden",
        "D1 (4) + D2 (3) - organisation in role=manager (3) - in role=frontline (3) = D1's 1"
        " executive (the hidden cells form two cycles joined by that one cell)",
    ),
]


@pytest.mark.parametrize(("frame", "minimum"), EXPOSURES)
def test_known_exposures_are_closed(frame, minimum) -> None:
    assert audit(frame, minimum) == []


# --------------------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example((SEVEN_AT_THREE, 3))
@given(organisations())
def test_no_small_group_can_be_worked_out(organisation) -> None:
    frame, minimum = organisation
    assert audit(frame, minimum) == []


def within(reading: Reading, wider: Reading | None) -> bool:
    """Whether every figure of ``reading`` is also in ``wider``."""
    return wider is not None and all(
        group in wider.respondents and set(statements) <= set(wider.statements[group])
        for group, statements in reading.statements.items()
    )


def remainder_ok(total: int, parts: Sequence[int], minimum: int) -> bool:
    rest = total - sum(parts)
    return rest == 0 or rest >= minimum


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_what_a_view_leaves_unaccounted_is_nobody_or_enough(organisation) -> None:
    """In every view: organisation minus the divisions shown is 0 or at least the minimum, on
    respondents and on each statement, from what ``score`` publishes — all of it allowed by the
    suppression."""
    frame, minimum = organisation
    survey, atoms = survey_of(frame), atoms_of(frame)
    published = publish(survey, atoms, minimum)
    allowed = publish(survey, atoms, minimum, read=read_view).readings
    for filters, reading in published.readings.items():
        if reading is None:
            continue
        assert within(reading, allowed[filters]), filters
        people = [n for group, n in reading.respondents.items() if group is not None]
        assert remainder_ok(reading.respondents[None], people, minimum), filters
        for item, total in reading.statements[None].items():
            parts = [s[item] for g, s in reading.statements.items() if g is not None and item in s]
            assert remainder_ok(total, parts, minimum), (filters, item)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_a_view_under_the_minimum_is_refused(organisation) -> None:
    frame, minimum = organisation
    survey, atoms = survey_of(frame), atoms_of(frame)
    for filters in views_of(atoms):
        if atoms.sizes[RESPONDENTS][atoms.mask(filters)].sum() < minimum:
            with pytest.raises(CxMaturityError, match="too few respondents"):
                score(survey, min_group_size=minimum, filters=filters)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(), st.integers(1, 3))
def test_raising_the_minimum_never_reveals_what_a_lower_one_hides(organisation, step) -> None:
    frame, lower = organisation
    survey, atoms = survey_of(frame), atoms_of(frame)
    higher = lower + step
    base, raised = suppression_of(survey, lower), suppression_of(survey, higher, floor=lower)
    assert raised.keys == base.keys
    for key, measure in itertools.product(base.keys, base.measures):
        assert not raised.shown(key, measure) or base.shown(key, measure), (key, measure)
    low = publish(survey, atoms, lower, read=read_view).readings
    high = publish(survey, atoms, higher, floor=lower, read=read_view).readings
    for filters, reading in high.items():
        assert reading is None or within(reading, low[filters]), filters


def labelled(survey: Survey, minimum: int) -> dict[tuple[str, ...], tuple[bool, ...]]:
    """Every lattice group's fate, keyed by value names instead of codes."""
    cube, sup = cube_of(survey), suppression_of(survey, minimum)

    def name(dim: str, code: int) -> str:
        labels = cube.labels[dim]
        return "*" if code == STAR else labels[code] if code < len(labels) else BLANK

    return {
        tuple(name(dim, code) for dim, code in zip(cube.dims, key, strict=True)): tuple(
            sup.shown(key, measure) for measure in sup.measures
        )
        for key in sup.keys
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(), st.randoms(use_true_random=False))
def test_the_order_of_the_rows_does_not_matter(organisation, random) -> None:
    frame, minimum = organisation
    order = list(range(len(frame)))
    random.shuffle(order)
    shuffled = frame.iloc[order].reset_index(drop=True)
    survey, again = survey_of(frame), survey_of(shuffled)
    assert labelled(again, minimum) == labelled(survey, minimum)
    atoms = atoms_of(frame)
    before = publish(survey, atoms, minimum, read=read_view).readings
    assert publish(again, atoms, minimum, read=read_view).readings == before
