"""deploy/: rules, their unit tests, the dashboard and the Alertmanager example, checked by
the real tools."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.exporter.conftest import DEPLOY, need

PROM = DEPLOY / "prometheus"
RULES = [PROM / "govops-recording.rules.yml", PROM / "govops-alerts.rules.yml"]


def run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def test_promtool_check_rules_and_config() -> None:
    promtool = need("promtool")
    checked = run(promtool, "check", "rules", *RULES)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    config = run(promtool, "check", "config", PROM / "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_promtool_test_rules() -> None:
    promtool = need("promtool")
    files = sorted(p.name for p in (PROM / "tests").glob("*.test.yml"))
    assert "govops-audit-rules.test.yml" in files
    tested = run(promtool, "test", "rules", *files, cwd=PROM / "tests")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout.count("SUCCESS") == len(files)


def test_alerts_match_the_3h_bucket_as_prometheus_3_stores_it() -> None:
    text = (PROM / "govops-recording.rules.yml").read_text()
    assert 'le=~"10800(\\\\.0)?"' in text


def test_dashboard_is_provisionable_and_its_queries_parse(tmp_path: Path) -> None:
    promtool = need("promtool")
    board = json.loads((DEPLOY / "grafana" / "govops-sla.json").read_text())
    assert board["id"] is None and board["uid"] == "govops-sla" and "__inputs" not in board
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    exprs = []
    for panel in board["panels"]:
        assert panel["datasource"]["uid"] == "${datasource}"
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}"
            exprs.append(target["expr"].replace("$__range", "1h"))
    titles = " ".join(p["title"] for p in board["panels"])
    assert "故障及时处置率与目标" in titles and "未处置故障（按类别）" in titles
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query{i}", "expr": e} for i, e in enumerate(exprs)
                ],
            }
        ]
    }
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump(rules))
    checked = run(promtool, "check", "rules", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(exprs)} rules found" in checked.stdout


def test_alertmanager_example_routes_to_the_webhook() -> None:
    amtool = need("amtool")
    path = DEPLOY / "alertmanager" / "alertmanager.yml"
    checked = run(amtool, "check-config", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    config = yaml.safe_load(path.read_text())
    hooks = [h for r in config["receivers"] for h in r.get("webhook_configs", [])]
    assert any(h["url"].endswith("/alertmanager") and h["send_resolved"] for h in hooks)
