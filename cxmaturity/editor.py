"""The column editor and import report behind the Upload page, as plain data.

Every column of the uploaded files, a few of its answers, how it was recognised and what a
person maps it to; the mapping file an edited table writes; the problems of an applied mapping
listed by column; and what the import report says about each file, in the app's words. The page
only draws these, so all of it is tested without a browser.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from cxmaturity.columns import ColumnMap, map_columns
from cxmaturity.errors import Problem
from cxmaturity.framework import Framework
from cxmaturity.loading import Table
from cxmaturity.loading.privacy import looks_like_free_text
from cxmaturity.mapping import ColumnMapping, write_mapping
from cxmaturity.report import FileReport
from cxmaturity.scales import Scale

NOT_USED = "ignore"  # as a mapping file says it; shown as "not used"
ROLE_LABELS = {
    "division": "Division",
    "role": "Role (leaders, front line…)",
    "region": "Region",
    "wave": "Survey wave (round or year)",
    "nps": "NPS: likelihood to recommend (0–10)",
    "respondent_id": "Response id",
    "date": "Response date",
    "tenure": "Tenure",
}
ROLE_NAMES = {
    "division": "Division",
    "wave": "Survey wave",
    "respondent_id": "Response id",
    "nps": "NPS",
    "role": "Role",
    "region": "Region",
    "tenure": "Tenure",
    "date": "Response date",
}
SAMPLE_ANSWERS = 3
EDITOR_COLUMNS = ("file", "column", "header", "answers", "found", "use", "texts")
SCALES: dict[str, tuple[int, int] | None] = {
    "inferred from the answers": None,
    "1–4": (1, 4),
    "1–5": (1, 5),
    "1–6": (1, 6),
    "1–7": (1, 7),
    "1–10": (1, 10),
    "0–10": (0, 10),
}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_WHOLE_NUMBER = re.compile(r"^-?\d+(\.0+)?$")
_NO_WORDS = re.compile(r"^[\d\s:/.,+\-TZ]+$")  # numbers, dates and times: never names
_SHARED_MIN = 12  # characters two question texts must share before the shared part moves last
_BREAK = re.compile(r"[?:\[|]\s*|\s[-–—]\s*")


@dataclass(frozen=True)
class Choice:
    """One thing a column can be mapped to: its value in a mapping file and its label."""

    value: str
    label: str


def choices(framework: Framework) -> tuple[Choice, ...]:
    """Not used, every statement (id · text), then the descriptive roles."""
    statements = tuple(Choice(i.id, f"{i.id} · {i.text}") for i in framework.items)
    roles = tuple(Choice(value, label) for value, label in ROLE_LABELS.items())
    return (Choice(NOT_USED, "not used"), *statements, *roles)


def labels(framework: Framework) -> dict[str, str]:
    """Each choice's label by its value, for showing a ``use`` value."""
    return {choice.value: choice.label for choice in choices(framework)}


def column_table(
    tables: Sequence[Table], framework: Framework, mapping: ColumnMapping | None = None
) -> pd.DataFrame:
    """One row per column of every file: file, column, its other header texts (the part that
    tells it from its neighbours first), a few answers (none from a column of free text or
    names; personal columns are not there at all), how it was recognised, what it is used as,
    and every header text in full (``texts``)."""
    rows = []
    for table in tables:
        auto = _recognised(table, framework, None)
        mapped = auto if mapping is None else _recognised(table, framework, mapping)
        auto_use, use = _uses(auto), _uses(mapped)
        shown = distinctive({c: (*table.labels.get(c, ()), "")[0] for c in table.columns})
        for column in table.columns:
            others = table.labels.get(column, ())
            named = mapping.target_of([column, *others]) if mapping else None
            if named is not None:  # as the person chose, even where it conflicts
                use[column] = named[0]
            if use.get(column, NOT_USED) == auto_use.get(column, NOT_USED):
                found = _how(auto, column)
            else:
                found = f"set in {mapping.source}" if mapping else ""
            rows.append(
                {
                    "file": table.source,
                    "column": column,
                    "header": " | ".join([shown[column], *others[1:]]) if others else "",
                    "answers": sample_answers(table.sample[column].tolist()),
                    "found": found,
                    "use": use.get(column, NOT_USED),
                    "texts": " | ".join(others),
                }
            )
    return pd.DataFrame(rows, columns=list(EDITOR_COLUMNS))


def _recognised(table: Table, framework: Framework, mapping: ColumnMapping | None) -> ColumnMap:
    found, _ = map_columns(
        list(table.columns),
        framework,
        source=table.source,
        labels=table.labels,
        mapping=mapping,
        personal=table.personal_reasons,
    )
    return found


