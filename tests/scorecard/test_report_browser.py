"""The HTML report opened in a real headless Chromium through chromedriver (W3C WebDriver)."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.scorecard.test_scorecard import ROOT, SUMMARY, TARGETS, audit_report, evidence

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Debian packages chromium and chromium-driver are not installed (make test installs "
    "them as root)",
)
ARTIFACTS = ROOT / "build" / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WebDriver:
    def __init__(self, url: str) -> None:
        self.url = url
        self.session = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["value"]

    def script(self, source: str) -> Any:
        return self.call(
            "POST", f"/session/{self.session}/execute/sync", {"script": source, "args": []}
        )


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(CHROMEDRIVER), f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    driver = WebDriver(f"http://127.0.0.1:{port}")
    try:
        for _ in range(100):
            try:
                driver.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,2000",
        ]
        caps = {
            "capabilities": {
                "alwaysMatch": {"goog:chromeOptions": {"binary": CHROMIUM, "args": args}}
            }
        }
        driver.session = driver.call("POST", "/session", caps)["sessionId"]
        yield driver
        driver.call("DELETE", f"/session/{driver.session}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_report_renders_charts_in_chromium(browser: WebDriver, tmp_path: Path) -> None:
    from datetime import date

    from govops.scorecard import render
    from govops.scorecard.measures import MEASURES
    from govops.scorecard.scorecard import build_scorecard
    from govops.scorecard.targets import load_targets

    ev = evidence(
        audit=audit_report(ROOT / "inventories" / "demo"),
        audit_summary=SUMMARY,
        migration={"in_scope": 200, "migrated": 154},
        burndown=[(date(2022, 1, 1), 200), (date(2026, 11, 1), 46)],
        sla_monthly=[("2026-10", 0.99), ("2026-11", 1.0)],
        trends={"extranet-coverage": [("2026-11-20", 0.975), ("2026-11-21", 0.98)]},
    )
    card = build_scorecard(load_targets(TARGETS / "shaanxi.yaml", frozenset(MEASURES)), ev)
    page = tmp_path / "report.html"
    page.write_text(render.to_html(card, "zh"), encoding="utf-8")
    browser.call("POST", f"/session/{browser.session}/url", {"url": page.as_uri()})
    found = browser.script(
        "const charts = Array.from(document.querySelectorAll('svg.chart'));"
        "const inside = (el, svg) => { const a = el.getBoundingClientRect(),"
        "  b = svg.getBoundingClientRect();"
        "  return a.width > 0 && a.left >= b.left && a.right <= b.right + 1"
        "    && a.top >= b.top && a.bottom <= b.bottom + 1; };"
        "return {charts: charts.length,"
        " bars: document.querySelectorAll('svg.bar-chart rect.bar').length,"
        " lines: document.querySelectorAll("
        "   'svg.line-chart polyline, svg.time-chart polyline, svg.trend-chart polyline').length,"
        " rows: document.querySelectorAll('#scorecard tbody tr').length,"
        " drawn: charts.every(s => s.getBoundingClientRect().width > 100),"
        " legends: charts.every(s => { const items = s.querySelectorAll('.legend-item');"
        "   return items.length > 0 && Array.from(items).every(i => inside(i, s)); }),"
        " meta: document.querySelector('p.meta').innerText,"
        " title: document.title}"
    )
    assert found["charts"] == 6  # coverage, IPv6, bandwidth, burn-down, SLA; coverage trend
    assert found["lines"] == 3
    assert found["bars"] == 4 + 4 + 11  # coverage, IPv6 per level; compliance per city
    assert found["rows"] == len(card.rows)
    assert found["drawn"] is True
    assert found["legends"] is True  # every chart's legend drawn inside the chart
    assert "生成时间：2026年11月23日 20:00（北京时间）" in found["meta"]
    assert found["title"] == "陕西省 · 数字政府基础设施指标评估"
    png = base64.b64decode(browser.call("GET", f"/session/{browser.session}/screenshot"))
    assert png.startswith(b"\x89PNG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "scorecard-report.png").write_bytes(png)
