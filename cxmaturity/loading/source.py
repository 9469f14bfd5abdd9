"""Where a survey file's bytes come from: a path, a pipe or an upload, read within a byte limit.

The limit is counted while reading, so a pipe, ``/dev/stdin`` or a device obeys it as a file
does; a regular file over the limit is refused from its size before a byte is read.
"""

from __future__ import annotations

import math
import mmap
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cxmaturity.errors import Problem, SurveyError

_CHUNK = 1 << 20
_MAP_FROM = 16 << 20  # regular files this large are mapped, not copied, into memory


@dataclass(frozen=True)
class Source:
    """The bytes of one survey file and the name a person knows it by.

    ``data`` is a bytes object, or for a large file on disk a read-only map of it (no copy:
    the page cache is read in place).
    """

    name: str
    stem: str
    suffix: str
    data: bytes | mmap.mmap


def fail(code: str, message: str) -> SurveyError:
    """A SurveyError with a reason code, so tests and callers can tell causes apart."""
    return SurveyError(message, [Problem(code, message)])


def display_name(path: str | os.PathLike[str] | bytes) -> str:
    """A file name as text that can always be printed: undecodable bytes become '\ufffd'.

    File names on Linux are bytes; one that is not UTF-8 reaches Python with surrogate escapes,
    which no terminal or web page can print.
    """
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="replace")


def megabytes(size: int) -> str:
    """A size in MB rounded up, so a file just over the limit never reads as equal to it."""
    return f"{math.ceil(size / 2**20 * 10) / 10:.1f} MB"


def limit_text(max_bytes: int) -> str:
    return f"{max_bytes / 2**20:g} MB"


def read_source(source: str | os.PathLike[str] | Source, *, max_bytes: int) -> Source:
    """The whole file, refused with one line if it is missing, a folder, or over ``max_bytes``."""
    if isinstance(source, Source):
        if len(source.data) > max_bytes:
            raise _too_large(source.name, len(source.data), max_bytes)
        return source
    name = display_name(source)
    path = Path(os.fsdecode(source))
    if path.is_dir():
        raise fail("not-a-file", f"{name}: this is a folder; choose the survey file inside it")
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise _too_large(name, info.st_size, max_bytes)
            data = (
                _read_file(handle, name, max_bytes)
                if stat.S_ISREG(info.st_mode)
                else read_limited(handle, name, max_bytes)
            )
    except FileNotFoundError:
        raise fail("not-found", f"{name}: no such file; check the name and folder") from None
    except OSError as exc:
        raise fail(
            "unreadable",
            f"{name}: the file cannot be opened ({exc.strerror or type(exc).__name__}); check "
            "that you may read it and that no other program has it locked",
        ) from None
    return Source(name, display_name(path.stem), path.suffix.lower(), data)


def from_bytes(name: str, data: bytes) -> Source:
    """An uploaded file: its name as the person's browser gave it, and its bytes."""
    path = Path(name)
    return Source(name, path.stem or name, path.suffix.lower(), data)


def _read_file(handle: BinaryIO, name: str, max_bytes: int) -> bytes | mmap.mmap:
    """A regular file in one read (no copies), still refusing one that grew past the limit;
    a large one is mapped rather than read."""
    size = os.fstat(handle.fileno()).st_size
    if _MAP_FROM <= size <= max_bytes:
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # a file system that cannot map: read it instead
            pass
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    return data


def read_limited(handle: BinaryIO, name: str, max_bytes: int) -> bytes:
    """Read in chunks, refusing as soon as more than ``max_bytes`` arrived."""
    chunks: list[bytes] = []
    total = 0
    while chunk := handle.read(min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(name, None, max_bytes)
    return b"".join(chunks)


def _too_large(name: str, size: int | None, max_bytes: int) -> SurveyError:
    what = f"the file is {megabytes(size)}" if size is not None else "the input goes on"
    return fail(
        "file-too-large",
        f"{name}: {what}, over the {limit_text(max_bytes)} limit; export fewer columns or "
        "split it, or raise the file size limit",
    )
