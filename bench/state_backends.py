"""The issue's state targets on SQLite and PostgreSQL side by side, in one run.

For each backend: a store of N faults (default 1,000,000, half of them still open: the
scrape must split open faults by SLA state without walking them), two exporter replicas
(`govops exporter serve`, own processes) on it, then
- scrape GET /metrics: median and p99 over --scrapes (target median <= 50 ms);
- webhook intake: 4 clients spread over the two replicas, one alert per post, each 200
  only after commit (target >= 1,000 alerts/s; PostgreSQL with synchronous_commit=on);
- SIGKILL replica 1 mid-stream while clients post to both: a post that fails is retried
  on the other replica (as Alertmanager does); afterwards every alert answered 200 is
  stored exactly once and replica 2 answered throughout.
PostgreSQL is Debian's, started here in a temporary directory (fsync and
synchronous_commit on), on loopback TCP with a password.

Run: .venv/bin/python bench/state_backends.py [--faults N] [--open N] [--scrapes N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import signal
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
from govops.sla.models import Policy  # noqa: E402
from govops.state import migrate  # noqa: E402
from govops.state.engine import create_engine, dispose_all  # noqa: E402
from govops.state.url import parse_state_url  # noqa: E402
from tests import pg  # noqa: E402

DAY = 86400.0
SCRAPE_TARGET_MS = 50.0
INTAKE_TARGET = 1000.0


def fill(url: str, count: int, still_open: int, now: float) -> float:
    """``count`` faults over five years, ``still_open`` of them open; seconds taken."""
    rng = random.Random(1)
    policy = Policy()
    engine = faults.open_store(url)
    started = time.perf_counter()
    step = max(count // still_open, 1) if still_open else count + 1
    batch = 20_000
    for start in range(0, count, batch):
        news = []
        for i in range(start, min(start + batch, count)):
            opened = now - rng.uniform(0, 5 * 365 * DAY)
            is_open = i % step == 0 and i // step < still_open
            if is_open:  # open faults are recent: a week's worth, most past target
                opened = now - rng.uniform(0, 7 * DAY)
            took = rng.expovariate(1 / 5400.0)
            news.append(faults.NewFault(
                category=rng.choice(policy.categories), severity=rng.choice(policy.severities),
                summary="bench", opened_at=opened,
                resolved_at=None if is_open else min(opened + took, now),
            ))  # fmt: skip
        faults.write(engine, lambda c, d, news=news: faults.insert_many(c, policy, news, d))
        sys.stderr.write(f"\r  {url.split('@')[-1]}: {min(start + batch, count):,} faults")
    sys.stderr.write("\n")
    dispose_all()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replica:
    def __init__(self, url: str, cwd: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "govops", "exporter", "serve", "--listen",
             f"127.0.0.1:{self.port}", "--db", url],
            cwd=cwd, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            try:
                request(self.port, "GET", "/healthz")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=60)


def request(port: int, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def alert_body(name: str) -> str:
    alert = {"status": "firing", "labels": {"alertname": "Bench", "category": "network",
             "severity": "major"}, "annotations": {}, "startsAt": "2026-11-23T08:00:00Z",
             "endsAt": "0001-01-01T00:00:00Z", "fingerprint": name}  # fmt: skip
    return json.dumps({"version": "4", "status": "firing", "alerts": [alert]})


def scrape(replica: Replica, runs: int) -> tuple[float, float]:
    request(replica.port, "GET", "/metrics")  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _ = request(replica.port, "GET", "/metrics")
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def intake(replicas: list[Replica], total: int, tag: str) -> float:
    """4 clients, two per replica, one alert per post over kept-alive connections."""
    counter = iter(range(total))
    lock = threading.Lock()

    def worker(port: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            conn.request("POST", "/alertmanager", alert_body(f"{tag}-{n}"),
                         {"Content-Type": "application/json"})  # fmt: skip
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
        conn.close()

    ports = [r.port for r in replicas for _ in range(2)]
    threads = [threading.Thread(target=worker, args=(p,)) for p in ports]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total / (time.perf_counter() - start)


def sigkill(replicas: list[Replica], url: str) -> dict[str, Any]:
    """Clients alternate replicas; replica 1 is SIGKILLed after 300 acknowledged alerts."""
    acked: list[str] = []
    after_kill = [0]
    killed = threading.Event()
    stop = threading.Event()

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            name = f"kill-{n}"
            for port in ([replicas[n % 2].port, replicas[1].port]):  # retry on the other
                try:
                    if request(port, "POST", "/alertmanager", alert_body(name))[0] == 200:
                        acked.append(name)
                        after_kill[0] += killed.is_set() and port == replicas[1].port
                        break
                except OSError:
                    continue
            n += 4

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    while len(acked) < 300:
        time.sleep(0.01)
    replicas[0].proc.send_signal(signal.SIGKILL)
    replicas[0].proc.wait()
    killed.set()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    engine = faults.open_store(url)
    keys = [f.external_key or "" for f in faults.list_faults(engine, since=time.time() - 30 * DAY)
            if (f.external_key or "").startswith("am:kill-")]  # fmt: skip
    dispose_all()
    wanted = {f"am:{name}@2026-11-23T08:00:00Z" for name in acked}
    return {
        "acked": len(acked), "stored_once": len(keys) == len(set(keys)),
        "all_acked_stored": wanted <= set(keys), "served_after_kill": after_kill[0],
    }  # fmt: skip


def run_backend(name: str, url: str, args: argparse.Namespace, tmp: str) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": name}
    out["fill_s"] = fill(url, args.faults, args.open, time.time())
    replicas = [Replica(url, tmp), Replica(url, tmp)]
    try:
        out["scrape_median_ms"], out["scrape_p99_ms"] = scrape(replicas[0], args.scrapes)
        out["intake"] = intake(replicas, args.alerts, f"{name}-intake")
        out.update(sigkill(replicas, url))
    finally:
        for replica in replicas:
            replica.stop()
    return out


def start_postgres() -> pg.PgServer:
    # durable settings: what a team runs (the test cluster turns them off for speed)
    return pg.start({"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on",
                     "shared_buffers": "256MB"})  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=500_000)
    parser.add_argument("--scrapes", type=int, default=50)
    parser.add_argument("--alerts", type=int, default=4000)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run_backend("sqlite", str(Path(tmp) / "bench.db"), args, tmp))
        server = start_postgres()
        try:
            url = server.url()
            engine = create_engine(parse_state_url(url))
            migrate.upgrade(engine)
            engine.dispose()
            results.append(run_backend("postgresql", url, args, tmp))
        finally:
            server.stop()
    print(f"store: {args.faults:,} faults, {args.open:,} of them open; "
          "2 exporter replicas on it; 2 shared cores")  # fmt: skip
    print(f"{'':34}" + "".join(f"{r['backend']:>14}" for r in results))
    rows = [
        ("fill (bulk insert), s", "fill_s", "{:.0f}"),
        ("scrape median, ms (target <= 50)", "scrape_median_ms", "{:.1f}"),
        ("scrape p99, ms", "scrape_p99_ms", "{:.1f}"),
        ("intake, alerts/s (target >= 1,000)", "intake", "{:,.0f}"),
        ("SIGKILL: alerts answered 200", "acked", "{}"),
        ("  every one stored", "all_acked_stored", "{}"),
        ("  none stored twice", "stored_once", "{}"),
        ("  replica 2 answered after the kill", "served_after_kill", "{}"),
    ]
    for label, key, fmt in rows:
        print(f"{label:34}" + "".join(f"{fmt.format(r[key]):>14}" for r in results))


if __name__ == "__main__":
    main()
