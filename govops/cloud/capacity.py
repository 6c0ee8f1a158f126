"""Capacity and headroom per cloud from Placement and quota sets, less planned demand.

Headroom = sum over resource providers of (total - reserved) x allocation_ratio - used,
for VCPU, MEMORY_MB and DISK_GB; then the demand of systems planned but not yet migrated
is taken off, wave by wave, and the first wave that no longer fits is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govops.cloud.models import Status, SystemState
from govops.cloud.openstack import RESOURCE_CLASSES, CloudFetch, Quota
from govops.inventory.models import Inventory

PENDING = frozenset(
    {Status.PLANNED, Status.READY, Status.MIGRATING, Status.TESTING, Status.CUTOVER}
)


@dataclass(frozen=True)
class CloudCapacity:
    cloud: str
    error: str | None
    capacity: dict[str, int]
    used: dict[str, int]
    headroom: dict[str, int]
    planned: dict[str, int]  # demand of planned, not yet migrated systems
    after_plan: dict[str, int]
    quotas: list[dict[str, Any]]
    waves: list[dict[str, Any]]  # wave, systems, demand, cumulative, fits

    @property
    def fits(self) -> bool:
        return (
            self.error is None
            and all(v >= 0 for v in self.after_plan.values())
            and all(q["fits"] for q in self.quotas)
        )


def demand_of(inv: Inventory, sid: str) -> dict[str, int]:
    r = inv.systems[sid].resources
    return {"VCPU": r.vcpu, "MEMORY_MB": r.ram_gb * 1024, "DISK_GB": r.disk_gb}


def capacity_report(
    inv: Inventory, current: Mapping[str, SystemState], fetched: Sequence[CloudFetch]
) -> list[CloudCapacity]:
    return [_one(inv, current, f) for f in fetched]


def _one(inv: Inventory, current: Mapping[str, SystemState], f: CloudFetch) -> CloudCapacity:
    zero = dict.fromkeys(RESOURCE_CLASSES, 0)
    if f.view is None:
        return CloudCapacity(f.cloud, f.error, zero, zero, zero, zero, zero, [], [])
    view = f.view
    capacity = {rc: view.capacity(rc) for rc in RESOURCE_CLASSES}
    headroom = {rc: view.headroom(rc) for rc in RESOURCE_CLASSES}
    used = {rc: capacity[rc] - headroom[rc] for rc in RESOURCE_CLASSES}
    pending = sorted(
        (st.wave if st.wave is not None else 10**6, sid)
        for sid, st in current.items()
        if st.status in PENDING and (st.target_cloud or inv.systems[sid].target_cloud) == f.cloud
    )
    waves = _waves(inv, pending, headroom)
    planned = waves[-1]["cumulative"] if waves else dict(zero)
    return CloudCapacity(
        cloud=f.cloud, error=None, capacity=capacity, used=used, headroom=headroom,
        planned=planned, after_plan={rc: headroom[rc] - planned[rc] for rc in RESOURCE_CLASSES},
        quotas=[_quota(inv, q, [sid for _, sid in pending]) for q in view.quotas.values()],
        waves=waves,
    )  # fmt: skip


def _quota(inv: Inventory, q: Quota, pending: list[str]) -> dict[str, Any]:
    """A project's quota headroom less the demand of its planned systems."""
    mine = [inv.systems[sid].resources for sid in pending if inv.systems[sid].project == q.project]
    planned = {"cores": sum(r.vcpu for r in mine), "ram": sum(r.ram_gb * 1024 for r in mine),
               "gigabytes": sum(r.disk_gb for r in mine)}  # fmt: skip
    left = {k: (None if q.headroom(k) is None else q.headroom(k) - v)  # type: ignore[operator]
            for k, v in planned.items()}  # fmt: skip
    return {
        "project": q.project,
        "limits": q.limits,
        "in_use": q.in_use,
        "planned": planned,
        "left_after_plan": left,
        "fits": all(v is None or v >= 0 for v in left.values()),
    }


def _waves(
    inv: Inventory, pending: list[tuple[int, str]], headroom: dict[str, int]
) -> list[dict[str, Any]]:
    by_wave: dict[int, list[str]] = {}
    for wave, sid in pending:
        by_wave.setdefault(wave, []).append(sid)
    total = dict.fromkeys(RESOURCE_CLASSES, 0)
    out = []
    for wave, sids in sorted(by_wave.items()):
        demand = dict.fromkeys(RESOURCE_CLASSES, 0)
        for sid in sids:
            for rc, v in demand_of(inv, sid).items():
                demand[rc] += v
        total = {rc: total[rc] + demand[rc] for rc in RESOURCE_CLASSES}
        out.append({
            "wave": None if wave == 10**6 else wave, "systems": sids, "demand": demand,
            "cumulative": dict(total),
            "fits": all(total[rc] <= headroom[rc] for rc in RESOURCE_CLASSES),
        })  # fmt: skip
    return out


def capacity_as_dict(report: Sequence[CloudCapacity]) -> list[dict[str, Any]]:
    return [{**c.__dict__, "fits": c.fits} for c in report]
