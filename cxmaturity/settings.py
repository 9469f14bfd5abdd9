"""Every setting a user can change, declared once: name, default, and what it does.

The README's settings table and the command-line options are checked against this list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    option: str
    help: str


SETTINGS = (
    Setting(
        "min_group_size", 5, "--min-group-size", "divisions with fewer respondents show no scores"
    ),
    Setting(
        "max_file_mb",
        200,
        "--max-file-mb",
        "largest survey file accepted, in megabytes (also the most an XLSX may unpack to)",
    ),
)

DEFAULTS = {setting.name: setting.default for setting in SETTINGS}
MIN_GROUP_SIZE: int = DEFAULTS["min_group_size"]  # type: ignore[assignment]
MAX_FILE_MB: int = DEFAULTS["max_file_mb"]  # type: ignore[assignment]
