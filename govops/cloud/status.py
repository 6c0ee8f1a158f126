"""Where the migration stands: 上云率 with its denominator, on time, overdue, at risk, blocked.

``cloud.migration_summary`` (the exporter's contract, helpers-brief) is written here, on
every state change and every status report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from govops import clock, history, store
from govops.cloud.history import lock_system, states
from govops.cloud.models import DONE, TERMINAL, Status, SystemState
from govops.inventory.models import Classification, Inventory, System

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

SUMMARY_KEY = "cloud.migration_summary"
GROUPINGS = ("department", "level", "target-cloud", "wave")


@dataclass(frozen=True)
class Counts:
    in_scope: int
    migrated: int
    exempt: int
    overdue: int
    at_risk: int
    blocked: int

    @property
    def ratio(self) -> float | None:
        return self.migrated / self.in_scope if self.in_scope else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "in_scope": self.in_scope, "migrated": self.migrated, "exempt": self.exempt,
            "overdue": self.overdue, "at_risk": self.at_risk, "blocked": self.blocked,
            "migration_ratio": _round(self.ratio),
        }  # fmt: skip


@dataclass(frozen=True)
class StatusReport:
    today: date
    total: Counts
    classified: int
    retired: int
    on_time: int
    migrated_with_deadline: int
    by_status: dict[str, int]
    overdue: list[dict[str, Any]]
    at_risk: list[dict[str, Any]]
    blocked: list[dict[str, Any]]
    stale: list[dict[str, Any]]
    stale_days: int
    groups: dict[str, Counts]
    group_by: str | None

    @property
    def ratio_without_exempt(self) -> float | None:
        denominator = self.total.in_scope - self.total.exempt
        return self.total.migrated / denominator if denominator else None

    @property
    def on_time_ratio(self) -> float | None:
        n = self.migrated_with_deadline
        return self.on_time / n if n else None

    def as_dict(self) -> dict[str, Any]:
        t = self.total
        return {
            "today": self.today.isoformat(),
            "migration_ratio": _round(t.ratio),
            "denominator": {
                "in_scope": t.in_scope,
                "definition": "non-classified systems not retired (exempt ones included)",
            },
            "migration_ratio_without_exempt": _round(self.ratio_without_exempt),
            "denominator_without_exempt": t.in_scope - t.exempt,
            "totals": t.as_dict(),
            "classified": self.classified, "retired": self.retired,
            "on_time_ratio": _round(self.on_time_ratio), "on_time": self.on_time,
            "migrated_with_deadline": self.migrated_with_deadline,
            "by_status": self.by_status,
            "overdue": self.overdue, "at_risk": self.at_risk, "blocked": self.blocked,
            "stale_days": self.stale_days, "stale": self.stale,
            "group_by": self.group_by,
            "groups": {k: v.as_dict() for k, v in self.groups.items()},
        }  # fmt: skip


def migration_status(
    conn: Engine | Connection,
    inv: Inventory,
    *,
    group_by: str | None = None,
    stale_days: int = 30,
    now: datetime | None = None,
) -> StatusReport:
    """The status report over the inventory's systems; also stores the summary document."""
    now = now or clock.now()
    current = states(conn, inv.systems)
    report = build_report(inv.systems, current, now, group_by, stale_days)
    summary = save_summary(conn, inv.systems)  # generated_at is when, not "as of"
    history.record(conn, "cloud.status", summary["generated_at"], summary)
    return report


def build_report(
    systems: Mapping[str, System],
    current: Mapping[str, SystemState],
    now: datetime,
    group_by: str | None,
    stale_days: int,
) -> StatusReport:
    today = now.date()
    scope = [sid for sid, s in systems.items() if _in_scope(s, current[sid])]
    rows = [_row(systems[sid], current[sid], today) for sid in scope]
    done = [r for r in rows if r["status"] in DONE and r["deadline"]]
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(
            _group_key(systems[r["system"]], current[r["system"]], group_by), []
        ).append(r)
    return StatusReport(
        today=today,
        total=_counts(rows),
        classified=sum(s.classification is Classification.CLASSIFIED for s in systems.values()),
        retired=sum(st.status is Status.RETIRED for st in current.values()),
        on_time=sum(r["migrated_on"] <= r["deadline"] for r in done),
        migrated_with_deadline=len(done),
        by_status=dict(sorted(Counter(st.status.value for st in current.values()).items())),
        overdue=[_brief(r) for r in rows if r["overdue"]],
        at_risk=[_brief(r) for r in rows if r["at_risk"]],
        blocked=_blocked(current.values(), now),
        stale=_stale(current.values(), now, stale_days),
        stale_days=stale_days,
        groups={k: _counts(v) for k, v in sorted(groups.items())} if group_by else {},
        group_by=group_by,
    )


