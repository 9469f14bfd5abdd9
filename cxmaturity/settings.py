"""Every setting a user can change, declared once: name, default, and what it does.

The README's settings table and the command-line options are checked against this list. The
dashboard reads a setting from its environment variable, set where the app is run — that is
where the data is administered, so a viewer cannot lower the minimum group size.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cxmaturity.errors import CxMaturityError


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    option: str
    help: str
    environment: str | None = None


SETTINGS = (
    Setting(
        "min_group_size",
        5,
        "--min-group-size",
        "divisions with fewer respondents show no scores",
        "CXMATURITY_MIN_GROUP_SIZE",
    ),
    Setting(
        "max_file_mb",
        200,
        "--max-file-mb",
        "largest survey file accepted, in megabytes (also the most an XLSX may unpack to)",
        "CXMATURITY_MAX_FILE_MB",
    ),
)


def configured(name: str) -> int:
    """A whole-number setting as the dashboard's environment sets it (else its default)."""
    setting = next(s for s in SETTINGS if s.name == name)
    raw = os.environ.get(setting.environment or "", "").strip()
    if not raw:
        return int(setting.default)  # type: ignore[call-overload]
    if not raw.isdigit() or int(raw) < 1:
        raise CxMaturityError(
            f"{setting.environment} must be a whole number of 1 or more, not {raw!r}"
        )
    return int(raw)


DEFAULTS = {setting.name: setting.default for setting in SETTINGS}
MIN_GROUP_SIZE: int = DEFAULTS["min_group_size"]  # type: ignore[assignment]
MAX_FILE_MB: int = DEFAULTS["max_file_mb"]  # type: ignore[assignment]

# Hard limits on what one file may hold, so that no upload can exhaust the server's memory.
# Measured figures (bytes read → peak memory) are in docs/importing.md.
MAX_COLUMNS = 16_384  # Excel's own widest sheet
MAX_CELLS = 50_000_000  # rows × columns of one file or sheet (1,000,000 respondents × 50)
