"""Who counts as leaders and who as the front line ("top floor to shop floor").

The vocabulary is data (``data/roles.yaml``); values are compared ignoring case, spacing and
punctuation, so "Front-line", "front line" and "FRONTLINE" are one.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from cxmaturity.resources import DATA_DIR
from cxmaturity.text import compact

LEADERS = "leaders"
FRONT_LINE = "front line"
ROLE_GROUPS = (LEADERS, FRONT_LINE)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, str]:
    spec = yaml.safe_load((DATA_DIR / "roles.yaml").read_text(encoding="utf-8"))
    words = {compact(v): LEADERS for v in spec["leaders"]}
    words |= {compact(v): FRONT_LINE for v in spec["front_line"]}
    return words


def role_group(value: object) -> str | None:
    """``leaders``, ``front line`` or None for a role value."""
    if not isinstance(value, str):
        return None
    return _vocabulary().get(compact(value))
