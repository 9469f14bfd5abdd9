"""Maturity levels 1–5: bands of the overall score, named in ``data/levels.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from cxmaturity.resources import DATA_DIR


@dataclass(frozen=True)
class Level:
    """One maturity band: scores from ``lower`` (inclusive) up to the next band."""

    level: int
    lower: float
    name: str
    meaning: str


@lru_cache(maxsize=1)
def load_levels() -> tuple[Level, ...]:
    spec = yaml.safe_load((DATA_DIR / "levels.yaml").read_text(encoding="utf-8"))
    return tuple(
        Level(int(e["level"]), float(e["from"]), str(e["name"]), str(e["meaning"])) for e in spec
    )


def level_for(score: float | None) -> Level | None:
    """The band a score falls in ([0, 20) → 1 … [80, 100] → 5); None for no score."""
    if score is None or not np.isfinite(score):
        return None
    levels = load_levels()
    index = int(np.searchsorted([lv.lower for lv in levels], score, side="right")) - 1
    return levels[min(max(index, 0), len(levels) - 1)]
