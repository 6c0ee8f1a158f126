"""Stored network audits, by the shape the audit-history API promised: a thin view of
:mod:`govops.history` entries of kind ``network.audit`` (which `govops network audit`
records with the whole report), for code that wants the summary and findings typed.

The time is the snapshot's ``created_at`` (decisions: history time is the snapshot's);
``scope`` is ``full`` or ``partial`` (a snapshot covering part of the inventory).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from govops import history
from govops.errors import InputError
from govops.i18n import M_

KIND = "network.audit"
SCOPES = ("full", "partial")


@dataclass(frozen=True)
class StoredAudit:
    """One stored audit; ``summary`` and ``findings`` are empty in listings
    (``get_audit`` reads them)."""

    id: int
    created_at: float
    scope: str
    meta: dict[str, Any]
    summary: dict[str, Any]
    findings: list[dict[str, Any]]
    operator: str


def store_audit(
    db: Any,
    *,
    created_at: float,
    summary: dict[str, Any],
    findings: list[dict[str, Any]],
    scope: str = "full",
    meta: dict[str, Any] | None = None,
    by: str | None = None,
) -> int:
    """Store one audit (``summary`` and ``findings`` as in the audit's JSON); its id."""
    if scope not in SCOPES:
        raise InputError(
            M_("audit scope `{scope}` is not one of {scopes}", scope=scope, scopes=list(SCOPES))
        )
    stamp = datetime.fromtimestamp(created_at, UTC).isoformat()
    body = {"summary": summary, "findings": findings}
    return history.record(db, KIND, stamp, body, scope=scope, meta=meta, by=by).id


def list_audits(
    db: Any,
    *,
    since: float | None = None,
    until: float | None = None,
    scope: str | None = None,
    limit: int | None = None,
) -> list[StoredAudit]:
    """Stored audits oldest first by their snapshot's time (summaries not loaded);
    ``limit``: only the newest that many."""
    chosen = [_stored(e) for e in history.entries(db, KIND, scope=scope)]
    chosen = [a for a in chosen if (since is None or a.created_at >= since)
              and (until is None or a.created_at <= until)]  # fmt: skip
    return chosen[-limit:] if limit else chosen


def get_audit(db: Any, audit_id: int) -> StoredAudit:
    """One stored audit with its summary and findings; InputError when there is none."""
    entry = history.load(db, KIND, audit_id)
    if entry is None:
        raise InputError(M_("no stored audit {id} (see `govops network history`)", id=audit_id))
    return _stored(entry)


def latest_audit(db: Any, *, scope: str = "full") -> StoredAudit | None:
    """The newest stored audit of ``scope`` (full by default), with its findings."""
    found = list_audits(db, scope=scope, limit=1)
    return get_audit(db, found[0].id) if found else None


def _stored(entry: history.Entry) -> StoredAudit:
    return StoredAudit(
        id=entry.id,
        created_at=datetime.fromisoformat(entry.created_at).timestamp(),
        scope=entry.scope,
        meta=entry.meta,
        summary=entry.body.get("summary") or {},
        findings=list(entry.body.get("findings") or []),
        operator=entry.operator,
    )
