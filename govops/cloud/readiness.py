"""The readiness gate for `ready`: project, flavor, quota, capacity, must-comigrate partners."""

from __future__ import annotations

from collections.abc import Mapping

from govops.cloud.lifecycle import ReadinessGate
from govops.cloud.models import DONE, MoveRequest, Status, SystemState
from govops.cloud.openstack import CloudFetch, CloudView, Flavor
from govops.i18n import M_
from govops.inventory.models import System


def make_gate(
    fetched: Mapping[str, CloudFetch],
    systems: Mapping[str, System],
    current: Mapping[str, SystemState],
) -> ReadinessGate:
    """A gate over OpenStack views (cloud id -> fetch) and the current migration states."""

    def gate(system: System, state: SystemState, req: MoveRequest) -> list[str]:
        cloud = req.target_cloud or system.target_cloud
        unmet = _partners(system, state, systems, current)
        got = fetched.get(cloud or "")
        if got is None or got.view is None:
            why = got.error if got and got.error else M_("not read")
            return [M_("cannot check target cloud `{cloud}`: {reason}", cloud=cloud, reason=why),
                    *unmet]  # fmt: skip
        taken = _committed(cloud or "", system.id, systems, current)
        return [*_openstack(system, got.view, taken), *unmet]

    return gate


#: Past the gate but not yet running: their room is promised, though Placement shows it free.
COMMITTED = (Status.READY, Status.MIGRATING, Status.TESTING, Status.CUTOVER)


def _committed(
    cloud: str, me: str, systems: Mapping[str, System], current: Mapping[str, SystemState]
) -> dict[str, int]:
    """VCPU, MEMORY_MB and DISK_GB promised on ``cloud`` to other systems already ready."""
    taken = {"VCPU": 0, "MEMORY_MB": 0, "DISK_GB": 0}
    for sid, st in current.items():
        if sid == me or st.status not in COMMITTED:
            continue
        if (st.target_cloud or systems[sid].target_cloud) == cloud:
            r = systems[sid].resources
            taken["VCPU"] += r.vcpu
            taken["MEMORY_MB"] += r.ram_gb * 1024
            taken["DISK_GB"] += r.disk_gb
    return taken


def fitting_flavor(flavors: tuple[Flavor, ...], vcpu: int, ram_mb: int) -> Flavor | None:
    """The smallest flavor with at least ``vcpu`` vCPUs and ``ram_mb`` MiB of RAM."""
    fits = [f for f in flavors if f.vcpus >= vcpu and f.ram_mb >= ram_mb]
    return min(fits, key=lambda f: (f.vcpus, f.ram_mb, f.name), default=None)


def _openstack(system: System, view: CloudView, taken: Mapping[str, int]) -> list[str]:
    r = system.resources
    unmet: list[str] = []
    where = view.os_cloud
    if not system.project or system.project not in view.projects:
        unmet.append(
            M_(
                "project `{project}` does not exist on {cloud}",
                project=system.project or "(none)",
                cloud=where,
            )
        )
    if fitting_flavor(view.flavors, r.vcpu, r.ram_gb * 1024) is None:
        unmet.append(
            M_(
                "no flavor with >= {vcpu} vCPU and {ram} GB RAM on {cloud}",
                vcpu=r.vcpu,
                ram=r.ram_gb,
                cloud=where,
            )
        )
    quota = view.quotas.get(system.project or "")
    if quota is not None:
        for key, need, unit in (("cores", r.vcpu, M_("cores")),
                                ("ram", r.ram_gb * 1024, M_("MiB RAM")),
                                ("gigabytes", r.disk_gb, M_("GB volume"))):  # fmt: skip
            room = quota.headroom(key)
            if room is not None and room < need:
                unmet.append(
                    M_(
                        "quota of `{project}` has {room} {unit} left, needs {need}",
                        project=quota.project,
                        room=room,
                        unit=unit,
                        need=need,
                    )
                )
    for rc, need in (("VCPU", r.vcpu), ("MEMORY_MB", r.ram_gb * 1024), ("DISK_GB", r.disk_gb)):
        room = view.headroom(rc) - taken.get(rc, 0)
        if room < need:
            unmet.append(_placement_short(where, room, rc, taken.get(rc, 0), need))
    return unmet


def _partners(
    system: System, state: SystemState, systems: Mapping[str, System],
    current: Mapping[str, SystemState],
) -> list[str]:  # fmt: skip
    """Must-comigrate partners (either direction) must be migrated or in the same wave."""
    partners = set(system.comigrate) | {
        sid for sid, s in systems.items() if system.id in s.comigrate
    }
    unmet: list[str] = []
    for pid in sorted(partners):
        other = current.get(pid)
        if other is None or other.status in DONE:
            continue
        same_wave = other.wave is not None and other.wave == state.wave
        if not (same_wave and other.status in (Status.PLANNED, Status.READY)):
            wave = M_("wave {n}", n=other.wave) if other.wave is not None else M_("no wave")
            unmet.append(
                M_(
                    "must-comigrate `{id}` is {status} ({wave}), not in wave {mine} nor migrated",
                    id=pid,
                    status=other.status.value,
                    wave=wave,
                    mine=state.wave,
                )
            )
    return unmet


def _placement_short(cloud: str, room: int, rc: str, promised: int, need: int) -> str:
    if promised:
        return M_(
            "Placement headroom on {cloud} is {room} {rc} after {promised} promised to "
            "ready systems, needs {need}",
            cloud=cloud,
            room=room,
            rc=rc,
            promised=promised,
            need=need,
        )
    return M_(
        "Placement headroom on {cloud} is {room} {rc}, needs {need}",
        cloud=cloud,
        room=room,
        rc=rc,
        need=need,
    )
