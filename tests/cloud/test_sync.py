"""compare() on plain views: the cases the lab does not stage."""

from __future__ import annotations

from govops.cloud.history import states
from govops.cloud.models import Status, SystemState
from govops.cloud.openstack import CloudFetch, CloudView, Server
from govops.cloud.sync import compare
from govops.inventory import Inventory


def server(sid: str, status: str = "ACTIVE") -> Server:
    return Server(f"id-{sid}", sid.lower(), status, "p", sid, "metadata")


def test_misplaced_and_drift_only_where_the_target_was_read(demo_inv: Inventory) -> None:
    from govops import store

    current = dict(states(store.connect(), demo_inv.systems))
    for sid in ("SYS-0001", "SYS-0145"):  # targets prov and city-xa
        current[sid] = SystemState(sid, Status.MIGRATED, "2026-01-01T00:00:00+00:00")
    fetched = [
        CloudFetch("city-tc", CloudView("city-tc", "sn-tc", servers=(server("SYS-0002"),))),
        CloudFetch("prov", None, "ConnectTimeout"),
        CloudFetch("city-xa", CloudView("city-xa", "sn-xa")),
    ]
    report = compare(demo_inv, current, fetched)
    assert [(m["system"], m["cloud"], m["target_cloud"]) for m in report.misplaced] == [
        ("SYS-0002", "city-tc", "prov")
    ]
    # SYS-0001's cloud was not read: no drift claimed; SYS-0145's was, and runs nothing
    assert [d["system"] for d in report.drift] == ["SYS-0145"]
    assert report.clouds == {"city-tc": None, "prov": "ConnectTimeout", "city-xa": None}


def test_a_stopped_server_is_not_a_migration(demo_inv: Inventory) -> None:
    from govops import store

    current = states(store.connect(), demo_inv.systems)
    view = CloudView("prov", "sn-prov", servers=(server("SYS-0002", "SHUTOFF"),))
    report = compare(demo_inv, current, [CloudFetch("prov", view)])
    assert report.unmarked == [] and report.findings == 0


def test_gate_counts_room_already_promised_to_ready_systems(demo_inv: Inventory) -> None:
    from govops.cloud.models import MoveRequest
    from govops.cloud.openstack import Flavor, Provider
    from govops.cloud.readiness import make_gate

    big = [
        s for s in demo_inv.systems.values() if s.target_cloud == "prov" and s.resources.vcpu == 64
    ]
    a, b = big[0], big[1]
    view = CloudView(
        "prov", "sn-prov", flavors=(Flavor("c64m512", 64, 512 * 1024, 40),),
        projects={a.project or "": "1", b.project or "": "2"},
        providers=(Provider("rp", {"VCPU": 100, "MEMORY_MB": 10**7, "DISK_GB": 10**6},
                            {"VCPU": 0, "MEMORY_MB": 0, "DISK_GB": 0}),),
    )  # fmt: skip
    planned = {sid: SystemState(sid, Status.PLANNED, None, wave=1) for sid in (a.id, b.id)}
    gate = make_gate({"prov": CloudFetch("prov", view)}, demo_inv.systems, planned)
    assert list(gate(a, planned[a.id], MoveRequest(a.id, Status.READY))) == []
    after = {**planned, a.id: SystemState(a.id, Status.READY, None, wave=1)}
    gate = make_gate({"prov": CloudFetch("prov", view)}, demo_inv.systems, after)
    assert list(gate(b, after[b.id], MoveRequest(b.id, Status.READY))) == [
        "Placement headroom on sn-prov is 36 VCPU after 64 promised to ready systems, needs 64"
    ]
