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
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from govops.sla import faults  # noqa: E402
from govops.sla.aggregates import Deltas  # noqa: E402
from govops.sla.models import Policy, decide  # noqa: E402
from govops.sla.recompute import aggregate_differences  # noqa: E402
from govops.sla.tables import faults as table  # noqa: E402
from govops.state import migrate  # noqa: E402
from govops.state.engine import create_engine, dispose_all, read, write  # noqa: E402
from govops.state.url import parse_state_url  # noqa: E402
from tests import pg  # noqa: E402

DAY = 86400.0
SCRAPE_TARGET_MS = 50.0
INTAKE_TARGET = 1000.0


COLUMNS = (
    "id", "category", "severity", "summary", "opened_at", "resolved_at", "source", "target",
    "outcome", "deadline", "opened_by", "resolved_by", "outage",
)  # fmt: skip


def bench_rows(
    count: int, still_open: int, now: float, deltas: Deltas
) -> Iterator[tuple[Any, ...]]:
    """``count`` faults over five years (``still_open`` of them open, opened within the
    last week), ids 1..count; adds to ``deltas`` what the writes would have kept for
    them, with the writes' own arithmetic."""
    rng = random.Random(1)
    policy = Policy()
    step = max(count // still_open, 1) if still_open else count + 1
    for i in range(count):
        fault_id = i + 1
        category, severity = rng.choice(policy.categories), rng.choice(policy.severities)
        target = policy.target(category, severity)
        is_open = i % step == 0 and i // step < still_open
        opened = now - rng.uniform(0, (7 if is_open else 5 * 365) * DAY)
        took = rng.expovariate(1 / 5400.0)
        deltas.opened(fault_id, category, severity)
        if is_open:
            deltas.open_deadline(fault_id, category, severity, opened + target, +1)
            resolved, outcome = None, None
        else:
            resolved = min(opened + took, now)
            outcome = decide(opened, resolved, target)
            deltas.resolved(fault_id, category, severity, opened, resolved, outcome, outcome)
        yield (
            fault_id, category, severity, "bench", opened, resolved, "import", target,
            outcome and outcome.value, opened + target, "bench", resolved and "bench", False,
        )  # fmt: skip


def fill(url: str, count: int, still_open: int, now: float) -> float:
    """Seed the store: the rows in bulk (PostgreSQL COPY, SQLite one executemany in one
    transaction) and the aggregates applied once; seconds taken."""
    started = time.perf_counter()
    deltas = Deltas()
    rows = bench_rows(count, still_open, now, deltas)
    engine = faults.open_store(url)
    raw = engine.raw_connection()
    try:
        names = ", ".join(COLUMNS)
        cursor: Any = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY faults ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute("SELECT setval(pg_get_serial_sequence('faults', 'id'), %s)", (count,))
        else:
            marks = ", ".join("?" * len(COLUMNS))
            cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(f"INSERT INTO faults ({names}) VALUES ({marks})", rows)
        raw.commit()
    finally:
        raw.close()
    with write(engine) as conn:
        deltas.apply(conn)
    if engine.dialect.name == "postgresql":  # what autovacuum does within a minute
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    dispose_all()
    return time.perf_counter() - started


def recount_ok(url: str) -> bool:
    """The stored aggregates equal a recomputation from the fault rows."""
    engine = faults.open_store(url)
    with read(engine) as conn:
        ok = aggregate_differences(conn) == []
    dispose_all()
    return ok


def flush_ms(folder: str, runs: int = 50) -> float:
    """Median time of a 4 KiB write + fdatasync in ``folder``: what each commit waits for."""
    path = Path(folder) / "flush.probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    times = []
    try:
        for n in range(runs):
            os.pwrite(fd, b"x" * 4096, 4096 * (n % 16))
            start = time.perf_counter()
            os.fdatasync(fd)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(fd)
        path.unlink()
    return statistics.median(times)


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


def scrape(replica: Replica, runs: int) -> list[float]:
    """Milliseconds of ``runs`` scrapes, one after another."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _ = request(replica.port, "GET", "/metrics")
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200
    return times


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
            for port in [replicas[n % 2].port, replicas[1].port]:  # retry on the other
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
    key = sa.select(table.c.external_key).where(table.c.external_key.like("am:kill-%"))
    with read(engine) as conn:
        keys = list(conn.execute(key).scalars())
    dispose_all()
    wanted = {f"am:{name}@2026-11-23T08:00:00Z" for name in acked}
    return {
        "acked": len(acked), "stored_once": len(keys) == len(set(keys)),
        "all_acked_stored": wanted <= set(keys), "served_after_kill": after_kill[0],
    }  # fmt: skip


@dataclass
class Backend:
    """One store and its replica pair, measured in rounds alternating with the others."""

    name: str
    url: str
    replicas: list[Replica]
    scrapes: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    flushes: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    out: dict[str, Any] = field(default_factory=dict)

    def round(self, args: argparse.Namespace, tmp: str, number: int) -> None:
        if args.scrapes and not self.name.startswith("old"):
            self.loads.append(os.getloadavg()[0])
            self.scrapes += scrape(self.replicas[0], args.scrapes // args.rounds)
        self.flushes.append(flush_ms(tmp))
        self.loads.append(os.getloadavg()[0])
        alerts = args.alerts // args.rounds
        self.rates.append(intake(self.replicas, alerts, f"{self.name}-intake-{number}"))

    def summary(self) -> dict[str, Any]:
        out = dict(self.out, backend=self.name, intake=statistics.median(self.rates))
        out["intake_range"] = f"{min(self.rates):,.0f}-{max(self.rates):,.0f}"
        out["flush_ms"] = statistics.median(self.flushes)
        out["load"] = f"{min(self.loads):.1f}-{max(self.loads):.1f}"
        if self.scrapes:
            out["scrape_median_ms"] = statistics.median(self.scrapes)
            out["scrape_p99_ms"] = statistics.quantiles(self.scrapes, n=100)[98]
        return out

    def stop(self) -> None:
        for replica in self.replicas:
            replica.stop()


def old_code(rev: str, tmp: str) -> Path:
    """govops at ``rev`` (before SQLAlchemy: SQLite only) unpacked under ``tmp``."""
    code = Path(tmp) / "old-code"
    code.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    return code


def measure(backends: list[Backend], args: argparse.Namespace, tmp: str) -> None:
    """Rounds of scrapes and intake, the backends taking turns (the machine is shared:
    each round meets the others' load and disk at about the same moment); then SIGKILL
    and the recount, backend by backend."""
    for backend in backends:  # warm: first scrape, first webhook (imports, prepares)
        if not backend.name.startswith("old"):
            scrape(backend.replicas[0], 1)
        intake(backend.replicas, 40, f"{backend.name}-warm")
    for number in range(args.rounds):
        for backend in backends:
            backend.round(args, tmp, number)
    for backend in backends:
        if not backend.name.startswith("old"):
            backend.out.update(sigkill(backend.replicas, backend.url))
        backend.stop()
        if args.recount and not backend.name.startswith("old"):
            backend.out["recount"] = recount_ok(backend.url)


def start_postgres() -> pg.PgServer:
    # durable settings: what a team runs (the test cluster turns them off for speed)
    return pg.start({"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on",
                     "shared_buffers": "256MB"})  # fmt: skip


ROWS = [
    ("fill (bulk load + aggregates), s", "fill_s", "{:.0f}"),
    ("load average (1 min) while measuring", "load", "{}"),
    ("scrape median, ms (target <= 50)", "scrape_median_ms", "{:.1f}"),
    ("scrape p99, ms", "scrape_p99_ms", "{:.1f}"),
    ("disk flush (fdatasync) median, ms", "flush_ms", "{:.2f}"),
    ("intake median, alerts/s (>= 1,000)", "intake", "{:,.0f}"),
    ("  intake, rounds' range", "intake_range", "{}"),
    ("SIGKILL: alerts answered 200", "acked", "{}"),
    ("  every one stored", "all_acked_stored", "{}"),
    ("  none stored twice", "stored_once", "{}"),
    ("  replica 2 answered after the kill", "served_after_kill", "{}"),
    ("aggregates equal a recount at end", "recount", "{}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=500_000)
    parser.add_argument("--scrapes", type=int, default=60, help="in all, over the rounds")
    parser.add_argument("--alerts", type=int, default=9000, help="in all, over the rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--old-code", default="d2c43b7", metavar="REV",
                        help="also measure intake with govops at REV ('' to skip)")  # fmt: skip
    parser.add_argument("--no-recount", dest="recount", action="store_false")
    args = parser.parse_args()
    now = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        server = start_postgres()
        backends: list[Backend] = []
        try:
            stores = {"sqlite": str(Path(tmp) / "bench.db"), "postgresql": server.url()}
            engine = create_engine(parse_state_url(stores["postgresql"]))
            migrate.upgrade(engine)
            engine.dispose()
            filled = {name: fill(url, args.faults, args.open, now) for name, url in stores.items()}
            for name, url in stores.items():
                backends.append(Backend(name, url, [Replica(url, tmp), Replica(url, tmp)]))
                backends[-1].out["fill_s"] = filled[name]
            if args.old_code:
                code, url = str(old_code(args.old_code, tmp)), str(Path(tmp) / "old.db")
                name = f"old@{args.old_code[:7]}"
                backends.append(Backend(name, url, [Replica(url, code), Replica(url, code)]))
            measure(backends, args, tmp)
        finally:
            for backend in backends:
                backend.stop()
            server.stop()
    results = [b.summary() for b in backends]
    print(
        f"store: {args.faults:,} faults, {args.open:,} of them open; 2 exporter replicas "
        f"on it; {args.alerts:,} alerts from 4 clients in {args.rounds} rounds, the backends "
        f"taking turns; {os.cpu_count()} shared cores"
    )
    print(f"{'':38}" + "".join(f"{r['backend']:>16}" for r in results))
    for label, key, fmt in ROWS:
        cells = [fmt.format(r[key]) if key in r else "-" for r in results]
        print(f"{label:38}" + "".join(f"{cell:>16}" for cell in cells))
    if args.old_code:
        old = results[-1]["intake"]
        ratios = "  ".join(f"{r['backend']} {r['intake'] / old:.2f}x" for r in results[:-1])
        print(f"intake median vs govops@{args.old_code[:7]} (SQLite) in this run: {ratios}")


if __name__ == "__main__":
    main()
