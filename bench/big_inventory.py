"""Time `govops inventory validate` on a generated ~5 MB inventory (target: <= 2 s).

Writes one YAML file of a province with cities and counties (two aggregation switches per
county, one uplink each to its city's core), then validates it in a fresh process and
prints wall time, CPU time and peak RSS; then the same file with one broken reference near
its end (an inventory with a problem is read a second time, with line numbers). The load
average is printed too: the machine may be shared, and CPU seconds read better then.

    python bench/big_inventory.py [MEGABYTES]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def write_inventory(path: Path, megabytes: float) -> int:
    """Write the inventory; returns the number of counties."""
    sites = ["sites:", "  - {id: sn, name: 省中心, level: province}"]
    devices = ["devices:", "  - {name: sn-core-1, site: sn, host: 10.255.0.1, platform: huawei}"]
    links = ["links:"]
    count, size = 0, 0
    while size < megabytes * 1024 * 1024:
        city = f"c{count // 60}"
        if count % 60 == 0:
            sites.append(f"  - {{id: {city}, name: 市{count // 60}, level: city, parent: sn}}")
            host = f"10.254.0.{count // 60 % 250}"
            devices.append(
                f"  - {{name: {city}-core, site: {city}, host: {host}, platform: huawei}}"
            )
        site = f"{city}-k{count}"
        sites.append(f"  - id: {site}\n    name: 县{count}\n    level: county\n    parent: {city}")
        for n in (1, 2):
            devices.append(
                f"  - name: {site}-agg-{n}\n    site: {site}\n"
                f"    host: 10.{count // 250 % 250}.{count % 250}.{n}\n    platform: huawei"
            )
        links.append(
            f"  - id: {site}-up\n    a: {{device: {city}-core, interface: Eth-Trunk{count}}}\n"
            f"    b: {{device: {site}-agg-1, interface: Eth-Trunk1}}\n    contracted: 1G"
        )
        count += 1
        if count % 500 == 0:
            size = sum(len(line.encode()) + 1 for line in sites + devices + links)
    path.write_text("\n".join(sites + devices + links) + "\n", encoding="utf-8")
    return count


_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - started
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, use.ru_maxrss / 1024, use.ru_utime + use.ru_stime, done.returncode)
sys.stderr.write(done.stderr[-2000:])
"""


def validate(path: Path) -> str:
    """`govops inventory validate PATH` in a new process: one line of figures."""
    govops = Path(sys.executable).with_name("govops")
    args = [sys.executable, "-c", _MEASURE, str(govops), "inventory", "validate", str(path)]
    done = subprocess.run(args, capture_output=True, text=True)
    wall, rss, cpu, code = done.stdout.split()
    line = f"exit {code}, wall {float(wall):.2f} s, CPU {float(cpu):.2f} s, "
    line += f"peak RSS {float(rss):.0f} MB"
    if code != "0":
        line += "\n    " + done.stderr.strip().splitlines()[0][-100:]
    return line


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        counties = write_inventory(path, megabytes)
        size = path.stat().st_size / 1e6
        valid = validate(path)
        head, _, tail = path.read_text(encoding="utf-8").rpartition("a: {device: ")
        path.write_text(head + "a: {device: nowhere-" + tail, encoding="utf-8")
        broken = validate(path)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"inventory validate: {size:.1f} MB, {counties} counties, load average {load}")
    print(f"  valid (target <= 2 s): {valid}")
    print(f"  one problem:           {broken}")


if __name__ == "__main__":
    main()
