"""The cloud part's table: the append-only migration event log."""

from __future__ import annotations

import sqlalchemy as sa

from govops.state.metadata import metadata

cloud_events = sa.Table(
    "cloud_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("system", sa.Text, nullable=False),
    sa.Column("from_status", sa.Text, nullable=False),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),  # the operator (--by, GOVOPS_OPERATOR, login)
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
    sa.Column("wave", sa.Integer),
    sa.Column("target_cloud", sa.Text),
    sa.Column("deadline", sa.Text),
    sa.Column("wave_date", sa.Text),
    sqlite_autoincrement=True,
)
sa.Index("cloud_events_system", cloud_events.c.system, cloud_events.c.id)
