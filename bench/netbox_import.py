"""NetBox import: the demo province (200 sites, 212 devices, 395 links) from the lab NetBox.

Run: .venv/bin/python bench/netbox_import.py [--runs N]. Prints the median and p90 of a
whole `import_netbox` (pynetbox reads, conversion, YAML written, inventory loaded back)
at NetBox's default page size (1000) and at 50 objects a page, side by side.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from govops.inventory import load_inventory
from govops.lab.netbox import start
from govops.netbox.importer import import_netbox

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    inv = load_inventory(ROOT / "inventories" / "demo")
    mapping = ROOT / "playbooks" / "netbox-mapping.yaml"
    labs = {size: start(inv, max_page_size=size) for size in (1000, 50)}
    times: dict[int, list[float]] = {size: [] for size in labs}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(runs):
                for size, lab in labs.items():  # interleaved: noise hits both alike
                    began = time.perf_counter()
                    result = import_netbox(lab.url, lab.token, Path(tmp) / str(size), mapping)
                    times[size].append(time.perf_counter() - began)
    finally:
        for lab in labs.values():
            lab.stop()
    print(f"imported {result.counts} per run, {runs} runs")
    print(f"{'page size':>10} {'median s':>9} {'p90 s':>7}")
    for size, values in times.items():
        p90 = sorted(values)[max(0, round(0.9 * len(values)) - 1)]
        print(f"{size:>10} {statistics.median(values):>9.2f} {p90:>7.2f}")


if __name__ == "__main__":
    main()
