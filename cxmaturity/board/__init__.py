"""The board pack: what it says (:mod:`.content`) and the files it is drawn into — an editable
deck (:mod:`.deck`), an HTML report (:mod:`.html`), a PDF report (:mod:`.pdf`) — plus the
Plotly figures the HTML report and the presentation mode share (:mod:`.figures`)."""

from __future__ import annotations

import re


def file_stem(name: str, default: str = "division") -> str:
    """A file name made from a division or wave name: letters, digits, dashes and underscores
    only — never a path, never empty, at most 60 characters."""
    stem = re.sub(r"[^\w-]+", "-", name.replace("&", " and "), flags=re.UNICODE).strip("-_")
    return stem[:60] or default


def file_stems(names: list[str] | tuple[str, ...]) -> dict[str, str]:
    """A distinct file name for each name ("R&D" and "R D" would both be "R-D": the second
    becomes "R-D-2"), compared without case so that no file overwrites another on any disk."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = base = file_stem(name)
        k = 1
        while stem.casefold() in taken:
            k += 1
            stem = f"{base}-{k}"
        taken.add(stem.casefold())
        stems[name] = stem
    return stems
