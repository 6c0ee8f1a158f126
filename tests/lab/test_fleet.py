"""End to end over SSH: the demo province's lab fleet, collect, audit; failure injection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.inventory import Inventory, load_inventory
from govops.lab.files import write_lab_inventory
from govops.lab.fleet import (
    FLOOD_BYTES,
    LAB_PASSWORD,
    LAB_USER,
    Fault,
    run_fleet,
    write_known_hosts,
)
from govops.network.audit import run_audit
from govops.network.policy import Policy
from govops.network.ssh import Credentials, SshOptions, collect
from tests.network import expected as want

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def demo() -> Inventory:
    return load_inventory(ROOT / "inventories" / "demo")


@pytest.fixture(scope="module")
def lab(demo: Inventory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole demo province on 127.0.0.1; yields the inventory pointing at it."""
    folder = tmp_path_factory.mktemp("lab")
    with run_fleet(demo) as endpoints:
        write_lab_inventory(demo, endpoints, folder / "lab.yaml")
        write_known_hosts(endpoints, folder / "lab.known_hosts")
        yield folder / "lab.yaml"


@pytest.fixture
def lab_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_SSH_USER", LAB_USER)
    monkeypatch.setenv("GOVOPS_SSH_PASSWORD", LAB_PASSWORD)


