"""From a survey file's bytes to its text: which encoding wrote it, settled from the bytes alone.

Survey tools write UTF-8 (with or without a byte-order mark) or UTF-16; spreadsheet programs
still write the Windows code page of the person's language. The order of trust is: the encoding
the person names, a byte-order mark, UTF-16 recognised by its NUL bytes, strict UTF-8, and only
then a legacy code page chosen by charset-normalizer. A file that mixes encodings is refused
rather than guessed, since any one reading of it garbles the other part.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

import numpy as np
from charset_normalizer import CharsetMatch, from_bytes

from cxmaturity.errors import Problem, SurveyError

__all__ = ["LEGACY_ENCODINGS", "codec_name", "decode"]

LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "mac_roman",
    "latin_1",
    "iso8859_15",
    "iso8859_2",
    "koi8_r",
    "cp932",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "cp949",
    "euc_kr",
)
CJK_ENCODINGS = frozenset({"cp932", "shift_jis", "euc_jp", "gb18030", "big5", "cp949", "euc_kr"})
LATIN_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1254",
    "cp1257",
    "cp1258",
    "mac_roman",
    "latin_1",
    "iso8859_15",
    "iso8859_2",
)

_TEXT_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF16_SNIFF = 4096
_UTF16_NUL_HALF = 0.9
_UTF16_OTHER_HALF = 0.1
_UTF16_CONTROLS = 0.01
_SNIFF_BYTES = 65_536
_SAMPLE_REACH = 2048
_SAMPLE_SKIPS = 10_000
_SCAN_CHUNK = 65_536
_SCAN_LINES = 200_000
_WESTERN_ACCENTS = 0.95
_WESTERN_IN_WORDS = 0.5
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CJK_TEXT = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_JAPANESE = frozenset({"cp932", "shift_jis", "euc_jp"})
_WESTERN_PAIR = ("cp1252", "cp1250")
_KANA = re.compile("[\u3041-\u30ff]")
_LETTERS = frozenset({"Lu", "Ll", "Lt", "Lo"})
_CONTROLS = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]) - set("\t\n\r")
_ASCII_LETTER_BYTES = np.zeros(256, dtype=bool)
_ASCII_LETTER_BYTES[[*range(0x41, 0x5B), *range(0x61, 0x7B)]] = True
# Accented letters of Windows code pages at 80–BF (cp1252 or cp1250): Š Œ/Ś Ť Ž Ź š œ/ś ť ž Ÿ/ź
# Ł Ą Ş/ª Ż ł ą ş/º Ľ ľ ż; bytes C0–FF are accented letters in every Western code page.
_WESTERN_LETTERS_80_BF = (
    b"\x8a\x8c\x8d\x8e\x8f\x9a\x9c\x9d\x9e\x9f\xa3\xa5\xaa\xaf\xb3\xb9\xba\xbc\xbe\xbf"
)
# Typographic marks people type between words: € „ … ‘ ’ “ ” • – — no-break space « ° ´ · ».
_WESTERN_MARKS = b"\x80\x84\x85\x91\x92\x93\x94\x95\x96\x97\xa0\xab\xb0\xb4\xb7\xbb"
_ACCENT_BYTES = np.zeros(256, dtype=bool)
_ACCENT_BYTES[[*range(0xC0, 0x100), *_WESTERN_LETTERS_80_BF, *_WESTERN_MARKS]] = True
_EXPORT_INSTEAD = "export the responses from the survey tool as CSV or XLSX instead"


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file and the codec used (a Python codec name, e.g. 'utf-8', 'utf-8-sig',
    'utf-16', 'utf-16-le', 'cp1252').

    ``name`` is the file as the person knows it, for messages. Raises SurveyError with the code
    "bad-option" (an unknown ``encoding``), "encoding" (undecodable or mixed text) or
    "not-a-table" (NUL bytes: binary data).
    """
    text, codec = _text_and_codec(raw, name, encoding)
    if "\x00" in text:
        raise _binary(name)
    return text, codec


