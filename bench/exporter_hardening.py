"""The exporter on a hostile network: memory under big posts, idle floods, slow clients.

Run: .venv/bin/python bench/exporter_hardening.py
Targets (issue 11):
- 16 concurrent 8 MB posts: exporter RSS growth <= 200 MB, and returned afterwards;
- 2,000 idle connections held open: 10 of 10 scrapes succeed;
- intake >= 1,000 alerts/s with 4 clients while 1,000 slow clients are held.
The exporter runs as its own process (`govops exporter serve`) on loopback with a real
state file; its file-descriptor limit is raised as the systemd unit does (LimitNOFILE).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_exporter(db: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    govops = Path(sys.executable).with_name("govops")

    def raise_limit() -> None:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(65536, hard), hard))

    proc = subprocess.Popen(
        [str(govops), "exporter", "serve", "--listen", f"127.0.0.1:{port}", "--db", str(db)],
        stderr=subprocess.DEVNULL,
        preexec_fn=raise_limit,
    )
    for _ in range(200):
        try:
            if get(port, "/healthz")[0] == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("exporter did not start")


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def alert(i: int, starts: str) -> dict[str, Any]:
    return {
        "status": "firing",
        "labels": {"alertname": "LinkDown", "category": "network", "severity": "major",
                   "site": f"site-{i % 500}", "instance": f"10.0.{i % 250}.{i % 200}"},
        "annotations": {"summary": f"link {i} down", "description": "x" * 120},
        "startsAt": starts,
        "endsAt": "0001-01-01T00:00:00Z",
        "fingerprint": f"{i:016x}",
    }  # fmt: skip


def webhook(alerts: list[dict[str, Any]]) -> bytes:
    return json.dumps({"version": "4", "status": "firing", "receiver": "govops",
                       "groupKey": "k", "alerts": alerts}).encode()  # fmt: skip


def big_body() -> bytes:
    """Just under 8 MB of well-formed alerts that start in 2099: parsed, validated, refused."""
    alerts, size, i = [], 0, 0
    while size < 8 * MB - 4096:
        item = alert(i, "2099-01-01T00:00:00Z")
        size += len(json.dumps(item)) + 2
        alerts.append(item)
        i += 1
    return webhook(alerts[:-1])


def post(port: int, body: bytes, timeout: float = 60) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/alertmanager", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def big_posts(pid: int, port: int) -> None:
    body = big_body()
    before = rss_mb(pid)
    peak = [before]
    statuses: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=lambda: statuses.append(post(port, body)))
               for _ in range(16)]  # fmt: skip
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    time.sleep(2)
    after = rss_mb(pid)
    print(f"16 concurrent {len(body) / MB:.1f} MB posts: answers {sorted(set(statuses))} "
          f"in {elapsed:.1f} s")  # fmt: skip
    print(f"  RSS before {before:.0f} MB, peak {peak[0]:.0f} MB (growth {peak[0] - before:.0f} MB,"
          f" target <= 200), 2 s after {after:.0f} MB (kept {after - before:.0f} MB)")  # fmt: skip


def idle_flood(port: int, count: int = 2000) -> None:
    idle = []
    for _ in range(count):
        try:
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            break
    times, ok = [], 0
    for _ in range(10):
        started = time.perf_counter()
        with contextlib.suppress(OSError):
            ok += get(port, "/metrics", timeout=5)[0] == 200
        times.append(time.perf_counter() - started)
        time.sleep(0.2)
    for sock in idle:
        sock.close()
    print(f"{len(idle)} idle connections held: {ok} of 10 scrapes succeeded "
          f"(median {statistics.median(times) * 1000:.0f} ms; target 10 of 10)")  # fmt: skip


class SlowClients(threading.Thread):
    """``count`` clients each sending one byte of a request head a second, reconnecting when
    the exporter cuts them off."""

    def __init__(self, port: int, count: int) -> None:
        super().__init__(daemon=True)
        self.port, self.count = port, count
        self.stop = threading.Event()
        self.cut = 0
        self.selector = selectors.DefaultSelector()

    def _open(self) -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError:
            return
        sock.setblocking(False)
        self.selector.register(sock, selectors.EVENT_READ)

    def run(self) -> None:
        for _ in range(self.count):
            self._open()
        head = b"POST /alertmanager HTTP/1.1\r\nHost: slow\r\n"
        step = 0
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0):
                self._drop(key.fileobj)  # answered (503) or closed: the slot is reopened
            for key in list(self.selector.get_map().values()):
                try:
                    key.fileobj.send(head[step % len(head) : step % len(head) + 1])  # type: ignore[union-attr]
                except OSError:
                    self._drop(key.fileobj)
            missing = self.count - len(self.selector.get_map())
            for _ in range(missing):
                self._open()
            step += 1
            self.stop.wait(1.0)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]

    def _drop(self, sock: Any) -> None:
        self.cut += 1
        self.selector.unregister(sock)
        sock.close()


def intake_under_slow_clients(port: int, seconds: float = 10.0) -> None:
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(4)]
    for c in conns:  # keep-alive connections, as Alertmanager keeps them
        c.connect()
    slow = SlowClients(port, 1000)
    slow.start()
    time.sleep(3)  # the slow clients are connected and trickling
    counts = [0] * 4
    failures = [0] * 4
    deadline = time.monotonic() + seconds
    starts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))

    def client(n: int) -> None:
        batch = 0
        while time.monotonic() < deadline:
            alerts = [alert(n * 10_000_000 + batch * 50 + i, starts) for i in range(50)]
            conns[n].request("POST", "/alertmanager", webhook(alerts),
                             {"Content-Type": "application/json"})  # fmt: skip
            response = conns[n].getresponse()
            response.read()
            if response.status == 200:
                counts[n] += 50
            else:
                failures[n] += 1
            batch += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    ok = get(port, "/metrics")[0]
    slow.stop.set()
    slow.join()
    rate = sum(counts) / elapsed
    print(f"intake with 4 clients while 1,000 slow clients trickle: {rate:,.0f} alerts/s "
          f"(target >= 1,000; {sum(failures)} failed posts), /metrics {ok}; "
          f"slow connections cut or refused: {slow.cut}")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_exporter(Path(tmp) / "state.db")
        try:
            big_posts(proc.pid, port)
            idle_flood(port)
            intake_under_slow_clients(port)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
