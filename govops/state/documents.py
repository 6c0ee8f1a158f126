"""Small JSON documents parts share (the last audit summary, the migration summary, ...)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops.state.dialect import upsert_replace
from govops.state.engine import read, run_write
from govops.state.tables import documents


def put_document(db: Engine | Connection, key: str, body: Any) -> None:
    """Store a JSON document under ``key`` (e.g. ``network.last_audit_summary``)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)

    def put(conn: Connection) -> None:
        statement = upsert_replace(conn, documents, ["key"], ["updated_at", "body"])
        conn.execute(statement, {"key": key, "updated_at": now, "body": text})

    if isinstance(db, Engine):
        run_write(db, put)
    else:
        put(db)


def get_documents(db: Engine | Connection, keys: list[str]) -> dict[str, Any]:
    """The JSON documents stored under ``keys`` (those that exist), in one query."""
    query = sa.select(documents.c.key, documents.c.body).where(documents.c.key.in_(keys))
    if isinstance(db, Engine):
        with read(db) as conn:
            rows = conn.execute(query).all()
    else:
        rows = db.execute(query).all()
    return {key: json.loads(body) for key, body in rows}


def get_document(db: Engine | Connection, key: str) -> Any | None:
    """The JSON document stored under ``key``, or None."""
    query = documents.select().with_only_columns(documents.c.body).where(documents.c.key == key)
    if isinstance(db, Engine):
        with read(db) as conn:
            body = conn.execute(query).scalar()
    else:
        body = db.execute(query).scalar()
    return None if body is None else json.loads(body)
