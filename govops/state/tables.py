"""Tables the state layer itself owns: small JSON documents parts share."""

from __future__ import annotations

import sqlalchemy as sa

from govops.state.metadata import metadata

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)
