"""What `govops db status` and `govops db upgrade` do, callable without the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from govops.state import HEAD, migrate
from govops.state.engine import connect_check, create_engine, refuse_newer
from govops.state.metadata import all_tables
from govops.state.url import StateURL, parse_state_url


@dataclass(frozen=True)
class Status:
    backend: str
    url: str  # without the password
    revision: str | None
    head: str
    rows: dict[str, int]  # table -> rows; tables not there yet are left out

    @property
    def current(self) -> bool:
        return self.revision == self.head

    def as_dict(self) -> dict[str, object]:
        return {
            "backend": self.backend, "url": self.url, "revision": self.revision,
            "head": self.head, "current": self.current, "rows": self.rows,
        }  # fmt: skip


def status(db: str | Path | None = None) -> Status:
    """Backend, URL without password, stored revision and row counts; changes nothing."""
    url = parse_state_url(db)
    engine = create_engine(url)
    try:
        return connect_check(engine, url, lambda conn: _status(conn, url))
    finally:
        engine.dispose()


def _status(conn: sa.Connection, url: StateURL) -> Status:
    found = migrate.current_revision(conn)
    present = set(sa.inspect(conn).get_table_names())
    rows = {
        table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in all_tables().sorted_tables
        if table.name in present
    }
    conn.rollback()
    revision = found.revision or ("pre-alembic" if found.has_tables else None)
    return Status(url.backend, url.display, revision, HEAD, rows)


@dataclass(frozen=True)
class Upgrade:
    url: str
    before: str | None
    after: str | None


def upgrade(db: str | Path | None = None) -> Upgrade:
    """Move the database (SQLite or PostgreSQL) to the newest revision, without loss."""
    url = parse_state_url(db)
    engine = create_engine(url)
    try:
        found = connect_check(engine, url, migrate.current_revision)
        refuse_newer(url, found.revision)
        before, after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    if before is None and found.has_tables:
        before = "pre-alembic"
    return Upgrade(url.display, before, after)
