"""The results of scoring a survey, and their JSON and table forms.

A division that may not be shown is not in a ``Results`` object at all — only the count of such
divisions is — so no export, chart or page can show it, by name or by number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from cxmaturity.framework import Framework
from cxmaturity.levels import Level
from cxmaturity.report import ImportReport

STATEMENT_COLUMNS = (
    "score",
    "pct_favourable",
    "n",
    "n_favourable",
    "score_ci_low",
    "score_ci_high",
    "pct_favourable_ci_low",
    "pct_favourable_ci_high",
    "rwg",
    "sd",
)
GAP_COLUMNS = (
    "range",
    "std",
    "min_division",
    "max_division",
    "icc1",
    "divisions",
    "icc1_beyond_levels",
    "gap_F",
    "gap_p",
    "beyond_min_division",
    "beyond_max_division",
    "beyond_min",
    "beyond_max",
)
ORGANISATION = "Organisation"


@dataclass(frozen=True)
class GroupScores:
    """The scores of the organisation or of one division large enough to report."""

    n: int
    score: float
    level: Level | None
    pillars: Mapping[str, float]
    statements: pd.DataFrame
    nps: Mapping[str, float] | None
    withheld: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "withheld": list(self.withheld),
            "score": _number(self.score),
            "level": self.level.level if self.level else None,
            "level_name": self.level.name if self.level else None,
            "pillars": {pillar: _number(value) for pillar, value in self.pillars.items()},
            "statements": {
                item: {key: _number(value) for key, value in row.items()}
                for item, row in self.statements.to_dict(orient="index").items()
            },
            "nps": None if self.nps is None else {k: _number(v) for k, v in self.nps.items()},
        }


@dataclass(frozen=True)
class Division:
    """A division that may be shown: its size and its scores."""

    name: str
    n: int
    scores: GroupScores

    def to_dict(self) -> dict:
        return self.scores.to_dict()


@dataclass(frozen=True)
class Results:
    """Everything ``score`` reports: row accounting, organisation, divisions and gaps."""

    framework: Framework
    items: tuple[str, ...]
    rows_read: int
    respondents: int
    exclusions: Mapping[str, int]
    min_group_size: int
    organisation: GroupScores
    divisions: Mapping[str, Division]
    gaps: pd.DataFrame
    report: ImportReport
    divisions_not_shown: int = 0
    filters: Mapping[str, str] = field(default_factory=dict)
    floor: int | None = field(default=None, compare=False)

    @property
    def rows_excluded(self) -> int:
        return sum(self.exclusions.values())

    def to_dict(self) -> dict:
        """The JSON document of ``python -m cxmaturity score`` (floats unrounded)."""
        return {
            "framework": self.framework.id,
            "rows_read": self.rows_read,
            "respondents": self.respondents,
            "rows_excluded": self.rows_excluded,
            "exclusions": dict(self.exclusions),
            "min_group_size": self.min_group_size,
            "filters": dict(self.filters),
            "divisions_not_shown": self.divisions_not_shown,
            "items": {
                item: {
                    "text": self.framework.item(item).text,
                    "pillar": self.framework.item(item).pillar,
                    "scale": self.report.scales[item].describe()
                    if item in self.report.scales
                    else None,
                }
                for item in self.items
            },
            "organisation": self.organisation.to_dict(),
            "divisions": {name: division.to_dict() for name, division in self.divisions.items()},
            "gaps": {
                item: {key: _number(value) for key, value in row.items()}
                for item, row in self.gaps.to_dict(orient="index").items()
            },
            "notes": list(self.report.notes),
        }

    def to_table(self) -> pd.DataFrame:
        """One row per group and measure (overall, pillar, statement, NPS): the CSV export.

        ``group`` is ``organisation`` (with ``division`` empty) or ``division``.
        """
        rows = _group_rows("organisation", None, self.organisation, self.framework)
        for name, division in self.divisions.items():
            rows += _group_rows("division", name, division.scores, self.framework)
        columns = [
            "group",
            "division",
            "n_respondents",
            "measure",
            "id",
            "text",
            "pillar",
            "level",
            "level_name",
            *STATEMENT_COLUMNS,
        ]
        table = pd.DataFrame(rows).reindex(columns=columns)
        counts = ["n_respondents", "level", "n", "n_favourable"]
        return table.astype({column: "Int64" for column in counts})


def _group_rows(
    group: str, name: str | None, scores: GroupScores, framework: Framework
) -> list[dict]:
    base = {"group": group, "division": name, "n_respondents": scores.n}
    level = scores.level
    rows = [
        {
            **base,
            "measure": "overall",
            "score": scores.score,
            "level": level.level if level else None,
            "level_name": level.name if level else None,
        }
    ]
    rows += [
        {**base, "measure": "pillar", "id": pillar, "pillar": pillar, "score": value}
        for pillar, value in scores.pillars.items()
    ]
    for item, row in scores.statements.iterrows():
        rows.append(
            {
                **base,
                "measure": "statement",
                "id": item,
                "text": framework.item(item).text,
                "pillar": framework.item(item).pillar,
                **row.to_dict(),
            }
        )
    if scores.nps is not None:
        rows.append(
            {
                **base,
                "measure": "nps",
                "id": "nps",
                "score": scores.nps["score"],
                "n": scores.nps["n"],
            }
        )
    return rows


def _number(value: object) -> object:
    """JSON-safe: NaN and missing become null; numpy scalars become Python numbers."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
