"""Which survey tool wrote a file, and how its header rows turn into named columns.

Each tool shapes its export differently; this module recognises the shape from the first rows
and returns, for every column, a name plus the other texts (question, matrix row label) that
identify it. The data rows are left as they are, except in SurveyMonkey's "expanded" layout,
where one answer spread over one column per option is gathered back into one column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from cxmaturity.text import clean, compact

TOOLS = ("qualtrics", "surveymonkey", "google-forms", "microsoft-forms", "alchemer", "plain")
_QUALTRICS_IMPORT = re.compile(r"^\{\s*(['\"])ImportId\1\s*:")
_LEGACY_ID = re.compile(r"^V\d+$")
_MONKEY_ROW2 = {"response", "openendedresponse", "other (please specify)", "otherpleasespecify"}
_MS_FORMS_START = ["id", "starttime", "completiontime"]
_ALCHEMER_MARKERS = {"responseid", "timestarted", "datesubmitted"}


@dataclass(frozen=True)
class Layout:
    """The shape of one export: the tool, its variant, and each column's name and texts."""

    tool: str
    layout: str
    header_rows: int
    names: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    merge: tuple[tuple[int, ...], ...] = ()


def detect(rows: pd.DataFrame, *, tool: str | None = None) -> Layout:
    """Recognise the tool from the header rows of a raw grid (cells are text, "" when blank).

    ``tool`` overrides the recognition when a user knows better (``--tool``).
    """
    head = [[clean(cell) for cell in rows.iloc[i]] for i in range(min(3, len(rows)))]
    first = head[0]
    second = head[1] if len(head) > 1 else []
    third = head[2] if len(head) > 2 else []
    found = tool or _recognise(first, second, third)
    if found == "qualtrics":
        if _share(third, _QUALTRICS_IMPORT.match) >= 0.5:
            layout = "current" if '"ImportId"' in " ".join(third) else "2016"
            return _qualtrics(first, second, 3, layout)
        if len(first) > 1 and _LEGACY_ID.match(first[0]) and _LEGACY_ID.match(first[1]):
            return _qualtrics(first, second, 2, "legacy")
        return _qualtrics(first, second, 2, "two-row")
    if found == "surveymonkey":
        return _surveymonkey(rows, first, second)
    return _single(first, found)


def _recognise(first: Sequence[str], second: Sequence[str], third: Sequence[str]) -> str:
    if _share(third, _QUALTRICS_IMPORT.match) >= 0.5:
        return "qualtrics"
    if len(first) > 1 and _LEGACY_ID.match(first[0]) and _LEGACY_ID.match(first[1]):
        return "qualtrics"
    if _is_surveymonkey(first, second):
        return "surveymonkey"
    keys = [compact(cell) for cell in first]
    if keys[:3] == _MS_FORMS_START:
        return "microsoft-forms"
    if keys and keys[0] == "timestamp":
        return "google-forms"
    if set(keys) >= _ALCHEMER_MARKERS or {"timestarted", "datesubmitted", "status"} <= set(keys):
        return "alchemer"
    return "plain"


def _share(row: Sequence[str], test) -> float:
    filled = [cell for cell in row if cell]
    return sum(1 for cell in filled if test(cell)) / len(filled) if filled else 0.0


def _single(first: Sequence[str], tool: str) -> Layout:
    return Layout(tool, "standard", 1, tuple(first), tuple(() for _ in first))


def _qualtrics(
    first: Sequence[str], second: Sequence[str], header_rows: int, layout: str
) -> Layout:
    """Row 1 holds stable ids (Q2_1), row 2 the question text; legacy files start with V1…V10."""
    names, labels = [], []
    for index, identifier in enumerate(first):
        text = second[index] if index < len(second) else ""
        legacy_meta = layout == "legacy" and _LEGACY_ID.match(identifier)
        names.append(text if legacy_meta and text else identifier or text)
        labels.append(tuple(t for t in (text, identifier) if t and t != names[-1]))
    return Layout("qualtrics", layout, header_rows, tuple(names), tuple(labels))


def _is_surveymonkey(first: Sequence[str], second: Sequence[str]) -> bool:
    keys = [compact(cell) for cell in first]
    row2 = {compact(cell) for cell in second}
    return (
        bool(keys)
        and (keys[0] == "respondentid" or bool(row2 & _MONKEY_ROW2))
        and ("respondentid" in keys or "response" in row2 or "openendedresponse" in row2)
    )


def _surveymonkey(rows: pd.DataFrame, first: Sequence[str], second: Sequence[str]) -> Layout:
    """Row 1 holds each question once, row 2 "Response", a matrix row label or an option label."""
    questions = _forward_fill(first)
    groups = _option_groups(rows, questions, second)
    names, labels, merge = [], [], []
    for members in groups:
        index = members[0]
        question, label = questions[index], second[index] if index < len(second) else ""
        if len(members) > 1:
            row_label = _row_of(label)
            names.append(f"{question} - {row_label}" if row_label else question)
            labels.append(tuple(t for t in (row_label, question) if t))
        elif compact(label) in _MONKEY_ROW2 or not label:
            names.append(question)
            labels.append(())
        else:
            names.append(f"{question} - {label}" if question else label)
            labels.append(tuple(t for t in (label, question) if t))
        merge.append(tuple(members))
    expanded = any(len(m) > 1 for m in merge)
    return Layout(
        "surveymonkey",
        "expanded" if expanded else "standard",
        2,
        tuple(names),
        tuple(labels),
        tuple(merge),
    )


def _forward_fill(first: Sequence[str]) -> list[str]:
    filled, last = [], ""
    for cell in first:
        last = cell or last
        filled.append(last)
    return filled


def _row_of(label: str) -> str:
    """In an expanded matrix, row 2 reads "Row label - Option"; the row is before the dash."""
    return label.rsplit(" - ", 1)[0] if " - " in label else ""


def _option_of(label: str) -> str:
    return label.rsplit(" - ", 1)[1] if " - " in label else label


def _option_groups(
    rows: pd.DataFrame, questions: Sequence[str], second: Sequence[str]
) -> list[list[int]]:
    """Columns of one question (and matrix row) whose cells only ever repeat their own option
    label are one answer spread out: group them so they can be gathered into one column."""
    data = rows.iloc[2:]
    labels = [second[i] if i < len(second) else "" for i in range(len(questions))]
    is_option = [
        bool(label)
        and compact(label) not in _MONKEY_ROW2
        and {clean(v) for v in data.iloc[:, i].unique()} - {""} <= {_option_of(label), label}
        for i, label in enumerate(labels)
    ]
    answered = [data.iloc[:, i].str.strip().ne("").any() for i in range(len(labels))]
    groups: list[list[int]] = []
    for index, label in enumerate(labels):
        previous = index - 1
        joins = (
            groups
            and is_option[index]
            and is_option[previous]
            and questions[previous] == questions[index]
            and _row_of(labels[previous]) == _row_of(label)
        )
        if joins:
            groups[-1].append(index)
        else:
            groups.append([index])
    return [
        members
        for group in groups
        for members in ([group] if any(answered[i] for i in group) else [[i] for i in group])
    ]
