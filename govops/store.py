"""The embedded state: one SQLite file shared by every part of govops.

Each subsystem owns its tables and creates them with :func:`ensure_schema`; this module
only opens the file the same way for all of them (WAL, full sync, so that a reported
success is on disk) and keeps small JSON documents such as the last audit summary.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govops import config
from govops.errors import InputError

_BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_versions (
    component TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
"""


def connect(path: str | Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the state file at ``path`` or the configured default."""
    db = config.db_path(path)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(db, timeout=30, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(_BASE_SCHEMA)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise InputError(f"cannot open state file `{db}`: {exc} (set GOVOPS_DB or --db)") from exc
    return conn


def ensure_schema(conn: sqlite3.Connection, component: str, version: int, ddl: str) -> None:
    """Create ``component``'s tables once; ``ddl`` must be idempotent (IF NOT EXISTS)."""
    row = conn.execute(
        "SELECT version FROM schema_versions WHERE component = ?", (component,)
    ).fetchone()
    if row is not None and row["version"] >= version:
        return
    with conn:
        conn.executescript(ddl)
        conn.execute(
            "INSERT INTO schema_versions(component, version) VALUES (?, ?) "
            "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
            (component, version),
        )


def put_document(conn: sqlite3.Connection, key: str, body: Any) -> None:
    """Store a JSON document under ``key`` (e.g. ``network.last_audit_summary``)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with conn:
        conn.execute(
            "INSERT INTO documents(key, updated_at, body) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body",
            (key, now, json.dumps(body, ensure_ascii=False, sort_keys=True)),
        )


def get_document(conn: sqlite3.Connection, key: str) -> Any | None:
    """The JSON document stored under ``key``, or None."""
    row = conn.execute("SELECT body FROM documents WHERE key = ?", (key,)).fetchone()
    return None if row is None else json.loads(row["body"])
