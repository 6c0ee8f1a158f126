"""/metrics with many OPEN faults (the hardening issue's target: median <= 50 ms at 500,000).

Fills a store with N faults of which --open are still open (a week's worth, most past
their target), starts one exporter (`govops exporter serve`, its own process) on it and
times GET /metrics; for SQLite and, with --postgresql, Debian's PostgreSQL started in a
temporary directory. Reuses bench/state_backends.py's fill and exporter process (that
bench runs intake and SIGKILL too); prints the load average beside the figures.

Run: .venv/bin/python bench/scrape_open_faults.py [--open N] [--faults N] [--postgresql]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import state_backends as sb


def scrape(port: int, runs: int) -> tuple[float, float]:
    """Median and p99 milliseconds of ``runs`` GET /metrics, one after another, after one
    to warm up."""
    sb.request(port, "GET", "/metrics")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _ = sb.request(port, "GET", "/metrics")
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def run(name: str, url: str, args: argparse.Namespace, tmp: str) -> dict[str, Any]:
    fill_s = sb.fill(url, args.faults, args.open, time.time())
    replica = sb.Replica(url, tmp)
    try:
        load = os.getloadavg()[0]
        median, p99 = scrape(replica.port, args.scrapes)
    finally:
        replica.stop()
    return {"backend": name, "fill_s": fill_s, "median": median, "p99": p99, "load": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=500_000)
    parser.add_argument("--faults", type=int, default=0, help="default: --open")
    parser.add_argument("--scrapes", type=int, default=50)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    args.faults = max(args.faults, args.open)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run("sqlite", str(Path(tmp) / "bench.db"), args, tmp))
        if args.postgresql:
            server = sb.start_postgres()
            try:
                url = server.url()
                engine = sb.create_engine(sb.parse_state_url(url))
                sb.migrate.upgrade(engine)
                engine.dispose()
                results.append(run("postgresql", url, args, tmp))
            finally:
                server.stop()
    print(f"store: {args.faults:,} faults, {args.open:,} of them open; 1 exporter; 2 shared cores")
    print(f"{'':36}" + "".join(f"{r['backend']:>12}" for r in results))
    rows = [
        ("fill (bulk insert), s", "fill_s", "{:.0f}"),
        ("/metrics median, ms (target <= 50)", "median", "{:.1f}"),
        ("/metrics p99, ms", "p99", "{:.1f}"),
        ("load average (1 min) when scraped", "load", "{:.2f}"),
    ]
    for label, key, fmt in rows:
        print(f"{label:36}" + "".join(f"{fmt.format(r[key]):>12}" for r in results))


if __name__ == "__main__":
    main()
