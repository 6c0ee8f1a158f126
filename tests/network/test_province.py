"""A small WAN-like fleet over SSH: delays, slow logins, silent, flapping and legacy devices.

The devices of one city (铜川, 18 devices) of the demo province, served with round trips
of 5-20 ms and logins of 50-100 ms; collected the way a city's node would (--under).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.inventory import Inventory, load_inventory
from govops.lab.files import write_lab_inventory
from govops.lab.fleet import LAB_PASSWORD, LAB_USER, run_fleet, write_known_hosts
from govops.lab.wan import Behaviour, Span, WanProfile, plan
from govops.network.collect import select_devices

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
WAN = WanProfile(
    latency=Span(0.005, 0.02),
    login_delay=Span(0.05, 0.1),
    silent=0.1,
    flap=0.1,
    legacy=0.1,
    seed=15,
)


@pytest.fixture(scope="module")
def demo() -> Inventory:
    return load_inventory(ROOT / "inventories" / "demo")


@pytest.fixture(scope="module")
def city(demo: Inventory) -> list[str]:
    return [d.name for d in select_devices(demo, under=["sn-tc"])]


@pytest.fixture(scope="module")
def wan_lab(
    demo: Inventory, city: list[str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("wan")
    with run_fleet(demo, devices=city, wan=WAN) as endpoints:
        write_lab_inventory(demo, endpoints, folder / "lab.yaml")
        write_known_hosts(endpoints, folder / "lab.known_hosts")
        yield folder / "lab.yaml"


@pytest.fixture
def plans(city: list[str]) -> dict[str, Behaviour]:
    return plan(city, WAN)


@pytest.fixture
def lab_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_SSH_USER", LAB_USER)
    monkeypatch.setenv("GOVOPS_SSH_PASSWORD", LAB_PASSWORD)


def _collect(lab: Path, out: Path) -> tuple[int, str, dict[str, dict[str, object]]]:
    args = ["network", "collect", "-i", str(lab), "--under", "sn-tc", "-o", str(out)]
    args += ["--known-hosts", str(lab.with_suffix(".known_hosts")), "--connect-timeout", "1"]
    result = runner.invoke(app, args)
    manifest = json.loads((out / "manifest.json").read_text())
    return result.exit_code, result.stderr, manifest["devices"]


def test_the_plan_is_deterministic_and_exact(city: list[str]) -> None:
    first, again = plan(city, WAN), plan(list(reversed(city)), WAN)
    assert first == again
    assert sum(b.silent for b in first.values()) == 2  # 10% of 18, rounded
    assert sum(b.flap for b in first.values()) == 2
    assert sum(b.legacy for b in first.values()) == 2
    assert not any(b.silent and (b.flap or b.legacy) for b in first.values())
    assert all(0.005 <= b.rtt <= 0.02 and 0.05 <= b.login_delay <= 0.1 for b in first.values())
    assert plan(city, WanProfile(seed=16, silent=0.1)) != plan(
        city, WanProfile(seed=15, silent=0.1)
    )


@pytest.mark.usefixtures("lab_login")
def test_a_city_over_a_wan_silent_flapping_and_legacy_devices(
    wan_lab: Path, plans: dict[str, Behaviour], city: list[str], tmp_path: Path
) -> None:
    start = time.monotonic()
    code, stderr, devices = _collect(wan_lab, tmp_path / "snap")
    assert time.monotonic() - start < 60
    assert code == 1 and sorted(devices) == sorted(city)
    assert "retrying 4 devices (transient failures, round 1)" in stderr
    for name, behaviour in plans.items():
        entry = devices[name]
        if behaviour.silent:
            assert entry["error"] == "timeout: no SSH banner within 1s"
            assert entry["attempts"] == 2
            assert f"{name}: timeout: no SSH banner within 1s (after 2 attempts)" in stderr
        elif behaviour.flap:  # dropped the first session; the retry read it
            assert entry["ok"] is True and entry["attempts"] == 2
        elif behaviour.legacy:  # not offered: the profile did not allow them
            assert str(entry["error"]).startswith("no common SSH algorithms: ")
            assert entry["attempts"] == 1
        else:
            assert entry["ok"] is True and entry["attempts"] == 1
    assert "14 of 18 devices read; 4 retried" in stderr


@pytest.mark.usefixtures("lab_login")
def test_a_profile_that_allows_legacy_algorithms_reads_old_devices_and_says_so(
    wan_lab: Path, plans: dict[str, Behaviour], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVOPS_SSH_LEGACY", "1")
    _, stderr, devices = _collect(wan_lab, tmp_path / "snap")
    assert "credentials profile `default` allows legacy SSH algorithms" in stderr
    for name in (n for n, b in plans.items() if b.legacy):
        assert devices[name]["ok"] is True
        assert devices[name]["legacy_algorithms"] == ["aes128-cbc", "ssh-rsa"]
        assert f"{name}: legacy SSH algorithms used: aes128-cbc, ssh-rsa" in stderr
    modern = [n for n, b in plans.items() if not (b.legacy or b.silent)]
    assert all("legacy_algorithms" not in devices[n] for n in modern)
