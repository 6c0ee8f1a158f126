"""What govops measured over time: audits, IPv6 views, cloud status and scorecards, each
kept with its time (for an audit, its snapshot's ``created_at``) and, for audits, its scope.

Every part records through :func:`record` and reads through :func:`entries` and
:func:`load`; nothing else knows where history lives. Audits live in the state layer's
audit-history table (:mod:`govops.network.audit_history`: time, scope, summary, findings,
snapshot, operator), with the rest of each audit's JSON (links, sites, devices, which
diffs and member history read) in a document beside it, ``history.network.audit.<id>``.
The other kinds live in the state's JSON documents: an index per kind
(``history.<kind>``) and one document per entry (``history.<kind>.<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govops import store

KINDS = ("network.audit", "network.ipv6", "cloud.status", "scorecard")
AUDITS = "network.audit"


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
    if kind == AUDITS:
        return _record_audit(conn, created_at, body, scope, dict(meta or {}))
    index: list[dict[str, Any]] = store.get_document(conn, _index_key(kind)) or []
    new_id = max((int(row["id"]) for row in index), default=0) + 1
    entry = Entry(kind, new_id, created_at, scope, dict(meta or {}), body)
    store.put_document(conn, f"{_index_key(kind)}.{new_id}", body)
    index.append(entry.to_json())
    store.put_document(conn, _index_key(kind), index)
    return entry


def entries(conn: Any, kind: str, *, scope: str | None = None) -> list[Entry]:
    """Every entry of ``kind`` (bodies not loaded), oldest first by time, then by id."""
    if kind == AUDITS:
        return _audit_entries(conn, scope)
    index: list[dict[str, Any]] = store.get_document(conn, _index_key(kind)) or []
    out = []
    for row in index:
        meta = {k: v for k, v in row.items() if k not in ("kind", "id", "created_at", "scope")}
        out.append(Entry(kind, int(row["id"]), row["created_at"], row["scope"], meta))
    chosen = [e for e in out if scope is None or e.scope == scope]
    return sorted(chosen, key=lambda e: (_instant(e.created_at), e.id))


def load(conn: Any, kind: str, entry_id: int) -> Entry | None:
    """The entry with its body, or None when there is no such id."""
    if kind == AUDITS:
        return _load_audit(conn, entry_id)
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


def _iso(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def _audit_entry(stored: Any, body: dict[str, Any] | None = None) -> Entry:
    total = stored.summary.get("total", {})
    meta = {
        "snapshot": stored.snapshot,
        "operator": stored.operator,
        "scope_detail": stored.scope_detail,
        "coverage_ratio": total.get("coverage_ratio"),
        "ipv6_ready_ratio": total.get("ipv6_ready_ratio"),
    }
    return Entry(AUDITS, stored.id, _iso(stored.created_at), stored.scope, meta, body or {})


def _record_audit(
    conn: Any, created_at: str, body: dict[str, Any], scope: str, meta: dict[str, Any]
) -> Entry:
    from govops.network import audit_history

    audit_id = audit_history.store_audit(
        conn,
        created_at=_instant(created_at),
        summary=body["summary"],
        findings=body["findings"],
        scope=scope,
        scope_detail=meta.get("scope_detail") or {},
        snapshot=meta.get("snapshot"),
    )
    rest = {k: v for k, v in body.items() if k not in ("summary", "findings")}
    store.put_document(conn, f"{_index_key(AUDITS)}.{audit_id}", rest)
    loaded = _load_audit(conn, audit_id)
    assert loaded is not None  # just stored
    return loaded


def _audit_entries(conn: Any, scope: str | None) -> list[Entry]:
    from govops.network import audit_history

    return [_audit_entry(a) for a in audit_history.list_audits(conn, scope=scope)]


def _load_audit(conn: Any, audit_id: int) -> Entry | None:
    from govops.errors import InputError
    from govops.network import audit_history

    try:
        stored = audit_history.get_audit(conn, audit_id)
    except InputError:
        return None
    rest = store.get_document(conn, f"{_index_key(AUDITS)}.{audit_id}") or {}
    body = {**rest, "summary": stored.summary, "findings": stored.findings}
    return _audit_entry(stored, body)
