"""The scorecard over real parts: a demo snapshot, faults in the SLA store, migration events."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from govops import store
from govops.cloud.api import move_system
from govops.cloud.models import MoveRequest, Status
from govops.inventory import load_inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot
from govops.scorecard.gather import gather_evidence
from govops.scorecard.measures import MEASURES
from govops.scorecard.scorecard import build_scorecard
from govops.scorecard.targets import load_targets
from govops.sla.faults import NewFault, open_fault, open_store
from govops.sla.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
H = 3600.0


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inv = load_inventory(DEMO)
    root = tmp_path_factory.mktemp("snap")
    results = [
        DeviceResult(d.name, d.platform, RENDERERS[d.platform](d, device_ports(inv, d)))
        for d in inv.devices.values()
    ]
    write_snapshot(root, results)
    return root


def test_scorecard_from_snapshot_faults_and_migration(snapshot: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    conn = open_store()
    policy = load_policy(ROOT / "playbooks" / "sla.yaml")
    start = now.timestamp() - 20 * H
    for category, hours in (("network", 1), ("network", 5), ("platform", 2), ("security", 1)):
        outage = category == "platform"  # the provincial cloud down for 2 h
        open_fault(
            conn,
            policy,
            NewFault(category, "major", "链路中断", start, resolved_at=start + hours * H,
                     outage=outage, cloud="prov" if outage else None),
        )  # fmt: skip
    move_system([DEMO], MoveRequest("SYS-0001", Status.ASSESSED))
    inv = load_inventory(DEMO)
    evidence = gather_evidence(inv, store.connect(), now, snapshot=snapshot)
    card = build_scorecard(
        load_targets(ROOT / "playbooks" / "targets" / "shaanxi.yaml", frozenset(MEASURES)),
        evidence,
    )
    rows = {r.indicator.id: r.measurement for r in card.rows}
    # one county (hz-yangxian) has every uplink down: 55 of 56 province/city/county sites
    assert (rows["extranet-coverage"].value, rows["extranet-coverage"].detail) == (
        55 / 56,
        "55 of 56 sites connected",
    )
    # network + platform: 2 of 3 within 3 h
    assert rows["fault-timely-resolution"].detail == "2 of 3 faults cleared in time this year"
    assert rows["security-rectification"].value == 1.0
    # 政务云平台可靠性 counts outages only (the network faults took no cloud down), per cloud
    reliability = rows["cloud-reliability"]
    assert reliability.detail.startswith("2.0 h of outage across 14 clouds this year")
    assert reliability.detail.endswith("lowest: prov " + f"{1 - 2 / elapsed_hours(now):.2%}")
    assert reliability.value == pytest.approx(1 - 2 / (14 * elapsed_hours(now)))
    business = rows["extranet-business-support"]
    assert business.value is not None and business.detail.endswith("with bandwidth to spare")
    migration = rows["cloud-migration"]
    assert migration.value == 0.0 and migration.detail.endswith("in-scope systems")
    assert evidence.burndown and evidence.burndown[-1][1] == int(migration.detail.split()[2])
    assert [month for month, _ in evidence.sla_monthly] == [now.strftime("%Y-%m")] or (
        len(evidence.sla_monthly) == 2  # the faults straddle a month boundary
    )


def elapsed_hours(now: datetime) -> float:
    from govops import clock

    return (now.timestamp() - clock.year_start(clock.local(now).year).timestamp()) / H
