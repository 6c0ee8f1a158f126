from __future__ import annotations

import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.loopback import free_port, need, wait_http
from tests.sla.conftest import conn, policy  # noqa: F401 (shared fixtures)

__all__ = ["DEPLOY", "Exporter", "count_faults", "free_port", "need", "wait_http"]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


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
