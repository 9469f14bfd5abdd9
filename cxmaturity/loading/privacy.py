"""Personal columns: recognised by header or by content, so they are dropped as a file is read.

The words live in ``data/personal.yaml``; this module holds only the matching. Three questions:

- ``personal_reason(texts)`` / ``is_personal(texts)``: does a column's header say it holds
  personal data ("Naam:", "Q3. What is your name?", "E-Mail-Adresse")?
- ``personal_content(values)``: whatever the header, do the values look like e-mail addresses,
  phone numbers, IP addresses or postcodes?
- ``looks_like_free_text(values)``: are the values people's names or free text, so that a
  message about the column must not quote them?

Reasons never contain a value, so they can be shown to anyone.
"""

from __future__ import annotations

import ipaddress
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from cxmaturity.resources import DATA_DIR
from cxmaturity.text import clean, strip_numbering

PERSONAL_SHARE = 0.5
"""Values are personal when at least this share of the non-blank ones has a personal shape."""
KIND_SHARE = 0.1
"""A shape is named in the reason when at least this share of the non-blank values has it."""
DISTINCT_SHARE = 0.5
"""Free text and home postcodes vary: at least this share of the values are different."""
FREE_TEXT_DISTINCT = 20
"""So many different answers (varied enough) are free text whatever they look like."""
LONG_ANSWER_WORDS = 6
"""An answer of this many words or more is a sentence, not a label."""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[\W_]+")
_Frames = Mapping[str, tuple[tuple[str, ...], ...]]
_SEGMENT = re.compile(r"[:?!()\[\]{}|/\\,;*<>\"]|\s[-\u2013\u2014]\s|\.\s")


@dataclass(frozen=True)
class Kind:
    """One kind of personal data: what it holds, its exact names and its telling phrases."""

    key: str
    holds: str
    names: frozenset[str]
    phrases: re.Pattern[str] | None


