"""A province over a WAN: 5,000 lab devices, 20-120 ms per exchange, 1-2 s logins, 2% silent.

Run: .venv/bin/python bench/province_wan.py [--size 5000] [--sample 160]
Targets: collect + audit <= 180 s, peak RSS <= 1 GB, every silent device reported with
its reason. Beside it, in the same run: hand-written netmiko in a thread pool of 16 on
the same fleet (timed on a random sample of the fleet and scaled up, as a full run would
take most of an hour), and the physical floor: the sum over devices of what the WAN
makes each one cost at least (its login, its round trips, or the connect timeout of a
silent one), divided by the sessions govops ran at once (or the slowest device alone,
if that is longer).

The lab runs in its own process (`govops lab up` with the WAN options); govops runs as
a user would run it, `govops network collect` then `govops network audit`, each its own
process, so peak RSS is per command.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOVOPS = Path(sys.executable).with_name("govops")
USER, PASSWORD = "govops", "lab-only-password"
LATENCY, LOGIN, SILENT, FLAP, SEED = "20-120ms", "1-2s", "2%", "1%", 7
CONNECT_TIMEOUT = 10.0
TARGET_WALL, TARGET_RSS_MB = 180.0, 1024.0


def build_inventory(folder: Path, size: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "province", ROOT / "scripts" / "make_province_inventory.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_inventory(folder, size)  # type: ignore[no-any-return]


class LabWatch:
    """The lab process, and the peak of its threads and open files while it serves."""

    def __init__(self, inventory: Path, lab: Path) -> None:
        args = [str(GOVOPS), "lab", "up", "-i", str(inventory), "--lab-inventory", str(lab)]
        args += ["--no-openstack", "--latency", LATENCY, "--login-delay", LOGIN]
        args += ["--silent", SILENT, "--flap", FLAP, "--seed", str(SEED), "--show", "1"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.peak = {"threads": 0, "fds": 0}
        start = time.monotonic()
        while not lab.with_suffix(".known_hosts").exists():
            if self.proc.poll() is not None or time.monotonic() - start > 600:
                raise SystemExit(f"lab did not start: {self.proc.stderr.read().decode()}")  # type: ignore[union-attr]
            time.sleep(0.5)
        self.started_in = time.monotonic() - start
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self._stop.wait(1.0):
            status = _status(self.proc.pid)
            self.peak["threads"] = max(self.peak["threads"], int(status.get("Threads", 0)))
            fds = len(os.listdir(f"/proc/{self.proc.pid}/fd"))
            self.peak["fds"] = max(self.peak["fds"], fds)

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        rss = int(_status(self.proc.pid).get("VmHWM", "0 kB").split()[0]) / 1024
        self.proc.terminate()
        self.proc.wait(120)
        return {**self.peak, "rss_mb": rss, "started_s": self.started_in}


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {k: v.strip() for k, _, v in (line.partition(":") for line in lines)}


def run_command(args: list[str]) -> tuple[float, float, int, str]:
    """(wall s, peak RSS MB, exit code, stderr) of one govops command."""
    env = {**os.environ, "GOVOPS_SSH_USER": USER, "GOVOPS_SSH_PASSWORD": PASSWORD}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(GOVOPS), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), stderr


def run_govops(lab: Path, work: Path) -> dict[str, Any]:
    snap, report = work / "snapshot", work / "report.json"
    known = ["--known-hosts", str(lab.with_suffix(".known_hosts"))]
    collect = run_command(
        ["network", "collect", "-i", str(lab), "-o", str(snap), "--workers", "auto", *known]
    )
    audit = run_command(
        ["network", "audit", "-i", str(lab), "--snapshot", str(snap), "-f", "json", "-o",
         str(report)]
    )  # fmt: skip
    workers = int(collect[3].split(" sessions at once")[0].rsplit(" ", 1)[-1])
    return {
        "collect_s": collect[0],
        "audit_s": audit[0],
        "rss_mb": max(collect[1], audit[1]),
        "exit": (collect[2], audit[2]),
        "workers": workers,
        "manifest": json.loads((snap / "manifest.json").read_text())["devices"],
        "stderr": collect[3],
    }


def run_netmiko(lab: Path, sample: int) -> dict[str, Any]:
    """netmiko ConnectHandler + send_command in a pool of 16, on a random sample."""
    from netmiko import ConnectHandler

    from govops.inventory import load_inventory
    from govops.network.parsing import commands_for

    devices = list(load_inventory(lab).devices.values())
    chosen = random.Random(SEED).sample(devices, min(sample, len(devices)))

    def one(device: Any) -> bool:
        try:
            conn = ConnectHandler(
                device_type=device.platform,
                host=device.host,
                port=device.port,
                username=USER,
                password=PASSWORD,
                conn_timeout=CONNECT_TIMEOUT,
            )
            for command in commands_for(device.platform):
                conn.send_command(command, read_timeout=30)
            conn.disconnect()
            return True
        except Exception:
            return False

    start = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        ok = list(pool.map(one, chosen))
    wall = time.perf_counter() - start
    return {"sample": len(chosen), "wall": wall, "estimate": wall * len(devices) / len(chosen),
            "failed": ok.count(False)}  # fmt: skip


def exchanges_per_session() -> float:
    """Round trips one govops session makes: a one-device lab at a fixed 50 ms, no login delay."""
    from govops.inventory import load_inventory
    from govops.lab.fleet import LAB_PASSWORD, LAB_USER, run_fleet
    from govops.lab.wan import Span, WanProfile
    from govops.network.ssh import Credentials, SshOptions, read_device

    demo = load_inventory(ROOT / "inventories" / "demo")
    rtt = 0.05
    with run_fleet(demo, ["tc-yaozhou-r1"], wan=WanProfile(latency=Span(rtt, rtt))) as ends:
        device = demo.devices["tc-yaozhou-r1"].model_copy(
            update={"port": ends[0].port, "host": ends[0].host}
        )
        options = SshOptions(insecure_host_keys=True)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert read_device(device, Credentials(LAB_USER, LAB_PASSWORD), options).ok
            times.append(time.perf_counter() - start)
    return min(times) / rtt


def floor_seconds(names: list[str], exchanges: float, workers: int) -> float:
    from govops.lab.wan import WanProfile, parse_share, parse_span, plan

    profile = WanProfile(
        latency=parse_span(LATENCY, "--latency"),
        login_delay=parse_span(LOGIN, "--login-delay"),
        silent=parse_share(SILENT, "--silent"),
        flap=parse_share(FLAP, "--flap"),
        seed=SEED,
    )
    each = [
        CONNECT_TIMEOUT if b.silent else b.login_delay + exchanges * b.rtt
        for b in plan(names, profile).values()
    ]
    return max(sum(each) / workers, max(each))  # no run ends before its slowest device


def check_failures(manifest: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(silent devices, silent reported with a reason, problems) against the lab's plan."""
    from govops.lab.wan import WanProfile, parse_share, plan

    profile = WanProfile(silent=parse_share(SILENT, "--silent"),
                         flap=parse_share(FLAP, "--flap"), seed=SEED)  # fmt: skip
    plans = plan(list(manifest), profile)
    problems = []
    silent = [n for n, b in plans.items() if b.silent]
    reported = [n for n in silent if (manifest[n]["error"] or "").startswith("timeout: ")]
    for name, entry in manifest.items():
        if not plans[name].silent and not entry["ok"]:
            problems.append(f"{name} failed: {entry['error']}")
    return len(silent), len(reported), problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=160, help="netmiko sample size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inventory = build_inventory(work / "inventory", args.size)
        exchanges = exchanges_per_session()
        lab_path = work / "lab.yaml"
        lab = LabWatch(inventory, lab_path)
        try:
            gov = run_govops(lab_path, work)
            base = run_netmiko(lab_path, args.sample)
        finally:
            lab_figures = lab.stop()
    report(args.size, gov, base, lab_figures, exchanges)


