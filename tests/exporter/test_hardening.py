"""The exporter on a hostile network: credentials, deadlines, the connection cap, bad state.

Each test runs a real server on a free loopback port and talks to it over raw sockets,
as a misbehaving client would.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from govops.exporter.server import ExporterApp, ServeOptions, start_server
from govops.sla.faults import open_store
from govops.sla.models import Policy
from tests.exporter.conftest import free_port
from tests.exporter.test_server import request, webhook
from tests.sla.test_intake import alert


@contextmanager
def serving(tmp_path: Path, **options: Any) -> Iterator[tuple[str, int, list[str]]]:
    lines: list[str] = []
    app = ExporterApp(Policy(), str(tmp_path / "s.db"), options.pop("token", None), lines.append)
    server, _ = start_server(app, ServeOptions(listen="127.0.0.1:0", **options))
    port = server.server_address[1]
    try:
        yield f"http://127.0.0.1:{port}", port, lines
    finally:
        server.shutdown()
        server.server_close()
        app.close()


def raw(port: int, data: bytes, wait: float = 5.0) -> bytes:
    """Send ``data`` on a new connection and read until the server closes or answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(data)
        return _read_reply(sock)


def _read_reply(sock: socket.socket) -> bytes:
    got = b""
    while b"\r\n\r\n" not in got:
        chunk = sock.recv(65536)
        if not chunk:
            return got
        got += chunk
    head, _, body = got.partition(b"\r\n\r\n")
    if b"content-length:" not in head.lower():  # an HTTP/0.9 error page: read to the end
        while chunk := sock.recv(65536):
            got += chunk
        return got
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply else 0


def post_head(length: int, authorization: bytes = b"") -> bytes:
    auth = b"Authorization: " + authorization + b"\r\n" if authorization else b""
    return (
        b"POST /alertmanager HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + auth
        + b"Content-Length: %d\r\n\r\n" % length
    )


def test_non_ascii_or_malformed_credentials_get_401_and_no_traceback(tmp_path: Path) -> None:
    with serving(tmp_path, token="s3cret") as (_, port, lines):
        body = webhook([alert()])
        for header in (b"Bearer \xe4\xbd\xa0\xe5\xa5\xbd", b"Bearer", b"Basic s3cret", b"\xff"):
            reply = raw(port, post_head(len(body), header) + body)
            assert status_of(reply) == 401, header
        assert status_of(raw(port, post_head(len(body), b"Bearer s3cret") + body)) == 200
    assert not any("Traceback" in line for line in lines)


def test_the_token_is_checked_before_the_body_is_read(tmp_path: Path) -> None:
    with serving(tmp_path, token="s3cret") as (_, port, _lines):
        started = time.monotonic()
        # 8 MB announced, nothing sent: the 401 comes at once, not after a read
        reply = raw(port, post_head(8 * 1024 * 1024, b"Bearer wrong"))
        assert status_of(reply) == 401
        assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("starts", "reason"),
    [
        ("2099-01-01T00:00:00Z", "in the future"),
        ("0001-01-01T00:00:00+08:00", "outside the years 1970..9999"),
        ("1969-12-31T23:59:59Z", "outside the years 1970..9999"),
        (float("nan"), "not a finite time"),
        (1e300, "outside the years 1970..9999"),
        (-1e15, "outside the years 1970..9999"),
    ],
)
def test_impossible_times_get_400_not_500(tmp_path: Path, starts: Any, reason: str) -> None:
    with serving(tmp_path) as (url, _, _lines):
        body = json.dumps({**json.loads(webhook([alert()])), "alerts": [alert()]})
        doc = json.loads(body)
        doc["alerts"][0]["startsAt"] = starts
        status, answer = request(url + "/alertmanager", json.dumps(doc).encode())
        assert status == 400
        assert reason in json.loads(answer)["error"]


def test_alertmanager_zero_end_time_means_not_ended(tmp_path: Path) -> None:
    with serving(tmp_path) as (url, _, _lines):
        firing = {**alert(), "endsAt": "0001-01-01T00:00:00Z", "startsAt": "2026-01-01T00:00:00Z"}
        status, answer = request(url + "/alertmanager", webhook([firing]))
        assert (status, json.loads(answer)["opened"]) == (200, 1)


def test_a_trickling_client_is_cut_off_at_the_deadline(tmp_path: Path) -> None:
    with serving(tmp_path, head_deadline=1.0, request_deadline=2.0) as (_, port, lines):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            started = time.monotonic()
            closed_after = None
            for byte in b"GET /metrics HTTP/1.1\r\nHost: slow\r\n":
                try:
                    sock.sendall(bytes([byte]))
                    time.sleep(0.2)
                except OSError:
                    closed_after = time.monotonic() - started
                    break
            if closed_after is None:
                assert sock.recv(100) == b""
                closed_after = time.monotonic() - started
        assert closed_after < 3.5
        assert any("no request head within 1 s" in line for line in lines)


