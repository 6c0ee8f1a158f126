"""What govops measured over time: audits, IPv6 views, cloud status and scorecards, each
kept with its time (for an audit, its snapshot's ``created_at``) and, for audits, its scope.

Every part records through :func:`record` and reads through :func:`entries` and
:func:`load`; nothing else knows where history lives. For now it lives in the state's
JSON documents: an index per kind (``history.<kind>``) and one document per entry
(``history.<kind>.<id>``). When the state layer's audit-history table is in place, only
these three functions change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govops import store

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

    def to_json(self, body: bool = False) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "id": self.id,
            "created_at": self.created_at,
            "scope": self.scope,
            **self.meta,
        }
        return {**out, "body": self.body} if body else out


def _index_key(kind: str) -> str:
    return f"history.{kind}"


def record(
    conn: Any,
    kind: str,
    created_at: str,
    body: dict[str, Any],
    *,
    scope: str = "full",
    meta: dict[str, Any] | None = None,
) -> Entry:
    """Store ``body`` as the next entry of ``kind``; returns it (with its new id)."""
    index: list[dict[str, Any]] = store.get_document(conn, _index_key(kind)) or []
    new_id = max((int(row["id"]) for row in index), default=0) + 1
    entry = Entry(kind, new_id, created_at, scope, dict(meta or {}), body)
    store.put_document(conn, f"{_index_key(kind)}.{new_id}", body)
    index.append(entry.to_json())
    store.put_document(conn, _index_key(kind), index)
    return entry


def entries(conn: Any, kind: str, *, scope: str | None = None) -> list[Entry]:
    """Every entry of ``kind`` (bodies not loaded), oldest first by time, then by id."""
    index: list[dict[str, Any]] = store.get_document(conn, _index_key(kind)) or []
    out = []
    for row in index:
        meta = {k: v for k, v in row.items() if k not in ("kind", "id", "created_at", "scope")}
        out.append(Entry(kind, int(row["id"]), row["created_at"], row["scope"], meta))
    chosen = [e for e in out if scope is None or e.scope == scope]
    return sorted(chosen, key=lambda e: (_instant(e.created_at), e.id))


def load(conn: Any, kind: str, entry_id: int) -> Entry | None:
    """The entry with its body, or None when there is no such id."""
    for entry in entries(conn, kind):
        if entry.id == entry_id:
            body = store.get_document(conn, f"{_index_key(kind)}.{entry_id}") or {}
            return Entry(kind, entry.id, entry.created_at, entry.scope, entry.meta, body)
    return None


def _instant(stamp: str) -> float:
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
