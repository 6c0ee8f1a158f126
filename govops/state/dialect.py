"""The two statements whose spelling differs by backend: INSERT ... ON CONFLICT.

Both SQLite and PostgreSQL have the same ON CONFLICT; SQLAlchemy spells it per dialect.
Idempotency and counting under concurrent writers rest on these, never on a read first.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def storable(value: Any) -> Any:
    """``value`` as both backends can store it: PostgreSQL text cannot hold NUL, so a NUL
    character in a string becomes U+FFFD (the replacement character); all else is kept."""
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def storable_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: storable(value) for key, value in row.items()}


def insert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT (which has ``on_conflict_do_*``)."""
    return _insert(conn.dialect.name, table)


def _insert(dialect: str, table: sa.Table) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def insert_ignore(
    conn: Connection, table: sa.Table, keys: Sequence[str], returning: Sequence[str] = ()
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO NOTHING [RETURNING ...], built once per dialect."""
    return _insert_ignore(conn.dialect.name, table, tuple(keys), tuple(returning))


@cache
def _insert_ignore(
    dialect: str, table: sa.Table, keys: tuple[str, ...], returning: tuple[str, ...]
) -> Any:
    statement = _insert(dialect, table).on_conflict_do_nothing(index_elements=list(keys))
    return statement.returning(*(table.c[c] for c in returning)) if returning else statement


def upsert_replace(
    conn: Connection, table: sa.Table, keys: Sequence[str], columns: Sequence[str]
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET column = excluded.column."""
    statement = insert(conn, table)
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={c: statement.excluded[c] for c in columns}
    )


def upsert_add(
    conn: Connection, table: sa.Table, keys: Sequence[str], columns: Sequence[str]
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET column = column + excluded.column:
    an increment that two concurrent writers can both apply without losing either."""
    return upsert_add_statement(conn.dialect.name, table, tuple(keys), tuple(columns))


@cache
def upsert_add_statement(
    dialect: str, table: sa.Table, keys: tuple[str, ...], columns: tuple[str, ...]
) -> Any:
    """:func:`upsert_add` for the dialect named ``dialect`` (built once)."""
    statement = _insert(dialect, table)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={c: table.c[c] + statement.excluded[c] for c in columns},
    )
