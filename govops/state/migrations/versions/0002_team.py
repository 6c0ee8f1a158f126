"""Team schema: who did each write, deadlines of open faults as an aggregate, audit history.

- faults gain ``deadline`` (opened_at + target) and the operators who opened,
  acknowledged and resolved them;
- ``sla_open_deadlines`` counts open faults by the hour their deadline falls in, so that
  a scrape splits open faults into within / at risk / overdue without walking them;
- ``audits`` keeps every stored network audit with its time and scope;
- ``schema_versions`` (pre-Alembic bookkeeping) goes: Alembic's revision replaces it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import math
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

HOUR = 3600


def upgrade() -> None:
    for column in ("opened_by", "acknowledged_by", "resolved_by"):
        op.add_column("faults", sa.Column(column, sa.Text))
    op.add_column("faults", sa.Column("deadline", sa.Double))
    op.execute("UPDATE faults SET deadline = opened_at + target")
    is_open = sa.text("resolved_at IS NULL")
    op.create_index(
        "faults_open_deadline", "faults", ["deadline"],
        sqlite_where=is_open, postgresql_where=is_open,
    )  # fmt: skip
    op.create_table(
        "sla_open_deadlines",
        sa.Column("category", sa.Text, primary_key=True),
        sa.Column("severity", sa.Text, primary_key=True),
        sa.Column("hour", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    _count_open_deadlines()
    op.create_table(
        "audits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("stored_at", sa.Double, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("scope_detail", sa.Text, nullable=False, server_default="{}"),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("findings", sa.Text, nullable=False, server_default="[]"),
        sa.Column("snapshot", sa.Text),
        sa.Column("operator", sa.Text, nullable=False),
    )
    op.create_index("audits_created", "audits", ["created_at", "id"])
    op.execute("DROP TABLE IF EXISTS schema_versions")


def _count_open_deadlines() -> None:
    """Hours computed in Python (``deadline // 3600``), exactly as every write does."""
    bind = op.get_bind()
    counts: Counter[tuple[str, str, int]] = Counter()
    rows = bind.execute(
        sa.text("SELECT category, severity, deadline FROM faults WHERE resolved_at IS NULL")
    )
    for category, severity, deadline in rows:
        if deadline is None or not math.isfinite(deadline):
            continue  # a bad row an older version let in: `govops db check` reports it
        counts[category, severity, int(deadline // HOUR)] += 1
    table = sa.table(
        "sla_open_deadlines", sa.column("category"), sa.column("severity"),
        sa.column("hour"), sa.column("count"),
    )  # fmt: skip
    if counts:
        op.bulk_insert(
            table,
            [
                {"category": c, "severity": s, "hour": h, "count": n}
                for (c, s, h), n in counts.items()
            ],
        )


def downgrade() -> None:
    raise NotImplementedError("govops state is never downgraded; restore a backup instead")
