"""The import report: what was read from each file and how — shown by the CLI and the app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from cxmaturity.columns import ColumnMap
from cxmaturity.loading import Table
from cxmaturity.scales import Scale


@dataclass(frozen=True)
class FileReport:
    """What was found in one file."""

    source: str
    rows: int
    columns: ColumnMap
    tool: str = "plain"
    layout: str = "standard"
    header_rows: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    personal_dropped: tuple[str, ...] = ()
    evidence: str = ""
    sheets: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        described = self.columns.described
        return {
            "file": self.source,
            "tool": self.tool,
            "layout": self.layout,
            "evidence": self.evidence,
            "sheets": list(self.sheets),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "header_rows": self.header_rows,
            "rows_read": self.rows,
            "items": {
                item: {"column": column, "how": self.columns.matched_by[column]}
                for item, column in self.columns.items.items()
            },
            **{f"{role}_column": described.get(role) for role in _ROLES},
            "ignored_columns": list(self.columns.ignored),
            "personal_columns_dropped": list(self.personal_dropped),
        }


_ROLES = ("division", "nps", "role", "region", "tenure", "respondent_id", "wave", "date")


@dataclass(frozen=True)
class ImportReport:
    """How the survey was read: per file, each item's scale, who was counted, what was inferred."""

    files: tuple[FileReport, ...]
    division_source: str
    scales: Mapping[str, Scale]
    notes: tuple[str, ...] = ()
    rows_read: int = 0
    respondents: int = 0
    exclusions: Mapping[str, int] = field(default_factory=dict)
    mapping: str | None = None

    def to_dict(self) -> dict:
        return {
            "files": [f.to_dict() for f in self.files],
            "division_source": self.division_source,
            "mapping": self.mapping,
            "scales": {item: scale.describe() for item, scale in self.scales.items()},
            "rows_read": self.rows_read,
            "respondents": self.respondents,
            "rows_excluded": sum(self.exclusions.values()),
            "exclusions": dict(self.exclusions),
            "notes": list(self.notes),
        }

    def to_record(self) -> dict:
        """Every field, as JSON-ready data that :meth:`from_record` turns back into this report
        (what a saved wave keeps; :meth:`to_dict` is the shorter document for people)."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: Mapping) -> ImportReport:
        files = tuple(
            FileReport(
                **{
                    **f,
                    "columns": ColumnMap(**{**f["columns"], **_tuples(f["columns"], "ignored")}),
                    **_tuples(f, "personal_dropped", "sheets"),
                }
            )
            for f in record["files"]
        )
        scales = {
            item: Scale(**{**scale, "labels": tuple(scale["labels"])})
            for item, scale in record["scales"].items()
        }
        return cls(
            **{
                **record,
                "files": files,
                "scales": scales,
                "notes": tuple(record["notes"]),
                "exclusions": dict(record["exclusions"]),
            }
        )

    def to_text(self) -> str:
        """The report as a person reads it in a terminal."""
        lines = []
        for f in self.files:
            how = f"{f.tool} ({f.layout})" if f.layout != "standard" else f.tool
            read = ", ".join(
                part
                for part in (
                    f.encoding,
                    f"delimiter {f.delimiter!r}" if f.delimiter else None,
                    f"sheet {f.sheet!r}" if f.sheet else None,
                    f"{f.header_rows} header row{'s' if f.header_rows > 1 else ''}",
                )
                if part
            )
            lines += [f"{f.source}: {how}; {read}; {f.rows} rows"]
            if f.evidence:
                lines.append(f"  recognised because {f.evidence}")
            lines.append("  statements:")
            for item, column in f.columns.items.items():
                lines.append(f"    {item} ← {column!r} ({f.columns.matched_by[column]})")
            for role, column in f.columns.described.items():
                lines.append(f"  {role.replace('_', ' ')}: {column!r}")
            if f.personal_dropped:
                lines.append(f"  personal columns dropped: {', '.join(f.personal_dropped)}")
            if f.columns.ignored:
                lines.append(f"  columns ignored: {len(f.columns.ignored)}")
        lines.append(f"divisions from: {self.division_source}")
        lines += [f"scale of {item}: {scale.describe()}" for item, scale in self.scales.items()]
        excluded = ", ".join(f"{reason}: {n}" for reason, n in self.exclusions.items())
        lines.append(
            f"rows read {self.rows_read}; respondents kept {self.respondents}; "
            f"excluded {sum(self.exclusions.values())} ({excluded})"
        )
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def columns_to_dict(table: Table) -> dict:
    """A file's columns and their header texts, for programs (``inspect --format json``)."""
    return {
        "file": table.source,
        "tool": table.tool,
        "layout": table.layout,
        "header_rows": table.header_rows,
        "columns": [
            {"name": name, "texts": list(table.labels.get(name, ()))} for name in table.columns
        ],
        "personal_columns_dropped": list(table.personal_dropped),
    }


def describe_columns(table: Table) -> str:
    """A file's columns and the texts that identify them: what a person needs to write a mapping."""
    how = f"{table.tool} ({table.layout})" if table.layout != "standard" else table.tool
    rows = f"{table.header_rows} header row{'s' if table.header_rows > 1 else ''}"
    lines = [f"{table.source}: {how}; {rows}; columns (name — other header texts):"]
    for name in table.columns:
        extra = " | ".join(table.labels.get(name, ()))
        lines.append(f"  {name}" + (f" — {extra}" if extra else ""))
    if table.personal_dropped:
        lines.append(f"  personal columns dropped: {', '.join(table.personal_dropped)}")
    return "\n".join(lines)


def _tuples(record: Mapping, *keys: str) -> dict:
    """The fields of a record that are tuples in the dataclass (lists once saved as JSON)."""
    return {key: tuple(record[key]) for key in keys}
