"""The survey kit: the questionnaire to send out and an empty template that maps without effort."""

from __future__ import annotations

from cxmaturity.export.tables import write_csv_text
from cxmaturity.framework import Framework
from cxmaturity.sample import NPS_QUESTION, ROLES, SCALES

DIVISION_QUESTION = "Which division do you work in?"
ROLE_QUESTION = "Which best describes your role?"
INTRO = (
    "How far do you agree with each statement about how our company runs its customer work? "
    "There are no right answers; your answers are anonymous and reported only for groups of "
    "{minimum} people or more."
)


def questionnaire(framework: Framework, *, scale: str = "agree5", min_group_size: int = 5) -> str:
    """The questionnaire as plain text, ready to paste into Google Forms, Microsoft Forms or
    Qualtrics: one statement a line, keeping the exact wording so exports map by themselves."""
    options = " / ".join(SCALES[scale])
    lines = [
        "Customer-work maturity survey",
        "",
        f"1. {DIVISION_QUESTION} (one choice: list your divisions)",
        f"2. {ROLE_QUESTION} ({' / '.join(r.capitalize() for r in ROLES)})",
        "",
        INTRO.format(minimum=min_group_size),
        f"Answer each with: {options}",
        "",
    ]
    lines += [f"{item.id}. {item.text}" for item in framework.items]
    lines += ["", f"{NPS_QUESTION} (0 = not at all likely, 10 = extremely likely)"]
    return "\n".join(lines) + "\n"


def template_csv(framework: Framework) -> str:
    """An empty response sheet with the headers cxmaturity recognises without a mapping."""
    columns = ["Division", "Role", *(item.text for item in framework.items), NPS_QUESTION]
    return write_csv_text([columns])
