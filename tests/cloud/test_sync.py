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
