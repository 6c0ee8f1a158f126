"""Tables the state layer itself owns: small JSON documents parts share, and the history
of measurements over time (audits, IPv6 views, cloud status, scorecards)."""

from __future__ import annotations

import sqlalchemy as sa

from govops.state.metadata import Time, metadata

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)

#: One row per measurement kept over time; ``seq`` numbers the entries of one kind
#: (what `govops network history` lists and `network diff` takes).
history = sa.Table(
    "history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),  # ISO-8601 with offset, as given
    sa.Column("created_ts", Time, nullable=False),  # the same instant, for ordering
    sa.Column("scope", sa.Text, nullable=False),  # full | partial
    sa.Column("meta", sa.Text, nullable=False, server_default="{}"),  # JSON
    sa.Column("body", sa.Text, nullable=False),  # JSON
    sa.Column("operator", sa.Text, nullable=False),
    sa.Column("stored_at", Time, nullable=False),
    sa.UniqueConstraint("kind", "seq", name="history_kind_seq_key"),
)
sa.Index("history_kind_created_ts_seq", history.c.kind, history.c.created_ts, history.c.seq)
