"""The tables of saved survey waves (SQLAlchemy Core), as the latest migration leaves them.

A wave is one survey round: its name and date, the instrument and mapping it was read with, its
import report, the fingerprints of its files, and its normalised responses: one row per
respondent (division and the descriptive columns) and, for each statement, every respondent's
answer position in respondent order (one byte each, so that a wave of 100,000 respondents saves
and loads in about a second). Never the uploaded file, never a personal column. The schema is
created and changed only by the migrations in ``cxmaturity/store/migrations``;
``tests/test_store.py`` checks
that they produce exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAME_LENGTH = 100

metadata = MetaData()

waves = Table(
    "waves",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(NAME_LENGTH), nullable=False, unique=True),
    Column("date", Date, nullable=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("framework", JSON, nullable=False),
    Column("items", JSON, nullable=False),
    Column("columns", JSON, nullable=False),
    Column("mapping", Text, nullable=True),
    Column("report", JSON, nullable=False),
    Column("respondents", Integer, nullable=False),
    Column("rows_read", Integer, nullable=False),
    sqlite_autoincrement=True,  # a deleted wave's id is never given to another
)

wave_files = Table(
    "wave_files",
    metadata,
    Column("wave_id", Integer, ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    UniqueConstraint("sha256", name="uq_wave_files_sha256"),
)

respondents = Table(
    "respondents",
    metadata,
    Column("wave_id", Integer, ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True),
    Column("respondent", Integer, primary_key=True, autoincrement=False),
    Column("division", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("role", Text, nullable=True),
    Column("region", Text, nullable=True),
    Column("tenure", Text, nullable=True),
    Column("wave", Text, nullable=True),
    Column("date", Text, nullable=True),
    Column("nps", Float, nullable=True),
    sqlite_with_rowid=False,
)

answers = Table(
    "answers",
    metadata,
    Column("wave_id", Integer, ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True),
    Column("item", String(16), primary_key=True),
    # One byte per respondent, in the order of ``respondents.respondent``: the answer's position
    # on the item's scale (1..points), 0 where the respondent gave no answer. Byte r is
    # respondent r's answer (PostgreSQL: ``get_byte(codes, r)``).
    Column("codes", LargeBinary, nullable=False),
)
