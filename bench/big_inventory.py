"""Time `govops inventory validate` on a generated ~5 MB inventory (target: <= 2 s).

Writes one YAML file of a province with cities and counties (two aggregation switches per
county, one uplink each to its city's core), then validates it in a fresh process and
prints wall time and peak RSS.

    python bench/big_inventory.py [MEGABYTES]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
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
            devices.append(f"  - {{name: {city}-core, site: {city}, host: 10.254.0.{count // 60 % 250}, platform: huawei}}")  # noqa: E501
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


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        counties = write_inventory(path, megabytes)
        govops = Path(sys.executable).with_name("govops")
        started = time.perf_counter()
        done = subprocess.run([str(govops), "inventory", "validate", str(path)],
                              capture_output=True, text=True)  # fmt: skip
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = path.stat().st_size / 1e6
    print(f"inventory validate: {size:.1f} MB, {counties} counties, exit {done.returncode}")
    print(f"  wall {elapsed:.2f} s (target <= 2 s), peak RSS {peak:.0f} MB")
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)


if __name__ == "__main__":
    main()