def report(
    size: int, gov: dict[str, Any], base: dict[str, Any], lab: dict[str, Any], exchanges: float
) -> None:
    total = gov["collect_s"] + gov["audit_s"]
    floor = floor_seconds(list(gov["manifest"]), exchanges, gov["workers"])
    silent, reported, problems = check_failures(gov["manifest"])
    retried = sum(e.get("attempts", 1) > 1 for e in gov["manifest"].values())
    print(f"fleet: {size} devices; round trip {LATENCY}, login {LOGIN}, {SILENT} silent, "
          f"{FLAP} flapping (seed {SEED}); {exchanges:.1f} round trips per session")  # fmt: skip
    print(f"lab: one process, started in {lab['started_s']:.0f} s; peak {lab['threads']} "
          f"threads, {lab['fds']} open files, {lab['rss_mb']:.0f} MB RSS")  # fmt: skip
    print(f"{'':<40}{'seconds':>9}{'devices/s':>11}{'peak RSS MB':>13}")
    rows = [
        (f"govops collect ({gov['workers']} sessions)", gov["collect_s"], gov["rss_mb"]),
        ("govops audit", gov["audit_s"], None),
        ("govops collect + audit", total, gov["rss_mb"]),
        (f"netmiko, pool of 16 (est. from {base['sample']})", base["estimate"], None),
        (f"physical floor ({gov['workers']} at once)", floor, None),
    ]
    for label, seconds, rss in rows:
        rss_text = f"{rss:>13.0f}" if rss is not None else f"{'':>13}"
        print(f"{label:<40}{seconds:>9.1f}{size / seconds:>11.1f}{rss_text}")
    print(f"netmiko sample: {base['sample']} devices in {base['wall']:.1f} s, "
          f"{base['failed']} failed; x {size / base['sample']:.2f} for the fleet")  # fmt: skip
    print(f"ratios: netmiko / govops = {base['estimate'] / total:.1f}x; "
          f"govops / floor = {total / floor:.1f}x")  # fmt: skip
    print(f"silent devices: {silent}, reported with a reason: {reported}; "
          f"{retried} devices retried; exit codes collect/audit {gov['exit']}")  # fmt: skip
    for problem in problems[:10]:
        print(f"  unexpected: {problem}")
    verdict = total <= TARGET_WALL and gov["rss_mb"] <= TARGET_RSS_MB and reported == silent
    print(f"targets: collect + audit <= {TARGET_WALL:g} s, peak RSS <= {TARGET_RSS_MB:g} MB, "
          f"every silent device reported: {'met' if verdict else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
