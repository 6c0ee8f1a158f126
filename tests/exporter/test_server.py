"""The exporter as a real process on loopback: routes, token, malformed bodies, promtool."""

from __future__ import annotations

import json
import ssl
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.exporter.conftest import Exporter, count_faults, need
from tests.sla.test_intake import alert


def webhook(alerts: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "version": "4",
            "status": "firing",
            "receiver": "govops",
            "groupLabels": {},
            "commonLabels": {},
            "commonAnnotations": {},
            "externalURL": "http://am",
            "groupKey": "k",
            "truncatedAlerts": 0,
            "alerts": alerts,
        }
    ).encode()


def request(url: str, body: bytes | None = None, token: str | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_live_scrape_passes_promtool_check_metrics(exporter: Exporter) -> None:
    promtool = need("promtool")
    assert request(exporter.url + "/alertmanager", webhook([alert(), alert(fp="f2")]))[0] == 200
    status, body = request(exporter.url + "/metrics")
    assert status == 200
    assert b'le="10800.0"' in body
    checked = subprocess.run(
        [promtool, "check", "metrics"], input=body, capture_output=True, timeout=30
    )
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, b"", b"")


def test_malformed_body_gets_400_with_reason_and_changes_nothing(exporter: Exporter) -> None:
    good = alert(fp="ok")
    bad = {**alert(fp="bad"), "startsAt": "not a time"}
    status, body = request(exporter.url + "/alertmanager", webhook([good, bad]))
    assert status == 400
    assert "alerts.1.startsAt" in json.loads(body)["error"]
    assert count_faults(exporter.db) == 0
    assert request(exporter.url + "/alertmanager", b"{")[0] == 400
    assert request(exporter.url + "/nowhere")[0] == 404
    assert request(exporter.url + "/alertmanager")[0] == 405


def test_bearer_token_is_required_when_configured(state_url: str) -> None:
    running = Exporter(
        state_url, ["--webhook-token-env", "HOOK_TOKEN"], {"HOOK_TOKEN": "s3cret-token"}
    ).start()
    try:
        url = running.url + "/alertmanager"
        assert request(url, webhook([alert()]))[0] == 401
        assert request(url, webhook([alert()]), token="wrong")[0] == 401
        assert count_faults(running.db) == 0
        assert request(url, webhook([alert()]), token="s3cret-token")[0] == 200
        assert count_faults(running.db) == 1
        assert request(running.url + "/metrics")[0] == 200  # scrapes need no token
    finally:
        running.stop()


def test_tls(tmp_path: Path, state_url: str) -> None:
    openssl = need("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.create_default_context(cafile=str(cert))
    running = Exporter(
        state_url, ["--tls-cert", str(cert), "--tls-key", str(key)], context=context
    ).start()
    try:
        with urllib.request.urlopen(running.url + "/metrics", context=context, timeout=5) as r:
            assert b"govops_build_info" in r.read()
        with pytest.raises(OSError):  # plain HTTP is not served ...
            urllib.request.urlopen(f"http://127.0.0.1:{running.port}/healthz", timeout=5)
        # ... and does not stall the server for others
        with urllib.request.urlopen(running.url + "/healthz", context=context, timeout=5) as r:
            assert r.status == 200
    finally:
        running.stop()


def test_serve_refuses_half_a_tls_pair(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govops.cli import app

    result = CliRunner().invoke(app, ["exporter", "serve", "--tls-cert", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "--tls-cert and --tls-key go together" in result.stderr


def test_serve_refuses_an_empty_token_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from govops.cli import app

    monkeypatch.delenv("NO_SUCH_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["exporter", "serve", "--webhook-token-env", "NO_SUCH_TOKEN"])
    assert result.exit_code == 2
    assert "NO_SUCH_TOKEN: that environment variable is unset" in result.stderr


@pytest.mark.parametrize("listen", ["9877", "host:", "127.0.0.1:99999"])
def test_bad_listen_address(listen: str) -> None:
    from typer.testing import CliRunner

    from govops.cli import app

    result = CliRunner().invoke(app, ["exporter", "serve", "--listen", listen])
    assert result.exit_code == 2
    assert "--listen" in result.stderr


def test_ipv6_loopback_listen(state_url: str) -> None:
    import socket

    from govops.exporter.server import ExporterApp, ServeOptions, start_server
    from govops.sla.models import Policy

    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        server, thread = start_server(
            ExporterApp(Policy(), state_url, None),
            ServeOptions(listen="[::1]:0", db=state_url),
        )
    except Exception as exc:  # an interface without ::1
        pytest.skip(f"cannot bind ::1: {exc}")
    try:
        port = server.server_address[1]
        assert request(f"http://[::1]:{port}/healthz")[0] == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
