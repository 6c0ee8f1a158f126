"""Gather the scorecard's evidence from the inventory, a snapshot and the state store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govops import clock, store
from govops.i18n import N_
from govops.inventory.models import Inventory
from govops.scorecard.evidence import Evidence
from govops.sla.models import Fault

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def gather_evidence(
    inventory: Inventory,
    conn: Engine,
    now: datetime,
    *,
    snapshot: Path | None = None,
    policy: Path | None = None,
) -> Evidence:
    """Everything the measures read. Parts with no data yet leave their field empty."""
    audit: dict[str, Any] | None = None
    audit_summary = audit_at = None
    if snapshot is not None:
        audit = _audit(inventory, snapshot, policy)
        audit_summary, audit_at = audit["summary"], now.isoformat(timespec="seconds")
    else:
        stored = store.get_document(conn, "network.last_audit_summary")
        if stored is not None:
            audit_summary, audit_at = stored["summary"], stored.get("generated_at")
    migration = store.get_document(conn, "cloud.migration_summary")
    capacity = [c.capacity.vcpu for c in inventory.clouds.values() if c.capacity is not None]
    actual, projection = burndown(conn, inventory, migration)
    local = clock.local(now)
    faults = _faults(conn, clock.month_start(local.year - 1, local.month).timestamp())
    return Evidence(
        inventory=inventory,
        now=now,
        audit=audit,
        audit_summary=audit_summary,
        audit_at=audit_at,
        migration=migration,
        faults=faults,
        cloud_cores=sum(capacity) if capacity else None,
        cloud_cores_source=N_("inventory capacity"),
        burndown=actual,
        projection=projection,
        deadlines=sorted({s.deadline for s in inventory.systems.values() if s.deadline}),
        sla_monthly=monthly_compliance(faults or [], now),
        trends=trends(conn),
    )


def trends(conn: Any, limit: int = 400) -> dict[str, list[tuple[str, float]]]:
    """Each ratio indicator's value in the stored scorecards, by day (a day's last run)."""
    from govops import history

    by_day: dict[str, dict[str, float]] = {}
    for entry in history.entries(conn, "scorecard")[-limit:]:
        stored = history.load(conn, "scorecard", entry.id)
        day = entry.created_at[:10]
        for row in (stored.body if stored else {}).get("indicators", []):
            if row.get("unit") == "ratio" and isinstance(row.get("value"), int | float):
                by_day.setdefault(row["id"], {})[day] = float(row["value"])
    return {k: sorted(v.items()) for k, v in by_day.items()}


def _audit(inventory: Inventory, snapshot: Path, policy: Path | None) -> dict[str, Any]:
    from govops.network.audit import run_audit
    from govops.network.policy import load_policy
    from govops.network.snapshot import read_snapshot

    return run_audit(inventory, read_snapshot(snapshot), load_policy(policy)).to_json()


def _faults(conn: Engine, since: float) -> list[Fault] | None:
    """Faults open or resolved since ``since``; None when the store has never held one."""
    from govops.sla.faults import list_faults

    return list_faults(conn, since=since) or None


def burndown(
    conn: Engine, inventory: Inventory, migration: dict[str, Any] | None
) -> tuple[list[tuple[date, int]], list[tuple[date, int]]]:
    """Systems in scope not yet on the cloud: day by day from the event log, then as the
    planned waves would take them down (each system's planned wave date)."""
    from govops.cloud.history import events, states
    from govops.cloud.models import DONE

    if migration is None:
        return [], []
    in_scope = int(migration["in_scope"])
    done: set[str] = set()
    actual: dict[date, int] = {}
    for event in sorted(events(conn), key=lambda e: e.at):  # backdated imports interleave
        if event.system not in inventory.systems:
            continue
        (done.add if event.to_status in DONE else done.discard)(event.system)
        actual[clock.local(datetime.fromisoformat(event.at)).date()] = in_scope - len(done)
    remaining = in_scope - int(migration["migrated"])
    waves = sorted(
        s.wave_date for s in states(conn, inventory.systems).values()
        if s.wave_date is not None and s.status not in DONE
    )  # fmt: skip
    projection: dict[date, int] = {}
    if actual and waves:
        projection[max(actual)] = remaining
    for index, day in enumerate(waves, start=1):
        projection[day] = max(remaining - index, 0)
    return sorted(actual.items()), sorted(projection.items())


def monthly_compliance(faults: Sequence[Fault], now: datetime) -> list[tuple[str, float]]:
    """Network and platform faults cleared in time, month by month (calendar months in
    GOVOPS_TZ), over the last year."""
    from govops.sla.compliance import compliance

    relevant = [f for f in faults if f.category in ("network", "platform")]
    points = []
    for start, end in clock.months_back(now, 12):
        ratio = compliance(relevant, start.timestamp(), end.timestamp()).ratio
        if ratio is not None:
            points.append((start.strftime("%Y-%m"), ratio))
    return points