def test_idle_connections_do_not_starve_scrapes(tmp_path: Path) -> None:
    with serving(tmp_path, max_connections=8) as (url, port, _lines):
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(300)]
        try:
            results = [request(url + "/metrics")[0] for _ in range(10)]
        finally:
            for sock in idle:
                sock.close()
        assert results == [200] * 10


def test_beyond_the_connection_cap_the_answer_is_503(tmp_path: Path) -> None:
    with serving(tmp_path, max_connections=4) as (_, port, _lines):
        busy = []
        for _ in range(4):  # a whole head, the body still to come: each holds a worker
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(post_head(1000) + b'{"version": ')
            busy.append(sock)
        time.sleep(0.5)
        try:
            assert status_of(raw(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")) == 503
        finally:
            for sock in busy:
                sock.close()
        time.sleep(0.5)
        assert status_of(raw(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")) == 200


def test_clients_trickling_their_heads_hold_no_worker(tmp_path: Path) -> None:
    with serving(tmp_path, max_connections=4) as (url, port, _lines):
        slow = []
        for _ in range(40):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"POST /alertmanager HTTP/1.1\r\nHost: sl")
            slow.append(sock)
        time.sleep(0.3)
        try:
            assert [request(url + "/metrics")[0] for _ in range(5)] == [200] * 5
        finally:
            for sock in slow:
                sock.close()


def test_a_client_that_hangs_up_is_one_log_line(tmp_path: Path) -> None:
    with serving(tmp_path) as (_, port, lines):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(post_head(1000) + b'{"version": ')
        time.sleep(0.5)
        assert status_of(raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")) == 200
    assert all("\n" not in line and "Traceback" not in line for line in lines)


def test_unreadable_state_is_503_and_names_no_path(tmp_path: Path) -> None:
    with serving(tmp_path) as (url, _, lines):
        open_store(str(tmp_path / "s.db")).dispose()
        with sqlite3.connect(tmp_path / "s.db") as broken:  # a state another version broke
            broken.execute("DROP TABLE faults")
        for path in ("/healthz", "/metrics"):
            status, body = request(url + path)
            assert status == 503, path
            assert str(tmp_path) not in body.decode()
        assert request(url + "/nowhere/" + str(tmp_path))[1].find(str(tmp_path).encode()) == -1
    assert any("state unreadable" in line for line in lines)


def test_backlog_is_at_least_128(tmp_path: Path) -> None:
    with serving(tmp_path) as (_, port, _lines):
        socks = []
        started = time.monotonic()
        try:
            for _ in range(200):
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        finally:
            for sock in socks:
                sock.close()
        assert time.monotonic() - started < 3


def run_serve(env: dict[str, str], *args: str, wait_for: str) -> tuple[int | None, str]:
    """`govops exporter serve` until ``wait_for`` shows on stderr (or it exits)."""
    inherited = {k: v for k, v in os.environ.items() if k != "GOVOPS_WEBHOOK_TOKEN"}
    full_env = {**inherited, **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "govops", "exporter", "serve", *args],
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
    )
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen += line
        if wait_for in seen or (not line and proc.poll() is not None):
            break
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        proc.terminate()
    rest = proc.communicate(timeout=10)[1]
    return proc.returncode, seen + rest


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "is set but empty"), ("   ", "is set but empty"), ("令牌", "printable ASCII")],
)
def test_serve_refuses_empty_or_non_ascii_tokens(tmp_path: Path, value: str, message: str) -> None:
    code, err = run_serve(
        {"GOVOPS_WEBHOOK_TOKEN": value, "GOVOPS_DB": str(tmp_path / "s.db")},
        "--listen",
        f"127.0.0.1:{free_port()}",
        wait_for="error:",
    )
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_serve_warns_when_listening_beyond_loopback_without_token(tmp_path: Path) -> None:
    env = {"GOVOPS_DB": str(tmp_path / "s.db")}
    _, err = run_serve(env, "--listen", f"0.0.0.0:{free_port()}", wait_for="Ctrl-C")
    assert "warning: listening on 0.0.0.0 without a webhook token" in err
    _, err = run_serve(env, "--listen", f"127.0.0.1:{free_port()}", wait_for="Ctrl-C")
    assert "warning" not in err


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /metrics\r\n\r\n", 400),  # HTTP/0.9: no version
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),  # TLS hello
        (b"GET /metrics HTTP/9.9\r\n\r\n", 505),
        (b"PUT /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    ],
)
def test_requests_http_server_refuses_get_a_short_plain_answer(
    tmp_path: Path, head: bytes, status: int
) -> None:
    with serving(tmp_path) as (_, port, lines):
        reply = raw(port, head)
        ok = raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.startswith(f"HTTP/1.1 {status} ".encode())
    headers, _, body = rest.partition(b"\r\n\r\n")
    assert b"Content-Type: text/plain; charset=utf-8" in headers
    assert body == status_line.split(b" ", 1)[1] + b"\n"  # "400 Bad Request", nothing more
    assert b"Python" not in reply and b"<" not in reply
    assert status_of(ok) == 200
    assert b"\r\nServer: govops\r\n" in ok  # no Python version for a scanner to match
    assert len(lines) == 1 and f": {status} " in lines[0]
