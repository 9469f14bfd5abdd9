"""Text normalisation shared by header matching and answer labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\ufeff": "",
        "\u200b": "",
    }
)
_SPACE = re.compile(r"\s+")
_FINAL_PUNCTUATION = re.compile(r"[\s.?!:;,]+$")
_NOT_WORD = re.compile(r"[^\w]+")


def clean(text: object) -> str:
    """Unicode-normalise, straighten quotes, drop BOMs and collapse whitespace."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACE.sub(" ", folded).strip()


_MANY = 2_000  # from this many distinct values on, ASCII values are cleaned vectorised
_ASCII_SPACE = r"[\t\n\x{0b}\f\r \x{1c}-\x{1f}]+"


def clean_many(values: Sequence[str] | pa.Array) -> list[str]:
    """:func:`clean` for many values at once, with the same results.

    A column of a million distinct answers (response ids, timestamps) would otherwise cost a
    million Python calls. Such values are ASCII, for which cleaning is only the backtick, the
    whitespace and the ends: Arrow does those in bulk; anything else goes through clean().
    ``values`` may be an Arrow string array, which then never becomes Python strings in bulk.
    """
    if len(values) < _MANY:
        items = values.to_pylist() if isinstance(values, pa.Array) else values
        return [clean("" if value is None else value) for value in items]
    array = values if isinstance(values, pa.Array) else pa.array(values, pa.large_string())
    array = pc.fill_null(array.cast(pa.large_string()), "")
    ascii_ = pc.string_is_ascii(array).to_numpy(zero_copy_only=False)
    cleaned = pc.replace_substring(array, "`", "'")
    cleaned = pc.replace_substring_regex(cleaned, _ASCII_SPACE, " ")
    result = pc.utf8_trim(cleaned, " ").to_pylist()
    for index in (~ascii_).nonzero()[0]:
        result[index] = clean(array[int(index)].as_py())
    return result


def normalise_header(text: object) -> str:
    """A header's matching key: case, spacing, quotes and final punctuation do not count."""
    return _FINAL_PUNCTUATION.sub("", clean(text).casefold())


def normalise_label(text: object) -> str:
    """An answer label's matching key: only the letters and digits of its words count."""
    lowered = clean(text).casefold().replace("'", "").replace('"', "")
    return _NOT_WORD.sub(" ", lowered).strip()


_NUMBERING = re.compile(
    r"^\s*(?:#\s*)?(?:(?:q(?:uestion)?\s*)?\d+[a-z]?|[st]\d{1,2})\s*(?:[.):\-\u2013\u2014]+|\s)\s*",
    re.IGNORECASE,
)


def strip_numbering(text: str) -> str:
    """Drop a leading question number or id ("3. ", "Q3 - ", "S04: ") when text follows it."""
    rest = _NUMBERING.sub("", text, count=1)
    return rest if rest.strip() else text


def compact(text: object) -> str:
    """Only the letters and digits, lower-cased: "road map" and "roadmap" become one key."""
    return "".join(ch for ch in clean(text).casefold() if ch.isalnum())