@pytest.mark.usefixtures("lab_login")
def test_collect_and_audit_the_demo_province_over_ssh(lab: Path, tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    known = lab.with_suffix(".known_hosts")
    collected = runner.invoke(
        app,
        [
            "network",
            "collect",
            "-i",
            str(lab),
            "--out",
            str(snap),
            "--known-hosts",
            str(known),
            "--workers",
            "16",
            "--connect-timeout",
            "20",
            "--command-timeout",
            "20",
        ],
    )
    assert collected.exit_code == 0, collected.stderr
    assert "216 of 216 devices read" in collected.stderr
    assert LAB_PASSWORD not in collected.stdout + collected.stderr
    assert LAB_PASSWORD not in "".join(p.read_text() for p in snap.rglob("*") if p.is_file())

    audited = runner.invoke(
        app,
        [
            "network",
            "audit",
            "-i",
            str(lab),
            "--snapshot",
            str(snap),
            "--format",
            "json",
            "--fail-on",
            "critical",
        ],
    )
    assert audited.exit_code == 1  # hz-yangxian and wn-pucheng-t2 have no uplink up
    report = json.loads(audited.stdout)
    assert want.sites_with(report, "bandwidth_status", "degraded") == want.DEGRADED
    assert want.sites_with(report, "bandwidth_status", "non_compliant") == want.NON_COMPLIANT
    assert want.sites_with(report, "ipv6_status", "ipv4_only") == want.IPV4_ONLY
    assert want.sites_with(report, "ipv6_status", "partial") == want.PARTIAL
    assert all(d["reachable"] for d in report["devices"])
    platforms = {d["name"]: d["platform"] for d in report["devices"]}  # read over SSH too
    assert {platforms[n] for n in want.ZTE_DEVICES} == {"zte_zxros"}
    assert {platforms[n] for n in want.RUIJIE_DEVICES} == {"ruijie_os"}
    short = {(f["subject"], f["message"]) for f in report["findings"] if f["check"] == "aggregate"}
    assert short == want.SHORT_AGGREGATES

    again = runner.invoke(
        app, ["network", "audit", "-i", str(lab), "--snapshot", str(snap), "--format", "json"]
    )
    assert again.exit_code == 0 and again.stdout == audited.stdout  # byte-identical

    view = runner.invoke(app, ["network", "ipv6", "-i", str(lab), "--snapshot", str(snap)])
    assert view.exit_code == 0, view.stderr
    assert view.stdout.splitlines()[0] == "31 of 44 county sites dual stack (70.5%)"


@pytest.mark.usefixtures("lab_login")
def test_host_keys_are_checked_unless_told_otherwise(lab: Path, tmp_path: Path) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    args = [
        "network",
        "collect",
        "-i",
        str(lab),
        "--device",
        "sn-core-1",
        "--out",
        str(tmp_path / "s"),
    ]
    refused = runner.invoke(app, [*args, "--known-hosts", str(empty)])
    assert "sn-core-1: host key rejected" in refused.stderr
    assert "0 of 1 devices read" in refused.stderr
    assert refused.exit_code == 1  # the snapshot is written, with the failure in it
    insecure = runner.invoke(app, [*args, "--insecure-host-keys"])
    assert "host keys are NOT checked" in insecure.stderr
    assert "1 of 1 devices read" in insecure.stderr
    assert insecure.exit_code == 0


def test_failures_are_reported_per_device_and_the_audit_completes(demo: Inventory) -> None:
    faults = {
        "xa-huyi-r1": Fault.WRONG_PASSWORD,
        "xa-huyi-t1-r1": Fault.SILENT,
        "xa-huyi-t2-r1": Fault.DROP,
        "xa-huyi-t3-r1": Fault.ERROR,
        "xa-lintong-r1": Fault.GARBAGE,
    }
    names = [*faults, "xa-agg-1", "xa-agg-2"]
    with run_fleet(demo, names, faults) as endpoints:
        devices = [
            demo.devices[e.device].model_copy(update={"host": e.host, "port": e.port})
            for e in endpoints
        ]
        options = SshOptions(connect_timeout=2, command_timeout=2, insecure_host_keys=True)
        results = collect(devices, lambda d: Credentials(LAB_USER, LAB_PASSWORD), options, 6)
    errors = {r.name: r.error for r in results}
    assert errors["xa-huyi-r1"] == "auth refused: the device refused the login"
    assert (errors["xa-huyi-t1-r1"] or "").startswith("timeout")
    assert errors["xa-huyi-t2-r1"] == "closed mid-session: the device closed the session"
    assert errors["xa-huyi-t3-r1"] == (
        "error answer: `display interface`: Error: Unrecognized command found at '^' position."
    )
    assert errors["xa-lintong-r1"] == "garbage answer: no interfaces in the answer"
    garbage = next(r for r in results if r.name == "xa-lintong-r1")
    assert "ATH0" in garbage.outputs["show interface"]  # kept for a person to look at (ZTE)
    assert errors["xa-agg-1"] is None and errors["xa-agg-2"] is None

    report = run_audit(demo, results, Policy()).to_json()
    reasons = {
        f["subject"]: f["message"] for f in report["findings"] if f["check"] == "reachability"
    }
    for name in faults:
        assert reasons[name] == errors[name]
    sites = {s["id"]: s for s in report["sites"]}
    assert sites["xa-huyi"]["bandwidth_status"] == "compliant"  # read from the city's end
    assert sites["xa-huyi-t1"]["bandwidth_status"] == "unknown"  # neither end was read


def test_an_answer_over_the_cap_fails_its_device_with_its_size(demo: Inventory) -> None:
    """A device answering 2 MB, with the cap lowered to 1 MB: that device fails, naming the
    command and the size; the others are read as usual."""
    names = ["xa-huyi-r1", "xa-agg-1", "xa-agg-2"]
    with run_fleet(demo, names, {"xa-huyi-r1": Fault.FLOOD}) as endpoints:
        devices = [
            demo.devices[e.device].model_copy(update={"host": e.host, "port": e.port})
            for e in endpoints
        ]
        options = SshOptions(
            connect_timeout=5, command_timeout=20, insecure_host_keys=True,
            max_output_bytes=1_000_000,
        )  # fmt: skip
        results = collect(devices, lambda d: Credentials(LAB_USER, LAB_PASSWORD), options, 3)
    errors = {r.name: r.error for r in results}
    flood = errors["xa-huyi-r1"] or ""
    assert flood.startswith(
        "answer too large: `display interface` answered more than 1,000,000 bytes ("
    ), flood
    received = int(flood.rsplit("(", 1)[1].split()[0].replace(",", ""))
    assert 1_000_000 < received < FLOOD_BYTES
    assert errors["xa-agg-1"] is None and errors["xa-agg-2"] is None
    assert all(r.records for r in results if r.name != "xa-huyi-r1")


@pytest.mark.usefixtures("lab_login")
def test_live_audit_collects_and_audits_in_one_go(lab: Path) -> None:
    result = runner.invoke(
        app,
        [
            "network",
            "audit",
            "-i",
            str(lab),
            "--live",
            "--format",
            "json",
            "--known-hosts",
            str(lab.with_suffix(".known_hosts")),
        ],
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert want.sites_with(report, "bandwidth_status", "non_compliant") == want.NON_COMPLIANT
    assert want.sites_with(report, "bandwidth_status", "degraded") == want.DEGRADED