def codec_name(name: str, encoding: str) -> str:
    """Python's name for an encoding the person gave, refusing names that are not text codecs."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise _fail(
            "bad-option",
            f"{name}: {encoding!r} is not a text encoding Python knows; "
            "use e.g. utf-8, utf-16 or cp1252, or leave it out to detect it",
        )
    return info.name


def _fail(code: str, message: str) -> SurveyError:
    """A SurveyError with a reason code, so tests and the layer above can tell causes apart."""
    return SurveyError(message, [Problem(code, message)])


def _binary(name: str) -> SurveyError:
    return _fail(
        "not-a-table",
        f"{name}: the file holds binary data (NUL bytes), so it is not a survey table; "
        + _EXPORT_INSTEAD,
    )


def _text_and_codec(raw: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding:
        codec = codec_name(name, encoding)
        return _decode_as(raw, name, codec, given=True), codec
    codec = _bom_codec(raw) or _utf16_codec(raw)
    if codec:
        return _decode_as(raw, name, codec, given=False), codec
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if b"\x00" in raw:
        raise _binary(name)
    return _legacy(raw, name, first_bad)


def _bom_codec(raw: bytes) -> str | None:
    """The codec a byte-order mark names; UTF-32's are tested first, as they start like UTF-16's."""
    return next((codec for bom, codec in _TEXT_BOMS if raw.startswith(bom)), None)


def _utf16_codec(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a byte-order mark, else None.

    In UTF-16, an ASCII character's high byte is NUL: at every odd offset little-endian, every
    even offset big-endian. Survey exports are mostly ASCII (delimiters, digits, ids), so in the
    first 4 KB at least 90 % of one half of the bytes must be NUL, at most 10 % of the other
    half, and at most 1 % of the characters read may be control codes. Binary data, whose NULs
    fall anywhere, fails these tests and is refused as binary later.
    """
    head = raw[:_UTF16_SNIFF]
    head = head[: len(head) - len(head) % 2]
    units = len(head) // 2
    if not units:
        return None
    even, odd = head[0::2], head[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high.count(0) >= _UTF16_NUL_HALF * units and low.count(0) <= _UTF16_OTHER_HALF * units:
            text = head.decode(codec, errors="replace")
            controls = sum(text.count(c) for c in _CONTROLS)
            return codec if controls <= _UTF16_CONTROLS * len(text) else None
    return None


def _decode_as(raw: bytes, name: str, codec: str, *, given: bool) -> str:
    """Decode strictly; on failure say which byte (and line) broke, and what to do."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + _skipped_bom(raw, codec)
        where = f"byte {offset} (line {_line_at(raw, offset, codec)})"
    except UnicodeError:
        where = "the text"
    advice = (
        "leave the encoding out to detect it, or save the file as CSV UTF-8"
        if given
        else "the file is damaged or mixes encodings; save it again as CSV UTF-8"
    )
    raise _fail("encoding", f"{name}: {where} cannot be read as {codec} text; {advice}")


def _skipped_bom(raw: bytes, codec: str) -> int:
    """utf-8-sig counts error offsets after its BOM; people count from the file's first byte."""
    return len(codecs.BOM_UTF8) if codec == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8) else 0


def _line_at(raw: bytes, offset: int, codec: str) -> int:
    """The line holding a byte, counted as an editor would in text of that codec."""
    if codec.startswith(("utf-16", "utf-32")):
        return raw[:offset].decode(codec, errors="replace").count("\n") + 1
    return _line_of(raw, offset)


def _line_of(raw: bytes, offset: int) -> int:
    """The line of a byte in text whose line ends are ASCII (UTF-8 and the legacy code pages)."""
    return raw.count(_newline(raw), 0, offset) + 1


