"""Finding the columns of a survey table: items, division, NPS and descriptive columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxmaturity.errors import Problem
from cxmaturity.framework import Framework
from cxmaturity.text import normalise_header

DIVISION_NAMES = (
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
)
ROLE_NAMES = ("role", "job role", "job level", "seniority", "management level")
REGION_NAMES = ("region", "country", "geography", "market")
NPS_NAMES = ("nps", "net promoter score", "likelihood to recommend", "ltr")
NPS_HINT = "recommend"


@dataclass(frozen=True)
class ColumnMap:
    """Which column of one file holds what, and how each item column was recognised."""

    items: dict[str, str]
    matched_by: dict[str, str]
    division: str | None
    nps: str | None
    role: str | None
    region: str | None
    ignored: tuple[str, ...]


def map_columns(
    headers: Sequence[str],
    framework: Framework,
    *,
    source: str,
    division_column: str | None = None,
    nps_column: str | None = None,
) -> tuple[ColumnMap, list[Problem]]:
    """Recognise the columns of one file; problems are returned so all can be shown at once."""
    problems: list[Problem] = []
    items: dict[str, str] = {}
    matched_by: dict[str, str] = {}
    for header in headers:
        match = framework.match_header(header)
        if match is None:
            continue
        ids, how = match
        for item_id in ids:
            if item_id in items:
                problems.append(
                    Problem(
                        "duplicate_item_column",
                        f"{source}: columns {items[item_id]!r} and {header!r} both hold {item_id}; "
                        "remove or rename one of them",
                    )
                )
            else:
                items[item_id] = header
        matched_by[header] = how
    rest = [h for h in headers if h not in matched_by]
    division = _named(rest, division_column, DIVISION_NAMES, "division", source, problems)
    nps = _named(rest, nps_column, NPS_NAMES, "NPS", source, problems, hint=NPS_HINT)
    role = _named(rest, None, ROLE_NAMES, "role", source, [])
    region = _named(rest, None, REGION_NAMES, "region", source, [])
    used = set(matched_by) | {division, nps, role, region}
    ignored = tuple(h for h in headers if h not in used)
    return ColumnMap(items, matched_by, division, nps, role, region, ignored), problems


def _named(
    headers: Sequence[str],
    given: str | None,
    names: Sequence[str],
    what: str,
    source: str,
    problems: list[Problem],
    *,
    hint: str | None = None,
) -> str | None:
    """The column the user named, or the one header that looks like it; None if there is none."""
    if given is not None:
        wanted = normalise_header(given)
        found = [h for h in headers if normalise_header(h) == wanted]
        if not found:
            problems.append(
                Problem(
                    f"missing_{what.lower()}_column",
                    f"{source}: no column named {given!r}; "
                    f"the columns are {quote_columns(headers)}",
                )
            )
            return None
        return found[0]
    keys = {normalise_header(n) for n in names}
    candidates = [
        h
        for h in headers
        if normalise_header(h) in keys or (hint is not None and hint in normalise_header(h))
    ]
    if len(candidates) > 1:
        flag = f"--{what.lower()}-column"
        problems.append(
            Problem(
                f"ambiguous_{what.lower()}_column",
                f"{source}: several columns could hold the {what}: "
                f"{', '.join(repr(c) for c in candidates)}; choose one with {flag}",
            )
        )
        return None
    return candidates[0] if candidates else None


def quote_columns(headers: Sequence[str], limit: int = 12) -> str:
    """The first few column names, quoted, for a message."""
    listed = ", ".join(repr(h) for h in headers[:limit])
    return listed + (f" … ({len(headers) - limit} more)" if len(headers) > limit else "")
