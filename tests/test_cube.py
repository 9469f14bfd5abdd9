"""The cube's gathering of respondents (cxmaturity.cube): atoms and person means equal their
definitions, whichever way they are computed."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cxmaturity import cube


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(1, 9), min_size=1, max_size=4).flatmap(
        lambda sizes: st.tuples(
            st.just(sizes),
            st.lists(
                st.tuples(*(st.integers(0, size - 1) for size in sizes)), min_size=1, max_size=80
            ),
        )
    )
)
def test_atoms_counted_and_sorted_agree_with_the_distinct_rows(case):
    sizes, rows = case
    codes = [np.array([row[d] for row in rows], np.int64) for d in range(len(sizes))]
    atoms, atom_of = cube._atoms(codes, sizes, len(rows))
    # every row's atom is its own combination; atoms are distinct and in key order
    assert [tuple(atoms[a]) for a in atom_of] == [tuple(row) for row in rows]
    assert sorted(set(map(tuple, atoms.tolist()))) == [tuple(a) for a in atoms.tolist()]
    # the sorting path (keys too many to count in place) gives the very same
    wide = 70_000 if len(sizes) == 1 else 300  # past what is counted in place (2**16 keys)
    spread = [size + wide for size in sizes]
    atoms_sorted, atom_of_sorted = cube._atoms(codes, spread, len(rows))
    assert np.array_equal(atom_of_sorted, atom_of)
    assert np.array_equal(atoms_sorted, atoms)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda items: st.tuples(
            st.lists(st.sampled_from([1, 2, 4, 6, 9, 10]), min_size=items, max_size=items),
            hnp.arrays(
                np.int8, st.tuples(st.integers(0, 40), st.just(items)), elements=st.integers(0, 11)
            ),
        )
    ),
    st.booleans(),
)
def test_person_means_are_the_average_item_score_of_what_was_answered(case, column_major):
    tops, positions = case
    positions = np.minimum(positions, np.array(tops, np.int8) + 1)  # positions 1..top+1
    if column_major:
        positions = np.asfortranarray(positions)
    means = cube._person_means(positions, tops)
    for person, row in enumerate(positions):
        scores = [(p - 1) / top * 100 for p, top in zip(row, tops, strict=True) if p > 0]
        if scores:
            assert abs(means[person] - sum(scores) / len(scores)) < 1e-9
        else:
            assert np.isnan(means[person])
