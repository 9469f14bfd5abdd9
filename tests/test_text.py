from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxmaturity.text import clean, clean_many, normalise_header, normalise_label


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Strongly   agree ", "Strongly agree"),
        ("\ufeffDivision", "Division"),
        ("Don\u2019t\u00a0know", "Don't know"),
        ("line\nbreak", "line break"),
        ("ﬁnance", "finance"),  # NFKC folds the ligature
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "There is real clarity of everyone’s roles and responsibilities.",
            "there is real clarity of everyone's roles and responsibilities",
        ),
        ("The work is considered attainable.", "THE WORK IS CONSIDERED  ATTAINABLE"),
        ("The work is considered attainable.", "The work is considered attainable?"),
        ("S01", "s01"),
    ],
)
def test_headers_that_match(a: str, b: str) -> None:
    assert normalise_header(a) == normalise_header(b)


def test_header_keeps_inner_punctuation() -> None:
    assert normalise_header("A, B.") == "a, b"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Strongly Agree", "strongly agree"),
        ("Neither agree nor disagree.", "neither agree nor disagree"),
        ("Yes, there is", "yes there is"),
        ("Don’t know", "dont know"),
        ("N/A", "n a"),
        ("  strongly-agree ", "strongly agree"),
    ],
)
def test_normalise_label(raw: str, expected: str) -> None:
    assert normalise_label(raw) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=40))
def test_clean_many_cleans_like_clean(values: list[str]) -> None:
    """The vectorised path (long lists) gives exactly what clean() gives, value by value."""
    many = (values * (2_000 // len(values) + 1))[:2_100]
    assert clean_many(many) == [clean(value) for value in many]
