"""Mapping files: the user's saved answer to "which column holds what".

A mapping is a CSV with the header ``column,item`` (or a JSON object ``{"column": "item"}``).
``item`` is a statement id (``S01``) or one of the roles below. Columns are matched by name,
ignoring case, spacing and punctuation, so next quarter's export of the same survey maps the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cxmaturity.errors import CxMaturityError, Problem
from cxmaturity.export.tables import unneutralise, write_csv_text
from cxmaturity.framework import Framework
from cxmaturity.text import clean, compact

ROLES = (
    "division",
    "nps",
    "role",
    "region",
    "tenure",
    "respondent_id",
    "wave",
    "date",
    "ignore",
)


@dataclass(frozen=True)
class ColumnMapping:
    """Column → item or role, keyed by the column's compact name."""

    source: str
    targets: Mapping[str, str]
    written: Mapping[str, str]

    def target_of(self, texts: Iterable[str]) -> tuple[str, str] | None:
        """The target of the first text that the mapping names, with the mapping's own spelling."""
        for text in texts:
            key = compact(text)
            if key in self.targets:
                return self.targets[key], self.written[key]
        return None


def load_mapping(path: str | Path, framework: Framework) -> ColumnMapping:
    """Read and check a mapping file; every problem in it is reported at once."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CxMaturityError(f"cannot read mapping file {path}: {exc}") from None
    return parse_mapping(text, path.name, framework)


def parse_mapping(text: str, name: str, framework: Framework) -> ColumnMapping:
    """A mapping from its text; ``name`` ends in .json for JSON, anything else is CSV."""
    path = Path(name)
    pairs = _json_pairs(text, path) if path.suffix.lower() == ".json" else _csv_pairs(text, path)
    ids = {item_id.casefold(): item_id for item_id in framework.item_ids}
    targets: dict[str, str] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for line, column, target in pairs:
        key, wanted = compact(column), clean(target).casefold().replace(" ", "_")
        resolved = ids.get(wanted) or (wanted if wanted in ROLES else None)
        if not key:
            problems.append(Problem("mapping_empty_column", f"{path.name} line {line}: no column"))
        elif resolved is None:
            problems.append(
                Problem(
                    "mapping_unknown_target",
                    f"{path.name} line {line}: {target!r} is not a statement id or a role; use "
                    f"one of {', '.join(framework.item_ids)} or {', '.join(ROLES)}",
                )
            )
        elif key in targets and targets[key] != resolved:
            problems.append(
                Problem(
                    "mapping_conflict",
                    f"{path.name} line {line}: column {column!r} is mapped twice "
                    f"({targets[key]} and {resolved}); keep one",
                )
            )
        else:
            targets[key], written[key] = resolved, clean(column)
    if problems:
        raise CxMaturityError.from_problems(problems, subject=f"mapping file {path.name}")
    return ColumnMapping(path.name, targets, written)


def _csv_pairs(text: str, path: Path) -> list[tuple[int, str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    header = [clean(cell).casefold() for cell in rows[0]] if rows else []
    if header[:2] != ["column", "item"]:
        raise CxMaturityError(
            f"mapping file {path.name} must start with the header 'column,item' "
            "(one row per column: the column's name, then a statement id or a role)"
        )
    return [
        (number, unneutralise(row[0]), unneutralise(row[1]) if len(row) > 1 else "")
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]


def _json_pairs(text: str, path: Path) -> list[tuple[int, str, str]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CxMaturityError(f"mapping file {path.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CxMaturityError(
            f'mapping file {path.name} must be a JSON object like {{"column": "S01"}}'
        )
    return [(number, str(k), v) for number, (k, v) in enumerate(data.items(), start=1)]


def write_mapping(targets: Mapping[str, str]) -> str:
    """A mapping file's text (CSV) for column → target pairs, ready to save and reuse.

    Column names are written formula-safe (a name like ``=A1`` gets a leading apostrophe, which
    reading the file takes off again).
    """
    return write_csv_text([["column", "item"], *targets.items()])
