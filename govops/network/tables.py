"""The network part's table: every stored audit, with its time and scope."""

from __future__ import annotations

import sqlalchemy as sa

from govops.state.metadata import Time, metadata

audits = sa.Table(
    "audits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", Time, nullable=False),  # the snapshot's created_at
    sa.Column("stored_at", Time, nullable=False),
    sa.Column("scope", sa.Text, nullable=False),  # full | partial
    sa.Column("scope_detail", sa.Text, nullable=False, server_default="{}"),  # JSON
    sa.Column("summary", sa.Text, nullable=False),  # JSON
    sa.Column("findings", sa.Text, nullable=False, server_default="[]"),  # JSON
    sa.Column("snapshot", sa.Text),
    sa.Column("operator", sa.Text, nullable=False),
)
sa.Index("audits_created", audits.c.created_at, audits.c.id)
