"""The state every part shares, by its old name: open it, keep small JSON documents.

Kept so that callers read as before (``store.connect()``, ``store.put_document``); the
state layer itself is :mod:`govops.state` (SQLite file or PostgreSQL URL, Alembic).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from govops.state.engine import StateEngine


def connect(db: str | Path | None = None) -> StateEngine:
    """The configured state database (``db``, else GOVOPS_DB, else the default file)."""
    from govops.state.engine import open_engine

    return open_engine(db)


def put_document(db: Engine | Connection, key: str, body: Any) -> None:
    """Store a JSON document under ``key`` (e.g. ``network.last_audit_summary``)."""
    from govops.state.documents import put_document as put

    put(db, key, body)


def get_document(db: Engine | Connection, key: str) -> Any | None:
    """The JSON document stored under ``key``, or None."""
    from govops.state.documents import get_document as get

    return get(db, key)