@dataclass(frozen=True)
class Vocabulary:
    """``data/personal.yaml``, folded and compiled for matching."""

    kinds: tuple[Kind, ...]
    before: _Frames
    after: _Frames
    joins: frozenset[str]
    particles: tuple[str, ...]
    not_names: frozenset[str]

    def kind(self, key: str) -> Kind:
        return next(kind for kind in self.kinds if kind.key == key)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = DATA_DIR / "personal.yaml") -> Vocabulary:
    """Read the personal-column vocabulary (bundled ``data/personal.yaml`` unless told)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    framing, names = spec["framing"], spec["person_names"]
    return Vocabulary(
        kinds=tuple(_kind(key, entry) for key, entry in spec["kinds"].items()),
        before=_frames(_strings(framing["before"]), first=True),
        after=_frames(_strings(framing["after"]), first=False),
        joins=frozenset(_strings(framing["joins"])),
        particles=tuple(_strings(names["particles"])),
        not_names=frozenset(word.casefold() for word in _strings(names["not_names"])),
    )


def _strings(entry: object) -> list[str]:
    """A list, or a mapping of language → list, as one list of strings (YAML's ``no`` is not)."""
    lists = entry.values() if isinstance(entry, dict) else [entry]
    words = [word for words in lists for word in words or ()]
    if not all(isinstance(word, str) for word in words):
        raise TypeError(f"personal.yaml: quote every word: {words!r}")
    return words


def _kind(key: str, entry: dict) -> Kind:
    names = frozenset(_key(name) for name in _strings(entry.get("names") or []))
    phrases = _strings(entry.get("phrases") or [])
    pattern = re.compile(r"\b(?:" + "|".join(phrases) + r")\b") if phrases else None
    return Kind(key=key, holds=str(entry["holds"]), names=names, phrases=pattern)


def _frames(words: list[str], *, first: bool) -> _Frames:
    """Framing phrases indexed by the word a header must start (or end) with, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in words:
        tokens = tuple(_words(phrase).split())
        index.setdefault(tokens[0] if first else tokens[-1], []).append(tokens)
    return {word: tuple(sorted(found, key=len, reverse=True)) for word, found in index.items()}


# --------------------------------------------------------------------------- by header


def is_personal(texts: Iterable[str]) -> bool:
    """True when any of a column's texts (name, header rows) names personal data."""
    return personal_reason(texts) is not None


def personal_reason(texts: Iterable[str]) -> str | None:
    """Why a column's texts say it is personal ("its name says it holds e-mail addresses")."""
    for text in texts:
        kinds = _header_kinds(text) if text else ()
        if kinds:
            return f"its name says it holds {load_vocabulary().kind(kinds[0]).holds}"
    return None


@lru_cache(maxsize=16384)
def _header_kinds(text: str) -> tuple[str, ...]:
    """Every kind one header text names, in the vocabulary's order (headers repeat: cached)."""
    vocabulary = load_vocabulary()
    folded = _fold(strip_numbering(clean(text)))
    keys = _framed_keys(folded, vocabulary)
    words = _words(folded)
    return tuple(
        kind.key
        for kind in vocabulary.kinds
        if keys & kind.names or (kind.phrases is not None and kind.phrases.search(words))
    )


def _fold(text: str) -> str:
    """camelCase split, case and accents set aside: "RecipientEmail" → "recipient email"."""
    decomposed = unicodedata.normalize("NFKD", _CAMEL.sub(" ", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> str:
    return _NON_WORD.sub(" ", _fold(text)).strip()


def _key(text: str) -> str:
    """A name's matching key: its words without spaces ("e-mail adres" → "emailadres")."""
    return _words(text).replace(" ", "")


def _framed_keys(folded: str, vocabulary: Vocabulary) -> set[str]:
    """The keys of a header's parts, each split at joining words and stripped of framing."""
    keys = set()
    for segment in _SEGMENT.split(folded):
        part: list[str] = []
        for token in [*_NON_WORD.sub(" ", segment).split(), ""]:
            if token and token not in vocabulary.joins:
                part.append(token)
            elif part:
                keys.add("".join(_unframe(tuple(part), vocabulary)))
                part = []
    return keys


def _unframe(words: tuple[str, ...], vocabulary: Vocabulary) -> tuple[str, ...]:
    """Strip "please enter your" … "(optional)" and trailing numbers ("Email 2") until stable."""
    while True:
        stripped = _strip_start(words, vocabulary.before)
        stripped = _strip_end(stripped, vocabulary.after)
        while len(stripped) > 1 and stripped[-1].isdigit():
            stripped = stripped[:-1]
        if stripped == words:
            return words
        words = stripped


def _strip_start(words: tuple[str, ...], frames: _Frames) -> tuple[str, ...]:
    for frame in frames.get(words[0], ()):
        if len(words) > len(frame) and words[: len(frame)] == frame:
            return words[len(frame) :]
    return words


def _strip_end(words: tuple[str, ...], frames: _Frames) -> tuple[str, ...]:
    for frame in frames.get(words[-1], ()):
        if len(words) > len(frame) and words[-len(frame) :] == frame:
            return words[: -len(frame)]
    return words


# --------------------------------------------------------------------------- by content

_SP = r"[^\S\n]"
_TOWN = r"[A-Z\u00c0-\u00de][^\d\n]*"
_SHAPES = {
    "email": r"(?:[^\n<>@]*<)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}>?",
    "link": r"https?://[^\s?]+\?[^\n]*?\b(?:e-?mail|(?:first|last|full|user)?_?name|phone|tel"
    r"|mobile|uid|user_?id|contact_?id|recipient\w*)=[^\n]*",
    "ipv4": r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)",
    "ipv6": r"[0-9a-f]*:[0-9a-f:.]*:[0-9a-f:.]*",
    "zip4": rf"\d{{5}}-\d{{4}}(?:{_SP}+[^\d\n]+)?",
    "uk": rf"[a-z]{{1,2}}\d[a-z\d]?{_SP}*\d[a-z]{{2}}(?:{_SP}+[^\d\n]+)?",
    "nl": rf"[1-9]\d{{3}}{_SP}?(?!sa|sd|ss|km|kg|cm|mm|ml|am|pm)[a-z]{{2}}(?![a-z])"
    rf"(?:{_SP}+[^\d\n]+)?",
    "town": rf"(?-i:\d{{4,5}}{_SP}+{_TOWN})",
    "hinted": r"\d{4,5}(?:-\d{4})?",
    "phone": (
        r"(?!(?:\d{4}[-/. ]\d{1,2}[-/. ]\d{1,2}|\d{1,2}[-/. ]\d{1,2}[-/. ](?:\d{2}|\d{4}))$)"
        r"(?=(?:[^\d\n]*\d){8,15}[^\d\n]*$)"
        r"(?:(?:\+|00)[1-9][\d() ./-]*\d"
        r"|\(?0[1-9][\d() ./-]*\d"
        r"|\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]\d{4}"
        r"|(?!\d{1,3}(?:[ .]\d{3})+$)[1-9]\d{1,3}(?:[ -]\d{2,4}){2,5})"
        rf"(?:{_SP}*(?:ext\.?|x|\#){_SP}*\d{{1,5}})?"
    ),
}
_SHAPE_KINDS = {
    "email": "email",
    "link": "link",
    "ipv4": "ip",
    "ipv6": "ip",
    "zip4": "postcode",
    "uk": "postcode",
    "nl": "postcode",
    "town": "postcode",
    "hinted": "postcode",
    "phone": "phone",
}


@lru_cache(maxsize=2)
def _shapes(*, hinted: bool) -> re.Pattern[str]:
    """One pattern for every shape, a line per value; the first shape that fits names it."""
    names = [name for name in _SHAPES if hinted or name != "hinted"]
    body = "|".join(f"(?P<{name}>{_SHAPES[name]})" for name in names)
    return re.compile(rf"^(?:{body})$", re.IGNORECASE | re.MULTILINE)


def personal_content(values: Sequence[str | None], *, texts: Iterable[str] = ()) -> str | None:
    """Why a column's values are personal ("it holds e-mail addresses"), or None.

    ``values`` is a sample of the column (blanks and None are skipped); it is personal when at
    least ``PERSONAL_SHARE`` of the non-blank values have a personal shape. Plain 4–5 digit
    numbers count as postcodes only when ``texts`` (the column's header texts) mention one.
    """
    lines = _present(values)
    if not lines:
        return None
    hinted = any("postcode" in _header_kinds(text) for text in texts if text)
    counts = _shape_counts(lines, hinted=hinted)
    if sum(counts.values()) < PERSONAL_SHARE * len(lines):
        return None
    vocabulary = load_vocabulary()
    kinds = [key for key, count in counts.most_common() if count >= KIND_SHARE * len(lines)]
    return "it holds " + " and ".join(vocabulary.kind(key).holds for key in kinds)


def _present(values: Sequence[str | None]) -> list[str]:
    """The non-blank values, each on one line with its spaces collapsed."""
    lines = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        line = " ".join(str(value).split())
        if line:
            lines.append(line)
    return lines


def _shape_counts(lines: list[str], *, hinted: bool) -> Counter[str]:
    """How many values have each personal shape: one regex pass over all values at once."""
    counts: Counter[str] = Counter()
    towns: list[str] = []
    for match in _shapes(hinted=hinted).finditer("\n".join(lines)):
        shape = match.lastgroup or ""
        if shape == "ipv6" and not _is_ip(match.group()):
            continue
        if shape == "town":
            towns.append(match.group())
            continue
        counts[_SHAPE_KINDS[shape]] += 1
    if towns and (hinted or len(set(towns)) >= DISTINCT_SHARE * len(towns)):
        counts["postcode"] += len(towns)
    return counts


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- free text

_LONG = re.compile(rf"^(?:\S+{_SP}+){{{LONG_ANSWER_WORDS - 1},}}\S", re.MULTILINE)
_UPPER, _LOWER = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"
_NAME_WORD = rf"[{_UPPER}](?:[{_LOWER}]+|['\u2019][{_UPPER}][{_LOWER}]+)(?:-[{_UPPER}][{_LOWER}]+)*"
_INITIAL = rf"[{_UPPER}]\."


@lru_cache(maxsize=1)
def _person_names() -> re.Pattern[str]:
    """Names as people write them, two to four capitalised parts: "Jan van der Berg",
    "J. Smith", "Smith, Jane"."""
    particles = "|".join(re.escape(p) for p in load_vocabulary().particles)
    part = rf"(?:{_SP}+(?:(?:{particles}){_SP}+)*)"
    first = rf"(?:{_NAME_WORD}|{_INITIAL})"
    written = rf"{first}(?:{part}{first}){{0,2}}{part}{_NAME_WORD}"
    reversed_ = rf"{_NAME_WORD}(?:{_SP}+{_NAME_WORD})?,{_SP}*{_NAME_WORD}(?:{_SP}+{_NAME_WORD})?"
    return re.compile(rf"^(?:{written}|{reversed_})$", re.MULTILINE)


def looks_like_free_text(values: Sequence[str | None]) -> bool:
    """True when a column's values are people's names or free text: never quote them.

    The values must vary (at least ``DISTINCT_SHARE`` of them different), and then either be
    many (``FREE_TEXT_DISTINCT`` different answers or more) or mostly look like
    "Firstname Lastname" or sentences of ``LONG_ANSWER_WORDS`` words or more.
    """
    lines = _present(values)
    distinct = len({line.casefold() for line in lines})
    if not lines or distinct < DISTINCT_SHARE * len(lines):
        return False
    if distinct >= FREE_TEXT_DISTINCT:
        return True
    joined = "\n".join(lines)
    shaped = max(_count_person_names(joined), len(_LONG.findall(joined)))
    return shaped >= 0.5 * len(lines)


def _count_person_names(joined: str) -> int:
    """Values written like a person's name and holding no division, region or answer word."""
    not_names = load_vocabulary().not_names
    return sum(
        1
        for found in _person_names().findall(joined)
        if not not_names.intersection(found.casefold().replace(",", " ").split())
    )
