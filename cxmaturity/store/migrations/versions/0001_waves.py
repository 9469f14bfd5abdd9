"""Survey waves: their files, respondents and answers.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "waves",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("date", sa.Date, nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("framework", sa.JSON, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("mapping", sa.Text, nullable=True),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "wave_files",
        sa.Column(
            "wave_id",
            sa.Integer,
            sa.ForeignKey("waves.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.UniqueConstraint("sha256", name="uq_wave_files_sha256"),
    )
    op.create_table(
        "respondents",
        sa.Column(
            "wave_id",
            sa.Integer,
            sa.ForeignKey("waves.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("respondent", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("division", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=True),
        sa.Column("region", sa.Text, nullable=True),
        sa.Column("tenure", sa.Text, nullable=True),
        sa.Column("wave", sa.Text, nullable=True),
        sa.Column("date", sa.Text, nullable=True),
        sa.Column("nps", sa.Float, nullable=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "answers",
        sa.Column(
            "wave_id",
            sa.Integer,
            sa.ForeignKey("waves.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item", sa.String(16), primary_key=True),
        sa.Column("codes", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("respondents")
    op.drop_table("wave_files")
    op.drop_table("waves")
