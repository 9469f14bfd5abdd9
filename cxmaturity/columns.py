"""Finding the columns of a survey table: items, division, NPS and descriptive columns.

A column is known by its name and, in exports with several header rows, by more texts: the
question, the matrix row label. Each text is also tried in parts ("Question - Statement",
"Title [Statement]", "Statement:Question"), so a statement is found wherever the tool put it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from cxmaturity.errors import Problem
from cxmaturity.framework import Framework
from cxmaturity.mapping import ColumnMapping
from cxmaturity.text import compact, normalise_header, strip_numbering

DESCRIBED = ("division", "nps", "role", "region", "tenure", "respondent_id", "wave", "date")
UNIQUE_ROLES = ("division", "nps")  # never guessed among several candidate columns
NAMES = {
    "division": (
        "division",
        "department",
        "dept",
        "business unit",
        "business area",
        "function",
        "team",
        "organisational unit",
        "organizational unit",
        "org unit",
    ),
    "nps": ("nps", "net promoter score", "likelihood to recommend", "ltr"),
    "role": ("role", "job role", "job level", "seniority", "management level", "level"),
    "region": ("region", "geography", "market", "country"),
    "tenure": ("tenure", "length of service", "years of service"),
    "respondent_id": ("response id", "responseid", "respondent id", "respondentid", "id"),
    "wave": ("wave", "survey wave", "survey round", "round", "year", "survey year"),
    "date": (
        "date",
        "recorded date",
        "recordeddate",
        "timestamp",
        "completion time",
        "date submitted",
        "end date",
        "enddate",
        "submitdate",
        "submitted at",
    ),
}
MENTIONS = {
    "division": re.compile(r"\b(division|department|business unit)\b"),
    "nps": re.compile(r"\brecommend"),
    "role": re.compile(r"\b(your role|job level|seniority)\b"),
    "region": re.compile(r"\b(which region|your region)\b"),
    "tenure": re.compile(r"\b(tenure|how long have you (worked|been))\b"),
}
_SEPARATORS = (" - ", " – ", " — ", "-", ":", "?", "|", ". ")
_BRACKETED = re.compile(r"^(.*?)\s*\[(.+)\]\s*$")


@dataclass(frozen=True)
class ColumnMap:
    """Which column of one file holds what, and how each was recognised."""

    items: dict[str, str]
    matched_by: dict[str, str]
    described: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    @property
    def division(self) -> str | None:
        return self.described.get("division")

    @property
    def nps(self) -> str | None:
        return self.described.get("nps")


def map_columns(
    columns: Sequence[str],
    framework: Framework,
    *,
    source: str,
    labels: Mapping[str, Sequence[str]] | None = None,
    mapping: ColumnMapping | None = None,
    division_column: str | None = None,
    nps_column: str | None = None,
    personal: Mapping[str, str] | None = None,
) -> tuple[ColumnMap, list[Problem]]:
    """Recognise the columns of one file; problems are returned so all can be shown at once.

    ``personal`` names the columns dropped as personal data (and why): naming one of them as a
    statement, the division, NPS or a filter is refused, never honoured.
    """
    labels = labels or {}
    problems: list[Problem] = _personal_requests(
        personal or {}, source, mapping, {"division": division_column, "nps": nps_column}
    )
    items: dict[str, str] = {}
    matched_by: dict[str, str] = {}
    described: dict[str, str] = {}
    ignored: list[str] = []
    for column in columns:
        texts = [column, *labels.get(column, ())]
        mapped = mapping.target_of(texts) if mapping else None
        if mapped is not None:
            target, written = mapped
            how = f"mapping file {mapping.source} ({written!r})"
            if target == "ignore":
                ignored.append(column)
            elif target in DESCRIBED:
                _claim(described, target, column, source, problems)
                matched_by[column] = how
            else:
                _assign(items, (target,), column, source, problems)
                matched_by[column] = how
            continue
        match = _match_item(texts, framework)
        if match is not None:
            _assign(items, match[0], column, source, problems)
            matched_by[column] = match[1]
    rest = [c for c in columns if c not in matched_by and c not in ignored]
    given = {"division": division_column, "nps": nps_column}
    for role in DESCRIBED:
        if role in described:
            continue
        found = _described(rest, labels, role, given.get(role), source, problems)
        if found is not None:
            described[role] = found
            matched_by[found] = f"{role} column"
            rest.remove(found)
    ignored += rest
    return ColumnMap(items, matched_by, described, tuple(ignored)), problems


def _personal_requests(
    personal: Mapping[str, str],
    source: str,
    mapping: ColumnMapping | None,
    given: Mapping[str, str | None],
) -> list[Problem]:
    """A clear refusal for every request to use a personal column."""
    problems = []
    for column, why in personal.items():
        asked = [role for role, name in given.items() if name and compact(name) == compact(column)]
        mapped = mapping.target_of([column]) if mapping else None
        if mapped is not None and mapped[0] != "ignore":
            asked.append(mapped[0])
        for target in asked:
            problems.append(
                Problem(
                    "personal_column",
                    f"{source}: column {column!r} cannot be used as {target}: {why}, and "
                    "personal data is never read; choose another column",
                    (column,),
                )
            )
    return problems


def candidate_texts(text: str) -> Iterator[str]:
    """A header, then its parts around brackets and separators (" - " before "-" before ":")."""
    yield text
    bracketed = _BRACKETED.match(text)
    if bracketed:
        yield bracketed.group(2)
        yield bracketed.group(1)
    parts = []
    for separator in _SEPARATORS:
        start = text.find(separator)
        while start > 0:
            parts += [text[start + len(separator) :].strip(), text[:start].strip()]
            start = text.find(separator, start + 1)
    yield from dict.fromkeys(p for p in parts if len(p) >= 10)


def _match_item(texts: Sequence[str], framework: Framework) -> tuple[tuple[str, ...], str] | None:
    """Exact wording anywhere in the column's texts first, then looser matches."""
    for loose in (False, True):
        for text in texts:
            for candidate in candidate_texts(text):
                match = framework.match_header(candidate, loose=loose)
                if match is not None:
                    ids, how = match
                    if candidate != texts[0]:
                        how = f"{how}, from {candidate[:60]!r}"
                    return ids, how
    return None


