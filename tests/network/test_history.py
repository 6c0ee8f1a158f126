"""Audits over time: stored with their snapshot's time, listed, diffed, pruned; the exporter
publishes the last full audit's freshness, findings and unreachable devices."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops import history, store
from govops.cli import app
from govops.inventory import load_inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
runner = CliRunner()
#: hz-yangxian-r1 is the county router of 汉中市洋县; its three townships hang below it.
DOWN = "hz-yangxian-r1"
#: a township router of 临潼区 that stops answering.
UNREACHABLE = "xa-lintong-t1-r1"


def lab_results(down: Iterable[str] = (), unreachable: Iterable[str] = ()) -> list[DeviceResult]:
    """What the lab fleet answers; ``down`` devices with every physical port down."""
    inventory = load_inventory(DEMO)
    out = []
    for d in inventory.devices.values():
        if d.name in unreachable:
            out.append(DeviceResult(d.name, d.platform, error="timed out after 10 s"))
            continue
        ports = device_ports(inventory, d)
        if d.name in down:
            ports = [dataclasses.replace(p, up=False) for p in ports if "Loop" not in p.name]
        out.append(DeviceResult(d.name, d.platform, RENDERERS[d.platform](d, ports)))
    return out


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("snaps")
    before, after = root / "snapshot-a", root / "snapshot-b"
    write_snapshot(before, lab_results(), datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    write_snapshot(
        after, lab_results([DOWN], [UNREACHABLE]), datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    )
    return before, after


def audit(snapshot: Path, *extra: str) -> None:
    args = ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot), "-f", "json"]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == 0, result.stderr


def test_audits_are_stored_with_their_snapshot_time(snapshots: tuple[Path, Path]) -> None:
    for snap in snapshots:
        audit(snap)
    listed = runner.invoke(app, ["network", "history", "-f", "json"])
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["created_at"], r["scope"]) for r in rows] == [
        (1, "2026-11-20T10:00:00+08:00", "full"),  # 02:00 UTC, shown in GOVOPS_TZ
        (2, "2026-11-21T10:00:00+08:00", "full"),
    ]
    # demo baseline: 205 sites expected, 201 connected; then 3 townships lost (198)
    assert [r["coverage_ratio"] for r in rows] == [round(201 / 205, 4), round(198 / 205, 4)]
    # the three townships' "no uplink is up" and xa-lintong-t1-r1 not answering
    assert rows[1]["findings"]["critical"] - rows[0]["findings"]["critical"] == 4
    table = runner.invoke(app, ["network", "history"])
    # tables show GOVOPS_TZ (Beijing time) minutes
    assert "2026-11-21 10:00" in table.stdout and "96.6%" in table.stdout


def test_diff_of_the_last_two_audits(snapshots: tuple[Path, Path]) -> None:
    for snap in snapshots:
        audit(snap)
    result = runner.invoke(app, ["network", "diff", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    diff = json.loads(result.stdout)
    assert diff["from"] == "audit 1 (2026-11-20 10:00, full)"
    new = {(f["severity"], f["check"], f["subject"]) for f in diff["new_findings"]}
    assert ("critical", "reachability", UNREACHABLE) in new
    for town in ("hz-yangxian-t1", "hz-yangxian-t2", "hz-yangxian-t3"):
        assert ("critical", "redundancy", town) in new
        assert {"id": town, "level": "township", "field": "connected", "before": True,
                "after": False} in diff["sites"]  # fmt: skip
    assert {"id": "hz-yangxian-t1-1", "tier": "county-township", "before": "compliant",
            "after": "down"} in diff["links"]  # fmt: skip
    assert diff["fixed_findings"] == []
    township = {
        r["ratio"]: r for r in diff["ratios"] if r["level"] == "township"
    }  # 131 of 132 townships connected, then 128
    assert township["coverage_ratio"]["before"] == 0.9924
    assert township["coverage_ratio"]["after"] == 0.9697
    assert township["coverage_ratio"]["delta"] == -0.0227


def test_diff_fail_on_and_the_table(snapshots: tuple[Path, Path]) -> None:
    before, after = snapshots
    args = ["network", "diff", "-i", str(DEMO), str(before), str(after)]
    worse = runner.invoke(app, [*args, "--fail-on", "critical"])
    assert worse.exit_code == 1, worse.stderr
    assert "New findings" in worse.stdout and "hz-yangxian-t2" in worse.stdout
    assert "township" in worse.stdout and "99.2% -> 97.0% (-2.3)" in worse.stdout
    better = runner.invoke(app, ["network", "diff", "-i", str(DEMO), str(after), str(before)])
    assert better.exit_code == 0
    reverse = runner.invoke(
        app, ["network", "diff", "-i", str(DEMO), str(after), str(before), "--fail-on", "warning"]
    )
    assert reverse.exit_code == 0, reverse.stdout  # only fixes and rises: no regression
    same = runner.invoke(app, [*args[:5], str(before), "--fail-on", "warning"])
    assert same.exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["7", "8"], "error: no stored audit 7; `govops network history` lists them"),
        ([], "error: 0 full audit(s) stored; diff needs two"),
        (["SNAP", "1"], "is a snapshot: give the inventory with -i"),
    ],
)
def test_diff_bad_input_is_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["network", "diff", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_exporter_document_of_a_full_audit(snapshots: tuple[Path, Path]) -> None:
    for snap in snapshots:
        audit(snap)
    doc = store.get_document(store.connect(), "network.last_audit_summary")
    assert (doc["created_at"], doc["audit_id"], doc["scope"]) == (
        "2026-11-21T02:00:00+00:00",
        2,
        "full",
    )
    assert doc["devices"]["township"]["unreachable"] == 1
    assert doc["devices"]["county"]["unreachable"] == 0
    # the three townships' "no uplink is up" and xa-lintong-t1-r1 not answering
    assert doc["new_findings"] == {"critical": 4, "warning": 6, "info": 0}
    counts = {(r["check"], r["severity"]): r["count"] for r in doc["findings"]}
    assert counts[("redundancy", "critical")] >= 3


def test_a_partial_audit_is_stored_but_not_published(
    snapshots: tuple[Path, Path], tmp_path: Path
) -> None:
    audit(snapshots[0])
    part = tmp_path / "part"
    write_snapshot(part, lab_results()[:5], datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    audit(part)
    conn = store.connect()
    scopes = [(e.id, e.scope) for e in history.entries(conn, "network.audit")]
    doc = store.get_document(conn, "network.last_audit_summary")
    assert scopes == [(1, "full"), (2, "partial")]
    assert doc["audit_id"] == 1


def test_prune_keeps_the_newest_snapshots(tmp_path: Path) -> None:
    results = lab_results()[:2]
    for day in (3, 1, 2, 5, 4):
        write_snapshot(tmp_path / f"s{day}", results, datetime(2026, 11, day, tzinfo=UTC))
    (tmp_path / "not-a-snapshot").mkdir()
    (tmp_path / "not-a-snapshot" / "manifest.json").write_text('{"format": "other"}')
    dry = runner.invoke(app, ["network", "prune", str(tmp_path), "--keep", "2", "--dry-run"])
    assert dry.stdout.split() == [str(tmp_path / n) for n in ("s1", "s2", "s3")]
    assert len(list(tmp_path.iterdir())) == 6
    done = runner.invoke(app, ["network", "prune", str(tmp_path), "--keep", "2"])
    assert done.exit_code == 0
    assert "removed 3 snapshot(s); kept the 2 newest" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-snapshot", "s4", "s5"]


def test_ipv6_view_cloud_status_and_scorecard_are_kept_with_their_time(
    snapshots: tuple[Path, Path],
) -> None:
    targets = ROOT / "playbooks" / "targets" / "shaanxi.yaml"
    for args in (
        ["network", "ipv6", "-i", str(DEMO), "--snapshot", str(snapshots[1]), "-f", "json"],
        ["cloud", "status", "-i", str(DEMO), "-f", "json"],
        ["scorecard", "-i", str(DEMO), "-t", str(targets), "-f", "json"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
    kinds = {}
    for kind in ("ipv6", "cloud", "scorecard", "audit"):
        listed = runner.invoke(app, ["network", "history", "--kind", kind, "-f", "json"])
        kinds[kind] = json.loads(listed.stdout)
    assert [(e["id"], e["created_at"]) for e in kinds["ipv6"]] == [(1, "2026-11-21T10:00:00+08:00")]
    assert len(kinds["cloud"]) == 1 and len(kinds["scorecard"]) == 1
    assert kinds["audit"] == []  # the IPv6 view is not an audit
    card = history.load(store.connect(), "scorecard", 1)
    assert card is not None
    coverage = next(i for i in card.body["indicators"] if i["id"] == "extranet-ipv6")
    assert coverage["targets"] == {"2025": 1.0}


def test_history_keeps_the_audit_without_interface_records(snapshots: tuple[Path, Path]) -> None:
    audit(snapshots[0])
    with store.connect() as conn:
        entry = history.load(conn, "network.audit", 1)
        (listed,) = history.entries(conn, "network.audit")
    assert entry is not None
    device = entry.body["devices"][0]  # ak-agg-1: only its aggregate, name and members
    assert device["interfaces"] == [
        {"name": "Port-channel1", "members": ["TenGigabitEthernet0/2/1", "TenGigabitEthernet0/2/2"]}
    ]
    assert {"name", "site", "reachable"} <= set(device)
    assert listed.meta["scope_detail"] == {"devices": 216, "inventory_devices": 216}
    assert len(entry.body["links"]) > 200 and entry.body["summary"]["total"]["expected"] == 205
