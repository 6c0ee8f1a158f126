"""Wave planner at province scale: 10,000 systems, 30,000 dependencies, 14 clouds.

Run: .venv/bin/python bench/plan_scale.py [--runs N]. Targets: median <= 2 s and peak
RSS <= 300 MB, for plan_waves (the planner) and for plan_inventory (what `govops cloud
plan` runs: strict inventory models in, the migration log read from a state file).
Beside them, in the same run, a simple baseline: earliest deadline first, packed into
waves by count and headroom with no dependency work at all (the floor any planner pays).
Each runs in its own child process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from govops.cloud.planner import PlanItem, plan_waves

if TYPE_CHECKING:
    from govops.inventory.models import Inventory  # pydantic: only where it is used

Headroom = dict[str, tuple[int, int, int]]
TARGET_SECONDS = 2.0
TARGET_RSS_MB = 300
SYSTEMS, DEPENDENCIES, CLOUDS = 10_000, 30_000, 14
MODES = {
    "baseline": "baseline (EDF, no graph)",
    "planner": "plan_waves",
    "plan_inventory": "plan_inventory (+ state)",
}


def make_items() -> tuple[list[PlanItem], Headroom]:
    rng = random.Random(2022)
    clouds = [f"cloud-{c:02d}" for c in range(CLOUDS)]
    deps: list[set[str]] = [set() for _ in range(SYSTEMS)]
    for _ in range(DEPENDENCIES):
        a = rng.randrange(SYSTEMS)
        # on an earlier system (layers); 0.5% on a near later one: small cycles to collapse
        near = rng.random() < 0.005 and a + 3 < SYSTEMS
        b = a + rng.randint(1, 3) if near else rng.randrange(a) if a else 1
        if a != b:
            deps[a].add(f"S{b:05d}")
    items = []
    for i in range(SYSTEMS):
        cloud = clouds[i % CLOUDS]
        deadline = date(2025, 1, 1) + timedelta(days=rng.randrange(900))
        comigrate = (f"S{i + 1:05d}",) if i % 500 == 0 and i + 1 < SYSTEMS else ()
        demand = (rng.choice((4, 8, 16, 32)), rng.choice((16, 32, 64, 128)), 500)
        items.append(
            PlanItem(f"S{i:05d}", cloud, demand, deadline, tuple(sorted(deps[i])), comigrate)
        )
    headroom = {c: (20_000, 80_000, 3_000_000) for c in clouds}
    return items, headroom


def baseline(items: list[PlanItem], headroom: Headroom, limit: int) -> int:
    left = {c: list(v) for c, v in headroom.items()}
    waves: list[list[str]] = [[]]
    for it in sorted(items, key=lambda it: (it.deadline, it.id)):
        room = left[it.cloud]
        if any(it.demand[k] > room[k] for k in range(3)):
            continue
        for k in range(3):
            room[k] -= it.demand[k]
        if len(waves[-1]) >= limit:
            waves.append([])
        waves[-1].append(it.id)
    return len(waves)


def make_inventory(items: list[PlanItem], headroom: Headroom) -> Inventory:
    """The same province as an Inventory of strict models, as `govops cloud plan` sees it."""
    from govops.inventory.models import (
        Capacity,
        Cloud,
        CloudKind,
        Inventory,
        Level,
        Resources,
        System,
    )

    inv = Inventory()
    for name, (vcpu, ram, disk) in headroom.items():
        capacity = Capacity(vcpu=vcpu, ram_gb=ram, disk_gb=disk)
        inv.clouds[name] = Cloud(id=name, kind=CloudKind.CITY, name=name, capacity=capacity)
    for it in items:
        inv.systems[it.id] = System(
            id=it.id, name=it.id, department="d", level=Level.PROVINCE, target_cloud=it.cloud,
            resources=Resources(vcpu=it.demand[0], ram_gb=it.demand[1], disk_gb=it.demand[2]),
            depends_on=list(it.depends_on), comigrate=list(it.comigrate), deadline=it.deadline,
        )  # fmt: skip
    return inv


def end_to_end(items: list[PlanItem], headroom: Headroom) -> Callable[[], int]:
    """What `govops cloud plan` runs after loading the inventory (imports only here, so the
    other modes' peak RSS is not charged for pydantic and SQLite)."""
    import tempfile

    from govops import store
    from govops.cloud.plan import plan_inventory

    inv = make_inventory(items, headroom)
    conn = store.connect(Path(tempfile.mkdtemp()) / "bench.db")

    def run() -> int:
        plan = plan_inventory(conn, inv, start=date(2025, 1, 1), wave_days=7, max_per_wave=100)
        return len(plan.plan.waves)

    return run


def child(mode: str, runs: int) -> None:
    items, headroom = make_items()
    full = end_to_end(items, headroom) if mode == "plan_inventory" else None
    times, waves, groups = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        if full is not None:
            waves = full()
        elif mode == "planner":
            plan = plan_waves(
                items, headroom, start=date(2025, 1, 1), wave_days=7, max_per_wave=100
            )
            waves = len(plan.waves)
            groups = max(map(len, plan.groups), default=1)
        else:
            waves = baseline(items, headroom, 100)
        times.append(time.perf_counter() - start)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "median": statistics.median(times),
                "rss_mb": rss_mb,
                "waves": waves,
                "largest_group": groups,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=MODES)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
        return 0
    results = {}
    for mode in MODES:
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--runs", str(args.runs)],
            capture_output=True, text=True, check=True, timeout=600,
        )  # fmt: skip
        results[mode] = json.loads(out.stdout)
    print(f"{SYSTEMS} systems, {DEPENDENCIES} dependencies, {CLOUDS} clouds, {args.runs} runs")
    print(f"{'':28}{'median s':>10}{'peak RSS MB':>13}{'waves':>7}")
    for mode, label in MODES.items():
        r = results[mode]
        print(f"{label:28}{r['median']:>10.3f}{r['rss_mb']:>13.1f}{r['waves']:>7}")
    print(f"largest must-move-together group: {results['planner']['largest_group']} systems")
    p, b, e = results["planner"], results["baseline"], results["plan_inventory"]
    print(f"planner / baseline time: {p['median'] / b['median']:.1f}x")
    ok = all(r["median"] <= TARGET_SECONDS and r["rss_mb"] <= TARGET_RSS_MB for r in (p, e))
    print(f"targets: <= {TARGET_SECONDS} s and <= {TARGET_RSS_MB} MB: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
