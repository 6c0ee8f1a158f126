"""The aggregates every new fault adds to are split into shards (fault id % 8), so that
two exporter replicas storing different alerts at the same moment do not wait on one
counter row (on PostgreSQL each waited for the other's commit).

- ``sla_counters`` gains ``shard`` in its key; the stored values move to shard 0 as they
  are (they stay exact: readers sum the shards);
- ``sla_open_deadlines`` gains ``shard`` in its key and is counted again from the open
  faults, each in its own fault's shard (a fault's resolution subtracts from the row its
  opening added to, so rows at 0 still go);
- the partial index on open faults' deadlines also holds their category and severity, so
  a scrape counts the open faults of the current hour from the index alone.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import math
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HOUR = 3600
SHARDS = 8
_COUNTERS = ("name", "category", "severity", "outcome", "shard", "value")


def upgrade() -> None:
    bind = op.get_bind()
    is_open = sa.text("resolved_at IS NULL")
    op.drop_index("faults_open_deadline", table_name="faults")
    op.create_index(
        "faults_open_deadline", "faults", ["deadline", "category", "severity", "resolved_at"],
        sqlite_where=is_open, postgresql_where=is_open,
    )  # fmt: skip
    kept = [
        dict(row, shard=0)
        for row in bind.execute(
            sa.text("SELECT name, category, severity, outcome, value FROM sla_counters")
        ).mappings()
    ]
    op.drop_table("sla_counters")
    counters = op.create_table(
        "sla_counters",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("category", sa.Text, primary_key=True),
        sa.Column("severity", sa.Text, primary_key=True),
        sa.Column("outcome", sa.Text, primary_key=True, server_default=""),
        sa.Column("shard", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("value", sa.Double, nullable=False),
    )
    if kept:
        op.bulk_insert(counters, kept)
    op.drop_table("sla_open_deadlines")
    hours = op.create_table(
        "sla_open_deadlines",
        sa.Column("category", sa.Text, primary_key=True),
        sa.Column("severity", sa.Text, primary_key=True),
        sa.Column("hour", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("shard", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    counts: Counter[tuple[str, str, int, int]] = Counter()
    rows = bind.execute(
        sa.text("SELECT id, category, severity, deadline FROM faults WHERE resolved_at IS NULL")
    )
    for fault_id, category, severity, deadline in rows:
        if deadline is None or not math.isfinite(deadline):
            continue  # `govops db check` reports such a row
        counts[category, severity, int(deadline // HOUR), fault_id % SHARDS] += 1
    if counts:
        op.bulk_insert(hours, [
            {"category": c, "severity": s, "hour": h, "shard": n, "count": k}
            for (c, s, h, n), k in sorted(counts.items())
        ])  # fmt: skip


def downgrade() -> None:
    raise NotImplementedError("govops state is never downgraded; restore a backup instead")