def _uses(found: ColumnMap) -> dict[str, str]:
    use = {column: item for item, column in found.items.items()}
    return use | {column: role for role, column in found.described.items()}


def _how(found: ColumnMap, column: str) -> str:
    role = next((r for r, c in found.described.items() if c == column), None)
    if role is not None:
        return "by its name or question"
    return found.matched_by.get(column, "")


def distinctive(texts: Mapping[str, str]) -> dict[str, str]:
    """Each text with the question it shares with another text moved last ("Pay · How
    satisfied are you with …?"), so texts that differ only at the end can be told apart when
    cut short. The shared part ends at a separator (``?``, ``:``, `` - ``, ``[``, ``|``)."""
    ordered = sorted({t for t in texts.values() if t})
    shared: dict[str, int] = {}
    for before, after in itertools.pairwise(ordered):
        length = _shared_length(before, after)
        for text in (before, after):
            shared[text] = max(shared.get(text, 0), length)
    result = {}
    for column, text in texts.items():
        ends = [m.end() for m in _BREAK.finditer(text[: shared.get(text, 0)])]
        rest = text[ends[-1] :].strip(" -–—:|[]") if ends else ""
        if not ends or ends[-1] < _SHARED_MIN or not rest:
            result[column] = text
        else:
            result[column] = f"{rest} · {text[: ends[-1]].rstrip(' [-–—:|').strip()}"
    return result


def _shared_length(first: str, second: str) -> int:
    """How many leading characters two texts have in common."""
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


def sample_answers(values: Sequence[str | None]) -> str:
    """The first few different answers of a column, or a note when there are none to show."""
    given = [v for v in values if v]
    if not given:
        return "(no answers in the first rows)"
    if not all(_NO_WORDS.match(v) for v in given) and looks_like_free_text(given):
        return "(free text or names: not shown)"
    distinct = list(dict.fromkeys(given))
    shown = " · ".join(distinct[:SAMPLE_ANSWERS])
    return shown + (" · …" if len(distinct) > SAMPLE_ANSWERS else "")


def use_of(value: object) -> str:
    """A ``use`` cell as a mapping target: a cleared cell (None, NaN, "", "nan") is not used."""
    if not isinstance(value, str) or value.strip().lower() in ("", "nan", "none", NOT_USED):
        return NOT_USED
    return value.strip()


def with_edits(table: pd.DataFrame, edits: Mapping[str, object]) -> pd.DataFrame:
    """The table with the uses a person chose (by column name, as a mapping file names them)."""
    chosen = [
        use_of(edits[c]) if c in edits else use
        for c, use in zip(table["column"], table["use"], strict=True)
    ]
    return table.assign(use=chosen)


def edited_uses(
    view: pd.DataFrame, edited_rows: Mapping[int | str, Mapping[str, object]]
) -> dict[str, str]:
    """The uses chosen in an editor's cells, by column name; ``edited_rows`` holds the changed
    cells by the row's position in ``view`` (as a data editor reports them)."""
    return {
        str(view["column"].iloc[int(row)]): use_of(change["use"])
        for row, change in edited_rows.items()
        if "use" in change and 0 <= int(row) < len(view)
    }


