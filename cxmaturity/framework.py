"""The instrument: statements, their pillars, and the header texts that identify them.

The instrument is data (``data/frameworks/*.yaml``); this module only reads and checks it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from cxmaturity.errors import FrameworkError
from cxmaturity.resources import FRAMEWORKS_DIR
from cxmaturity.text import clean, compact, normalise_header, strip_numbering

DEFAULT_FRAMEWORK = "bliss-11"
FUZZY_CUTOFF = 0.92
FUZZY_MIN_LENGTH = 20


@dataclass(frozen=True)
class Item:
    """One statement of the survey."""

    id: str
    text: str
    pillar: str
    tip: str = ""


@dataclass(frozen=True)
class Pillar:
    """One of the CX pillars a statement belongs to."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Framework:
    """The statements and pillars a survey is scored on, and how columns are recognised."""

    id: str
    name: str
    items: tuple[Item, ...]
    pillars: tuple[Pillar, ...]
    headers: Mapping[str, tuple[str, ...]] = field(repr=False)
    header_origins: Mapping[str, str] = field(repr=False)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def pillar_ids(self) -> tuple[str, ...]:
        return tuple(pillar.id for pillar in self.pillars)

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item.id == item_id)

    def quoted(self, item_id: str) -> str:
        """A statement as sentences quote it: “its text” (its id)."""
        return f"“{self.item(item_id).text.rstrip('.')}” ({item_id})"

    def items_in(self, pillar_id: str) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.pillar == pillar_id)

    def match_header(
        self, header: object, *, loose: bool = True
    ) -> tuple[tuple[str, ...], str] | None:
        """The item ids a column header stands for and how it was recognised, or None.

        Tried in order: the text as written (case, spacing, quotes and final punctuation
        aside); then ignoring a leading question number and all spacing and punctuation
        ("road map" = "roadmap"); then, for statement-length text, a near-identical wording.
        """
        key = normalise_header(header)
        if key in self.headers:
            return self.headers[key], self.header_origins[key]
        if not loose:
            return None
        loose = compact(strip_numbering(clean(header)))
        if loose in self._compact:
            ids, origin = self._compact[loose]
            return ids, f"{origin}, ignoring numbering, spacing and punctuation"
        if len(loose) < FUZZY_MIN_LENGTH:
            return None
        close = difflib.get_close_matches(loose, self._compact, n=2, cutoff=FUZZY_CUTOFF)
        if not close:
            return None
        ratios = [difflib.SequenceMatcher(None, loose, c).ratio() for c in close]
        if len(close) > 1 and ratios[1] >= ratios[0] - 0.02:
            return None
        ids, origin = self._compact[close[0]]
        return ids, f"{origin}, near-identical wording ({ratios[0]:.0%} alike)"

    def to_spec(self) -> dict:
        """The framework as a plain document (what a saved wave keeps of its instrument)."""
        return {
            "id": self.id,
            "name": self.name,
            "pillars": {p.id: {"name": p.name, "description": p.description} for p in self.pillars},
            "items": [
                {"id": i.id, "text": i.text, "pillar": i.pillar, "tip": i.tip} for i in self.items
            ],
        }

    @cached_property
    def _compact(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {
            compact(strip_numbering(key)): (ids, self.header_origins[key])
            for key, ids in self.headers.items()
            if len(compact(key)) >= 4
        }


def load_framework(source: str | Path | None = None) -> Framework:
    """Load a bundled framework by name (``bliss-11``) or a user's YAML, JSON or CSV file."""
    name = DEFAULT_FRAMEWORK if source is None else str(source)
    bundled = FRAMEWORKS_DIR / f"{name}.yaml"
    path = bundled if bundled.is_file() else Path(name)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yaml")))
        raise FrameworkError(
            f"framework {name!r} not found: give a path to a YAML, JSON or CSV file, "
            f"or one of the bundled frameworks ({known})"
        )
    if path == bundled:
        return _bundled(name)
    return _build(_read_spec(path), [], where=str(path))


@lru_cache(maxsize=8)
def _bundled(name: str) -> Framework:
    """A framework shipped with cxmaturity, read once per process (its files do not change)."""
    path = FRAMEWORKS_DIR / f"{name}.yaml"
    spec = _read_spec(path)
    return _build(spec, _bundled_variants(spec.get("id", name)), where=str(path))


def framework_from_spec(spec: dict, *, where: str) -> Framework:
    """The framework a saved document describes: the bundled one (with its older wordings) when
    the document is the bundled framework unchanged, else the document's own statements."""
    bundled = FRAMEWORKS_DIR / f"{spec.get('id')}.yaml"
    if bundled.is_file():
        framework = load_framework(str(spec.get("id")))
        if framework.to_spec() == spec:
            return framework
    return _build(spec, [], where=where)


def _read_spec(path: Path) -> dict:
    try:
        if path.suffix.lower() == ".csv":
            return _spec_from_csv(path)
        text = path.read_text(encoding="utf-8-sig")
        spec = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FrameworkError(f"cannot read framework file {path}: {reason}") from None
    if not isinstance(spec, dict):
        raise FrameworkError(f"framework file {path} must hold a mapping with an 'items' list")
    return spec


def _spec_from_csv(path: Path) -> dict:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pillars = list(dict.fromkeys(row.get("pillar") or "" for row in rows))
    return {
        "id": path.stem,
        "name": path.stem,
        "pillars": {p: {"name": p.capitalize()} for p in pillars if p},
        "items": rows,
    }


def _bundled_variants(framework_id: str) -> list[dict]:
    """Older or alternative wordings shipped beside a bundled framework (e.g. bliss-9)."""
    variants = []
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(spec, dict) and spec.get("based_on") == framework_id:
            variants.append(spec)
    return variants


def _build(spec: dict, variants: list[dict], *, where: str) -> Framework:
    pillars = _pillars(spec.get("pillars"), where)
    items = _items(spec.get("items"), {p.id for p in pillars}, where)
    headers: dict[str, tuple[str, ...]] = {}
    origins: dict[str, str] = {}

    def add(text: str, ids: tuple[str, ...], origin: str) -> None:
        key = normalise_header(text)
        if key in headers and headers[key] != ids:
            raise FrameworkError(
                f"{where}: the text {text!r} is used for both {'+'.join(headers[key])} "
                f"and {'+'.join(ids)}; each statement text must be unique"
            )
        headers.setdefault(key, ids)
        origins.setdefault(key, origin)

    for item in items:
        add(item.text, (item.id,), "statement text")
        add(item.id, (item.id,), "item id")
    known = {item.id for item in items}
    for variant in [*variants, {"id": "alias", "statements": spec.get("aliases") or []}]:
        for number, entry in enumerate(variant.get("statements") or [], start=1):
            ids = tuple(entry.get("items") or ())
            unknown = sorted(set(ids) - known)
            if unknown or not ids:
                raise FrameworkError(
                    f"{where}: variant {variant.get('id')} statement {number} points at "
                    f"unknown item(s) {unknown or '(none)'}"
                )
            origin = f"{variant.get('id')} statement {entry.get('number', number)}"
            add(str(entry.get("text", "")), ids, origin)
    return Framework(
        id=str(spec.get("id") or Path(where).stem),
        name=str(spec.get("name") or spec.get("id") or Path(where).stem),
        items=items,
        pillars=pillars,
        headers=headers,
        header_origins=origins,
    )


def _pillars(raw: object, where: str) -> tuple[Pillar, ...]:
    if not isinstance(raw, dict) or not raw:
        raise FrameworkError(f"{where}: 'pillars' must map each pillar id to its name")
    return tuple(
        Pillar(
            id=str(key),
            name=str((value or {}).get("name", key)),
            description=str((value or {}).get("description", "")),
        )
        for key, value in raw.items()
    )


def _items(raw: object, pillar_ids: set[str], where: str) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not raw:
        raise FrameworkError(f"{where}: 'items' must be a non-empty list of id, text, pillar")
    items, problems = [], []
    for number, entry in enumerate(raw, start=1):
        entry = entry if isinstance(entry, dict) else {}
        item_id, text = clean(entry.get("id") or ""), clean(entry.get("text") or "")
        pillar = clean(entry.get("pillar") or "")
        if not item_id or not text:
            problems.append(f"item {number} needs both an id and a text")
        elif pillar not in pillar_ids:
            problems.append(
                f"item {item_id} has pillar {pillar!r}; use one of {', '.join(sorted(pillar_ids))}"
            )
        else:
            items.append(
                Item(item_id, str(entry["text"]).strip(), pillar, clean(entry.get("tip") or ""))
            )
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"item id(s) {', '.join(duplicates)} appear more than once")
    if problems:
        raise FrameworkError(f"{where}: " + "; ".join(problems))
    return tuple(items)
