"""Run the command line in-process (``cxmaturity.cli.main``) and keep what it printed."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cxmaturity.cli import main


@dataclass(frozen=True)
class CliRun:
    """One command-line run: its arguments, exit status and output."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str


def run_cli(argv: Sequence[str | Path]) -> CliRun:
    """``python -m cxmaturity ARGV`` without a new interpreter (stdout and stderr captured)."""
    args = tuple(str(arg) for arg in argv)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return CliRun(args, code, out.getvalue(), err.getvalue())
