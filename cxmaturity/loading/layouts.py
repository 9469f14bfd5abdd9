"""Which survey tool wrote a file, and how its header rows turn into named columns.

Each tool shapes its export differently; this module recognises the shape from the first rows
and returns, for every column, a name plus the other texts (question, matrix row label) that
identify it. The data rows are left as they are, except in SurveyMonkey's "expanded" layout,
where one answer spread over one column per option is gathered back into one column.

A tool with extra header rows is recognised only from evidence a respondent's row cannot carry,
because a wrong guess silently turns the first respondent into a header. When in doubt the file
is plain: one header row, every later row a respondent. The evidence, tool by tool:

- Qualtrics, current and 2016: row 3 is mostly ``{"ImportId":…}`` (current) or
  ``{'ImportId': …}`` (2016) tags. Three header rows.
- Qualtrics, legacy: row 1 starts ``V1, V2, …, V5`` or longer, and row 2 holds the legacy
  exporter's labels under them (``ResponseID`` under V1, and at least five of ``ResponseSet``,
  ``Name``, ``ExternalDataReference``, ``EmailAddress``, ``IPAddress``, ``Status``,
  ``StartDate``, ``EndDate``, ``Finished``). A respondent would have an id and dates there.
- Qualtrics, two rows (ids, then texts, no ImportId row): at least three of Qualtrics's own
  field ids in row 1 (``StartDate``, ``Status``, ``ResponseId``…) and, under every such id,
  its English label in row 2 (``Start Date``, ``Response Type``, ``Response ID``…), three or
  more of them worded differently from the id. Otherwise this shape is read only with
  ``tool="qualtrics"``.
- SurveyMonkey, standard and expanded: row 1 names ``Respondent ID`` (or ``RespondentID``);
  row 2 is blank under it and under every other SurveyMonkey metadata column (Collector ID,
  Start Date, End Date, IP Address, Email Address, First Name, Last Name, Custom Data…), while
  a later row holds a respondent id; and row 2 holds sub-header text under the questions:
  ``Response`` / ``Open-Ended Response`` / ``Other (please specify)``, or distinct option or
  matrix-row labels under a question that spans several columns. A row with an id under
  Respondent ID is a respondent, so such a file is plain. "Expanded" means some question's
  option columns only ever repeat their own label, and are gathered back into one answer.
- Google Forms (row 1 starts ``Timestamp``), Microsoft Forms (``ID, Start time, Completion
  time``) and Alchemer (``Response ID, Time Started, Date Submitted`` or ``Time Started, Date
  Submitted, Status``): one header row, so recognising them cannot lose a respondent.

``tool=`` forces a tool when the user knows better; the layout is then chosen as leniently as
before (any ImportId row, else ``V1, V2`` for legacy, else two rows for Qualtrics; SurveyMonkey
always two rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from cxmaturity.text import clean, compact

__all__ = ["HEAD_ROWS", "TOOLS", "Layout", "detect"]

TOOLS = ("qualtrics", "surveymonkey", "google-forms", "microsoft-forms", "alchemer", "plain")
HEAD_ROWS = 200
"""How many first rows ``detect`` looks at; SurveyMonkey's expanded options need a sample."""

