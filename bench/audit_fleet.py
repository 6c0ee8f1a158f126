"""Collect + audit of a 300-device lab fleet, beside plain netmiko at equal workers.

Run: .venv/bin/python bench/audit_fleet.py [--workers 16] [--runs 3]
Targets: govops >= 60 devices/s, >= 6x the netmiko baseline in the same run (decisions.md,
"Fleet throughput floor"), peak RSS <= 500 MB. The fleet mixes every platform govops
collects: Huawei, H3C, Cisco, ZTE ZXROS and Ruijie RGOS.

The fleet (`govops lab up`) runs in its own process so the client's cost is measured
apart. Each client run is its own process too (peak RSS is per process), and the two
clients alternate run by run so machine noise hits them alike. The baseline is what a
user would write by hand: netmiko ConnectHandler + send_command for the same commands
in a thread pool of the same size (no audit: it only collects).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE, TARGET_RATIO, TARGET_RSS_MB = 60.0, 6.0, 500.0
USER, PASSWORD = "govops", "lab-only-password"


def build_inventory(folder: Path, size: int) -> Path:
    """The demo province with extra counties (4 devices each) until it has ``size`` devices."""
    spec = importlib.util.spec_from_file_location(
        "demo", ROOT / "scripts" / "make_demo_inventory.py"
    )
    assert spec and spec.loader
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    folder.mkdir(parents=True, exist_ok=True)
    b = demo.Builder()
    demo.build_network(b)
    k = 0
    while len(b.devices) < size:
        cid = demo.CITIES[k % len(demo.CITIES)][0]
        demo.build_county(b, cid, [f"{cid}-agg-1", f"{cid}-agg-2"], f"{cid}-bench{k}", "基准区", k)
        k += 1
    for name, key, items in (
        ("sites.yaml", "sites", b.sites),
        ("devices.yaml", "devices", b.devices),
        ("links.yaml", "links", b.links),
    ):
        demo.write(folder, name, key, items)
    return folder


def start_lab(inventory: Path, lab: Path) -> subprocess.Popen[bytes]:
    govops = Path(sys.executable).with_name("govops")
    proc = subprocess.Popen(
        [str(govops), "lab", "up", "-i", str(inventory), "--lab-inventory", str(lab)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180
    while not lab.with_suffix(".known_hosts").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(
                f"lab did not start: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        time.sleep(0.2)
    time.sleep(0.5)
    return proc


def run_govops(lab: Path, workers: int) -> dict[str, Any]:
    from govops.inventory import load_inventory
    from govops.network.audit import run_audit
    from govops.network.policy import Policy
    from govops.network.ssh import Credentials, SshOptions, collect

    inventory = load_inventory(lab)
    options = SshOptions(20, 30, known_hosts=lab.with_suffix(".known_hosts"))
    start = time.perf_counter()
    results = collect(
        list(inventory.devices.values()), lambda d: Credentials(USER, PASSWORD), options, workers
    )
    collected = time.perf_counter() - start
    report = run_audit(inventory, results, Policy())
    wall = time.perf_counter() - start
    return {
        "devices": len(results),
        "failed": sum(not r.ok for r in results),
        "wall": wall,
        "collect": collected,
        "sites": len(report.sites),
    }


def run_netmiko(lab: Path, workers: int) -> dict[str, Any]:
    from netmiko import ConnectHandler

    from govops.inventory import load_inventory
    from govops.network.parsing import commands_for

    devices = list(load_inventory(lab).devices.values())

    def one(device: Any) -> bool:
        try:
            conn = ConnectHandler(
                device_type=device.platform,
                host=device.host,
                port=device.port,
                username=USER,
                password=PASSWORD,
                conn_timeout=20,
            )
            for command in commands_for(device.platform):
                conn.send_command(command, read_timeout=30)
            conn.disconnect()
            return True
        except Exception:
            return False

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        ok = list(pool.map(one, devices))
    wall = time.perf_counter() - start
    return {"devices": len(devices), "failed": ok.count(False), "wall": wall, "collect": wall}


def child(client: str, lab: Path, workers: int) -> None:
    result = (run_govops if client == "govops" else run_netmiko)(lab, workers)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(client: str, lab: Path, workers: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", client, "--lab", str(lab), "--workers", str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def platform_mix(inventory: Path) -> str:
    from collections import Counter

    from govops.inventory import load_inventory

    counts = Counter(d.platform for d in load_inventory(inventory).devices.values())
    return ", ".join(f"{platform} {n}" for platform, n in sorted(counts.items()))


def report(runs: dict[str, list[dict[str, Any]]], workers: int) -> None:
    med = {
        c: {k: statistics.median(r[k] for r in rs) for k in ("wall", "collect", "rss_mb", "failed")}
        for c, rs in runs.items()
    }
    n = runs["govops"][0]["devices"]
    print(
        f"fleet: {n} devices in their own process; {workers} workers; "
        f"medians of {len(runs['govops'])} runs"
    )
    print(
        f"{'client':<28}{'wall s':>8}{'collect s':>11}{'devices/s':>11}"
        f"{'peak RSS MB':>13}{'failed':>8}"
    )
    for client, label in (
        ("govops", "govops collect + audit"),
        ("netmiko", "netmiko baseline (collect)"),
    ):
        m = med[client]
        print(
            f"{label:<28}{m['wall']:>8.2f}{m['collect']:>11.2f}{n / m['wall']:>11.1f}"
            f"{m['rss_mb']:>13.0f}{m['failed']:>8.0f}"
        )
    rate = n / med["govops"]["wall"]
    ratio = med["netmiko"]["wall"] / med["govops"]["wall"]
    print(
        f"govops: {rate:.1f} devices/s (target >= {TARGET_RATE:g}); {ratio:.1f}x the baseline "
        f"(target >= {TARGET_RATIO:g}x); peak RSS {med['govops']['rss_mb']:.0f} MB "
        f"(target <= {TARGET_RSS_MB:g})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--child", choices=("govops", "netmiko"))
    parser.add_argument("--lab", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.lab, args.workers)
        return
    with tempfile.TemporaryDirectory() as tmp:
        inventory = build_inventory(Path(tmp) / "inventory", args.size)
        print(f"platforms: {platform_mix(inventory)}")
        lab = Path(tmp) / "lab.yaml"
        proc = start_lab(inventory, lab)
        try:
            runs: dict[str, list[dict[str, Any]]] = {"govops": [], "netmiko": []}
            for _ in range(args.runs):
                for client in runs:
                    runs[client].append(measure(client, lab, args.workers))
                    print(f"  {client}: {runs[client][-1]}", file=sys.stderr)
            report(runs, args.workers)
        finally:
            proc.terminate()
            proc.wait(60)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
