"""Two groups of a view set side by side: leaders against the front line, one wave against the
one before. Each side gathers one or more values of a dimension (executives and managers are
leaders); a side is shown only when every value it gathers is shown in the view, so the pair
adds no figure the view does not already show."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cxmaturity.cube import Groups
from cxmaturity.roles import FRONT_LINE, LEADERS, role_group
from cxmaturity.scoring import View
from cxmaturity.suppression import RESPONDENTS, view_key


@dataclass(frozen=True)
class Pair:
    """The two sides compared, their statistics, and the values each gathers."""

    dimension: str
    names: tuple[str, str]
    members: tuple[tuple[str, ...], tuple[str, ...]]
    groups: tuple[Groups, Groups]

    def shown(self, found: View, measure: str) -> bool:
        """Whether every value of both sides is shown on this measure (a statement, NPS)."""
        return all(_shown(found, self.dimension, v, measure) for m in self.members for v in m)


def leaders_and_front_line(found: View) -> Pair | None:
    """Leaders (first) against the front line, as the role vocabulary gathers them."""
    if "role" not in found.cube.dims or "role" in found.filters:
        return None
    values = found.cube.labels["role"]
    members = tuple(tuple(v for v in values if role_group(v) == g) for g in (LEADERS, FRONT_LINE))
    return _pair(found, "role", (LEADERS, FRONT_LINE), members)  # type: ignore[arg-type]


def last_two_waves(found: View) -> Pair | None:
    """The last wave (first) against the one before, among waves shown in the view."""
    if "wave" not in found.cube.dims or "wave" in found.filters:
        return None
    waves = sorted(
        (v for v in found.cube.labels["wave"] if _shown(found, "wave", v, RESPONDENTS)),
        key=natural,
    )
    if len(waves) < 2:
        return None
    return _pair(found, "wave", (waves[-1], waves[-2]), ((waves[-1],), (waves[-2],)))


def _pair(
    found: View, dimension: str, names: tuple[str, str], members: tuple[tuple[str, ...], ...]
) -> Pair | None:
    if not all(members) or not all(
        _shown(found, dimension, v, RESPONDENTS) for m in members for v in m
    ):
        return None
    keep = found.cube.select(found.filters)
    column = found.cube.dims.index(dimension)
    values = found.cube.labels[dimension]
    groups = tuple(
        found.cube.whole(
            keep & np.isin(found.cube.atoms[:, column], [values.index(v) for v in m]), n
        )
        for n, m in zip(names, members, strict=True)
    )
    return Pair(dimension, names, (members[0], members[1]), (groups[0], groups[1]))


def _shown(found: View, dimension: str, value: str, measure: str) -> bool:
    filters = {**found.filters, dimension: value}
    return found.suppression.shown(view_key(found.cube, filters, None), measure)


def members_of(pair: Pair, labels: Sequence[object]) -> np.ndarray:
    """For each respondent's value of the pair's dimension: 0, 1 (its side) or -1 (neither)."""
    side = {v: k for k, m in enumerate(pair.members) for v in m}
    return np.array([side.get(v, -1) for v in labels], dtype=np.int64)


def natural(label: object) -> list:
    """Sort key reading numbers as numbers ("Wave 10" after "Wave 9")."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(label))]
