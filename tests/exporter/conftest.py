from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sla.conftest import conn, policy  # noqa: F401 (shared fixtures)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


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


class Exporter:
    """`govops exporter serve` as a real process on a free loopback port."""

    def __init__(
        self,
        db: str | Path,
        extra: list[str] | None = None,
        env: dict[str, str] | None = None,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.db = db
        self.context = context
        self.port = free_port()
        self.extra = extra or []
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self) -> Exporter:
        import os

        cmd = [
            sys.executable,
            "-m",
            "govops",
            "exporter",
            "serve",
            "--listen",
            f"127.0.0.1:{self.port}",
            "--db",
            str(self.db),
            *self.extra,
        ]
        env = {**os.environ, **(self.env or {})}
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE)
        wait_http(self.url + "/healthz", context=self.context)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()


@pytest.fixture(autouse=True)
def _on_both_backends(state_url: str) -> str:
    """Every exporter test runs on SQLite and on PostgreSQL."""
    return state_url


@pytest.fixture
def exporter(state_url: str) -> Iterator[Exporter]:
    running = Exporter(state_url).start()
    yield running
    running.stop()


def count_faults(db: str | Path) -> int:
    import sqlalchemy as sa

    from govops.state.engine import open_engine

    with open_engine(db).connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM faults")).scalar_one())