def _assign(
    items: dict[str, str], ids: Sequence[str], column: str, source: str, problems: list[Problem]
) -> None:
    for item_id in ids:
        if item_id in items:
            problems.append(
                Problem(
                    "duplicate_item_column",
                    f"{source}: columns {items[item_id]!r} and {column!r} both hold {item_id}; "
                    "keep one of them for it and set the other to 'not used'",
                    (items[item_id], column),
                )
            )
        else:
            items[item_id] = column


def _claim(
    described: dict[str, str], role: str, column: str, source: str, problems: list[Problem]
) -> None:
    if role in described:
        problems.append(
            Problem(
                f"duplicate_{role}_column",
                f"{source}: the mapping names both {described[role]!r} and {column!r} as {role}; "
                "keep one",
                (described[role], column),
            )
        )
    else:
        described[role] = column


def _described(
    columns: Sequence[str],
    labels: Mapping[str, Sequence[str]],
    role: str,
    given: str | None,
    source: str,
    problems: list[Problem],
) -> str | None:
    """The column the user named, else the one column whose name says it holds ``role``."""
    if given is not None:
        wanted = normalise_header(given)
        found = [
            c for c in columns if wanted in {normalise_header(t) for t in (c, *labels.get(c, ()))}
        ]
        if not found:
            problems.append(
                Problem(
                    f"missing_{role}_column",
                    f"{source}: no column named {given!r}; "
                    f"the columns are {quote_columns(columns)}",
                )
            )
            return None
        return found[0]
    if role == "nps":  # Qualtrics adds a derived Promoter/Passive/Detractor column
        columns = [c for c in columns if not compact(c).endswith("npsgroup")]
    names = {compact(n) for n in NAMES[role]}
    mention = MENTIONS.get(role)
    for tier in ("name", "mention"):
        found = [
            c
            for c in columns
            if any(
                compact(strip_numbering(t)) in names
                if tier == "name"
                else mention is not None and mention.search(normalise_header(t))
                for t in (c, *labels.get(c, ()))
            )
        ]
        if len(found) > 1 and role in UNIQUE_ROLES:
            problems.append(
                Problem(
                    f"ambiguous_{role}_column",
                    f"{source}: several columns could hold the {role}: {quote_columns(found)}; "
                    "choose which one",
                    tuple(found),
                )
            )
            return None
        if found:
            return found[0]
    return None


def quote_columns(headers: Sequence[str], limit: int = 12) -> str:
    """The first few column names, quoted, for a message."""
    listed = ", ".join(repr(h) for h in headers[:limit])
    return listed + (f" … ({len(headers) - limit} more)" if len(headers) > limit else "")
