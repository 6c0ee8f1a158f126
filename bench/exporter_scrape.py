"""Exporter scrape latency over a store of 1,000,000 faults, beside a naive full-table
recomputation of the same figures, and Alertmanager webhook intake throughput.

Run: .venv/bin/python bench/exporter_scrape.py [--faults N] [--scrapes N]
Targets: scrape median <= 50 ms at 1,000,000 faults; intake >= 1,000 alerts/s sustained.
The exporter runs as its own process (`govops exporter serve`), as in production, on
loopback against a real state file (WAL, synchronous=FULL).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govops.sla import faults  # noqa: E402
from govops.sla.compliance import compliance  # noqa: E402
from govops.sla.models import RESOLUTION_BUCKETS, Policy  # noqa: E402
from govops.sla.report import GroupBy, build_report  # noqa: E402

SCRAPE_TARGET_MS = 50.0
INTAKE_TARGET = 1000.0
DAY = 86400.0


def fill(path: str, count: int, now: float, policy: Policy) -> None:
    """``count`` faults over five years, about 30 of them still open."""
    rng = random.Random(1)
    engine = faults.open_store(path)
    categories, severities = policy.categories, policy.severities
    batch = 50_000
    for start in range(0, count, batch):
        news = []
        for i in range(start, min(start + batch, count)):
            opened = now - rng.uniform(0, 5 * 365 * DAY)
            still_open = i % (count // 30 or 1) == 0
            took = rng.expovariate(1 / 5400.0)
            resolved = None if still_open else min(opened + took, now)
            news.append(
                faults.NewFault(
                    category=rng.choice(categories),
                    severity=rng.choice(severities),
                    summary="bench",
                    opened_at=opened,
                    resolved_at=resolved,
                )
            )
        faults.write(
            engine, lambda conn, deltas, news=news: faults.insert_many(conn, policy, news, deltas)
        )
        sys.stderr.write(f"\r  filled {min(start + batch, count):,} faults")
    sys.stderr.write("\n")
    engine.dispose()


def naive(path: str, policy: Policy, now: float) -> dict[str, Any]:
    """What a scrape would cost recomputed from every fault: windows, histogram, states."""
    conn = faults.open_store(path)
    every = faults.list_faults(conn)
    result: dict[str, Any] = {str(w): compliance(every, now - w, now).ratio for w in policy.windows}
    buckets = [0] * (len(RESOLUTION_BUCKETS) + 1)
    for fault in every:
        took = fault.time_to_resolve
        if took is not None:
            buckets[sum(took > b for b in RESOLUTION_BUCKETS)] += 1
    result["buckets"] = buckets
    conn.dispose()
    return result


def naive_sql(path: str, policy: Policy, now: float) -> list[Any]:
    """The same figures as one SQL full-table aggregation (no per-write aggregates)."""
    conn = faults.open_store(path)
    buckets = ", ".join(f"sum(resolved_at - opened_at <= {b})" for b in RESOLUTION_BUCKETS)
    windows = ", ".join(
        f"sum(resolved_at >= {now - w} AND outcome = 'met'), sum(resolved_at >= {now - w})"
        for w in policy.windows
    )
    with conn.connect() as c:
        rows = c.exec_driver_sql(
            f"SELECT category, severity, count(*), count(resolved_at), {buckets}, {windows}, "
            "sum(resolved_at IS NULL AND opened_at + target <= ?) FROM faults "
            "GROUP BY category, severity",
            (now,),
        ).fetchall()
    conn.dispose()
    return list(rows)


def report(path: str, policy: Policy, now: float) -> None:
    conn = faults.open_store(path)
    build_report(conn, policy, window=30 * DAY, by=GroupBy.CATEGORY, now=now)
    conn.dispose()


def timed(fn: Any, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            get(port, "/healthz")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def intake(port: int, per_post: int, clients: int, total: int) -> float:
    """Alerts per second through POST /alertmanager, each post committed before its 200."""
    counter = iter(range(total // per_post))
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            alerts = [
                {
                    "status": "firing",
                    "labels": {"alertname": "Bench", "category": "network", "severity": "major"},
                    "annotations": {},
                    "startsAt": "2026-11-23T08:00:00Z",
                    "endsAt": "0001-01-01T00:00:00Z",
                    "fingerprint": f"p{per_post}-{n}-{k}",
                }
                for k in range(per_post)
            ]
            body = json.dumps({"version": "4", "status": "firing", "alerts": alerts})
            conn.request("POST", "/alertmanager", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (total // per_post * per_post) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", type=int, default=1_000_000)
    parser.add_argument("--scrapes", type=int, default=100)
    parser.add_argument("--naive-runs", type=int, default=3)
    args = parser.parse_args()
    policy, now = Policy(), time.time()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.db")
        started = time.perf_counter()
        fill(path, args.faults, now, policy)
        print(f"store: {args.faults:,} faults written in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "govops",
                "exporter",
                "serve",
                "--listen",
                f"127.0.0.1:{port}",
                "--db",
                path,
            ],
            cwd=tmp,
            stderr=subprocess.DEVNULL,
        )
        wait_ready(port)
        get(port, "/metrics")  # warm the connection and page cache
        scrapes = timed(lambda: get(port, "/metrics"), args.scrapes)
        full = timed(lambda: naive(path, policy, now), args.naive_runs)
        full_sql = timed(lambda: naive_sql(path, policy, now), args.naive_runs)
        p99 = statistics.quantiles(scrapes, n=100)[98]
        scrape_median = statistics.median(scrapes)
        full_median = statistics.median(full)
        print(
            f"scrape GET /metrics: median {scrape_median:.1f} ms, p99 {p99:.1f} ms "
            f"over {args.scrapes} scrapes (target median <= {SCRAPE_TARGET_MS:.0f} ms: "
            f"{'met' if scrape_median <= SCRAPE_TARGET_MS else 'MISSED'})"
        )
        print(
            f"naive full-table recomputation in Python: median {full_median:.0f} ms over "
            f"{args.naive_runs} runs ({full_median / scrape_median:.0f}x the scrape)"
        )
        sql_median = statistics.median(full_sql)
        print(
            f"naive full-table SQL aggregation: median {sql_median:.0f} ms over "
            f"{args.naive_runs} runs ({sql_median / scrape_median:.0f}x the scrape)"
        )
        report_ms = statistics.median(timed(lambda: report(path, policy, now), 3))
        print(f"govops fault report --window 30d (library call): median {report_ms:.0f} ms")
        for per_post, clients, total in ((1, 1, 1000), (1, 4, 2000), (50, 4, 20000)):
            rate = intake(port, per_post, clients, total)
            verdict = "met" if rate >= INTAKE_TARGET else "below"
            print(
                f"webhook intake: {rate:,.0f} alerts/s with {per_post} alert(s) per post, "
                f"{clients} client(s), {total:,} alerts (target >= {INTAKE_TARGET:,.0f}: "
                f"{verdict})"
            )
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