def _newline(raw: bytes) -> bytes:
    """LF ends lines (CRLF included); a file without any LF is an old Mac file ending them in CR."""
    return b"\n" if b"\n" in raw else b"\r"


# -- legacy code pages and mixed files --------------------------------------------------------


def _legacy(raw: bytes, name: str, first_bad: int) -> tuple[str, str]:
    """Text that is not UTF-8: one legacy code page for the whole file, or an error saying why.

    The code page is chosen on the lines that are not UTF-8 only, so that UTF-8 lines in a
    mixed file cannot pull the choice towards a multi-byte code page that reads both kinds.
    The file mixes encodings when another line is wholly valid UTF-8, holds a non-ASCII
    character, and does not read as ordinary text in that code page: UTF-8 'é' is 'Ã©' in
    cp1252, while Polish 'ÓŁ', valid UTF-8 by chance, is letters in cp1250. So cp1252 'Ã©' on
    a line of its own makes a file mixed (those are the bytes of UTF-8 'é'), but beside cp1252
    accents on the same line it is read as it stands.
    """
    sample = _legacy_sample(raw, raw.rfind(_newline(raw), 0, first_bad) + 1) or raw
    western = _looks_western(sample)
    readings = _readings(sample, western=western)
    utf8_at = _utf8_line(raw, readings)
    if utf8_at is not None:
        raise _fail(
            "encoding",
            f"{name}: the file mixes text encodings (line {_line_of(raw, utf8_at)} is UTF-8, "
            f"line {_line_of(raw, first_bad)} is not), so some letters would "
            "come out wrong; export all the responses again as one CSV UTF-8 file",
        )
    decoded = _decoded(raw, readings)
    if decoded is None and len(sample) < len(raw):
        decoded = _decoded(raw, _readings(raw, western=western))
    if decoded is None:
        raise _fail(
            "encoding",
            f"{name}: the text encoding cannot be recognised (or it mixes several); "
            "save the file as CSV UTF-8",
        )
    return decoded


def _decoded(raw: bytes, readings: tuple[str, ...]) -> tuple[str, str] | None:
    """The file read in the chosen code page, if it reads the whole file."""
    if not readings:
        return None
    try:
        return raw.decode(readings[0]), codecs.lookup(readings[0]).name
    except UnicodeDecodeError:
        return None


def _legacy_sample(raw: bytes, start: int) -> bytes:
    """The stretches of lines from ``start`` that hold bytes invalid as UTF-8, up to ~64 KB.

    Only non-ASCII bytes tell code pages apart, so these stretches decide quickly even for a
    large file. Stretches that are valid UTF-8 are skipped (at most 10,000 of them).
    """
    newline = _newline(raw)
    parts: list[bytes] = []
    size = skipped = 0
    position = start
    while size < _SNIFF_BYTES and skipped < _SAMPLE_SKIPS:
        found = _HIGH_BYTE.search(raw, position)
        if found is None:
            break
        at = found.start()
        begin = max(raw.rfind(newline, max(at - _SAMPLE_REACH, 0), at) + 1, at - _SAMPLE_REACH)
        end = raw.find(newline, at, at + _SAMPLE_REACH)
        end = min(len(raw), at + _SAMPLE_REACH) if end < 0 else end
        stretch = raw[begin:end]
        if _is_utf8(stretch):
            skipped += 1
        else:
            parts.append(stretch)
            size += len(stretch)
        position = end + 1
    return b"\n".join(parts)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _readings(payload: bytes, *, western: bool) -> tuple[str, ...]:
    """The code page charset-normalizer chooses for the payload, then its equals (see _ranked).

    Short Western texts can read as valid Chinese or Japanese too, and a multi-byte code page
    may then win; when the payload looks like Western accents, the choice is made again among
    the code pages of Latin scripts.
    """
    readings = _ranked(payload, LEGACY_ENCODINGS)
    if readings and readings[0] in CJK_ENCODINGS and western:
        return _ranked(payload, LATIN_ENCODINGS) or readings
    return readings


