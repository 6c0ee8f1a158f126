"""A real Alertmanager delivers alerts to the govops webhook; resolving them resolves faults."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from govops.sla import faults
from tests.exporter.conftest import Exporter, free_port, need, wait_http

TOKEN = "am-test-token"


def post_alerts(base: str, alerts: list[dict[str, Any]]) -> None:
    req = urllib.request.Request(
        base + "/api/v2/alerts",
        data=json.dumps(alerts).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=5) as response:
        assert response.status == 200


def wait_for(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.2)


def stored(db: str) -> list[faults.Fault]:
    return faults.list_faults(faults.open_store(db))


def start_alertmanager(
    binary: str, config: Path, data: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.path={data}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def test_alertmanager_pair_delivers_to_the_webhook(tmp_path: Path, state_url: str) -> None:
    """Two Alertmanagers that do not deduplicate between them (the worst an HA pair can
    do) both deliver every alert: each alert is still one fault, opened and resolved."""
    binary = need("prometheus-alertmanager")
    db = state_url
    exporter = Exporter(db, ["--webhook-token-env", "AM_HOOK"], {"AM_HOOK": TOKEN}).start()
    config = tmp_path / "alertmanager.yml"
    config.write_text(
        json.dumps(
            {
                "route": {
                    "receiver": "govops",
                    "group_by": ["alertname", "site"],
                    "group_wait": "1s",
                    "group_interval": "1s",
                    "repeat_interval": "1h",
                },
                "receivers": [
                    {
                        "name": "govops",
                        "webhook_configs": [
                            {
                                "url": f"{exporter.url}/alertmanager",
                                "send_resolved": True,
                                "http_config": {
                                    "authorization": {"type": "Bearer", "credentials": TOKEN}
                                },
                            }
                        ],
                    }
                ],
            }
        )
    )
    pair = [start_alertmanager(binary, config, tmp_path / f"am-{n}") for n in (1, 2)]
    start = datetime.now(UTC) - timedelta(minutes=5)
    alerts = [
        {
            "labels": {
                "alertname": "LinkDown",
                "category": "network",
                "severity": "critical",
                "site": site,
            },
            "annotations": {"summary": f"uplink of {site} down"},
            "startsAt": start.isoformat(),
        }
        for site in ("sn-xa", "sn-bj", "sn-yl")
    ]
    try:
        for _, base in pair:
            wait_http(base + "/-/ready", timeout=30)
            post_alerts(base, alerts)
        wait_for(lambda: len(stored(db)) == 3, 30, "three faults from Alertmanager")
        opened = {f.site: f for f in stored(db)}
        assert all(f.resolved_at is None and f.source == "alertmanager" for f in opened.values())
        assert abs(opened["sn-xa"].opened_at - start.timestamp()) < 0.001
        end = datetime.now(UTC)
        for _, base in pair:
            post_alerts(base, [{**a, "endsAt": end.isoformat()} for a in alerts])
        wait_for(
            lambda: all(f.resolved_at is not None for f in stored(db)),
            30,
            "the faults to be resolved",
        )
        time.sleep(2)  # the second instance's resolved notifications arrive too
        resolved = stored(db)
        assert len(resolved) == 3
        assert {f.outcome for f in resolved} == {"met"}
        assert all(f.opened_at == opened[f.site].opened_at for f in resolved)
        assert all(abs((f.resolved_at or 0) - end.timestamp()) < 0.001 for f in resolved)
        with urllib.request.urlopen(exporter.url + "/metrics", timeout=5) as response:
            text = response.read().decode()
        counts = {
            r: int(float(line.rsplit(" ", 1)[1]))
            for line in text.splitlines()
            for r in ("opened", "resolved", "unchanged")
            if line.startswith(f'govops_webhook_alerts_total{{result="{r}"}}')
        }
        assert counts["opened"] == 3 and counts["resolved"] == 3
        assert counts["unchanged"] >= 6  # the pair's duplicate firings and resolutions
    finally:
        for proc, _ in pair:
            proc.terminate()
            proc.wait(timeout=20)
        exporter.stop()
