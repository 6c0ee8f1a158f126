"""Real servers on loopback for the tests: free ports, binaries the tests need, readiness,
and a Prometheus (empty, over backfilled blocks, or scraping the exporter with the shipped
rules)."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        pytest.skip(f"`{binary}` is not installed (Debian packages: make debian-packages)")
    return path


def wait_http(url: str, timeout: float = 20.0, context: ssl.SSLContext | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} not ready after {timeout}s")
        time.sleep(0.1)


class PrometheusServer:
    """`prometheus` over a data directory until stop(): no scrape jobs by default, or
    scraping ``targets`` (host:port, job ``govops``) every second with ``rules``."""

    def __init__(self, data: Path, targets: Sequence[str] = (), rules: Sequence[Path] = ()) -> None:
        self.data = data
        self.targets = list(targets)
        self.rules = [str(r) for r in rules]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def _config(self) -> str:
        if not self.targets:
            return "global:\n  scrape_interval: 1m\n"
        job = {"job_name": "govops", "static_configs": [{"targets": self.targets}]}
        return json.dumps(
            {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "rule_files": self.rules,
                "scrape_configs": [job],
            }
        )

    def start(self, timeout: float = 60.0) -> PrometheusServer:
        binary = need("prometheus")
        config = self.data.parent / f"prometheus-{self.port}.yml"
        config.write_text(self._config())
        self.proc = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={self.data}",
                "--storage.tsdb.retention.time=3650d",
                f"--web.listen-address=127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/-/ready", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"prometheus on {self.url} did not become ready")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
