"""End to end, no loops: a real Prometheus evaluates the shipped rules against a running
exporter and sends to two real Alertmanagers. The shipped one (deploy/alertmanager) sends
govops's own GovopsFaultOverdue to people (a loopback WeChat Work API and a DingTalk bridge
sink) and never to the webhook, while a LinkDown from other monitoring still becomes a fault.
A naive one, routing every alert with a category to the webhook as the old example did,
shows the webhook's own guard: the alert is answered, ignored and counted, no fault opened.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.exporter.conftest import DEPLOY, Exporter, count_faults, free_port, need, wait_http
from tests.exporter.test_alertmanager import post_alerts, start_alertmanager, stored, wait_for
from tests.exporter.test_prometheus import seed

TOKEN = "no-loop-token"
RUNBOOKS = "https://wiki.example.gov.cn/govops/runbooks"


class Sink:
    """Loopback stand-ins for the WeChat Work API and a DingTalk bridge; records posts."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, Any]] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # WeChat Work: gettoken?corpid=..&corpsecret=..
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                ok = query.get("corpsecret") == ["app-secret"]
                self._answer({"errcode": 0, "access_token": "tok-1"} if ok else {"errcode": 40001})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                sink.posts.append((self.path, json.loads(body)))
                self._answer({"errcode": 0, "errmsg": "ok"})

            def _answer(self, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def texts(self, path_part: str) -> list[str]:
        return [
            json.dumps(body, ensure_ascii=False) for path, body in self.posts if path_part in path
        ]


def shipped_config(exporter: Exporter, sink: Sink, tmp_path: Path) -> dict[str, Any]:
    """deploy/alertmanager/alertmanager.yml with loopback endpoints and 1 s timings only."""
    config: dict[str, Any] = yaml.safe_load(
        (DEPLOY / "alertmanager" / "alertmanager.yml").read_text()
    )
    config["global"]["wechat_api_url"] = sink.url + "/cgi-bin/"
    config["global"]["wechat_api_secret"] = "app-secret"
    config["templates"] = [str(DEPLOY / "alertmanager" / "templates" / "govops.tmpl")]
    config["route"].update(group_wait="1s", group_interval="1s")
    token = tmp_path / "webhook-token"
    token.write_text(TOKEN)
    for receiver in config["receivers"]:
        for hook in receiver.get("webhook_configs", []):
            if hook["url"].endswith("/alertmanager"):
                hook["url"] = exporter.url + "/alertmanager"
                hook["http_config"]["authorization"]["credentials_file"] = str(token)
            else:
                hook["url"] = sink.url + "/dingtalk/ops/send"
    return config


def naive_config(exporter: Exporter) -> dict[str, Any]:
    """The old example's route: anything with a category goes to the webhook."""
    hook = {
        "url": exporter.url + "/alertmanager",
        "send_resolved": True,
        "http_config": {"authorization": {"type": "Bearer", "credentials": TOKEN}},
    }
    return {
        "route": {
            "receiver": "none",
            "group_wait": "1s",
            "group_interval": "1s",
            "routes": [
                {"receiver": "govops", "matchers": ['category=~"network|platform|security"']}
            ],
        },
        "receivers": [{"name": "none"}, {"name": "govops", "webhook_configs": [hook]}],
    }


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=20)


def start_prometheus(
    exporter: Exporter, managers: list[str], tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> str:
    port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        json.dumps(
            {
                "global": {
                    "scrape_interval": "1s",
                    "evaluation_interval": "1s",
                    "external_labels": {"govops_runbook_base": RUNBOOKS},
                },
                "rule_files": [str(DEPLOY / "prometheus" / "govops-alerts.rules.yml")],
                "alerting": {"alertmanagers": [{"static_configs": [{"targets": managers}]}]},
                "scrape_configs": [
                    {
                        "job_name": "govops",
                        "static_configs": [{"targets": [f"127.0.0.1:{exporter.port}"]}],
                    }
                ],
            }
        )
    )
    procs.append(
        subprocess.Popen(
            [
                need("prometheus"),
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/-/ready", timeout=30)
    return base


def ignored_own(exporter: Exporter) -> float:
    with urllib.request.urlopen(exporter.url + "/metrics", timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith('govops_webhook_alerts_ignored_total{reason="own"}'):
                return float(line.rsplit(" ", 1)[1])
    raise AssertionError("no govops_webhook_alerts_ignored_total in the scrape")


def test_own_alerts_reach_people_and_never_open_a_fault(
    tmp_path: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    binary = need("prometheus-alertmanager")
    db = tmp_path / "loops.db"
    seed(db, time.time())  # 7 faults, one of them open past its target: GovopsFaultOverdue
    exporter = Exporter(db, ["--webhook-token-env", "HOOK"], {"HOOK": TOKEN}).start()
    sink = Sink()
    try:
        managers = []
        for name, config in (
            ("shipped", shipped_config(exporter, sink, tmp_path)),
            ("naive", naive_config(exporter)),
        ):
            path = tmp_path / f"{name}.yml"
            path.write_text(yaml.safe_dump(config, allow_unicode=True))
            proc, base = start_alertmanager(binary, path, tmp_path / f"am-{name}")
            started.append(proc)
            wait_http(base + "/-/ready", timeout=30)
            managers.append(base)
        link_down = {
            "labels": {
                "alertname": "LinkDown",
                "category": "network",
                "severity": "critical",
                "site": "sn-xa",
            },
            "annotations": {"summary": "uplink of sn-xa down"},
            "startsAt": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        }
        post_alerts(managers[0], [link_down])
        start_prometheus(exporter, [m.removeprefix("http://") for m in managers], tmp_path, started)

        def delivered() -> bool:
            return any("GovopsFaultOverdue" in t for t in sink.texts("message/send")) and any(
                "GovopsFaultOverdue" in t for t in sink.texts("dingtalk")
            )

        wait_for(delivered, 60, "GovopsFaultOverdue in WeChat Work and DingTalk")
        wait_for(lambda: ignored_own(exporter) >= 1, 30, "the naive route's post to be ignored")
        wait_for(lambda: count_faults(db) == 8, 30, "LinkDown to become a fault")
        time.sleep(3)  # a few more evaluation and notification rounds
        faults = stored(db)
        assert len(faults) == 8  # the 7 seeded and LinkDown: nothing from govops's own alert
        assert sorted(f.summary for f in faults if f.source == "alertmanager") == [
            "uplink of sn-xa down"
        ]
        (wechat,) = [t for t in sink.texts("message/send") if "GovopsFaultOverdue" in t][:1]
        assert "【告警】GovopsFaultOverdue" in wechat
        assert "1个网络严重故障已超过3小时处置时限。" in wechat
        assert f"处置手册：{RUNBOOKS}/GovopsFaultOverdue.md" in wechat
        ding = next(
            b for p, b in sink.posts if "dingtalk" in p and "GovopsFaultOverdue" in json.dumps(b)
        )
        (alert,) = [a for a in ding["alerts"] if a["labels"]["alertname"] == "GovopsFaultOverdue"]
        assert alert["labels"]["source"] == "govops"
        assert alert["annotations"]["runbook_url"] == f"{RUNBOOKS}/GovopsFaultOverdue.md"
    finally:
        exporter.stop()
        sink.server.shutdown()
