"""Answer scales: turning the labels and numbers people answered into positions 1..points.

The vocabularies live in ``data/scales.yaml``. Each item's scale is inferred from every
answer it received (across all files), so one survey never scores the same label two ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from cxmaturity.errors import Problem
from cxmaturity.loading.privacy import looks_like_free_text, personal_content
from cxmaturity.resources import DATA_DIR
from cxmaturity.text import normalise_label

NUMERIC = re.compile(r"^\d+(\.0+)?$")
NEGATIVE = re.compile(r"^-\d+(\.0+)?$")  # tools' codes for "not applicable" / "seen, unanswered"


@dataclass(frozen=True)
class Scale:
    """An answer scale: its name, number of options and the first favourable option."""

    name: str
    points: int
    favourable_from: int
    labels: tuple[str, ...] = ()
    lowest: int = 1

    @property
    def numeric(self) -> bool:
        return not self.labels

    @property
    def midpoint(self) -> float | None:
        """The neutral middle position of an odd scale; None for an even one."""
        return (self.points + 1) / 2 if self.points % 2 else None

    def value(self, position: int) -> int:
        """The number a respondent wrote for a position (numeric scales)."""
        return position - 1 + self.lowest

    def describe(self) -> str:
        if self.points == 2 and self.labels:
            favourable = "Yes"
        elif self.labels:
            favourable = f"{self.favourable_from}–{self.points}"
        else:
            favourable = f"{self.value(self.favourable_from)}–{self.value(self.points)}"
        return f"{self.name} (favourable: {favourable})"


@dataclass(frozen=True)
class ScaleBook:
    """Every scale cxmaturity knows, with the normalised labels of each option."""

    missing: frozenset[str]
    labelled: tuple[tuple[Scale, Mapping[str, int]], ...]
    known_labels: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        labels = set().union(*(codes.keys() for _, codes in self.labelled))
        object.__setattr__(self, "known_labels", frozenset(labels))


@dataclass(frozen=True)
class Encoded:
    """Each item's answers as positions on its scale, and what was inferred on the way.

    ``lookups[item]`` maps each distinct answer text to its position (1..points); answers not in
    it (blank, N/A, negative codes) are missing.
    """

    lookups: Mapping[str, Mapping[str, int]]
    scales: Mapping[str, Scale]
    notes: tuple[str, ...]


@lru_cache(maxsize=4)
def load_scales(path: Path = DATA_DIR / "scales.yaml") -> ScaleBook:
    """Read the answer vocabularies (bundled ``data/scales.yaml`` unless told otherwise)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    labelled = []
    for entry in spec["labelled"]:
        options = entry["options"]
        scale = Scale(
            name=entry["name"],
            points=len(options),
            favourable_from=int(entry["favourable_from"]),
            labels=tuple(str(variants[0]).capitalize() for variants in options),
        )
        codes = {
            normalise_label(variant): position
            for position, variants in enumerate(options, start=1)
            for variant in variants
        }
        labelled.append((scale, codes))
    missing = frozenset(normalise_label(label) for label in spec["missing"])
    return ScaleBook(missing, tuple(labelled))


NUMERIC_RANGES = ((1, 5), (1, 7), (1, 10), (0, 10))
_RANGE = re.compile(r"^\s*(\d+)\s*[-–—:]\s*(\d+)\s*$")