_QUALTRICS_IMPORT = re.compile(r"^\{\s*(['\"])ImportId\1\s*:")
_LEGACY_ID = re.compile(r"^V\d+$")
_LEGACY_RUN = 5
_LEGACY_LABELS = frozenset(
    {
        "ResponseID",
        "ResponseSet",
        "Name",
        "ExternalDataReference",
        "EmailAddress",
        "IPAddress",
        "Status",
        "StartDate",
        "EndDate",
        "Finished",
    }
)
_QUALTRICS_FIELDS = {
    "StartDate": "Start Date",
    "EndDate": "End Date",
    "Status": "Response Type",
    "IPAddress": "IP Address",
    "Progress": "Progress",
    "Duration (in seconds)": "Duration (in seconds)",
    "Finished": "Finished",
    "RecordedDate": "Recorded Date",
    "ResponseId": "Response ID",
    "RecipientLastName": "Recipient Last Name",
    "RecipientFirstName": "Recipient First Name",
    "RecipientEmail": "Recipient Email",
    "ExternalReference": "External Data Reference",
    "LocationLatitude": "Location Latitude",
    "LocationLongitude": "Location Longitude",
    "DistributionChannel": "Distribution Channel",
    "UserLanguage": "User Language",
}
_TWO_ROW_LABELS = 3
_MONKEY_ROW2 = {"response", "openendedresponse", "other (please specify)", "otherpleasespecify"}
_MONKEY_ID = "respondentid"
_MONKEY_META = re.compile(
    r"^(respondentid|collectorid|startdate|enddate|ipaddress|emailaddress|firstname|lastname"
    r"|customdata\d*)$"
)
_MS_FORMS_START = ["id", "starttime", "completiontime"]
_ALCHEMER_MARKERS = {"responseid", "timestarted", "datesubmitted"}
_ALCHEMER_ALTERNATIVE = {"timestarted", "datesubmitted", "status"}
_PLAIN = "no survey tool's header rows were found, so row 1 is the only header row"

Rows = list[list[str]]


@dataclass(frozen=True)
class Layout:
    """The shape of one export: the tool, its variant, each column's name and texts, and why."""

    tool: str
    layout: str
    header_rows: int
    names: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    merge: tuple[tuple[int, ...], ...] = ()
    evidence: str = ""


def detect(head: Sequence[Sequence[str]] | pd.DataFrame, *, tool: str | None = None) -> Layout:
    """Recognise the tool from the first rows of a file (text cells, "" when blank).

    ``head`` is up to HEAD_ROWS first rows; rows may differ in length. ``tool`` overrides the
    recognition when a user knows better (``--tool``).
    """
    rows = _text_rows(head)
    if tool is not None:
        return _forced(rows, tool)
    for recognise in _RECOGNISERS:
        found = recognise(rows)
        if found is not None:
            return found
    return _single(rows[0], "plain", _near_miss(rows) or _PLAIN)


def _text_rows(head: Sequence[Sequence[str]] | pd.DataFrame) -> Rows:
    """The first HEAD_ROWS rows, cleaned and padded to one width, never fewer than one row."""
    if isinstance(head, pd.DataFrame):
        head = head.iloc[:HEAD_ROWS].to_numpy().tolist()
    rows = [["" if cell is None else clean(cell) for cell in row] for row in head[:HEAD_ROWS]]
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows] or [[]]


def _row(rows: Rows, index: int) -> list[str]:
    return rows[index] if index < len(rows) else [""] * len(rows[0])


def _forced(rows: Rows, tool: str) -> Layout:
    """The user's tool, with today's lenient choice of layout: they know the file."""
    if tool not in TOOLS:
        raise ValueError(f"unknown tool {tool!r}; use one of {', '.join(TOOLS)}")
    evidence = f"the tool was given as {tool!r}"
    first, second = rows[0], _row(rows, 1)
    if tool == "surveymonkey":
        return _surveymonkey(rows, evidence)
    if tool != "qualtrics":
        return _single(first, tool, evidence)
    if _has_import_tags(rows):
        return _qualtrics(first, second, 3, _import_style(rows), evidence)
    legacy = len(first) > 1 and _LEGACY_ID.match(first[0]) and _LEGACY_ID.match(first[1])
    return _qualtrics(first, second, 2, "legacy" if legacy else "two-row", evidence)


# -- recognisers: each returns a Layout only when it finds its evidence ----------------------


def _qualtrics_import(rows: Rows) -> Layout | None:
    if not _has_import_tags(rows):
        return None
    style = _import_style(rows)
    tags = '{"ImportId": …}' if style == "current" else "{'ImportId': …}"
    evidence = f"row 3 holds Qualtrics ImportId tags ({tags})"
    return _qualtrics(rows[0], rows[1], 3, style, evidence)