def save_summary(
    db: Engine | Connection,
    systems: Mapping[str, System],
    current: Mapping[str, SystemState] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Store ``cloud.migration_summary`` (the exporter reads it) and return it.

    Given the engine, the states are read again inside the write transaction, under a
    lock, so that of two operators' summaries the last one written counts both moves.
    """
    from sqlalchemy.engine import Connection as ConnectionType

    from govops.state.engine import run_write

    def work(conn: Connection) -> dict[str, Any]:
        lock_system(conn, "\0" + SUMMARY_KEY)
        doc = summary_doc(systems, states(conn, systems) if current is None else current, now)
        store.put_document(conn, SUMMARY_KEY, doc)
        return doc

    return work(db) if isinstance(db, ConnectionType) else run_write(db, work)


def summary_doc(
    systems: Mapping[str, System], current: Mapping[str, SystemState], now: datetime | None
) -> dict[str, Any]:
    counts = Counter(
        (st.status.value, st.target_cloud or systems[sid].target_cloud or "")
        for sid, st in current.items()
    )
    scope = [sid for sid, s in systems.items() if _in_scope(s, current[sid])]
    migrated = sum(current[sid].status in DONE for sid in scope)
    return {
        "generated_at": (now or clock.now()).isoformat(timespec="seconds"),
        "systems": [
            {"status": status, "target_cloud": cloud, "count": n}
            for (status, cloud), n in sorted(counts.items())
        ],
        "migration_ratio": _round(migrated / len(scope)) if scope else None,
        "in_scope": len(scope),
        "migrated": migrated,
    }


def _in_scope(system: System, state: SystemState) -> bool:
    return system.classification is Classification.NON_CLASSIFIED and (
        state.status is not Status.RETIRED
    )


def _row(system: System, st: SystemState, today: date) -> dict[str, Any]:
    deadline = st.deadline or system.deadline
    pending = st.status not in DONE and st.status is not Status.EXEMPT
    overdue = bool(pending and deadline and deadline < today)
    return {
        "system": system.id, "name": system.name, "status": st.status,
        "deadline": deadline, "wave": st.wave, "wave_date": st.wave_date,
        "target_cloud": st.target_cloud or system.target_cloud,
        "migrated_on": date.fromisoformat(st.migrated_at[:10]) if st.migrated_at else today,
        "overdue": overdue,
        "at_risk": bool(pending and not overdue and deadline and st.wave_date
                        and st.wave_date > deadline),
    }  # fmt: skip


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("system", "name", "status", "target_cloud", "deadline", "wave", "wave_date")
    return {k: (row[k].value if isinstance(row[k], Status) else row[k]) for k in keys}


def _counts(rows: list[dict[str, Any]]) -> Counts:
    return Counts(
        in_scope=len(rows),
        migrated=sum(r["status"] in DONE for r in rows),
        exempt=sum(r["status"] is Status.EXEMPT for r in rows),
        overdue=sum(r["overdue"] for r in rows),
        at_risk=sum(r["at_risk"] for r in rows),
        blocked=sum(r["status"] is Status.BLOCKED for r in rows),
    )


def _group_key(system: System, st: SystemState, group_by: str | None) -> str:
    if group_by == "department":
        return system.department
    if group_by == "level":
        return system.level.value
    if group_by == "target-cloud":
        return st.target_cloud or system.target_cloud or "(none)"
    if group_by == "wave":
        return f"wave {st.wave:03d}" if st.wave is not None else "(unplanned)"
    return ""


def _age_days(since: str | None, now: datetime) -> int | None:
    return None if since is None else (now - datetime.fromisoformat(since)).days


def _blocked(current: Iterable[SystemState], now: datetime) -> list[dict[str, Any]]:
    rows = [
        {"system": st.system, "reason": st.reason, "since": st.since,
         "age_days": _age_days(st.since, now)}
        for st in current
        if st.status is Status.BLOCKED
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (r["reason"], -(r["age_days"] or 0), r["system"]))


def _stale(current: Iterable[SystemState], now: datetime, days: int) -> list[dict[str, Any]]:
    """Systems in motion (some event, not finished) with no update for ``days`` days."""
    quiet = (Status.EXEMPT, *DONE, *TERMINAL)
    rows = [
        {"system": st.system, "status": st.status.value, "since": st.since,
         "age_days": _age_days(st.since, now)}
        for st in current
        if st.since is not None and st.status not in quiet
        and (_age_days(st.since, now) or 0) >= days
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["age_days"], r["system"]))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