def _ranked(payload: bytes, candidates: tuple[str, ...]) -> tuple[str, ...]:
    """charset-normalizer's choice among ``candidates``, then cp1252 or cp1250 if scored equal.

    Those two are what Excel writes in Western and Central Europe, and on short texts one often
    passes for the other; the mixed-file test then asks both.
    """
    matches = [m for m in from_bytes(payload, cp_isolation=list(candidates)) if not _rare_hangul(m)]
    if not matches:
        return ()
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    choice = _choice(payload, tied)
    if choice not in LATIN_ENCODINGS:
        return (choice,)
    equals = {m.encoding for m in tied} | {choice}
    return (choice, *(codec for codec in _WESTERN_PAIR if codec in equals and codec != choice))


def _choice(payload: bytes, tied: list[CharsetMatch]) -> str:
    """One of the code pages charset-normalizer scored alike, with cp1252 preferred.

    On short texts it often scores several code pages exactly alike (cp1250 and cp1252 above
    all). Among those, the readings needing the fewest Unicode blocks are kept, and cp1252 — what
    Excel writes on Western-European Windows — wins if it is one of them: French 'è' rather than
    Czech 'č'. When only East Asian code pages are tied, a Japanese reading holding kana wins:
    nearly every Japanese sentence has kana, and Chinese or Korean bytes read as a Japanese code
    page give none, while Japanese read as Korean needs fewer blocks than its own three scripts.
    ``encoding=`` overrides the choice.
    """
    if all(m.encoding in CJK_ENCODINGS for m in tied):
        kana = [m for m in tied if m.encoding in _JAPANESE and _KANA.search(str(m))]
        if kana:
            return kana[0].encoding
    fewest = min(len(m.alphabets) for m in tied)
    plainest = [m for m in tied if len(m.alphabets) == fewest]
    if any(m.encoding == "cp1252" or _reads_as_cp1252(payload, str(m)) for m in plainest):
        return "cp1252"
    return plainest[0].encoding


def _rare_hangul(match: CharsetMatch) -> bool:
    """Whether a cp949 reading is mostly the rare syllables cp949 adds to EUC-KR.

    Korean text is written almost wholly in the 2,350 common syllables (both bytes A1–FE).
    Japanese Shift-JIS read as cp949 lands almost wholly in the 8,822 added ones (a byte below
    A1), and charset-normalizer can rank that reading first, so it is not taken as Korean.
    """
    if match.encoding != "cp949":
        return False
    hangul = [ch for ch in str(match) if "\uac00" <= ch <= "\ud7a3"]
    rare = sum(1 for ch in hangul if min(ch.encode("cp949")) < 0xA1)
    return rare * 2 > len(hangul)


def _reads_as_cp1252(payload: bytes, text: str) -> bool:
    try:
        return payload.decode("cp1252") == text
    except UnicodeDecodeError:
        return False


def _looks_western(sample: bytes) -> bool:
    """Whether the non-UTF-8 lines look like a Western single-byte code page, not CJK.

    In Western text the non-ASCII bytes are accented letters or typographic quotes and dashes
    (at least 95 % of them: bytes C0–FF, and those Windows code pages use at 80–BF) that sit
    inside words (at least half of them next to an ASCII letter). Chinese, Japanese and Korean
    text fails one test or both: Shift-JIS and Big5 lead bytes (81–BF) are mostly not accents,
    and GBK, EUC and Big5 characters stand in runs of non-ASCII bytes, away from ASCII letters.
    """
    data = np.frombuffer(sample, dtype=np.uint8)
    high = data >= 0x80
    count = int(np.count_nonzero(high))
    letters = _ASCII_LETTER_BYTES[data]
    in_word = np.zeros_like(high)
    in_word[1:] |= letters[:-1]
    in_word[:-1] |= letters[1:]
    accents = int(np.count_nonzero(high & _ACCENT_BYTES[data]))
    in_words = int(np.count_nonzero(high & in_word))
    return (
        count > 0 and accents >= _WESTERN_ACCENTS * count and in_words >= _WESTERN_IN_WORDS * count
    )


