"""The shipped alert rules and Alertmanager example, read by the real tools: every govops
rule is marked source="govops", speaks Chinese and links a runbook; the routes send govops's
own alerts to people only and fault alerts from elsewhere to the webhook too."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.exporter.conftest import DEPLOY, need
from tests.exporter.test_deploy import run

ALERTS = DEPLOY / "prometheus" / "govops-alerts.rules.yml"
AM = DEPLOY / "alertmanager" / "alertmanager.yml"
HAN = re.compile(r"[\u4e00-\u9fff]")
RUNBOOK = re.compile(
    r"^\{\{ or \$externalLabels\.govops_runbook_base \"deploy/runbooks\" \}\}/(\w+)\.md$"
)


def alert_rules() -> list[dict[str, object]]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [r for g in groups for r in g["rules"] if "alert" in r]


def test_every_rule_is_marked_speaks_chinese_and_has_a_runbook() -> None:
    rules = alert_rules()
    assert len(rules) == 10
    for rule in rules:
        labels, notes = rule["labels"], rule["annotations"]
        assert isinstance(labels, dict) and isinstance(notes, dict)
        assert labels["source"] == "govops", rule["alert"]
        assert labels["severity"] in ("warning", "critical")
        for key in ("summary", "description"):
            assert HAN.search(notes[key]), (rule["alert"], key)
            assert not re.search(r"[\u4e00-\u9fff][,;:!?]", notes[key]), (rule["alert"], key)
        match = RUNBOOK.match(notes["runbook_url"])
        assert match and match.group(1) == rule["alert"]
        runbook = DEPLOY / "runbooks" / f"{rule['alert']}.md"
        assert runbook.read_text().startswith(f"# {rule['alert']}：")


def test_every_runbook_belongs_to_a_rule() -> None:
    names = {str(r["alert"]) for r in alert_rules()}
    files = {p.stem for p in (DEPLOY / "runbooks").glob("*.md")} - {"README"}
    assert files == names


def routes(*labels: str) -> list[str]:
    amtool = need("amtool")
    answer = run(amtool, "config", "routes", "test", f"--config.file={AM}", *labels)
    assert answer.returncode == 0, answer.stderr
    return answer.stdout.strip().split(",")


@pytest.mark.parametrize(
    ("labels", "receivers"),
    [
        # govops's own alerts: people only, never the webhook, whatever their category
        (
            [
                "alertname=GovopsFaultOverdue",
                "source=govops",
                "severity=critical",
                "category=network",
            ],
            ["wechat-oncall", "dingtalk-ops"],
        ),
        (
            [
                "alertname=GovopsFaultAtRisk",
                "source=govops",
                "severity=warning",
                "category=platform",
            ],
            ["dingtalk-ops"],
        ),
        # a fault alert from other monitoring: the webhook, and people by severity
        (
            ["alertname=LinkDown", "severity=critical", "category=network"],
            ["govops", "wechat-oncall", "dingtalk-ops"],
        ),
        (
            ["alertname=DiskFull", "severity=warning", "category=platform"],
            ["govops", "dingtalk-ops"],
        ),
        (["alertname=Watchdog", "severity=info"], ["dingtalk-ops"]),
    ],
)
def test_routes_by_source_and_severity(labels: list[str], receivers: list[str]) -> None:
    assert routes(*labels) == receivers


def test_alertmanager_example_and_its_template_check_clean(tmp_path: Path) -> None:
    amtool = need("amtool")
    config = yaml.safe_load(AM.read_text())
    wechat = next(r for r in config["receivers"] if r["name"] == "wechat-oncall")
    assert config["global"]["wechat_api_url"].endswith("/cgi-bin/")
    assert "govops.wechat.message" in wechat["wechat_configs"][0]["message"]
    shutil.copytree(DEPLOY / "alertmanager" / "templates", tmp_path / "templates")
    config["templates"] = [str(tmp_path / "templates" / "govops.tmpl")]
    local = tmp_path / "alertmanager.yml"
    local.write_text(yaml.safe_dump(config, allow_unicode=True))
    for path in (AM, local):  # the second one also parses the template file
        checked = run(amtool, "check-config", path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "SUCCESS" in checked.stdout and "1 templates" in checked.stdout
