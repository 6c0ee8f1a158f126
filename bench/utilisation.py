"""The audit with --prometheus beside the same audit without it, at 250, 500 and 1,000 links.

Run: .venv/bin/python bench/utilisation.py [--runs 3] [--days 7]
Target (decisions.md "Utilisation"): 1,000 links with 7 days of 5-minute samples in a local
Prometheus, the audit with --prometheus in <= 5 s.

The bench builds its own province (2 core routers, 10 cities of 2 aggregation routers,
counties of one router on two uplinks) as three inventories that are prefixes of each
other, writes each one's snapshot from the lab renderers, writes 7 days of counters of
both ends of the largest one's links (`govops lab metrics --recorded`: also the 5-minute
rates the shipped recording rules record), backfills a Prometheus with promtool and starts
it on a free loopback port. Three audits per size: snapshot only, --prometheus computing
the rates with a subquery (the default), and --prometheus reading the recorded rates. Each
audit is a whole `govops network audit` process, as a user runs it; the three kinds
alternate run by run so machine noise hits them alike. Figures are medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

SIZES = (250, 500, 1000)
TARGET_S = 5.0
GOVOPS = str(Path(sys.executable).with_name("govops"))
PLATFORMS = ("huawei", "hp_comware", "cisco_ios")
PORT = {"huawei": "GigabitEthernet0/0/{}", "hp_comware": "GigabitEthernet1/0/{}",
        "cisco_ios": "GigabitEthernet0/0/{}"}  # fmt: skip


def province(links: int) -> dict[str, Any]:
    """An inventory with exactly ``links`` links (an even number >= 40)."""
    sites: list[dict[str, Any]] = [{"id": "p", "name": "省中心", "level": "province"}]
    devices: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    ports: dict[str, int] = {}

    def device(name: str, site: str, platform: str) -> None:
        host = f"10.{100 + len(devices) // 250}.{len(devices) % 250}.1"
        devices.append({"name": name, "site": site, "host": host, "platform": platform})

    def port(name: str, platform: str) -> str:
        ports[name] = ports.get(name, 0) + 1
        return PORT[platform].format(ports[name])

    def link(upper: str, lower: str, lower_platform: str, speed: str, load: float) -> None:
        out.append({
            "id": f"{lower}-{len(out)}",
            "a": {"device": upper, "interface": port(upper, "huawei")},
            "b": {"device": lower, "interface": port(lower, lower_platform)},
            "intended": {"speed": speed, "load": load},
        })  # fmt: skip

    for core in ("core-1", "core-2"):
        device(core, "p", "huawei")
    for c in range(10):
        sites.append({"id": f"c{c}", "name": f"市{c}", "level": "city", "parent": "p"})
        for k in (1, 2):
            device(f"c{c}-agg-{k}", f"c{c}", "huawei")
            link(f"core-{k}", f"c{c}-agg-{k}", "huawei", "10G", 0.2 + 0.05 * (c % 10))
    county = 0
    while len(out) < links:
        city = county % 10
        name = f"c{city}-x{county}"
        platform = PLATFORMS[county % 3]
        sites.append({"id": name, "name": f"县{county}", "level": "county", "parent": f"c{city}"})
        device(f"{name}-r1", name, platform)
        for k in (1, 2):
            load = 0.1 + (county * 37 % 90) / 100
            link(f"c{city}-agg-{k}", f"{name}-r1", platform, "1G", load)
        county += 1
    return {"sites": sites, "devices": devices, "links": out}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}... failed:\n{done.stdout}{done.stderr}")


def prepare(root: Path, days: float) -> tuple[dict[int, tuple[Path, Path]], Path]:
    from govops.inventory import load_inventory
    from govops.lab.snapshot import write_lab_snapshot

    made = {}
    for size in SIZES:
        inventory = root / f"inventory-{size}.yaml"
        inventory.write_text(yaml.safe_dump(province(size), allow_unicode=True))
        write_lab_snapshot(load_inventory([inventory]), root / f"snapshot-{size}")
        made[size] = (inventory, root / f"snapshot-{size}")
    metrics = root / "metrics.om"
    started = time.monotonic()
    run(GOVOPS, "lab", "metrics", "-i", str(made[max(SIZES)][0]), "-o", str(metrics),
        "--days", str(days), "--recorded")  # fmt: skip
    print(f"openmetrics written in {time.monotonic() - started:.1f} s", file=sys.stderr)
    started = time.monotonic()
    run("promtool", "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=168h",
        str(metrics), str(root / "data"))  # fmt: skip
    print(f"promtool backfill in {time.monotonic() - started:.1f} s", file=sys.stderr)
    metrics.unlink()
    return made, root / "data"


def start_prometheus(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    config = data.parent / "prometheus.yml"
    config.write_text("global:\n  scrape_interval: 1m\n")
    proc = subprocess.Popen(
        ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={data}",
         "--storage.tsdb.retention.time=3650d", f"--web.listen-address=127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/-/ready", timeout=2) as answer:
                if answer.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("prometheus did not become ready")


def rules_policy(root: Path) -> Path:
    """A policy that reads the recorded 5-minute rates instead of computing them."""
    policy = root / "policy.yaml"
    policy.write_text(
        "metrics:\n  in_rate: instance_ifName:ifHCInOctets:rate5m\n"
        "  out_rate: instance_ifName:ifHCOutOctets:rate5m\n"
    )
    return policy


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def audit(
    inventory: Path, snapshot: Path, url: str | None, policy: Path | None = None, prom: int = 0
) -> tuple[float, float, float]:
    """(wall s, govops CPU s, Prometheus CPU s) of one whole audit process."""
    import resource

    cmd = [GOVOPS, "network", "audit", "-i", str(inventory), "--snapshot", str(snapshot),
           "--format", "json", "--output", os.devnull]  # fmt: skip
    if url:
        cmd += ["--prometheus", url, "--window", "7d"]
    if policy:
        cmd += ["--policy", str(policy)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    prom_before = cpu_seconds(prom) if prom else 0.0
    started = time.monotonic()
    run(*cmd)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, own, (cpu_seconds(prom) - prom_before) if prom else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--days", type=float, default=7.0)
    args = parser.parse_args()
    if not shutil.which("prometheus") or not shutil.which("promtool"):
        raise SystemExit("needs prometheus and promtool (Debian package prometheus)")
    with tempfile.TemporaryDirectory(prefix="govops-bench-util-") as tmp:
        made, data = prepare(Path(tmp), args.days)
        policy = rules_policy(Path(tmp))
        proc, url = start_prometheus(data)
        try:
            audit(*made[SIZES[0]], url)  # warm Prometheus's caches once
            rows: dict[int, list[tuple[float, ...]]] = {}
            for size in SIZES:
                runs: list[list[tuple[float, float, float]]] = [[], [], []]
                for _ in range(args.runs):
                    runs[0].append(audit(*made[size], None, None, proc.pid))
                    runs[1].append(audit(*made[size], url, None, proc.pid))
                    runs[2].append(audit(*made[size], url, policy, proc.pid))
                rows[size] = [tuple(map(statistics.median, zip(*r, strict=True))) for r in runs]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    report(rows, args)


def report(rows: dict[int, list[tuple[float, ...]]], args: argparse.Namespace) -> None:
    print(f"{args.days:g} days of 5-minute samples, both ends of every link; whole `govops "
          f"network audit` processes, medians of {args.runs} runs; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print("wall s (CPU s of govops + CPU s of Prometheus)")
    print(f"{'links':>6} {'snapshot only':>20} {'--prometheus':>22} {'with rules':>22}")
    for size, kinds in rows.items():
        cells = [f"{w:.2f} ({g:.2f}+{p:.2f})" for w, g, p in kinds]
        print(f"{size:>6} {cells[0]:>20} {cells[1]:>22} {cells[2]:>22}")
    biggest = rows[max(SIZES)]
    for label, (wall, own, prom) in (("--prometheus", biggest[1]), ("with rules", biggest[2])):
        verdict = "met" if wall <= TARGET_S else "missed"
        print(f"{max(SIZES)} links {label}: {wall:.2f} s, target <= {TARGET_S:g} s {verdict}; "
              f"CPU {own + prom:.2f} s in all")  # fmt: skip


if __name__ == "__main__":
    main()