def _utf8_line(raw: bytes, readings: tuple[str, ...]) -> int | None:
    """Where the first line written in UTF-8 starts, in a file that is not UTF-8 as a whole.

    A line counts when all of it is valid UTF-8, it has a non-ASCII character, and it is not
    legacy text that happens to be valid UTF-8 in any of the ``readings`` (see
    ``_reads_as_utf8``; with no reading, any such line counts). Lines holding both kinds are
    left to the code page. The whole file is scanned, since rows appended from another export
    sit at its end: 64 KB chunks without any multi-byte UTF-8 sequence are passed over at C
    speed, and at most 200,000 non-ASCII lines of the others are looked at one by one.
    """
    newline = _newline(raw)
    budget = _SCAN_LINES
    for start, chunk in _chunks(raw, newline):
        if chunk.decode("utf-8", errors="ignore").isascii():
            continue
        for offset, line in _lines(chunk, start, newline):
            if line.isascii():
                continue
            budget -= 1
            if budget < 0:
                return None
            if _is_utf8(line) and all(_reads_as_utf8(line, codec) for codec in readings):
                return offset
    return None


def _chunks(raw: bytes, newline: bytes) -> Iterator[tuple[int, bytes]]:
    """About 64 KB at a time, cut after a line end (or at 128 KB for a longer line)."""
    start = 0
    while start < len(raw):
        cut = raw.find(newline, start + _SCAN_CHUNK, start + 2 * _SCAN_CHUNK)
        end = min(len(raw), start + 2 * _SCAN_CHUNK) if cut < 0 else cut + 1
        yield start, raw[start:end]
        start = end


def _lines(chunk: bytes, start: int, newline: bytes) -> Iterator[tuple[int, bytes]]:
    offset = start
    for line in chunk.split(newline):
        yield offset, line
        offset += len(line) + 1


def _reads_as_utf8(line: bytes, codec: str) -> bool:
    """Whether a line that is valid UTF-8 was written in UTF-8, judged against a code page.

    Legacy text can be valid UTF-8 by chance: Polish 'ÓŁ' in cp1250 is the bytes of Cyrillic
    'ӣ', Chinese '女' in GBK those of 'Ů'. Against a multi-byte code page, a line counts when
    its UTF-8 reading holds kana, hanzi or hangul; against a single-byte one, when one of its
    UTF-8 sequences reads as misread UTF-8 does (see ``_misread``). Either way it counts when
    the code page cannot read it at all.
    """
    try:
        reading = line.decode(codec)
    except UnicodeDecodeError:
        return True
    if codecs.lookup(codec).name in CJK_ENCODINGS:
        return _CJK_TEXT.search(line.decode("utf-8")) is not None
    return any(_misread(reading, m.start(), m.end()) for m in _UTF8_SEQUENCE.finditer(line))


def _misread(reading: str, start: int, end: int) -> bool:
    """Whether one UTF-8 sequence, read one character a byte, looks like misread UTF-8.

    Its lead byte reads as a letter, mostly a capital ('Ã', 'Ä', 'â'); misread UTF-8 shows
    symbols after it ('é' as 'Ã©', '’' as 'â€™'), or a capital inside a lowercase word
    ('ü' as 'ĂĽ' in cp1250: 'MĂĽller'). Legacy text has letters there ('WSPÓŁPRACA').
    """
    if any(unicodedata.category(ch) not in _LETTERS for ch in reading[start + 1 : end]):
        return True
    before, after = reading[start - 1 : start], reading[end : end + 1]
    return reading[start].isupper() and before.isalpha() and after.islower()
