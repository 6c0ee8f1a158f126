"""What govops measured over time: audits, IPv6 views, cloud status and scorecards, each
kept with its time (for an audit, its snapshot's ``created_at``) and, for audits, its scope.

Every part records through :func:`record` and reads through :func:`entries` and
:func:`load`; nothing else knows where history lives: the state layer's ``history`` table
(``govops/state/tables.py``), one row per entry, numbered within its kind.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

KINDS = ("network.audit", "network.ipv6", "cloud.status", "scorecard")


@dataclass(frozen=True)
class Entry:
    """One stored measurement; ``body`` is empty in listings (see :func:`load`)."""

    kind: str
    id: int
    created_at: str  # ISO-8601 with offset
    scope: str  # full | partial
    meta: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    operator: str = ""

    def to_json(self, body: bool = False) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "id": self.id,
            "created_at": self.created_at,
            "scope": self.scope,
            "operator": self.operator,
            **self.meta,
        }
        return {**out, "body": self.body} if body else out


def record(
    conn: Any,
    kind: str,
    created_at: str,
    body: dict[str, Any],
    *,
    scope: str = "full",
    meta: dict[str, Any] | None = None,
    by: str | None = None,
) -> Entry:
    """Store ``body`` as the next entry of ``kind`` (recorded as done by ``by``, else
    GOVOPS_OPERATOR, else the login name); returns it with its new id."""
    from sqlalchemy.engine import Connection, Engine

    from govops import config
    from govops.state.engine import lock_name, run_write
    from govops.state.tables import history

    operator = config.operator(by)

    def work(db: Connection) -> Entry:
        import sqlalchemy as sa

        lock_name(db, "history." + kind)  # numbers within a kind are handed out one by one
        last = db.execute(
            sa.select(sa.func.max(history.c.seq)).where(history.c.kind == kind)
        ).scalar()
        entry = Entry(kind, int(last or 0) + 1, created_at, scope, dict(meta or {}), body, operator)
        db.execute(history.insert().values(
            kind=kind, seq=entry.id, created_at=created_at, created_ts=_instant(created_at),
            scope=scope, meta=_dump(entry.meta), body=_dump(body), operator=operator,
            stored_at=time.time(),
        ))  # fmt: skip
        return entry

    return run_write(conn, work) if isinstance(conn, Engine) else work(conn)


def entries(conn: Any, kind: str, *, scope: str | None = None) -> list[Entry]:
    """Every entry of ``kind`` (bodies not loaded), oldest first by time, then by id."""
    import sqlalchemy as sa

    from govops.state.engine import reading
    from govops.state.tables import history

    c = history.c
    query = (
        sa.select(c.seq, c.created_at, c.scope, c.meta, c.operator)
        .where(c.kind == kind)
        .order_by(c.created_ts, c.seq)
    )
    if scope is not None:
        query = query.where(c.scope == scope)
    with reading(conn) as db:
        rows = db.execute(query).all()
    return [Entry(kind, int(r.seq), r.created_at, r.scope, json.loads(r.meta), {}, r.operator)
            for r in rows]  # fmt: skip


def load(conn: Any, kind: str, entry_id: int) -> Entry | None:
    """The entry with its body, or None when there is no such id."""
    import sqlalchemy as sa

    from govops.state.engine import reading
    from govops.state.tables import history

    c = history.c
    query = sa.select(history).where(c.kind == kind, c.seq == entry_id)
    with reading(conn) as db:
        row = db.execute(query).first()
    if row is None:
        return None
    return Entry(kind, int(row.seq), row.created_at, row.scope, json.loads(row.meta),
                 json.loads(row.body), row.operator)  # fmt: skip


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _instant(stamp: str) -> float:
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
