"""From an inventory and the migration log to a wave plan; ``--apply`` records it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from govops.cloud.history import record, states
from govops.cloud.models import DONE, MoveRequest, Status, SystemState
from govops.cloud.planner import Plan, PlanItem, PlanProblem, plan_waves
from govops.cloud.status import save_summary
from govops.errors import DomainError
from govops.i18n import M_
from govops.inventory.models import Classification, Inventory, System

#: Statuses the planner may (re)plan; later ones already hold their place on the cloud.
PLANNABLE = frozenset({Status.INVENTORIED, Status.ASSESSED, Status.PLANNED, Status.ROLLED_BACK})
#: Statuses whose resources are already taken on the target cloud.
COMMITTED = frozenset({Status.READY, Status.MIGRATING, Status.TESTING, Status.CUTOVER, *DONE})

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class PlanRun:
    plan: Plan
    skipped: dict[str, str]  # system -> why it is not in the plan (blocked, no target, ...)
    applied: tuple[str, ...] = ()
    not_applied: dict[str, str] | None = None
    notes: tuple[str, ...] = ()


def plan_inventory(
    conn: Engine,
    inv: Inventory,
    *,
    start: date,
    wave_days: int = 14,
    max_per_wave: int = 20,
    headroom: Mapping[str, tuple[int, int, int]] | None = None,
) -> PlanRun:
    """Plan every non-classified system still to move; headroom defaults to the inventory's."""
    if wave_days < 1 or max_per_wave < 1:
        raise DomainError(M_("--wave-days and --max-per-wave must be at least 1"))
    current = states(conn, inv.systems)
    items, skipped, off_cloud = _items(inv, current)
    room = dict(headroom) if headroom is not None else inventory_headroom(inv, current)
    satisfied = frozenset(sid for sid, st in current.items() if st.status in COMMITTED)
    plan = plan_waves(
        items, room, start=start, wave_days=wave_days, max_per_wave=max_per_wave,
        satisfied=satisfied, off_cloud=off_cloud,
    )  # fmt: skip
    return PlanRun(plan, skipped)


def inventory_headroom(
    inv: Inventory, current: Mapping[str, SystemState]
) -> dict[str, tuple[int, int, int]]:
    """Each cloud's inventory capacity less what systems already on (or entering) it use."""
    room = {
        c.id: [c.capacity.vcpu, c.capacity.ram_gb, c.capacity.disk_gb] if c.capacity else [0, 0, 0]
        for c in inv.clouds.values()
    }
    for sid, st in current.items():
        system = inv.systems[sid]
        cloud = st.target_cloud or system.target_cloud
        if st.status in COMMITTED and cloud in room:
            r = system.resources
            for k, v in enumerate((r.vcpu, r.ram_gb, r.disk_gb)):
                room[cloud][k] -= v
    return {c: (v[0], v[1], v[2]) for c, v in room.items()}


def _items(
    inv: Inventory, current: Mapping[str, SystemState]
) -> tuple[list[PlanItem], dict[str, str], dict[str, str]]:
    items: list[PlanItem] = []
    skipped: dict[str, str] = {}
    off_cloud: dict[str, str] = {}
    for sid, system in inv.systems.items():
        st = current[sid]
        if system.classification is Classification.CLASSIFIED:
            off_cloud[sid] = "classified"
        elif st.status in (Status.EXEMPT, Status.RETIRED):
            off_cloud[sid] = st.status.value
        elif st.status is Status.BLOCKED:
            skipped[sid] = M_("blocked: {reason}", reason=st.reason)
        elif st.status in PLANNABLE:
            cloud = st.target_cloud or system.target_cloud
            if cloud is None:
                skipped[sid] = M_("no target cloud in the inventory")
            else:
                items.append(_item(system, cloud, st))
    return items, skipped, off_cloud


def _item(system: System, cloud: str, st: SystemState) -> PlanItem:
    r = system.resources
    return PlanItem(
        id=system.id, cloud=cloud, demand=(r.vcpu, r.ram_gb, r.disk_gb),
        deadline=st.deadline or system.deadline,
        depends_on=tuple(system.depends_on), comigrate=tuple(system.comigrate),
    )  # fmt: skip


def apply_plan(conn: Engine, inv: Inventory, run: PlanRun) -> PlanRun:
    """Record ``planned`` (wave, date, target, deadline) for every placed system that may be."""
    applied, refused = [], {}
    current = states(conn, inv.systems)
    for wave in run.plan.waves:
        for sid in wave.systems:
            st = current[sid]
            if st.status is Status.PLANNED and st.wave == wave.number:
                continue
            if st.status is Status.INVENTORIED:
                refused[sid] = "not assessed yet (move it to assessed first)"
                continue
            req = MoveRequest(sid, Status.PLANNED, note=f"wave {wave.number} by govops cloud plan",
                              wave=wave.number, wave_date=wave.date)  # fmt: skip
            try:
                record(conn, inv.systems[sid], req)
                applied.append(sid)
            except DomainError as exc:
                refused[sid] = exc.message
    save_summary(conn, inv.systems)
    return PlanRun(run.plan, run.skipped, tuple(applied), refused, run.notes)


def plan_as_dict(run: PlanRun) -> dict[str, Any]:
    p = run.plan
    return {
        "start": p.start.isoformat(), "wave_days": p.wave_days, "max_per_wave": p.max_per_wave,
        "waves": [
            {"wave": w.number, "date": w.date.isoformat(), "systems": list(w.systems),
             "demand": {c: dict(zip(("vcpu", "ram_gb", "disk_gb"), d, strict=True))
                        for c, d in w.demand.items()}}
            for w in p.waves
        ],
        "groups": [list(g) for g in p.groups],
        "unplaced": p.unplaced,
        "skipped": run.skipped,
        "problems": [_problem(pr) for pr in p.problems],
        "capacity_shortfalls": [
            {"cloud": s.cloud, "headroom": list(s.headroom), "demand": list(s.demand),
             "unplaced": list(s.unplaced)}
            for s in p.shortfalls
        ],
        "notes": list(run.notes),
        "applied": list(run.applied), "not_applied": run.not_applied or {},
    }  # fmt: skip


def _problem(p: PlanProblem) -> dict[str, str]:
    return {"kind": p.kind, "system": p.subject, "message": p.message}
