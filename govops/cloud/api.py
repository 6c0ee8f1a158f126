"""What each `govops cloud` command does, callable from Python without Typer.

Each function opens the state file and the inventory, does one job and returns plain
results; the CLI only renders them. OpenStack is read through ``govops.cloud.openstack``
(``fetch`` may be handed in; by default it reads the clouds.yaml names of the inventory).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from govops import store
from govops.cloud import history
from govops.cloud.capacity import CloudCapacity, capacity_report
from govops.cloud.importer import ImportResult, import_csv
from govops.cloud.lifecycle import ReadinessGate
from govops.cloud.models import Event, MoveRequest, Status, SystemState
from govops.cloud.openstack import CloudFetch, Fetcher, fetch_all, fetch_cloud
from govops.cloud.plan import PlanRun, apply_plan, plan_inventory
from govops.cloud.readiness import make_gate
from govops.cloud.status import StatusReport, migration_status, save_summary
from govops.cloud.sync import SyncReport, sync
from govops.errors import InputError
from govops.i18n import M_
from govops.inventory import Inventory, load_inventory
from govops.inventory.models import System

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def move_system(
    inventory: Sequence[Path], req: MoveRequest, *,
    clouds_yaml: Path | None = None, fetch: Fetcher | None = None, db: Path | None = None,
    at: datetime | None = None,
) -> Event:  # fmt: skip
    """Validate and record one move (at ``at``, default now; not before the system's last
    event); `ready` runs the readiness gate against OpenStack."""
    inv = load_inventory(inventory)
    system = history.find_system(inv.systems, req.system)
    conn = store.connect(db)
    _check_cloud(inv, req.target_cloud)
    gate = _lazy_gate(inv, conn, clouds_yaml, fetch) if req.to is Status.READY else None
    if at is not None:
        at = _move_time(conn, req.system, at)
    event = history.record(conn, system, req, gate=gate, now=at)
    save_summary(conn, inv.systems)
    return event


def _move_time(conn: Engine, system: str, at: datetime) -> datetime:
    """``at`` in UTC (as events are stored), refused in the future or before the last event."""
    from govops import clock

    at = clock.localize(at).astimezone(UTC)
    if at.timestamp() > clock.now().timestamp() + 300:
        raise InputError(M_("--at {at} is in the future", at=clock.for_table(at)))
    last = history.events(conn, system)
    if last and at < datetime.fromisoformat(last[-1].at):
        raise InputError(
            M_(
                "--at {at} is before {id}'s last event ({last})",
                at=clock.for_table(at),
                id=system,
                last=clock.for_table(last[-1].at),
            )
        )
    return at


def system_history(system_id: str, db: Path | None = None) -> list[Event]:
    events = history.events(store.connect(db), system_id)
    if not events:
        raise InputError(M_("no migration history for `{id}` (check the id)", id=system_id))
    return events


def import_file(
    inventory: Sequence[Path], path: Path, *, rejected: Path | None = None,
    clouds_yaml: Path | None = None, fetch: Fetcher | None = None, db: Path | None = None,
    encoding: str | None = None, sheet: str | None = None,
) -> ImportResult:  # fmt: skip
    inv = load_inventory(inventory)
    conn = store.connect(db)
    gate = _lazy_gate(inv, conn, clouds_yaml, fetch)
    result = import_csv(
        conn, inv.systems, path, gate=gate, rejected_path=rejected, clouds=list(inv.clouds),
        encoding=encoding, sheet=sheet,
    )  # fmt: skip
    save_summary(conn, inv.systems)
    return result


def status_report(
    inventory: Sequence[Path], *, group_by: str | None = None, stale_days: int = 30,
    now: datetime | None = None, db: Path | None = None,
) -> StatusReport:  # fmt: skip
    inv = load_inventory(inventory)
    return migration_status(store.connect(db), inv, group_by=group_by, stale_days=stale_days,
                            now=now)  # fmt: skip


def plan(
    inventory: Sequence[Path], *, start: date | None = None, wave_days: int = 14,
    max_per_wave: int = 20, apply: bool = False, db: Path | None = None,
    openstack: bool = False, clouds_yaml: Path | None = None, fetch: Fetcher | None = None,
) -> PlanRun:  # fmt: skip
    """Plan the waves; headroom from the inventory, or from Placement with ``openstack``."""
    inv = load_inventory(inventory)
    conn = store.connect(db)
    headroom: dict[str, tuple[int, int, int]] | None = None
    notes: tuple[str, ...] = ()
    if openstack:
        headroom, notes = placement_headroom(inv, _fetch(inv, None, clouds_yaml, fetch))
    run = plan_inventory(conn, inv, start=start or _today(), wave_days=wave_days,
                         max_per_wave=max_per_wave, headroom=headroom)  # fmt: skip
    run = replace(run, notes=notes)
    return apply_plan(conn, inv, run) if apply else run


def _today() -> date:
    from govops import clock

    return clock.today()


def placement_headroom(
    inv: Inventory, fetched: Sequence[CloudFetch]
) -> tuple[dict[str, tuple[int, int, int]], tuple[str, ...]]:
    """Headroom per cloud from Placement (vCPU, GB RAM, GB disk); the inventory's where a
    cloud could not be read, with a note saying so."""
    room = {c.id: (0, 0, 0) for c in inv.clouds.values()}
    notes = []
    for f in fetched:
        if f.view is None:
            cap = inv.clouds[f.cloud].capacity
            room[f.cloud] = (cap.vcpu, cap.ram_gb, cap.disk_gb) if cap else (0, 0, 0)
            notes.append(
                M_("{cloud}: not read ({error}); planned on inventory capacity", cloud=f.cloud,
                   error=f.error)
            )  # fmt: skip
            continue
        v = f.view
        room[f.cloud] = (v.headroom("VCPU"), v.headroom("MEMORY_MB") // 1024, v.headroom("DISK_GB"))
    return room, tuple(notes)


def sync_clouds(
    inventory: Sequence[Path], *, cloud: str | None = None, apply: bool = False,
    clouds_yaml: Path | None = None, fetch: Fetcher | None = None, db: Path | None = None,
) -> SyncReport:  # fmt: skip
    inv = load_inventory(inventory)
    fetched = _fetch(inv, cloud, clouds_yaml, fetch, quotas=False)
    return sync(store.connect(db), inv, fetched, apply=apply)


def cloud_capacity(
    inventory: Sequence[Path], *, cloud: str | None = None,
    clouds_yaml: Path | None = None, fetch: Fetcher | None = None, db: Path | None = None,
) -> list[CloudCapacity]:  # fmt: skip
    inv = load_inventory(inventory)
    fetched = _fetch(inv, cloud, clouds_yaml, fetch)
    return capacity_report(inv, history.states(store.connect(db), inv.systems), fetched)


def _check_cloud(inv: Inventory, cloud: str | None) -> None:
    if cloud is not None and cloud not in inv.clouds:
        raise InputError(
            M_(
                "unknown cloud `{cloud}`; the inventory has {clouds}",
                cloud=cloud,
                clouds=", ".join(inv.clouds),
            )
        )


def _fetch(
    inv: Inventory, cloud: str | None, clouds_yaml: Path | None, fetch: Fetcher | None,
    *, quotas: bool = True,
) -> list[CloudFetch]:  # fmt: skip
    """Read the chosen clouds; ``quotas``: also the quota sets of their target projects."""
    _check_cloud(inv, cloud)
    chosen = [c for c in inv.clouds.values() if cloud in (None, c.id) and c.openstack_cloud]
    if not chosen:
        raise InputError(M_("no cloud with an `openstack_cloud` name in the inventory to read"))
    projects_of = partial(_projects, inv) if quotas else _no_projects
    return fetch_all(chosen, projects_of, fetch or partial(fetch_cloud, clouds_yaml=clouds_yaml))


def _no_projects(cloud_id: str) -> list[str]:
    return []


def _projects(inv: Inventory, cloud_id: str) -> list[str]:
    return sorted(
        {s.project for s in inv.systems.values() if s.target_cloud == cloud_id and s.project}
    )


def _lazy_gate(
    inv: Inventory, conn: Engine, clouds_yaml: Path | None, fetch: Fetcher | None
) -> ReadinessGate:
    """Reads a target cloud only when a system asks to be ready for it, once per cloud."""
    cache: dict[str, CloudFetch] = {}

    def gate(system: System, state: SystemState, req: MoveRequest) -> Sequence[str]:
        cloud = req.target_cloud or system.target_cloud
        if cloud and cloud not in cache and cloud in inv.clouds:
            cache[cloud] = _fetch(inv, cloud, clouds_yaml, fetch)[0]
        current = history.states(conn, inv.systems)
        return make_gate(cache, inv.systems, current)(system, state, req)

    return gate
