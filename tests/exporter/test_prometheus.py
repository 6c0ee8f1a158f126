"""A real Prometheus scrapes a running exporter; its answer equals the seeded faults'."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from govops.sla import faults
from govops.sla.models import Policy
from tests.exporter.conftest import DEPLOY, Exporter
from tests.loopback import PrometheusServer

H = 3600.0
DAY = 86400.0


def seed(db: str, now: float) -> tuple[int, int]:
    """Faults far from any boundary, so the answer cannot change while the test runs.
    Returns (met, denominator) counted here by hand from the definition."""
    conn = faults.open_store(str(db))
    policy = Policy()
    plan: list[tuple[float, float | None]] = [
        (now - 10 * H, now - 9 * H),  # met
        (now - 5 * DAY, now - 5 * DAY + 2 * H),  # met
        (now - 6 * DAY, now - 6 * DAY + 5 * H),  # breached
        (now - 3 * DAY, now - 3 * DAY + 4 * H),  # breached
        (now - 40 * DAY, now - 40 * DAY + H),  # outside 30 days
        (now - 30 * H, None),  # open, past target: a breach
        (now - 10 * 60, None),  # open, within: not counted
    ]
    for opened, resolved in plan:
        faults.open_fault(
            conn,
            policy,
            faults.NewFault(
                category="network",
                severity="critical",
                summary="seeded",
                opened_at=opened,
                resolved_at=resolved,
            ),
        )
    conn.dispose()
    return 2, 5


def query(base: str, expr: str) -> list[dict[str, Any]]:
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as response:
        body = json.load(response)
    assert body["status"] == "success", body
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


def firing_alerts(base: str, deadline: float) -> set[str]:
    while True:
        with urllib.request.urlopen(base + "/api/v1/alerts", timeout=5) as response:
            alerts = json.load(response)["data"]["alerts"]
        names = {a["labels"]["alertname"] for a in alerts if a["state"] == "firing"}
        if names or time.monotonic() > deadline:
            return names
        time.sleep(0.5)


def dashboard_queries() -> list[str]:
    board = json.loads((DEPLOY / "grafana" / "govops-sla.json").read_text())
    return [t["expr"].replace("$__range", "1h") for p in board["panels"] for t in p["targets"]]


def test_prometheus_scrapes_the_exporter_and_agrees_with_the_faults(
    tmp_path: Path, state_url: str
) -> None:
    db = state_url
    met, denominator = seed(db, time.time())
    exporter = Exporter(db).start()
    server = PrometheusServer(
        tmp_path / "tsdb",
        [f"127.0.0.1:{exporter.port}"],
        [
            DEPLOY / "prometheus" / n
            for n in ("govops-recording.rules.yml", "govops-alerts.rules.yml")
        ],
    )
    try:
        base = server.start().url
        deadline = time.monotonic() + 30
        result: list[dict[str, Any]] = []
        while not result and time.monotonic() < deadline:
            result = query(base, 'govops_fault_sla_compliance_ratio{window="30d"}')
            time.sleep(0.5)
        assert result, "Prometheus never got the compliance ratio"
        assert float(result[0]["value"][1]) == met / denominator
        (up,) = query(base, 'up{job="govops"}')
        assert up["value"][1] == "1"
        overdue = query(base, 'sum(govops_faults_open{sla_state="overdue"})')
        assert overdue[0]["value"][1] == "1"
        assert "GovopsFaultOverdue" in firing_alerts(base, deadline=time.monotonic() + 20)
        for expr in dashboard_queries():
            query(base, expr)  # every dashboard query runs (status success)
    finally:
        server.stop()
        exporter.stop()
