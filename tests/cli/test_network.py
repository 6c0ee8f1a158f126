"""govops network parse / audit / ipv6 through the CLI, from a snapshot (no SSH here)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.inventory import load_inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot
from govops.store import connect, get_document

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
DATA = ROOT / "tests" / "network" / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inventory = load_inventory(DEMO)
    root = tmp_path_factory.mktemp("snap")
    write_snapshot(
        root,
        [
            DeviceResult(d.name, d.platform, RENDERERS[d.platform](d, device_ports(inventory, d)))
            for d in inventory.devices.values()
        ],
    )
    return root


def test_parse_prints_records_as_json() -> None:
    result = runner.invoke(
        app,
        [
            "network",
            "parse",
            str(DATA / "cisco_ios_show_interfaces.txt"),
            "--platform",
            "cisco_ios",
            "--command",
            "show interfaces",
        ],
    )
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records[1] == {
        "name": "TenGigabitEthernet0/1/0",
        "oper_status": "up",
        "speed_bps": 10**10,
        "bandwidth_bps": 2 * 10**9,
        "in_bps": 1020000000,
        "out_bps": 560000000,
        "members": [],
        "ipv4": ["10.64.1.53/30"],
        "ipv6": [],
        "ipv6_neighbors": None,  # not in this command's output
        "rate_window_s": 300,  # "5 minute input rate"
        "ipv6_addresses": [],
        "members_up": None,  # not an aggregate
    }


def test_parse_unknown_platform_is_exit_2(tmp_path: Path) -> None:
    file = tmp_path / "out.txt"
    file.write_text("x")
    result = runner.invoke(
        app,
        ["network", "parse", str(file), "--platform", "juniper", "--command", "show interfaces"],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: platform `juniper` has no command set")


def test_audit_table_stores_the_summary(snapshot: Path) -> None:
    result = runner.invoke(app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot)])
    assert result.exit_code == 0, result.stderr
    assert " county " in result.stdout and "97.7%" in result.stdout
    assert "hz-yangxian" in result.stdout and "no uplink is up" in result.stdout
    stored = get_document(connect(), "network.last_audit_summary")
    assert stored["summary"]["levels"]["county"]["connected"] == 43
    assert stored["summary"]["total"]["expected"] == 200
    assert stored["generated_at"].endswith("+00:00")


@pytest.mark.parametrize(("fail_on", "code"), [("critical", 1), ("warning", 1), (None, 0)])
def test_fail_on(snapshot: Path, fail_on: str | None, code: int) -> None:
    args = ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot), "-f", "json"]
    result = runner.invoke(app, args + (["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == code


def test_audit_csv_and_markdown_to_a_file(snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "sites.csv"
    result = runner.invoke(
        app,
        [
            "network",
            "audit",
            "-i",
            str(DEMO),
            "--snapshot",
            str(snapshot),
            "-f",
            "csv",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0 and result.stdout == ""
    rows = {r["site"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["wn-pucheng-t2"]["bandwidth_status"] == "non_compliant"
    assert rows["sn"]["connected"] == "true"
    md = runner.invoke(
        app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot), "-f", "markdown"]
    )
    assert md.stdout.startswith("# Network audit\n")
    assert "| county | 44 | 43 | 40 | 31 | 97.7% | 90.9% | 70.5% |" in md.stdout


def test_audit_needs_exactly_one_source(snapshot: Path) -> None:
    neither = runner.invoke(app, ["network", "audit", "-i", str(DEMO)])
    assert neither.exit_code == 2 and "exactly one of --snapshot" in neither.stderr
    both = runner.invoke(
        app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot), "--live"]
    )
    assert both.exit_code == 2


def test_a_broken_snapshot_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    result = runner.invoke(app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(tmp_path)])
    assert result.exit_code == 2
    assert "manifest.json:1: not JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_ipv6_view(snapshot: Path) -> None:
    result = runner.invoke(
        app, ["network", "ipv6", "-i", str(DEMO), "--snapshot", str(snapshot), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["headline"] == "31 of 44 county sites dual stack (70.5%)"
    county = next(row for row in view["by_level"] if row[0] == "county")
    assert county == ["county", 44, 31, 3, 10, 0]
    xa = next(row for row in view["by_city"] if row[0] == "sn-xa")
    assert xa[2:] == ["dual_stack", 20, 15, 0, 5, 0]  # 5 counties with 3 townships each
    assert "xa-zhouzhi" in view["next_to_convert"]


def test_checks_lists_every_check_with_thresholds_and_fields(tmp_path: Path) -> None:
    result = runner.invoke(app, ["network", "checks", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    listed = {c["id"]: c for c in json.loads(result.stdout)}
    assert set(listed) == {
        "reachability",
        "inventory",
        "redundancy",
        "bandwidth",
        "aggregate",
        "utilization",
        "ipv6",
    }
    rates = {t["name"]: (t["value"], t["source"]) for t in listed["bandwidth"]["thresholds"]}
    assert rates["province-city rate"] == ("10G", "plan-targets.md")
    assert rates["county-township rate"] == ("200M", "plan-targets.md")
    assert "members_up" in listed["aggregate"]["fields"]
    assert "rate_window_s" in listed["utilization"]["fields"]
    policy = tmp_path / "policy.yaml"
    policy.write_text("utilization: {warning: 0.6, critical: 0.8}\n")
    result = runner.invoke(app, ["network", "checks", "--policy", str(policy), "-f", "json"])
    utilization = next(c for c in json.loads(result.stdout) if c["id"] == "utilization")
    assert utilization["thresholds"][:2] == [
        {"name": "warning", "value": "60%", "source": f"policy {policy}"},
        {"name": "critical", "value": "80%", "source": f"policy {policy}"},
    ]
    table = runner.invoke(app, ["network", "checks"])
    assert table.exit_code == 0 and "aggregate" in table.stdout
