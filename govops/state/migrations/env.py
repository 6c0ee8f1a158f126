"""Alembic's environment: always online, on the connection govops hands in."""

from __future__ import annotations

from alembic import context

from govops.state.metadata import all_tables

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `govops db upgrade`, not the alembic command")
context.configure(connection=connection, target_metadata=all_tables())
with context.begin_transaction():
    context.run_migrations()