def _has_import_tags(rows: Rows) -> bool:
    return _share(_row(rows, 2), _QUALTRICS_IMPORT.match) >= 0.5


def _import_style(rows: Rows) -> str:
    return "current" if '"ImportId"' in " ".join(_row(rows, 2)) else "2016"


def _qualtrics_legacy(rows: Rows) -> Layout | None:
    """V1…Vn over the legacy labels: a respondent would have an id and dates under V1…Vn."""
    first, second = rows[0], _row(rows, 1)
    run = _legacy_run(first)
    labelled = sum(1 for cell in second[:run] if cell in _LEGACY_LABELS)
    if run < _LEGACY_RUN or second[0] != "ResponseID" or labelled < _LEGACY_RUN:
        return None
    evidence = (
        f"row 1 starts V1, V2 … V{run} and row 2 holds Qualtrics's legacy labels under them "
        f"({', '.join(second[:3])} …)"
    )
    return _qualtrics(first, second, 2, "legacy", evidence)


def _legacy_run(first: Sequence[str]) -> int:
    """How many cells row 1 starts with that read V1, V2, V3 … in order."""
    run = 0
    while run < len(first) and first[run] == f"V{run + 1}":
        run += 1
    return run


def _qualtrics_two_row(rows: Rows) -> Layout | None:
    """Qualtrics's field ids over their English labels: a respondent has values there."""
    first, second = rows[0], _row(rows, 1)
    fields = [(cell, second[i]) for i, cell in enumerate(first) if cell in _QUALTRICS_FIELDS]
    if any(_QUALTRICS_FIELDS[id_].casefold() != text.casefold() for id_, text in fields):
        return None
    worded = [(id_, text) for id_, text in fields if text != id_]
    if len({id_ for id_, _ in worded}) < _TWO_ROW_LABELS:
        return None
    shown = ", ".join(f"{text!r} under {id_}" for id_, text in worded[:2])
    evidence = f"row 1 holds Qualtrics field ids and row 2 their labels ({shown} …)"
    return _qualtrics(first, second, 2, "two-row", evidence)


def _surveymonkey_found(rows: Rows) -> Layout | None:
    evidence = _monkey_evidence(rows)
    return _surveymonkey(rows, evidence) if evidence else None


def _monkey_evidence(rows: Rows) -> str:
    """Why row 2 is SurveyMonkey's sub-header and not a respondent ("" when it may not be)."""
    first, second = rows[0], _row(rows, 1)
    keys = [compact(cell) for cell in first]
    meta = [i for i, key in enumerate(keys) if _MONKEY_META.match(key)]
    ids = [i for i, key in enumerate(keys) if key == _MONKEY_ID]
    later_ids = any(row[i] for row in rows[2:] for i in ids)
    if not ids or any(second[i] for i in meta) or (len(rows) > 2 and not later_ids):
        return ""
    questions = [i for i in range(len(first)) if i not in meta]
    blank = "row 2 is blank under the metadata columns (Respondent ID …) that respondents fill"
    if any(compact(second[i]) in _MONKEY_ROW2 for i in questions):
        return f"{blank}, and holds 'Response' / 'Open-Ended Response' under the questions"
    if _spans_columns(first, second, set(questions)):
        return f"{blank}, and holds option or matrix-row labels under questions that span columns"
    return ""


def _spans_columns(first: Sequence[str], second: Sequence[str], questions: set[int]) -> bool:
    """A question heading several columns (blank to its right) with a distinct label on each."""
    return any(
        not first[i] and second[i] and second[i - 1] and second[i] != second[i - 1]
        for i in range(1, len(first))
        if i in questions and i - 1 in questions
    )