def numeric_scale(lowest: int, highest: int) -> Scale:
    """Whole numbers ``lowest``..``highest``; favourable = above the midpoint."""
    points = highest - lowest + 1
    return Scale(f"numeric {lowest}–{highest}", points, points // 2 + 1 + points % 2, lowest=lowest)


def parse_range(text: str) -> tuple[int, int]:
    """``"1-4"`` → (1, 4); a scale needs at least two whole numbers, lowest first."""
    found = _RANGE.match(str(text))
    if not found or int(found.group(1)) >= int(found.group(2)) or int(found.group(2)) > 100:
        raise ValueError(f"expected a range of whole numbers such as 1-5 or 0-10, got {text!r}")
    return int(found.group(1)), int(found.group(2))


def encode(
    answers: Mapping[str, pd.Series],
    where: Mapping[str, str],
    *,
    numeric: tuple[int, int] | None = None,
    book: ScaleBook | None = None,
    columns: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[Encoded, list[Problem]]:
    """Decide each item's scale from every answer it received, and how each answer scores.

    ``answers[item]`` counts the rows per distinct answer text; ``where`` describes each item's
    column for messages ("column 'Q1' in sales.csv"). Problems are returned, not raised, so
    every one of them reaches the user together. Work is done once per distinct answer.
    """
    book = book or load_scales()
    problems: list[Problem] = []
    answered = {item: _answered(counts, book) for item, counts in answers.items()}
    seen = {item: counts[~counts["negative"]] for item, counts in answered.items()}
    coded = sum(int(counts.loc[counts["negative"], "rows"].sum()) for counts in answered.values())
    numeric_items = [
        item for item, counts in seen.items() if len(counts) and counts["number"].notna().all()
    ]
    scale, notes = _numeric_scale(seen, numeric_items, numeric, where, problems)
    if coded:
        notes.append(
            f"{coded} answers coded below zero (such as -1 or -99, survey tools' codes for "
            "'not applicable' or 'seen but not answered') were read as missing"
        )
    two_valued = [
        i for i in numeric_items if set(seen[i]["number"]) <= {1, 2} and scale and scale.points > 2
    ]
    if two_valued:
        notes.append(
            f"{', '.join(where[i] for i in two_valued)}: only the answers 1 and 2 — if this is a "
            "Yes/No question exported as numbers, export choice text instead (numbers would be "
            f"read on the {scale.name.removeprefix('numeric ')} scale)"
        )
    scales: dict[str, Scale] = {}
    lookups: dict[str, dict[str, int]] = {}
    for item, counts in seen.items():
        if item in numeric_items:
            found = scale
            numbers = counts["number"].astype(int) - (scale.lowest if scale else 1) + 1
            codes = dict(zip(counts.index, numbers, strict=True))
            if scale:
                codes = {k: v for k, v in codes.items() if 1 <= v <= scale.points}
        else:
            found, codes = _labelled_scale(counts, book, where[item], problems)
        if found is not None:
            scales[item] = found
        lookups[item] = {str(k): int(v) for k, v in codes.items()}
    if columns:
        problems = [_about(problem, where, columns) for problem in problems]
    return Encoded(lookups, scales, tuple(notes)), problems


def _about(
    problem: Problem, where: Mapping[str, str], columns: Mapping[str, tuple[str, ...]]
) -> Problem:
    """The columns a problem's message names (messages start with an item's ``where``)."""
    for item, text in where.items():
        if problem.message.startswith(text):
            return Problem(problem.code, problem.message, columns.get(item, ()))
    return problem


def _answered(counts: pd.Series, book: ScaleBook) -> pd.DataFrame:
    """Each distinct non-missing answer: its matching key, its number if any, how many gave it.

    A handful of texts per statement: worked out in plain Python (numbers in ASCII digits only,
    as survey tools write them)."""
    rows = []
    for value, count in counts[counts > 0].items():
        key = normalise_label(value)
        if key in book.missing:
            continue
        text = str(value).strip()
        number = float(text) if text.isascii() and NUMERIC.fullmatch(text) else float("nan")
        negative = bool(text.isascii() and NEGATIVE.fullmatch(text))
        rows.append((value, key, number, int(count), negative))
    return pd.DataFrame(
        {
            "key": [row[1] for row in rows],
            "number": np.array([row[2] for row in rows], dtype=float),
            "rows": np.array([row[3] for row in rows], dtype=np.int64),
            "negative": np.array([row[4] for row in rows], dtype=bool),
        },
        index=pd.Index([row[0] for row in rows], dtype=counts.index.dtype),
    )


def _numeric_scale(
    seen: Mapping[str, pd.DataFrame],
    numeric_items: list[str],
    declared: tuple[int, int] | None,
    where: Mapping[str, str],
    problems: list[Problem],
) -> tuple[Scale | None, list[str]]:
    """One numeric scale for every numeric item: the declared one, or the standard range
    (1–5, 1–7, 1–10, 0–10) that the answers fit, said in a note."""
    if not numeric_items:
        return (numeric_scale(*declared) if declared else None), []
    smallest = min(seen[item]["number"].min() for item in numeric_items)
    largest = max(seen[item]["number"].max() for item in numeric_items)
    notes = []
    if declared is None:
        fits = [r for r in NUMERIC_RANGES if r[0] <= smallest and largest <= r[1]]
        lowest, highest = fits[0] if fits else (1, 10)
        if smallest == 0 and fits:
            lowest, highest = 0, 10
        notes.append(
            f"numeric answers read as a {lowest}–{highest} scale (inferred: the answers run "
            f"from {smallest:g} to {largest:g}); declare the scale if it is another, such as "
            "1–4 or 1–6"
        )
    else:
        lowest, highest = declared
    scale = numeric_scale(lowest, highest)
    for item in numeric_items:
        values = seen[item]["number"]
        outside = seen[item].loc[(values < lowest) | (values > highest), "rows"]
        for raw, rows in outside.items():
            problems.append(
                Problem(
                    "answer_out_of_range",
                    f"{where[item]} has the answer {raw!r} ({rows} rows), outside the "
                    f"{lowest}–{highest} scale; answers must be whole numbers {lowest}–{highest}",
                )
            )
    return scale, notes


def _labelled_scale(
    counts: pd.DataFrame, book: ScaleBook, column: str, problems: list[Problem]
) -> tuple[Scale | None, dict[str, int]]:
    if counts.empty:
        return None, {}
    keys = set(counts["key"])
    for scale, codes in book.labelled:
        if keys <= codes.keys():
            return scale, dict(zip(counts.index, counts["key"].map(codes), strict=True))
    unknown = counts[~counts["key"].isin(book.known_labels)]
    if len(unknown):
        problems.append(
            Problem(
                "unknown_label",
                f"{column} has {_some_answers(unknown['rows'])} that are not on a known scale — "
                "is it the right column? Statements take Yes/No, agreement labels (Strongly "
                "disagree … Strongly agree) or whole numbers; blank, N/A and Don't know count "
                "as missing",
            )
        )
    else:
        problems.append(
            Problem(
                "mixed_scales",
                f"{column} mixes answers from different scales "
                f"({_some_answers(counts['rows'])}); one column must use one scale",
            )
        )
    return None, {}


QUOTED_ANSWERS = 3


def _some_answers(rows: pd.Series) -> str:
    """A few of a column's answers for a message — none at all when they look like names, free
    text or personal data, which must never be repeated back."""
    values = [str(v) for v in rows.index]
    if len(values) > QUOTED_ANSWERS * 2 or looks_like_free_text(values) or personal_content(values):
        return f"{len(values)} different answers"
    shown = ", ".join(f"{v!r} ({n} rows)" for v, n in rows.head(QUOTED_ANSWERS).items())
    more = len(values) - QUOTED_ANSWERS
    return f"the answers {shown}" + (f" and {more} more" if more > 0 else "")
