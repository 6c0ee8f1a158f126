"""The plan's other tracked items: one lifecycle log for private networks and server rooms,
organisational milestones, and faults that record a cloud outage.

- ``lifecycle_events``: the append-only log of moves of every tracked kind
  (部门专网整合, 机房关停), like ``cloud_events`` for the migration;
- ``milestones``: 两网整合 and other milestones as recorded, newest record counts;
- faults gain ``outage`` (the platform was unavailable, not only degraded) and ``cloud``
  (which cloud of the 1+11+N layout), so 政务云平台可靠性 counts outage hours per cloud.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON {t} "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END",
)
_APPEND_ONLY_PG = (
    "CREATE OR REPLACE FUNCTION {t}_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{t} is append-only'; END $$",
    "CREATE TRIGGER {t}_no_update BEFORE UPDATE OR DELETE ON {t} "
    "FOR EACH ROW EXECUTE FUNCTION {t}_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "lifecycle_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("from_status", sa.Text, nullable=False),
        sa.Column("to_status", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
        sa.Column("extra", sa.Text, nullable=False, server_default="{}"),
        sqlite_autoincrement=True,
    )
    op.create_index("lifecycle_events_item", "lifecycle_events", ["kind", "item", "id"])
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("milestone", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False, server_default=""),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("milestones_milestone", "milestones", ["milestone", "id"])
    is_pg = op.get_bind().dialect.name == "postgresql"
    for table in ("lifecycle_events", "milestones"):
        for statement in _APPEND_ONLY_PG if is_pg else _APPEND_ONLY_SQLITE:
            op.execute(statement.format(t=table))
    op.add_column(
        "faults", sa.Column("outage", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column("faults", sa.Column("cloud", sa.Text))


def downgrade() -> None:
    raise NotImplementedError("govops state is never downgraded; restore a backup instead")
