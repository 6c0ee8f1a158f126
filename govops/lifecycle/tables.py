"""The lifecycle part's tables: one append-only log of moves for every kind of tracked
item, and the organisational milestones (两网整合) as recorded."""

from __future__ import annotations

import sqlalchemy as sa

from govops.state.metadata import metadata

lifecycle_events = sa.Table(
    "lifecycle_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),  # private_network, server_room, ...
    sa.Column("item", sa.Text, nullable=False),
    sa.Column("from_status", sa.Text, nullable=False),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("at", sa.Text, nullable=False),  # ISO-8601 UTC, when the move happened
    sa.Column("actor", sa.Text, nullable=False),  # the operator (--by, GOVOPS_OPERATOR, login)
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
    sa.Column("extra", sa.Text, nullable=False, server_default="{}"),
    sqlite_autoincrement=True,
)
sa.Index("lifecycle_events_item", lifecycle_events.c.kind, lifecycle_events.c.item,
         lifecycle_events.c.id)  # fmt: skip

milestones = sa.Table(
    "milestones",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("milestone", sa.Text, nullable=False),
    sa.Column("at", sa.Text, nullable=False),  # ISO-8601 UTC, when it was achieved
    sa.Column("evidence", sa.Text, nullable=False, server_default=""),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)
sa.Index("milestones_milestone", milestones.c.milestone, milestones.c.id)
