"""Alembic, driven from Python: the revisions ship inside the package (``migrations/``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

#: Every revision this govops knows, oldest first (tests check it against the scripts).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
#: Tables of a pre-Alembic state file (govops 0.x kept versions in schema_versions).
LEGACY_MARKER = "schema_versions"


@dataclass(frozen=True)
class Found:
    revision: str | None
    has_tables: bool


def is_known(revision: str) -> bool:
    return revision in REVISIONS


def current_revision(conn: Connection) -> Found:
    """The stored revision (None before Alembic took over) and whether any table exists."""
    import sqlalchemy as sa

    names = set(sa.inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in names:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    conn.rollback()
    return Found(revision, bool(names - {"alembic_version"}))


def config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "govops.state:migrations")
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str | None]:
    """Move the database to ``target``; returns (revision before, revision after).

    One write transaction: on SQLite it holds the lock from the first read, so two
    processes meeting an old file at once upgrade it once.
    """
    from alembic import command

    from govops.state.engine import write

    with write(engine) as conn:
        before = _stored(conn)
        command.upgrade(config(conn), target)
        after = _stored(conn)
    return before, after


def _stored(conn: Connection) -> str | None:
    import sqlalchemy as sa

    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
