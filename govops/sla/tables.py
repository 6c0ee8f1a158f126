"""The SLA part's tables: fault rows and the aggregates kept with every write."""

from __future__ import annotations

import sqlalchemy as sa

from govops.state.metadata import Time, metadata

faults = sa.Table(
    "faults",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("severity", sa.Text, nullable=False),
    sa.Column("site", sa.Text),
    sa.Column("level", sa.Text),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("opened_at", Time, nullable=False),
    sa.Column("acknowledged_at", Time),
    sa.Column("resolved_at", Time),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("external_key", sa.Text, unique=True),
    sa.Column("target", Time, nullable=False),
    sa.Column("outcome", sa.Text),
    # opened_at + target, stored so that open faults can be counted by deadline
    sa.Column("deadline", Time),
    sa.Column("opened_by", sa.Text),
    sa.Column("acknowledged_by", sa.Text),
    sa.Column("resolved_by", sa.Text),
    # the platform was unavailable (not only degraded), and on which cloud: 政务云平台可靠性
    sa.Column("outage", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("cloud", sa.Text),
)
_OPEN = faults.c.resolved_at.is_(None)
_CLOSED = faults.c.resolved_at.isnot(None)
sa.Index("faults_open", faults.c.opened_at, sqlite_where=_OPEN, postgresql_where=_OPEN)
sa.Index("faults_opened", faults.c.opened_at)
sa.Index(
    "faults_resolved", faults.c.resolved_at, faults.c.outcome, faults.c.category,
    sqlite_where=_CLOSED, postgresql_where=_CLOSED,
)  # fmt: skip
# covering: a scrape counts the open faults of the current hour from the index alone
# (resolved_at, always NULL here, lets SQLite see that the index covers its WHERE too)
sa.Index(
    "faults_open_deadline", faults.c.deadline, faults.c.category, faults.c.severity,
    faults.c.resolved_at, sqlite_where=_OPEN, postgresql_where=_OPEN,
)  # fmt: skip

#: Aggregate rows a fault adds to are split by ``shard`` = fault id % SHARDS, so writers
#: storing different faults at the same moment (two replicas) rarely wait on one row;
#: readers sum the shards.
SHARDS = 8

#: name: opened | resolved | evaluated | resolution_seconds_sum
sla_counters = sa.Table(
    "sla_counters",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column("severity", sa.Text, primary_key=True),
    sa.Column("outcome", sa.Text, primary_key=True, server_default=""),
    sa.Column("shard", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.Double, nullable=False),
)

#: bucket: index into RESOLUTION_BUCKETS; len(RESOLUTION_BUCKETS) is +Inf
sla_buckets = sa.Table(
    "sla_buckets",
    metadata,
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column("severity", sa.Text, primary_key=True),
    sa.Column("bucket", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("count", sa.Integer, nullable=False),
)

#: day: UTC epoch day of resolution
sla_resolved_daily = sa.Table(
    "sla_resolved_daily",
    metadata,
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column("resolved", sa.Integer, nullable=False),
    sa.Column("met", sa.Integer, nullable=False),
)

#: Open faults by the hour their deadline falls in (deadline // 3600) and by shard (the
#: fault's opening and its resolution count in the same row); rows at 0 go.
sla_open_deadlines = sa.Table(
    "sla_open_deadlines",
    metadata,
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column("severity", sa.Text, primary_key=True),
    sa.Column("hour", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("shard", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("count", sa.Integer, nullable=False),
)
