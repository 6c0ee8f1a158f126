"""History in its own table: every measurement over time (audits, IPv6 views, cloud
status, scorecards), numbered within its kind, with its time, scope and operator.

What an earlier govops kept as JSON documents (an index ``history.<kind>`` and one
document ``history.<kind>.<id>`` per entry) moves into the table with the same ids, and
the documents go; so do the rows of 0002's ``audits`` table (as ``network.audit``
entries after those), which the table replaces.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLE = sa.table(
    "history", sa.column("kind"), sa.column("seq"), sa.column("created_at"),
    sa.column("created_ts"), sa.column("scope"), sa.column("meta"), sa.column("body"),
    sa.column("operator"), sa.column("stored_at"),
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_ts", sa.Double, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("operator", sa.Text, nullable=False),
        sa.Column("stored_at", sa.Double, nullable=False),
        sa.UniqueConstraint("kind", "seq", name="history_kind_seq_key"),
    )
    op.create_index("history_kind_created_ts_seq", "history", ["kind", "created_ts", "seq"])
    rows = _from_documents()
    rows += _from_audits(max((r["seq"] for r in rows if r["kind"] == "network.audit"), default=0))
    if rows:
        op.bulk_insert(_TABLE, rows)
    op.drop_index("audits_created", table_name="audits")
    op.drop_table("audits")


def _from_documents() -> list[dict[str, Any]]:
    bind = op.get_bind()
    query = sa.text("SELECT key, body FROM documents WHERE key LIKE 'history.%'")
    docs: dict[str, str] = {key: body for key, body in bind.execute(query)}
    rows, now = [], time.time()
    for key, text in docs.items():
        index = _json(text)
        if key.count(".") != 2 or not isinstance(index, list):
            continue  # history.<kind> with kind "<part>.<what>": the index documents
        kind = key.removeprefix("history.")
        for item in index:
            if not isinstance(item, dict) or "id" not in item or "created_at" not in item:
                continue
            meta = {k: v for k, v in item.items() if k not in ("kind", "id", "created_at", "scope")}
            body = _json(docs.get(f"{key}.{item['id']}", "{}"))
            rows.append({
                "kind": kind, "seq": int(item["id"]), "created_at": item["created_at"],
                "created_ts": _instant(item["created_at"]), "scope": item.get("scope", "full"),
                "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
                "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
                "operator": "unknown", "stored_at": now,
            })  # fmt: skip
    if rows:
        bind.execute(sa.text("DELETE FROM documents WHERE key LIKE 'history.%'"))
    return rows


def _from_audits(after: int) -> list[dict[str, Any]]:
    query = sa.text(
        "SELECT created_at, stored_at, scope, scope_detail, summary, findings, snapshot, "
        "operator FROM audits ORDER BY created_at, id"
    )
    rows = []
    for seq, row in enumerate(op.get_bind().execute(query), start=after + 1):
        meta = {"scope_detail": _json(row.scope_detail), "snapshot": row.snapshot}
        body = {"summary": _json(row.summary), "findings": _json(row.findings)}
        rows.append({
            "kind": "network.audit", "seq": seq,
            "created_at": datetime.fromtimestamp(row.created_at, UTC).isoformat(),
            "created_ts": row.created_at, "scope": row.scope,
            "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
            "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
            "operator": row.operator, "stored_at": row.stored_at,
        })  # fmt: skip
    return rows


def _json(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _instant(stamp: str) -> float:
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return 0.0
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def downgrade() -> None:
    raise NotImplementedError("govops state is never downgraded; restore a backup instead")
