"""Baseline: the schema of govops before Alembic, taken over as it is.

A state file written by an older govops (tables created by hand-written DDL, versions in
``schema_versions``) already has some or all of these tables: each one that exists is
kept with its rows, each one missing is created. A new database gets all of them.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS cloud_events_no_update BEFORE UPDATE ON cloud_events "
    "BEGIN SELECT RAISE(ABORT, 'cloud_events is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS cloud_events_no_delete BEFORE DELETE ON cloud_events "
    "BEGIN SELECT RAISE(ABORT, 'cloud_events is append-only'); END",
)
_APPEND_ONLY_PG = (
    "CREATE OR REPLACE FUNCTION cloud_events_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'cloud_events is append-only'; END $$",
    "CREATE TRIGGER cloud_events_no_update BEFORE UPDATE OR DELETE ON cloud_events "
    "FOR EACH ROW EXECUTE FUNCTION cloud_events_append_only()",
)


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    _faults()
    _aggregates()
    _cloud_events()
    if _missing("documents"):
        op.create_table(
            "documents",
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.Column("body", sa.Text, nullable=False),
        )


def _faults() -> None:
    if not _missing("faults"):
        return
    op.create_table(
        "faults",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("site", sa.Text),
        sa.Column("level", sa.Text),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("opened_at", sa.Double, nullable=False),
        sa.Column("acknowledged_at", sa.Double),
        sa.Column("resolved_at", sa.Double),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("external_key", sa.Text, unique=True),
        sa.Column("target", sa.Double, nullable=False),
        sa.Column("outcome", sa.Text),
    )
    is_open = sa.text("resolved_at IS NULL")
    closed = sa.text("resolved_at IS NOT NULL")
    op.create_index(
        "faults_open", "faults", ["opened_at"], sqlite_where=is_open, postgresql_where=is_open
    )
    op.create_index("faults_opened", "faults", ["opened_at"])
    op.create_index(
        "faults_resolved", "faults", ["resolved_at", "outcome", "category"],
        sqlite_where=closed, postgresql_where=closed,
    )  # fmt: skip


def _aggregates() -> None:
    if _missing("sla_counters"):
        op.create_table(
            "sla_counters",
            sa.Column("name", sa.Text, primary_key=True),
            sa.Column("category", sa.Text, primary_key=True),
            sa.Column("severity", sa.Text, primary_key=True),
            sa.Column("outcome", sa.Text, primary_key=True, server_default=""),
            sa.Column("value", sa.Double, nullable=False),
        )
    if _missing("sla_buckets"):
        op.create_table(
            "sla_buckets",
            sa.Column("category", sa.Text, primary_key=True),
            sa.Column("severity", sa.Text, primary_key=True),
            sa.Column("bucket", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("count", sa.Integer, nullable=False),
        )
    if _missing("sla_resolved_daily"):
        op.create_table(
            "sla_resolved_daily",
            sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("category", sa.Text, primary_key=True),
            sa.Column("resolved", sa.Integer, nullable=False),
            sa.Column("met", sa.Integer, nullable=False),
        )


def _cloud_events() -> None:
    if _missing("cloud_events"):
        op.create_table(
            "cloud_events",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("system", sa.Text, nullable=False),
            sa.Column("from_status", sa.Text, nullable=False),
            sa.Column("to_status", sa.Text, nullable=False),
            sa.Column("at", sa.Text, nullable=False),
            sa.Column("actor", sa.Text, nullable=False),
            sa.Column("note", sa.Text, nullable=False, server_default=""),
            sa.Column("reason", sa.Text, nullable=False, server_default=""),
            sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
            sa.Column("wave", sa.Integer),
            sa.Column("target_cloud", sa.Text),
            sa.Column("deadline", sa.Text),
            sa.Column("wave_date", sa.Text),
            sqlite_autoincrement=True,
        )
        op.create_index("cloud_events_system", "cloud_events", ["system", "id"])
    is_pg = op.get_bind().dialect.name == "postgresql"
    for statement in _APPEND_ONLY_PG if is_pg else _APPEND_ONLY_SQLITE:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("govops state is never downgraded; restore a backup instead")
