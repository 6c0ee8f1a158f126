"""The Grafana dashboards against a real Prometheus (no Grafana is packaged for Debian or PyPI
here): after two real audits, a cloud status, a scorecard, faults and webhook posts, every
panel query of every dashboard returns data, together the dashboards use every metric
family the exporter publishes, and the shipped audit alert rules fire on it."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from govops.cli import app
from tests.exporter.conftest import DEPLOY, Exporter
from tests.exporter.test_prometheus import query, seed
from tests.exporter.test_server import request, webhook
from tests.loopback import PrometheusServer
from tests.network.test_history import DEMO, audit, snapshots  # noqa: F401 (fixture)
from tests.sla.test_intake import alert

BOARDS = sorted((DEPLOY / "grafana").glob("*.json"))
HAN = re.compile(r"[\u4e00-\u9fff]")


def panel_queries() -> list[tuple[str, str, str]]:
    """(dashboard, panel title, expr) for every target of every panel."""
    out = []
    for path in BOARDS:
        board = json.loads(path.read_text())
        for panel in board["panels"]:
            for target in panel["targets"]:
                expr = target["expr"].replace("$__range", "1h")
                out.append((path.name, panel["title"], expr))
    return out


def alert_states(base: str) -> dict[str, str]:
    with urllib.request.urlopen(base + "/api/v1/alerts", timeout=5) as response:
        alerts = json.load(response)["data"]["alerts"]
    return {a["labels"]["alertname"]: a["state"] for a in alerts}


def test_dashboards_are_provisionable_with_chinese_titles() -> None:
    assert [p.name for p in BOARDS] == ["govops-operations.json", "govops-sla.json"]
    for path in BOARDS:
        board = json.loads(path.read_text())
        assert board["id"] is None and board["uid"].startswith("govops-")
        assert HAN.search(board["title"])
        for panel in board["panels"]:
            assert HAN.search(panel["title"]), panel["title"]
            assert panel["datasource"]["uid"] == "${datasource}"


def seed_everything(db: Path, snaps: tuple[Path, Path], monkeypatch_env: dict[str, str]) -> None:
    runner = CliRunner(env=monkeypatch_env)
    seed(db, time.time())
    for snap in snaps:
        args = ["network", "audit", "-i", str(DEMO), "--snapshot", str(snap), "-f", "json"]
        assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, ["cloud", "status", "-i", str(DEMO), "-f", "json"]).exit_code == 0
    targets = DEPLOY.parent / "playbooks" / "targets" / "shaanxi.yaml"
    card = runner.invoke(app, ["scorecard", "-i", str(DEMO), "-t", str(targets), "-f", "json"])
    assert card.exit_code == 0, card.stderr


def test_every_panel_query_returns_data_from_a_real_prometheus(
    tmp_path: Path,
    snapshots: tuple[Path, Path],  # noqa: F811
) -> None:
    db = tmp_path / "boards.db"
    seed_everything(db, snapshots, {"GOVOPS_DB": str(db)})
    exporter = Exporter(db).start()
    own = alert(fp="own", alertname="GovopsFaultOverdue", source="govops")
    assert request(exporter.url + "/alertmanager", webhook([own, alert(fp="x")]))[0] == 200
    server = PrometheusServer(
        tmp_path / "tsdb",
        [f"127.0.0.1:{exporter.port}"],
        [DEPLOY / "prometheus" / "govops-alerts.rules.yml"],
    )
    try:
        base = server.start().url
        deadline = time.monotonic() + 30
        while not query(base, "govops_webhook_alerts_total") and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(4)  # a few scrapes, so that rate() and increase() have two samples
        empty = [(b, t, e) for b, t, e in panel_queries() if not query(base, e)]
        assert empty == []
        # the shipped audit rules, evaluated on what the two audits published
        states = alert_states(base)
        assert states["GovopsAuditNewCriticalFindings"] == "firing"
        assert states["GovopsDevicesUnreachable"] == "firing"  # xa-lintong-t1-r1's township
        assert states["GovopsAuditStale"] == "pending"  # the snapshot is days old; for: 5m
        assert "GovopsAuditMissing" not in states
        with urllib.request.urlopen(exporter.url + "/metrics", timeout=5) as response:
            exposition = response.read().decode()
    finally:
        server.stop()
        exporter.stop()
    families = set(re.findall(r"^# TYPE (govops_\w+) ", exposition, flags=re.M))
    used = " ".join(e for _, _, e in panel_queries())
    assert len(families) >= 25
    assert sorted(f for f in families if f not in used) == []