def _single_row_tool(rows: Rows) -> Layout | None:
    """Tools with one header row: recognising them is only a label, it cannot lose a row."""
    keys = [compact(cell) for cell in rows[0]]
    if keys[:3] == _MS_FORMS_START:
        return _single(rows[0], "microsoft-forms", "row 1 starts ID, Start time, Completion time")
    if keys and keys[0] == "timestamp":
        return _single(rows[0], "google-forms", "row 1 starts with Timestamp")
    if set(keys) >= _ALCHEMER_MARKERS or set(keys) >= _ALCHEMER_ALTERNATIVE:
        return _single(rows[0], "alchemer", "row 1 holds Time Started and Date Submitted")
    return None


_RECOGNISERS: tuple[Callable[[Rows], Layout | None], ...] = (
    _qualtrics_import,
    _qualtrics_legacy,
    _qualtrics_two_row,
    _surveymonkey_found,
    _single_row_tool,
)


def _near_miss(rows: Rows) -> str:
    """For the import report: why a file that looks like a tool's export was read as plain."""
    first, second = rows[0], _row(rows, 1)
    if _MONKEY_ID in {compact(cell) for cell in first}:
        return (
            "row 1 names Respondent ID but row 2 does not read as SurveyMonkey's sub-header "
            "(it fills a metadata column or holds no 'Response' labels), so row 1 is the only "
            "header row"
        )
    if _legacy_run(first) >= 2:
        return (
            f"row 1 starts V1, V2 but row 2 does not hold Qualtrics's legacy labels "
            f"(it starts {second[0]!r}), so row 1 is the only header row"
        )
    return ""


# -- building the columns ---------------------------------------------------------------------


def _share(row: Sequence[str], test: Callable[[str], object]) -> float:
    filled = [cell for cell in row if cell]
    return sum(1 for cell in filled if test(cell)) / len(filled) if filled else 0.0


def _single(first: Sequence[str], tool: str, evidence: str) -> Layout:
    return Layout(tool, "standard", 1, tuple(first), tuple(() for _ in first), (), evidence)


def _qualtrics(
    first: Sequence[str], second: Sequence[str], header_rows: int, layout: str, evidence: str
) -> Layout:
    """Row 1 holds stable ids (Q2_1), row 2 the question text; legacy files start with V1…V10."""
    names, labels = [], []
    for index, identifier in enumerate(first):
        text = second[index]
        legacy_meta = layout == "legacy" and _LEGACY_ID.match(identifier)
        names.append(text if legacy_meta and text else identifier or text)
        labels.append(tuple(t for t in (text, identifier) if t and t != names[-1]))
    return Layout("qualtrics", layout, header_rows, tuple(names), tuple(labels), (), evidence)


def _surveymonkey(rows: Rows, evidence: str) -> Layout:
    """Row 1 holds each question once, row 2 "Response", a matrix row label or an option label."""
    first, second = rows[0], _row(rows, 1)
    questions = _forward_fill(first)
    groups = _option_groups(rows[2:], questions, second)
    names, labels, merge = [], [], []
    for members in groups:
        index = members[0]
        question, label = questions[index], second[index]
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
        evidence,
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


def _option_groups(data: Rows, questions: Sequence[str], second: Sequence[str]) -> list[list[int]]:
    """Columns of one question (and matrix row) whose cells only ever repeat their own option
    label are one answer spread out: group them so they can be gathered into one column.

    ``data`` is a sample of the first data rows (row 3 on), as many as ``detect`` was given.
    """
    columns = [{row[i] for row in data} - {""} for i in range(len(questions))]
    is_option = [
        bool(label)
        and compact(label) not in _MONKEY_ROW2
        and columns[i] <= {_option_of(label), label}
        for i, label in enumerate(second)
    ]
    groups: list[list[int]] = []
    for index, label in enumerate(second):
        previous = index - 1
        joins = (
            groups
            and is_option[index]
            and is_option[previous]
            and questions[previous] == questions[index]
            and _row_of(second[previous]) == _row_of(label)
        )
        if joins:
            groups[-1].append(index)
        else:
            groups.append([index])
    return [
        members
        for group in groups
        for members in ([group] if any(columns[i] for i in group) else [[i] for i in group])
    ]
