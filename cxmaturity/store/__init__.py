"""Saved survey waves, in a real database: SQLite by default, PostgreSQL for a team.

``CXMATURITY_DATABASE_URL`` says where (an SQLAlchemy URL such as
``postgresql://cx@db.example.com/cxmaturity``); without it, an SQLite file in the user's data
folder (:func:`default_url`). The schema is created and upgraded by the project's migrations the
first time a database is opened. Every change is one transaction: an import that fails half-way
leaves the database as it was, and two imports at the same moment both land (SQLite takes them
one after the other; PostgreSQL side by side).

A saved wave holds what scoring needs and nothing more: the instrument, the import report, the
fingerprints of its files and, for each respondent kept, the division, descriptive columns and
answer positions — never the uploaded file, never a personal column. Loading a wave gives back
the :class:`~cxmaturity.survey.Survey` the import built, so its scores are the file's scores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from sqlalchemy import (
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from cxmaturity.errors import CxMaturityError
from cxmaturity.framework import framework_from_spec
from cxmaturity.report import ImportReport
from cxmaturity.store.schema import NAME_LENGTH, answers, respondents, wave_files, waves
from cxmaturity.survey import Survey
from cxmaturity.trends import SavedWave

DATABASE_ENV = "CXMATURITY_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Respondent columns kept in a wave, in the order of the ``respondents`` table.
TEXT_COLUMNS = ("division", "source", "role", "region", "tenure", "wave")
_CHUNK = 20_000  # rows per INSERT batch: memory stays flat whatever the survey's size
_LOCK_KEY = 0x63786D61  # PostgreSQL advisory lock held while the schema is migrated ("cxma")
_SQLITE_WAIT_S = 120  # how long a write waits for another process's import to finish
_OLDER_FORM = re.compile(r"(\S+) statement \d+")  # how a column matched an older wording


class StoreError(CxMaturityError):
    """The survey database cannot do what was asked; the message says why and what to do."""


@dataclass(frozen=True)
class FileFingerprint:
    """A survey file as a wave remembers it: its name, size and SHA-256."""

    name: str
    sha256: str
    size: int

    @classmethod
    def of_bytes(cls, name: str, data: bytes) -> FileFingerprint:
        return cls(name, hashlib.sha256(data).hexdigest(), len(data))

    @classmethod
    def of_path(cls, path: str | Path) -> FileFingerprint:
        path = Path(path)
        digest = hashlib.sha256()
        size = 0
        try:
            with path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
                    size += len(block)
        except OSError as exc:
            raise StoreError(f"cannot read {path.name}: {exc.strerror or exc}") from None
        return cls(path.name, digest.hexdigest(), size)


@dataclass(frozen=True)
class Wave:
    """One saved survey round, as the wave list shows it."""

    id: int
    name: str
    date: dt.date | None
    imported_at: dt.datetime
    respondents: int
    rows_read: int
    files: tuple[str, ...]
    framework: str

    @property
    def when(self) -> dt.date:
        """The round's date, or the day it was imported when it has none: waves are in this
        order in lists and trends."""
        return self.date or self.imported_at.date()

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "date": self.date.isoformat() if self.date else None,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "respondents": self.respondents,
            "rows_read": self.rows_read,
            "files": list(self.files),
            "framework": self.framework,
        }


def default_url() -> str:
    """``CXMATURITY_DATABASE_URL`` if set, else ``cxmaturity.db`` in the user's data folder."""
    configured = os.environ.get(DATABASE_ENV, "").strip()
    if configured:
        return configured
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('cxmaturity', appauthor=False)) / 'cxmaturity.db'}"


def check_name(name: str) -> str:
    """A wave name as it will be saved: spacing tidied, not empty, not too long, printable."""
    tidy = " ".join(str(name).split())
    if not tidy:
        raise StoreError("a wave needs a name, e.g. 'Q1 2026'")
    if len(tidy) > NAME_LENGTH:
        raise StoreError(f"a wave name has at most {NAME_LENGTH} characters")
    if re.search(r"[\x00-\x1f\x7f]", tidy):
        raise StoreError("a wave name cannot hold control characters")
    return tidy


