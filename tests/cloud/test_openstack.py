"""The real openstacksdk against the lab API: no mock anywhere."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from govops import store
from govops.cloud.capacity import capacity_report
from govops.cloud.history import record, states
from govops.cloud.models import MoveRequest, Status
from govops.cloud.openstack import fetch_all, fetch_cloud, linked_system
from govops.cloud.readiness import make_gate
from govops.cloud.sync import sync
from govops.inventory import Inventory
from govops.lab.openstack import LabOpenStack


def test_fetch_reads_servers_flavors_projects_placement_and_quotas(
    demo_inv: Inventory, clouds_yaml: Path
) -> None:
    view = fetch_cloud(demo_inv.clouds["city-xa"], ["xa-zwfw", "missing"], clouds_yaml)
    names = {s.name: s for s in view.servers if s.role is None}
    assert sorted(names) == ["city-xa-jump", "sys-0145", "sys-0149"]
    # Xi'an's cloud also holds the same-city DR copies of provincial systems (两地三中心)
    copies = sorted(s.name for s in view.servers if s.role == "dr")
    assert copies[:3] == ["sys-0001-dr-local", "sys-0002-dr-local", "sys-0004-dr-local"]
    assert all(s.system_id for s in view.servers if s.role == "dr")
    assert (names["sys-0145"].system_id, names["sys-0145"].linked_by) == ("SYS-0145", "metadata")
    assert (names["sys-0149"].system_id, names["sys-0149"].linked_by) == ("SYS-0149", "tag")
    assert names["city-xa-jump"].system_id is None
    assert sorted(view.projects) == ["admin", "xa-zwfw"]
    assert len(view.flavors) == 18
    # 4 providers, each (42 - 2) x 2.0 vCPU: the inventory's 320
    assert view.capacity("VCPU") == 320 and view.capacity("MEMORY_MB") == 1280 * 1024
    used = sum(s.vcpus for s in view.servers)
    assert view.headroom("VCPU") == 320 - used
    quota = view.quotas["xa-zwfw"]
    assert set(view.quotas) == {"xa-zwfw"}
    assert quota.limits["cores"] == quota.in_use["cores"]  # a lab project with its quota used up
    assert quota.headroom("cores") == 0


def test_one_unreachable_cloud_stops_no_other(demo_inv: Inventory, clouds_yaml: Path) -> None:
    bad = demo_inv.clouds["prov"].model_copy(update={"openstack_cloud": "no-such-cloud"})
    got = fetch_all([bad, demo_inv.clouds["ind-edu"]], lambda _: [],
                    partial(fetch_cloud, clouds_yaml=clouds_yaml))  # fmt: skip
    assert got[0].view is None and "no-such-cloud" in (got[0].error or "")
    assert got[1].view is not None and got[1].error is None


def test_wrong_password_is_refused_by_the_lab(demo_inv: Inventory, lab: LabOpenStack,
                                              tmp_path: Path) -> None:  # fmt: skip
    path = lab.write_clouds_yaml(tmp_path / "clouds.yaml")
    path.write_text(path.read_text().replace(lab.password, "wrong"))
    (got,) = fetch_all([demo_inv.clouds["city-tc"]], lambda _: [],
                       partial(fetch_cloud, clouds_yaml=path))  # fmt: skip
    assert got.view is None and "401" in (got.error or "")


def test_sync_finds_unknown_unmarked_and_drift_and_apply_records_evidence(
    demo_inv: Inventory, clouds_yaml: Path
) -> None:
    conn = store.connect()
    inv = demo_inv
    # tracker says migrated, but the server of SYS-0001 is SHUTOFF: drift
    record(conn, inv.systems["SYS-0001"],
           MoveRequest("SYS-0001", Status.MIGRATED, evidence=("ticket:2024-17",)))  # fmt: skip
    fetched = fetch_all(
        [inv.clouds["prov"]], lambda _: [], partial(fetch_cloud, clouds_yaml=clouds_yaml)
    )
    report = sync(conn, inv, fetched, apply=True)
    assert report.drift == [{"system": "SYS-0001", "status": "migrated", "target_cloud": "prov"}]
    assert [u["system"] for u in report.unknown] == ["SYS-9999"]
    assert [(c["system"], c["name"]) for c in report.classified] == [("SYS-0013", "hjgl-test")]
    assert [u["system"] for u in report.unmarked][:3] == ["SYS-0005", "SYS-0009", "SYS-0017"]
    assert len(report.unmarked) == 16
    assert report.recorded == [u["system"] for u in report.unmarked] and report.refused == {}
    st = states(conn, inv.systems)["SYS-0005"]
    assert st.status is Status.MIGRATED
    assert st.evidence[0].startswith("openstack:prov/")
    again = sync(conn, inv, fetched, apply=False)
    assert again.unmarked == [] and len(again.drift) == 1


def test_readiness_gate_checks_project_flavor_quota_and_partners(
    demo_inv: Inventory, clouds_yaml: Path
) -> None:
    inv = demo_inv
    conn = store.connect()
    fetched = {f.cloud: f for f in fetch_all(
        [inv.clouds[c] for c in ("prov", "city-xa", "city-ylq")], partial(_projects, inv),
        partial(fetch_cloud, clouds_yaml=clouds_yaml))}  # fmt: skip
    gate = make_gate(fetched, inv.systems, states(conn, inv.systems))
    st = states(conn, inv.systems)

    def check(sid: str) -> list[str]:
        return list(gate(inv.systems[sid], st[sid], MoveRequest(sid, Status.READY)))

    assert check("SYS-0001") == []
    assert check("SYS-0062") == [
        "must-comigrate `SYS-0064` is inventoried (no wave), not in wave None nor migrated"
    ]
    assert any("quota of `xa-zwfw` has 0 cores left" in m for m in check("SYS-0145"))
    big_on_ylq = next(s for s in inv.systems.values()
                      if s.target_cloud == "city-ylq" and s.resources.vcpu == 64)  # fmt: skip
    assert f"no flavor with >= 64 vCPU and {big_on_ylq.resources.ram_gb} GB RAM on sn-ylq" in check(
        big_on_ylq.id
    )


def test_capacity_takes_planned_demand_off_and_flags_the_wave_that_does_not_fit(
    demo_inv: Inventory, clouds_yaml: Path
) -> None:
    inv = demo_inv
    conn = store.connect()
    fetched = fetch_all([inv.clouds["city-xa"]], lambda _: [],
                        partial(fetch_cloud, clouds_yaml=clouds_yaml))  # fmt: skip
    xa = [s for s in inv.systems.values() if s.target_cloud == "city-xa"]
    for wave, system in enumerate(xa, start=1):
        record(conn, system, MoveRequest(system.id, Status.ASSESSED))
        record(conn, system, MoveRequest(system.id, Status.PLANNED, wave=wave))
    (cap,) = capacity_report(inv, states(conn, inv.systems), fetched)
    demand = sum(s.resources.vcpu for s in xa)
    assert cap.planned["VCPU"] == demand
    assert cap.after_plan["VCPU"] == cap.headroom["VCPU"] - demand
    first_bad = next(w["wave"] for w in cap.waves if not w["fits"])
    running = 0
    for s in xa:
        running += s.resources.vcpu
        if running > cap.headroom["VCPU"]:
            break
    assert xa[first_bad - 1].id == s.id
    assert not cap.fits


def _projects(inv: Inventory, cloud_id: str) -> list[str]:
    return sorted(
        {s.project for s in inv.systems.values() if s.target_cloud == cloud_id and s.project}
    )


def test_linked_system_prefers_metadata_over_tag() -> None:
    assert linked_system({"govops:system_id": "SYS-1"}, ["govops:system_id=SYS-2"]) == (
        "SYS-1",
        "metadata",
    )
    assert linked_system({}, ["ops", "govops:system_id=SYS-2"]) == ("SYS-2", "tag")
    assert linked_system(None, None) == (None, None)


@pytest.fixture(autouse=True)
def _quiet_sdk_logging() -> None:
    import logging

    logging.getLogger("keystoneauth").setLevel(logging.ERROR)


def test_openstack_connect_finds_clouds_yaml_through_the_environment(
    demo_inv: Inventory, clouds_yaml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds_yaml))
    view = fetch_cloud(demo_inv.clouds["ind-edu"], [])
    assert view.os_cloud == "sn-edu" and len(view.providers) == 4
