"""deploy/systemd: the units pass `systemd-analyze verify`, score as well hardened in
`systemd-analyze security --offline`, and the audit unit's commands run as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.exporter.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
GOVOPS = Path(sys.executable).with_name("govops")
NAMES = ("govops-exporter.service", "govops-audit.service", "govops-audit.timer")


def analyze() -> str:
    path = shutil.which("systemd-analyze")
    if path is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    return path


def local_units(tmp_path: Path) -> Path:
    """The units with /opt/govops/bin/govops pointing at this checkout's govops."""
    for name in NAMES:
        text = (UNITS / name).read_text().replace("/opt/govops/bin/govops", str(GOVOPS))
        (tmp_path / name).write_text(text)
    return tmp_path


def directives(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (UNITS / name).read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out.setdefault(key, []).append(value)
    return out


def test_units_verify_clean(tmp_path: Path) -> None:
    units = local_units(tmp_path)
    checked = subprocess.run(
        [analyze(), "verify", *(str(units / n) for n in NAMES)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (checked.returncode, checked.stderr) == (0, "")


@pytest.mark.parametrize("name", ["govops-exporter.service", "govops-audit.service"])
def test_services_are_hardened(tmp_path: Path, name: str) -> None:
    units = local_units(tmp_path)
    scored = subprocess.run(
        [analyze(), "security", "--offline=true", "--no-pager", str(units / name)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    match = re.search(r"Overall exposure level for \S+: ([\d.]+)", scored.stdout)
    assert match, scored.stdout + scored.stderr
    assert float(match.group(1)) <= 2.0  # systemd's "OK" band; a plain unit scores 9.6
    unit = directives(name)
    assert unit["User"] == ["govops"] and unit["ProtectSystem"] == ["strict"]
    assert unit["NoNewPrivileges"] == ["yes"] and unit["CapabilityBoundingSet"] == [""]
    assert "GOVOPS_LANG=zh" in unit["Environment"]
    assert "GOVOPS_DB=/var/lib/govops/govops.db" in unit["Environment"]


def test_the_timer_runs_the_audit_daily_and_catches_up() -> None:
    timer = directives("govops-audit.timer")
    assert timer["OnCalendar"] == ["*-*-* 02:00:00"] and timer["Persistent"] == ["true"]
    assert timer["Unit"] == ["govops-audit.service"]


def exec_lines() -> list[list[str]]:
    """The audit unit's ExecStart commands as the shell would get them ($$ -> $)."""
    lines = directives("govops-audit.service")["ExecStart"]
    return [shlex.split(line.replace("$$", "$").replace("%%", "%")) for line in lines]


def test_the_audit_unit_collects_audits_and_prunes(tmp_path: Path) -> None:
    from govops import history, store
    from govops.network.snapshot import write_snapshot

    snapshots = tmp_path / "snapshots"
    snapshots.mkdir()
    for day in range(1, 31):  # 30 older snapshots: after the run, the oldest goes
        write_snapshot(snapshots / f"old-{day:02}", [], datetime(2026, 10, day, tzinfo=UTC))
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "sites:\n  - {id: sn, name: 省中心, level: province}\n"
        f"devices:\n  - {{name: sn-core-1, site: sn, host: 127.0.0.1, port: {free_port()},"
        " platform: huawei}\n"
    )
    unit_env = dict(
        e.replace("/var/lib/govops", str(tmp_path)).split("=", 1)
        for e in directives("govops-audit.service")["Environment"]
    )
    env = {
        **os.environ,
        **unit_env,
        "GOVOPS_INVENTORY": str(inventory),
        "GOVOPS_SSH_USER": "audit",
        "GOVOPS_SSH_PASSWORD": "not-used",
        "GOVOPS_SSH_KNOWN_HOSTS": str(tmp_path / "known_hosts"),
        "GOVOPS_TARGETS": str(ROOT / "playbooks" / "targets" / "shaanxi.yaml"),
    }
    for argv in exec_lines():
        argv = [a.replace("/opt/govops/bin/govops", str(GOVOPS)) for a in argv]
        argv = [a.replace("/var/lib/govops", str(tmp_path)) for a in argv]
        ran = subprocess.run(argv, cwd=snapshots, env=env, capture_output=True, text=True,
                             timeout=120)  # fmt: skip
        assert ran.returncode == 0, ran.stderr
    kept = sorted(p.name for p in snapshots.iterdir())
    assert len(kept) == 30 and "old-01" not in kept and "old-02" in kept
    (new,) = [snapshots / k for k in kept if k.startswith("snapshot-")]
    report = json.loads((new / "audit.json").read_text())
    assert report["devices"][0]["reachable"] is False  # refused: audited all the same
    (entry,) = history.entries(store.connect(), "network.audit")
    assert entry.scope == "full" and entry.meta["snapshot"] == new.name
    page = (tmp_path / "report.html").read_text()
    assert "生成时间：" in page and "（北京时间）" in page  # GOVOPS_LANG=zh in the unit