def rows_in(table: pd.DataFrame, keys: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """The table's rows for these (file, column) pairs, in their order: the rows an editor
    showed when it was drawn, whatever has changed in them since."""
    position = {key: n for n, key in enumerate(zip(table["file"], table["column"], strict=True))}
    return table.iloc[[position[key] for key in keys if key in position]]


def search(
    table: pd.DataFrame, text: str, use_labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The rows whose column, header texts, answers or use contain every word of ``text``
    (case aside): finding one column among hundreds."""
    words = text.casefold().split()
    if not words:
        return table
    uses = table["use"].map(lambda v: (use_labels or {}).get(v, v))
    haystack = (
        table["column"].astype(str)
        + " "
        + table["texts"].astype(str)
        + " "
        + table["answers"].astype(str)
        + " "
        + uses.astype(str)
    ).str.casefold()
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return table[keep]


def mapping_text(table: pd.DataFrame) -> str:
    """The mapping file an edited table stands for: every column named, "ignore" when unused,
    so next quarter's export of the same survey is read exactly the same way."""
    targets: dict[str, str] = {}
    for column, use in zip(table["column"], table["use"], strict=True):
        targets.setdefault(str(column), use_of(use))
    return write_mapping(targets)


def numeric_answers(tables: Sequence[Table], table: pd.DataFrame, item_ids: Sequence[str]) -> bool:
    """Whether a column used as a statement is answered with whole numbers (so the scale they
    are on is a question to ask)."""
    by_file = {t.source: t for t in tables}
    for source, column, use in zip(table["file"], table["column"], table["use"], strict=True):
        if use not in item_ids or source not in by_file:
            continue
        given = [v for v in by_file[source].sample[column] if v]
        if given and all(_WHOLE_NUMBER.match(v) for v in given):
            return True
    return False


def unrecognised_files(table: pd.DataFrame, item_ids: Sequence[str]) -> list[str]:
    """The files none of whose columns is used as a statement."""
    used = table[table["use"].isin(list(item_ids))]
    return [f for f in dict.fromkeys(table["file"]) if f not in set(used["file"])]


def problems_by_column(problems: Sequence[Problem]) -> dict[str, list[str]]:
    """Each column's problems (messages), for showing next to its row; "" for the others."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        for column in problem.columns or ("",):
            found.setdefault(column, []).append(problem.message)
    return found


def with_problems(table: pd.DataFrame, problems: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The table with a ``problem`` column saying what is wrong with each row, if anything (the
    row's file name, which a message starts with, left out: the row says it)."""
    notes = [
        " ".join(message.removeprefix(f"{source}: ") for message in problems.get(str(column), ()))
        for source, column in zip(table["file"], table["column"], strict=True)
    ]
    return table.assign(problem=notes)


def file_facts(table: Table, report: FileReport | None = None) -> list[tuple[str, str]]:
    """What the import report says about one file, as (what, detail) lines a person reads.

    ``report`` is the file's part of a survey that was read; without it (the survey could not
    be read yet) the facts come from the table alone.
    """
    how = "a plain table" if table.tool == "plain" else f"a {_tool_name(table.tool)} export"
    if table.layout not in ("standard", ""):
        how += f" ({table.layout} layout)"
    facts = [("Read as", how)]
    if table.evidence:
        facts.append(("Because", table.evidence))
    if table.sheet:
        facts.append(
            ("Sheet", table.sheet + (f" (of {len(table.sheets)})" if len(table.sheets) > 1 else ""))
        )
    if table.encoding:
        facts.append(("Encoding", table.encoding))
    if table.delimiter:
        facts.append(("Separator", DELIMITERS.get(table.delimiter, repr(table.delimiter))))
    facts.append(("Header rows", str(table.header_rows)))
    if len(table.sheets) > 1 and table.header_rows == 1 and any(table.labels.values()):
        facts.append(("Question texts", "from another sheet that lists the columns (a codebook)"))
    facts.append(("Rows", f"{report.rows if report is not None else table.rows:,}"))
    reasons: dict[str, list[str]] = {}
    for name in table.personal_dropped:
        reasons.setdefault(table.personal_reasons.get(name, "personal data"), []).append(name)
    dropped = "; ".join(f"{', '.join(names)} ({why})" for why, names in reasons.items())
    facts.append(("Personal columns dropped", dropped or "none found"))
    return facts


def column_facts(rows: pd.DataFrame, item_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Which columns of one file (its rows of the editor table) hold the statements and the
    descriptive columns."""
    use = {
        target: f"{column} — {_cut(texts)}" if texts else column
        for target, column, texts in zip(rows["use"], rows["column"], rows["texts"], strict=True)
    }
    missing = [i for i in item_ids if i not in use]
    statements = f"{len(item_ids) - len(missing)} of {len(item_ids)}"
    if missing:
        statements += f" (not found: {', '.join(missing)})"
    facts = [("Statements", statements)]
    facts += [(name, use[role]) for role, name in ROLE_NAMES.items() if role in use]
    return facts


def scales_text(scales: Mapping[str, Scale], *, chosen: bool = False) -> str:
    """The answer scales used and for which statements; numeric ones say how they were decided."""
    groups: dict[str, list[str]] = {}
    for item, scale in scales.items():
        how = (
            (" — chosen here" if chosen else " — inferred from the answers")
            if scale.numeric
            else ""
        )
        groups.setdefault(scale.describe() + how, []).append(item)
    return "; ".join(f"{scale}: {', '.join(items)}" for scale, items in groups.items())


def exclusions_text(exclusions: Mapping[str, int], wave_column: str | None = None) -> str:
    """The rows not scored, by reason ("" when every row was scored)."""
    listed = [f"{reason}: {n:,}" for reason, n in exclusions.items() if n]
    if not listed:
        return ""
    text = "Not scored — " + ", ".join(listed)
    if wave_column and any("duplicate" in reason for reason, n in exclusions.items() if n):
        text += f" (a response id counts once within each survey wave, {wave_column!r})"
    return text


def _cut(text: str, limit: int = 70) -> str:
    text = text.split(" | ")[0]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _tool_name(tool: str) -> str:
    return {
        "qualtrics": "Qualtrics",
        "surveymonkey": "SurveyMonkey",
        "google-forms": "Google Forms",
        "microsoft-forms": "Microsoft Forms",
        "alchemer": "Alchemer",
    }.get(tool, tool)