class Store:
    """The saved waves of one database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = _engine(self.url)
        self.where = _display(self.url)
        _migrate(self.engine, self.where)

    # Reading ---------------------------------------------------------------------------------

    def waves(self) -> list[Wave]:
        """Every saved wave, oldest first (by date, else by import)."""
        with self._read() as conn:
            rows = conn.execute(select(waves)).mappings().all()
            files = conn.execute(
                select(wave_files.c.wave_id, wave_files.c.name).order_by(
                    wave_files.c.wave_id, wave_files.c.position
                )
            ).all()
        names: dict[int, list[str]] = {}
        for wave_id, name in files:
            names.setdefault(wave_id, []).append(name)
        listed = [_wave(row, names.get(row["id"], [])) for row in rows]
        return sorted(listed, key=lambda w: (w.when, w.imported_at, w.id))

    def wave(self, name: str) -> Wave:
        for wave in self.waves():
            if wave.name == name:
                return wave
        raise self._missing(name)

    def latest(self) -> Wave | None:
        listed = self.waves()
        return listed[-1] if listed else None

    def saved_in(self, fingerprints: Sequence[FileFingerprint]) -> dict[str, str]:
        """Of these files, those already saved, each with the name of the wave that holds it."""
        hashes = [f.sha256 for f in fingerprints]
        if not hashes:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(wave_files.c.sha256, waves.c.name)
                .join(waves, waves.c.id == wave_files.c.wave_id)
                .where(wave_files.c.sha256.in_(hashes))
            ).all()
        held = dict(rows)
        return {f.name: held[f.sha256] for f in fingerprints if f.sha256 in held}

    def load(self, name: str) -> Survey:
        """The survey a wave holds, exactly as it was imported."""
        with self._read() as conn:
            row = conn.execute(select(waves).where(waves.c.name == name)).mappings().first()
            if row is None:
                raise self._missing(name)
            frame = _respondent_frame(conn, row)
            codes = _codes(conn, row, len(frame))
        framework = framework_from_spec(_json(row["framework"]), where=f"wave {name!r}")
        report = ImportReport.from_record(_json(row["report"]))
        return Survey(
            framework=framework,
            respondents=frame,
            codes=codes,
            items=tuple(entry["id"] for entry in _json(row["items"])),
            rows_read=row["rows_read"],
            exclusions=dict(report.exclusions),
            report=report,
        )

    def saved(self, name: str) -> SavedWave:
        """A wave as trends compare it: its survey, its date and its statements' wordings."""
        wave = self.wave(name)
        return SavedWave(wave.name, wave.when, self.load(name), self.wordings(name))

    def wordings(self, name: str) -> dict[str, str]:
        """How each statement of a wave was asked (which form of the instrument's text)."""
        with self._read() as conn:
            items = conn.execute(select(waves.c["items"]).where(waves.c.name == name)).scalar()
        if items is None:
            raise self._missing(name)
        return {entry["id"]: entry["wording"] for entry in _json(items)}

    # Writing ---------------------------------------------------------------------------------

    def save(
        self,
        survey: Survey,
        *,
        name: str,
        files: Sequence[FileFingerprint],
        date: dt.date | None = None,
        mapping: str | None = None,
    ) -> Wave:
        """Save a survey as a new wave, all or nothing."""
        name = check_name(name)
        try:
            with self._write() as conn:
                self._refuse_duplicates(conn, name, files)
                wave_id = conn.execute(
                    insert(waves).returning(waves.c.id),
                    {
                        "name": name,
                        "date": date,
                        "imported_at": dt.datetime.now(dt.UTC),
                        "framework": survey.framework.to_spec(),
                        "items": _items(survey),
                        "columns": [c for c in survey.respondents.columns],
                        "mapping": mapping,
                        "report": survey.report.to_record(),
                        "respondents": len(survey.respondents),
                        "rows_read": survey.rows_read,
                    },
                ).scalar_one()
                if files:
                    conn.execute(
                        insert(wave_files),
                        [
                            {"wave_id": wave_id, "position": i, **vars(f)}
                            for i, f in enumerate(files)
                        ],
                    )
                _bulk_insert(conn, respondents, _respondent_batches(wave_id, survey.respondents))
                conn.execute(
                    insert(answers),
                    [
                        {"wave_id": wave_id, "item": item, "codes": survey.codes[:, j].tobytes()}
                        for j, item in enumerate(survey.items)
                    ],
                )
        except IntegrityError:
            # Another import took the name or a file between our check and our commit.
            with self._write() as conn:
                self._refuse_duplicates(conn, name, files)
            raise StoreError(f"wave {name!r} could not be saved; try again") from None
        return self.wave(name)

    def rename(self, old: str, new: str) -> Wave:
        new = check_name(new)
        if new == old:
            return self.wave(old)
        try:
            with self._write() as conn:
                if self._taken(conn, new):
                    raise self._name_taken(new)
                changed = conn.execute(
                    update(waves).where(waves.c.name == old).values(name=new)
                ).rowcount
                if not changed:
                    raise self._missing(old)
        except IntegrityError:
            raise self._name_taken(new) from None
        return self.wave(new)

    def delete(self, name: str) -> Wave:
        """Delete a wave and everything saved with it; returns what was deleted."""
        wave = self.wave(name)
        with self._write() as conn:
            for table in (answers, respondents, wave_files):
                conn.execute(delete(table).where(table.c.wave_id == wave.id))
            if not conn.execute(delete(waves).where(waves.c.id == wave.id)).rowcount:
                raise self._missing(name)
        return wave

    # Inside ----------------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise _unavailable(exc, self.where) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect().execution_options(write=True) as conn, conn.begin():
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise _unavailable(exc, self.where) from None

    def _refuse_duplicates(
        self, conn: Connection, name: str, files: Sequence[FileFingerprint]
    ) -> None:
        if self._taken(conn, name):
            raise self._name_taken(name)
        hashes = {f.sha256: f.name for f in files}
        held = conn.execute(
            select(wave_files.c.sha256, waves.c.name)
            .join(waves, waves.c.id == wave_files.c.wave_id)
            .where(wave_files.c.sha256.in_(list(hashes)))
        ).first()
        if held:
            raise StoreError(
                f"{hashes[held[0]]} is already saved, in wave {held[1]!r}: the same file cannot "
                "be two survey rounds; delete that wave first to import it again"
            )
        if len(hashes) < len(files):
            raise StoreError("the same file is given twice; give each file once")

    @staticmethod
    def _taken(conn: Connection, name: str) -> bool:
        return bool(conn.execute(select(func.count()).where(waves.c.name == name)).scalar_one())

    def _missing(self, name: str) -> StoreError:
        names = [w.name for w in self.waves()]
        known = f"saved waves: {', '.join(names)}" if names else "no wave is saved yet"
        return StoreError(f"no wave named {name!r} ({known})")

    @staticmethod
    def _name_taken(name: str) -> StoreError:
        return StoreError(
            f"a wave named {name!r} already exists; choose another name, or rename or delete "
            "that wave first"
        )


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"{DATABASE_ENV} is not a database URL; use e.g. sqlite:///path/to/cxmaturity.db or "
            "postgresql://user@host/database"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().resolve().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder {folder} for the survey database: "
                    f"{exc.strerror or exc}"
                ) from None
        engine = create_engine(parsed, connect_args={"timeout": _SQLITE_WAIT_S})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise StoreError(
        f"{DATABASE_ENV} names a {backend} database; cxmaturity keeps waves in SQLite or PostgreSQL"
    )


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event say how each transaction starts (pysqlite's own handling
    # would start them late, after the first read, and could not take the write lock up front).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("memory", "wal"):
        _into_wal(cursor)  # readers never wait for an import
    cursor.close()


def _into_wal(cursor) -> None:
    """Switch a new database file to write-ahead logging. The switch needs the file to itself
    and SQLite does not wait for it: when two processes open a new database at the same moment,
    one is told "database is locked" at once, so it tries again for as long as a write waits."""
    import sqlite3
    import time

    deadline = time.monotonic() + _SQLITE_WAIT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_begin(conn: Connection) -> None:
    # A write takes the database's write lock at once, so two imports queue instead of failing.
    conn.exec_driver_sql(
        "BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN"
    )


_MIGRATED: set[str] = set()


def _migrate(engine: Engine, where: str) -> None:
    """Create or upgrade the schema to the latest migration, once per database and process."""
    key = str(engine.url)
    if key in _MIGRATED:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except CommandError:
        raise StoreError(
            f"the survey database at {where} was written by a newer version of cxmaturity; "
            "upgrade cxmaturity to open it"
        ) from None
    except SQLAlchemyError as exc:
        raise _unavailable(exc, where) from None
    _MIGRATED.add(key)


def _unavailable(exc: SQLAlchemyError, where: str) -> StoreError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return StoreError(
        f"the survey database at {where} cannot be used ({reason[0] if reason else 'error'}); "
        f"check {DATABASE_ENV} and that the database is running"
    )


def _display(url: str) -> str:
    """The URL as messages show it: never the password."""
    return make_url(url).render_as_string(hide_password=True)


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def _wave(row: Mapping, files: list[str]) -> Wave:
    imported = row["imported_at"]
    if imported.tzinfo is None:  # SQLite keeps the time without its zone: it was saved in UTC
        imported = imported.replace(tzinfo=dt.UTC)
    return Wave(
        id=row["id"],
        name=row["name"],
        date=row["date"],
        imported_at=imported,
        respondents=row["respondents"],
        rows_read=row["rows_read"],
        files=tuple(files),
        framework=_json(row["framework"])["id"],
    )


def _items(survey: Survey) -> list[dict]:
    """Each item of the survey with the column it came from and the wording it was asked in:
    the instrument's own statement, or an older form's (e.g. ``bliss-9 statement 3``)."""
    entries = []
    for item in survey.items:
        column, how = next(
            (
                (column, f.columns.matched_by.get(column, ""))
                for f in survey.report.files
                if (column := f.columns.items.get(item))
            ),
            ("", ""),
        )
        older = _OLDER_FORM.match(how)
        wording = older.group(0) if older and older.group(1) != "alias" else survey.framework.id
        entries.append({"id": item, "column": column, "wording": wording})
    return entries


def _bulk_insert(conn: Connection, table: Table, batches: Iterable[pa.Table]) -> None:
    """Batches (the table's columns, in order) into a table through the driver's fastest path —
    COPY of CSV written by Arrow on PostgreSQL, one prepared INSERT on SQLite — inside the
    caller's transaction."""
    names = ", ".join(column.name for column in table.columns)
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        copying = f"COPY {table.name} ({names}) FROM STDIN WITH (FORMAT csv)"
        # Every value quoted, so that an empty text stays empty; a missing one (unquoted) is NULL.
        options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
        with raw.cursor() as cursor, cursor.copy(copying) as copy:
            for batch in batches:
                sink = pa.BufferOutputStream()
                pacsv.write_csv(batch, sink, options)
                copy.write(sink.getvalue().to_pybytes())
    else:
        marks = ", ".join("?" * len(table.columns))
        rows = (
            row
            for batch in batches
            for row in zip(*(column.to_pylist() for column in batch.columns), strict=True)
        )
        cursor = raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
        finally:
            cursor.close()


def _fetch(conn: Connection, sql: str, *params: object) -> list[tuple]:
    """All rows of a query written with ``?`` placeholders, fetched by the driver itself (tens
    of times faster than building a row object per answer)."""
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cursor = raw.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _respondent_batches(wave_id: int, frame: pd.DataFrame) -> Iterator[pa.Table]:
    columns: dict[str, pa.Array] = {}
    for name in (*TEXT_COLUMNS, "date", "nps"):
        if name not in frame:
            columns[name] = pa.nulls(len(frame), pa.float64() if name == "nps" else pa.string())
        elif name == "date":
            stamps = pd.to_datetime(frame[name])
            columns[name] = pa.array(stamps.dt.strftime("%Y-%m-%dT%H:%M:%S"), pa.string())
        elif name == "nps":
            columns[name] = pa.array(frame[name].to_numpy(dtype=float), from_pandas=True)
        else:
            columns[name] = pa.array(frame[name].astype(object), pa.string(), from_pandas=True)
    numbers = np.arange(len(frame), dtype=np.int64)
    whole = pa.table(
        {
            "wave_id": pa.array(np.full(len(frame), wave_id, np.int64)),
            "respondent": pa.array(numbers),
            **columns,
        }
    )
    for start in range(0, len(frame), _CHUNK):
        yield whole.slice(start, _CHUNK)


def _respondent_frame(conn: Connection, row: Mapping) -> pd.DataFrame:
    kept = list(_json(row["columns"]))
    rows = _fetch(
        conn,
        f"SELECT {', '.join(kept)} FROM respondents WHERE wave_id = ? ORDER BY respondent",
        row["id"],
    )
    frame = pd.DataFrame(rows, columns=kept)
    if len(frame) != row["respondents"]:
        raise StoreError(f"wave {row['name']!r} is incomplete in the database; import it again")
    for name in kept:
        if name in TEXT_COLUMNS:
            column = frame[name].astype("category")
            frame[name] = column.cat.reorder_categories(sorted(column.cat.categories))
        elif name == "date":
            frame[name] = pd.to_datetime(frame[name], format="ISO8601")
        elif name == "nps":
            frame[name] = pd.to_numeric(frame[name]).astype(float)
    return frame


def _codes(conn: Connection, row: Mapping, count: int) -> np.ndarray:
    items = [entry["id"] for entry in _json(row["items"])]
    codes = np.zeros((count, len(items)), dtype=np.int8)
    saved = dict(
        conn.execute(
            select(answers.c.item, answers.c.codes).where(answers.c.wave_id == row["id"])
        ).all()
    )
    for j, item in enumerate(items):
        column = np.frombuffer(bytes(saved.get(item, b"")), dtype=np.int8)
        if len(column) != count:
            raise StoreError(f"wave {row['name']!r} is incomplete in the database; import it again")
        codes[:, j] = column
    return codes


__all__ = [
    "DATABASE_ENV",
    "FileFingerprint",
    "Store",
    "StoreError",
    "Wave",
    "check_name",
    "default_url",
]
