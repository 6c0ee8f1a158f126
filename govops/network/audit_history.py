"""Every stored network audit, with its time and scope: what trends and diffs read.

The time is the snapshot's ``created_at`` (decisions: history time is the snapshot's);
``scope`` is ``full`` or ``partial`` (a snapshot covering part of the inventory), with
what it covered in ``scope_detail``. Summary and findings are kept as the audit's JSON.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops import config
from govops.errors import InputError
from govops.network.tables import audits as table
from govops.state.engine import reading, run_write

SCOPES = ("full", "partial")


@dataclass(frozen=True)
class StoredAudit:
    """One stored audit; ``findings`` is empty in listings (``get_audit`` reads them)."""

    id: int
    created_at: float
    stored_at: float
    scope: str
    scope_detail: dict[str, Any]
    summary: dict[str, Any]
    findings: list[dict[str, Any]]
    snapshot: str | None
    operator: str


def store_audit(
    db: Engine | Connection,
    *,
    created_at: float,
    summary: dict[str, Any],
    findings: list[dict[str, Any]],
    scope: str = "full",
    scope_detail: dict[str, Any] | None = None,
    snapshot: str | None = None,
    by: str | None = None,
) -> int:
    """Store one audit (``summary`` and ``findings`` as in the audit's JSON); its id."""
    if scope not in SCOPES:
        raise InputError(f"audit scope `{scope}` is not one of {list(SCOPES)}")
    values = {
        "created_at": created_at, "stored_at": time.time(), "scope": scope,
        "scope_detail": _dump(scope_detail or {}), "summary": _dump(summary),
        "findings": _dump(findings), "snapshot": snapshot, "operator": config.operator(by),
    }  # fmt: skip

    def work(conn: Connection) -> int:
        return int(conn.execute(table.insert().values(values).returning(table.c.id)).scalar_one())

    return run_write(db, work) if isinstance(db, Engine) else work(db)


def list_audits(
    db: Engine | Connection,
    *,
    since: float | None = None,
    until: float | None = None,
    scope: str | None = None,
    limit: int | None = None,
) -> list[StoredAudit]:
    """Stored audits oldest first by ``created_at`` (without their findings)."""
    columns = [c for c in table.c if c.name != "findings"]
    query = sa.select(*columns).order_by(table.c.created_at, table.c.id)
    if since is not None:
        query = query.where(table.c.created_at >= since)
    if until is not None:
        query = query.where(table.c.created_at <= until)
    if scope is not None:
        query = query.where(table.c.scope == scope)
    if limit is not None:  # the newest ``limit``, still oldest first
        newest = query.order_by(None).order_by(table.c.created_at.desc(), table.c.id.desc())
        query = newest.limit(limit)
    with reading(db) as conn:
        rows = [_stored(row._asdict()) for row in conn.execute(query)]
    return sorted(rows, key=lambda a: (a.created_at, a.id))


def get_audit(db: Engine | Connection, audit_id: int) -> StoredAudit:
    """One stored audit with its findings; InputError when there is none with that id."""
    with reading(db) as conn:
        row = conn.execute(sa.select(table).where(table.c.id == audit_id)).first()
    if row is None:
        raise InputError(f"no stored audit {audit_id}")
    return _stored(row._asdict())


def latest_audit(db: Engine | Connection, *, scope: str = "full") -> StoredAudit | None:
    """The newest stored audit of ``scope`` (full by default), or None."""
    found = list_audits(db, scope=scope, limit=1)
    return get_audit(db, found[0].id) if found else None


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _stored(row: dict[str, Any]) -> StoredAudit:
    return StoredAudit(
        id=int(row["id"]), created_at=float(row["created_at"]),
        stored_at=float(row["stored_at"]), scope=row["scope"],
        scope_detail=json.loads(row["scope_detail"]), summary=json.loads(row["summary"]),
        findings=json.loads(row["findings"]) if "findings" in row else [],
        snapshot=row["snapshot"], operator=row["operator"],
    )  # fmt: skip
