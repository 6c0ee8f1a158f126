"""The migration's event log joins the one lifecycle log: ``cloud_events`` rows move, in
order, into ``lifecycle_events`` as kind ``cloud_system`` (wave, target cloud, deadline
and wave date in ``extra``), and ``cloud_events`` goes. Cloud systems, private networks and
server rooms then share one append-only log, one lock and one set of rules.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KIND = "cloud_system"
EXTRA = ("wave", "target_cloud", "deadline", "wave_date")
COLUMNS = ("system", "from_status", "to_status", "at", "actor", "note", "reason", "evidence")


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT {', '.join(COLUMNS + EXTRA)} FROM cloud_events ORDER BY id")
    ).mappings()
    target = sa.table(
        "lifecycle_events", *(sa.column(c) for c in (
            "kind", "item", "from_status", "to_status", "at", "actor", "note", "reason",
            "evidence", "extra",
        )),
    )  # fmt: skip
    moved = [
        {
            "kind": KIND, "item": r["system"], "from_status": r["from_status"],
            "to_status": r["to_status"], "at": r["at"], "actor": r["actor"],
            "note": r["note"] or "", "reason": r["reason"] or "",
            "evidence": r["evidence"] or "[]",
            "extra": json.dumps({k: r[k] for k in EXTRA if r[k] is not None}, sort_keys=True),
        }
        for r in rows
    ]  # fmt: skip
    if moved:
        op.bulk_insert(target, moved)
    if bind.dialect.name == "postgresql":
        op.execute("DROP TABLE cloud_events")
        op.execute("DROP FUNCTION IF EXISTS cloud_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS cloud_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS cloud_events_no_delete")
        op.execute("DROP TABLE cloud_events")


def downgrade() -> None:
    raise NotImplementedError("govops state is never downgraded; restore a backup instead")
