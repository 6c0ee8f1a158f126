"""Tracker against OpenStack: drift, unknown systems, running but not marked migrated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from govops.cloud.dr import DR_DOCUMENT, DR_ROLE
from govops.cloud.history import record, states
from govops.cloud.models import DONE, OBSERVABLE_FROM, MoveRequest, Status, SystemState
from govops.cloud.openstack import CloudFetch, Server
from govops.cloud.status import save_summary
from govops.errors import DomainError
from govops.i18n import M_
from govops.inventory.models import Classification, Inventory

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class SyncReport:
    clouds: dict[str, str | None]  # cloud -> error or None
    drift: list[dict[str, Any]]  # marked migrated, no ACTIVE server
    unknown: list[dict[str, Any]]  # servers naming systems not in the inventory
    unmarked: list[dict[str, Any]]  # ACTIVE servers, system not marked migrated
    misplaced: list[dict[str, Any]]  # ACTIVE on a cloud other than the system's target
    classified: list[dict[str, Any]]  # servers of a classified (涉密) system: never on the cloud
    unlinked: dict[str, int]  # cloud -> servers that name no system
    recorded: list[str]
    refused: dict[str, str]
    dr_copies: list[dict[str, Any]] = field(default_factory=list)  # govops:role=dr servers
    #: cloud -> what the account could not read there (projects, quotas, placement)
    partial: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def findings(self) -> int:
        lists = (self.drift, self.unknown, self.unmarked, self.misplaced, self.classified)
        return sum(map(len, lists))


def compare(
    inv: Inventory, current: Mapping[str, SystemState], fetched: Sequence[CloudFetch]
) -> SyncReport:
    """Compare the tracker's states with the servers of the clouds that could be read."""
    read = {f.cloud for f in fetched if f.view is not None}
    active: dict[str, list[tuple[str, Server]]] = {}
    unknown, misplaced, classified, unlinked = [], [], [], {}
    dr_copies: list[dict[str, Any]] = []
    for f in fetched:
        if f.view is None:
            continue
        unlinked[f.cloud] = sum(s.system_id is None for s in f.view.servers)
        for s in f.view.servers:
            if s.system_id is None:
                continue
            row = {"cloud": f.cloud, "server": s.id, "name": s.name, "system": s.system_id,
                   "status": s.status, "linked_by": s.linked_by}  # fmt: skip
            if s.role == DR_ROLE:  # a DR copy is never the migration itself
                dr_copies.append(row)
            elif s.system_id not in inv.systems:
                unknown.append(row)
            elif inv.systems[s.system_id].classification is Classification.CLASSIFIED:
                classified.append(row)
            elif s.status == "ACTIVE":
                active.setdefault(s.system_id, []).append((f.cloud, s))
                if inv.systems[s.system_id].target_cloud not in (None, f.cloud):
                    misplaced.append({**row, "target_cloud": inv.systems[s.system_id].target_cloud})
    drift, unmarked = [], []
    for sid, st in current.items():
        target = st.target_cloud or inv.systems[sid].target_cloud
        servers = active.get(sid, [])
        if st.status in DONE and target in read and not any(c == target for c, _ in servers):
            drift.append({"system": sid, "status": st.status.value, "target_cloud": target})
        elif servers and st.status not in DONE:
            unmarked.append({"system": sid, "status": st.status.value,
                             "servers": [f"{c}/{s.id}" for c, s in servers]})  # fmt: skip
    return SyncReport(
        clouds={f.cloud: f.error for f in fetched}, drift=drift, unknown=unknown,
        unmarked=unmarked, misplaced=misplaced, classified=classified, unlinked=unlinked,
        recorded=[], refused={}, dr_copies=dr_copies,
        partial={f.cloud: list(f.view.unreadable) for f in fetched if f.view and f.view.unreadable},
    )  # fmt: skip


def sync(conn: Engine, inv: Inventory, fetched: Sequence[CloudFetch], *, apply: bool) -> SyncReport:
    """Compare; with ``apply``, record each unmarked system migrated, server ids as evidence."""
    report = compare(inv, states(conn, inv.systems), fetched)
    save_dr_copies(conn, report, fetched)
    if not apply:
        return report
    recorded: list[str] = []
    refused: dict[str, str] = {}
    for row in report.unmarked:
        if Status(row["status"]) not in OBSERVABLE_FROM:
            refused[row["system"]] = M_("{status}: not recorded as migrated", status=row["status"])
            continue
        evidence = tuple(f"openstack:{ref}" for ref in row["servers"])
        note = "ACTIVE in OpenStack (govops cloud sync)"
        req = MoveRequest(row["system"], Status.MIGRATED, note=note, evidence=evidence)
        try:
            record(conn, inv.systems[row["system"]], req)
            recorded.append(row["system"])
        except DomainError as exc:
            refused[row["system"]] = exc.message
    save_summary(conn, inv.systems)
    return replace(report, recorded=recorded, refused=refused)


def save_dr_copies(conn: Engine, report: SyncReport, fetched: Sequence[CloudFetch]) -> None:
    """Keep the DR copies seen on the clouds that could be read, for `cloud status`."""
    from datetime import UTC, datetime

    from govops import store

    read = sorted(f.cloud for f in fetched if f.view is not None)
    previous = store.get_document(conn, DR_DOCUMENT) or {}
    kept = [c for c in previous.get("copies", []) if c.get("cloud") not in read]
    store.put_document(conn, DR_DOCUMENT, {
        "seen_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "clouds_read": read,
        "copies": kept + report.dr_copies,
    })  # fmt: skip
