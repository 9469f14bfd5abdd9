"""Errors written for the person using cxmaturity: what went wrong, where, and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with a reason code a program can test for, and the
    columns it is about (so an editor can show it next to them)."""

    code: str
    message: str
    columns: tuple[str, ...] = ()


class CxMaturityError(Exception):
    """The one error type cxmaturity raises for bad input; its message is for a person."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem("error", message),)

    @classmethod
    def from_problems(cls, problems: Sequence[Problem], *, subject: str) -> CxMaturityError:
        """Collect every problem into one message, so all of them can be fixed at once."""
        if len(problems) == 1:
            return cls(problems[0].message, problems)
        listed = "; ".join(p.message for p in problems)
        return cls(f"{len(problems)} problems in {subject}: {listed}", problems)


class FrameworkError(CxMaturityError):
    """The framework file (statements, pillars) is not usable."""


class SurveyError(CxMaturityError):
    """A survey file cannot be read or scored as it is."""
