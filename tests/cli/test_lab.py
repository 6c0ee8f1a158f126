"""`govops lab up` in its own process: it serves, writes its files, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from govops.inventory import load_inventory

SMALL = """\
sites:
  - {id: sn, name: 省中心, level: province}
  - {id: sn-xa, name: 西安市, level: city, parent: sn}
devices:
  - {name: sn-core-1, site: sn, host: 10.0.0.1, platform: huawei}
  - {name: xa-agg-1, site: sn-xa, host: 10.0.0.2, platform: cisco_ios}
links:
  - id: sn-xa-1
    a: {device: sn-core-1, interface: Eth-Trunk1}
    b: {device: xa-agg-1, interface: Port-channel1}
    intended: {speed: 10G, members: 2}
"""


def test_lab_up_serves_the_inventory_until_terminated(tmp_path: Path) -> None:
    inventory = tmp_path / "small.yaml"
    inventory.write_text(SMALL, encoding="utf-8")
    lab = tmp_path / "lab.yaml"
    govops = Path(sys.executable).with_name("govops")
    env = {**os.environ, "GOVOPS_SSH_PASSWORD": ""}
    proc = subprocess.Popen(
        [
            str(govops),
            "lab",
            "up",
            "-i",
            str(inventory),
            "--no-openstack",
            "--lab-inventory",
            str(lab),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not lab.with_suffix(".known_hosts").exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    served = load_inventory(lab)
    ports = {d.name: d.port for d in served.devices.values()}
    assert {d.host for d in served.devices.values()} == {"127.0.0.1"}
    for name, port in ports.items():
        assert f"127.0.0.1:{port}" in out and name in out
    assert "login govops / lab-only-password" in err
    assert err.rstrip().endswith("lab stopped")
    known = lab.with_suffix(".known_hosts").read_text().splitlines()
    assert sorted(line.split()[0] for line in known) == sorted(
        f"[127.0.0.1]:{p}" for p in ports.values()
    )
    assert yaml.safe_load(lab.read_text())["links"][0]["intended"]["members"] == 2


def test_lab_up_rejects_an_unknown_fault(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govops.cli import app

    inventory = tmp_path / "small.yaml"
    inventory.write_text(SMALL, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["lab", "up", "-i", str(inventory), "--fault", "sn-core-1=melt"]
    )
    assert result.exit_code == 2
    assert (
        "unknown fault `melt`; one of wrong-password, silent, drop, error, garbage" in result.stderr
    )


def _lab_up(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    inventory = tmp_path / "small.yaml"
    inventory.write_text(SMALL, encoding="utf-8")
    govops = Path(sys.executable).with_name("govops")
    return subprocess.run(
        [str(govops), "lab", "up", "-i", str(inventory), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


def test_lab_up_refuses_ports_past_65535_and_taken_ports(tmp_path: Path) -> None:
    import socket

    done = _lab_up(tmp_path, "--base-port", "65535", "--no-openstack")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: --base-port 65535: 2 devices need ports up to 65536, past 65535\n"
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _lab_up(tmp_path, "--base-port", str(port), "--no-openstack")
        assert done.returncode == 2
        assert done.stderr.startswith(f"error: --base-port {port}: port {port} is taken (")
        done = _lab_up(tmp_path, "--no-fleet", "--openstack-port", str(port))
        assert done.returncode == 2
        assert done.stderr.startswith(f"error: --openstack-port {port}: cannot listen on ")
        assert "Traceback" not in done.stderr


def test_lab_up_writes_its_files_under_build_by_default(tmp_path: Path) -> None:
    import signal as signals

    inventory = tmp_path / "small.yaml"
    inventory.write_text(SMALL, encoding="utf-8")
    govops = Path(sys.executable).with_name("govops")
    proc = subprocess.Popen(
        [str(govops), "lab", "up", "-i", str(inventory), "--no-openstack"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "build/lab/lab-inventory.known_hosts").exists():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
    finally:
        proc.send_signal(signals.SIGTERM)
        proc.communicate(timeout=30)
    assert (tmp_path / "build/lab/lab-inventory.yaml").is_file()
    assert not list(tmp_path.glob("lab-inventory*"))
