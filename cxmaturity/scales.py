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

import pandas as pd
import yaml

from cxmaturity.errors import Problem
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

    @property
    def numeric(self) -> bool:
        return not self.labels

    def describe(self) -> str:
        favourable = "Yes" if self.points == 2 else f"{self.favourable_from}–{self.points}"
        return f"{self.name} (favourable: {favourable})"


@dataclass(frozen=True)
class ScaleBook:
    """Every scale cxmaturity knows, with the normalised labels of each option."""

    missing: frozenset[str]
    labelled: tuple[tuple[Scale, Mapping[str, int]], ...]
    numeric: Mapping[int, Scale]
    known_labels: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        labels = set().union(*(codes.keys() for _, codes in self.labelled))
        object.__setattr__(self, "known_labels", frozenset(labels))


@dataclass(frozen=True)
class Encoded:
    """Answers as positions on each item's scale, and what was inferred on the way."""

    positions: pd.DataFrame
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
    numeric = {
        int(entry["points"]): Scale(
            f"numeric 1–{entry['points']}", int(entry["points"]), int(entry["favourable_from"])
        )
        for entry in spec["numeric"]
    }
    missing = frozenset(normalise_label(label) for label in spec["missing"])
    return ScaleBook(missing, tuple(labelled), numeric)


def encode(
    answers: pd.DataFrame,
    where: Mapping[str, str],
    *,
    numeric_points: int | None = None,
    book: ScaleBook | None = None,
) -> tuple[Encoded, list[Problem]]:
    """Encode raw answers (one column an item) as nullable integer positions.

    ``where`` describes each item's column for messages ("column 'Q1' in sales.csv").
    Problems are returned, not raised, so every one of them reaches the user together.
    Work is done once per distinct answer, then mapped onto every respondent.
    """
    book = book or load_scales()
    problems: list[Problem] = []
    answered = {item: _answered(answers[item], book) for item in answers}
    seen = {item: counts[~counts["negative"]] for item, counts in answered.items()}
    coded = sum(int(counts.loc[counts["negative"], "rows"].sum()) for counts in answered.values())
    numeric_items = [
        item for item, counts in seen.items() if len(counts) and counts["number"].notna().all()
    ]
    points, notes = _numeric_points(seen, numeric_items, numeric_points, where, problems)
    if coded:
        notes.append(
            f"{coded} answers coded below zero (such as -1 or -99, survey tools' codes for "
            "'not applicable' or 'seen but not answered') were read as missing"
        )
    two_valued = [i for i in numeric_items if set(seen[i]["number"]) <= {1, 2} and points != 2]
    if two_valued:
        notes.append(
            f"{', '.join(where[i] for i in two_valued)}: only the answers 1 and 2 — if this is a "
            "Yes/No question exported as numbers, export choice text instead (numbers would be "
            f"read as a 1–{points} scale)"
        )
    scales: dict[str, Scale] = {}
    columns = {}
    for item, counts in seen.items():
        if item in numeric_items:
            scale = book.numeric.get(points) if points else None
            codes = dict(zip(counts.index, counts["number"].astype(int), strict=True))
        else:
            scale, codes = _labelled_scale(counts, book, where[item], problems)
        if scale is not None:
            scales[item] = scale
        columns[item] = answers[item].map(codes).astype("Int64")
    positions = pd.DataFrame(columns, index=answers.index)
    return Encoded(positions, scales, tuple(notes)), problems


def _answered(column: pd.Series, book: ScaleBook) -> pd.DataFrame:
    """Each distinct non-missing answer of a column: its matching key and how many gave it."""
    counts = column.dropna().value_counts(sort=False)
    text = counts.index.to_series().astype(str).str.strip()
    number = pd.to_numeric(text.where(text.str.fullmatch(NUMERIC.pattern)), errors="coerce")
    negative = pd.to_numeric(text.where(text.str.fullmatch(NEGATIVE.pattern)), errors="coerce")
    frame = pd.DataFrame(
        {"key": counts.index.map(normalise_label), "number": number, "rows": counts.to_numpy()},
        index=counts.index,
    )
    frame["negative"] = negative.notna().to_numpy()
    return frame[~frame["key"].isin(book.missing)]


def _numeric_points(
    seen: Mapping[str, pd.DataFrame],
    numeric_items: list[str],
    declared: int | None,
    where: Mapping[str, str],
    problems: list[Problem],
) -> tuple[int | None, list[str]]:
    if not numeric_items:
        return declared, []
    largest = max(seen[item]["number"].max() for item in numeric_items)
    points, notes = declared, []
    if points is None:
        points = 5 if largest <= 5 else 7
        notes.append(
            f"numeric answers read as a 1–{points} scale (inferred: the largest answer is "
            f"{largest:g}); pass --scale-points to declare it"
        )
    for item in numeric_items:
        counts = seen[item]
        values = counts["number"]
        for raw, rows in counts.loc[(values < 1) | (values > points), "rows"].items():
            problems.append(
                Problem(
                    "answer_out_of_range",
                    f"{where[item]} has the answer {raw!r} ({rows} rows), outside the "
                    f"1–{points} scale; answers must be whole numbers 1–{points}",
                )
            )
    return points, notes


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
        listed = ", ".join(f"{raw!r} ({rows} rows)" for raw, rows in unknown["rows"].items())
        problems.append(
            Problem(
                "unknown_label",
                f"{column} has answers that are not on a known scale: {listed}; "
                "use Yes/No, agreement labels (Strongly disagree … Strongly agree) or whole "
                "numbers, or mark them as missing (blank, N/A, Don't know)",
            )
        )
    else:
        problems.append(
            Problem(
                "mixed_scales",
                f"{column} mixes answers from different scales "
                f"({', '.join(repr(raw) for raw in counts.index)}); one column must use one scale",
            )
        )
    return None, {}
