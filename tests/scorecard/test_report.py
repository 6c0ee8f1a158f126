"""The HTML report leaders read: from Jinja2 templates, a legend on every chart, targets
from the targets file, the plan's migration deadline, the SLA axis around its target, a
trend per indicator, Beijing time, Chinese punctuation; one file, nothing fetched."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from govops.scorecard import render
from govops.scorecard.measures import MEASURES
from govops.scorecard.scorecard import Scorecard, build_scorecard
from govops.scorecard.targets import load_targets
from tests.scorecard.test_scorecard import ROOT, SUMMARY, TARGETS, audit_report, evidence

HAN = r"[\u4e00-\u9fff]"
TRENDS = {
    "extranet-coverage": [("2026-11-20", 0.975), ("2026-11-21", 0.98)],
    "extranet-ipv6": [("2026-11-21", 0.70)],
    "two-networks-merged": [("2026-11-21", 1.0)],  # not measurable: no trend drawn
}


def card(targets: Path = TARGETS / "shaanxi.yaml", **kw: Any) -> Scorecard:
    ev = evidence(
        audit=audit_report(ROOT / "inventories" / "demo"),
        audit_summary=SUMMARY,
        migration={"in_scope": 200, "migrated": 154},
        burndown=[(date(2022, 1, 1), 200), (date(2026, 11, 1), 46)],
        sla_monthly=[("2026-09", 0.97), ("2026-10", 0.99), ("2026-11", 1.0)],
        trends=TRENDS,
        **kw,
    )
    return build_scorecard(load_targets(targets, frozenset(MEASURES)), ev)


def charts_of(page: str) -> list[str]:
    return re.findall(r'<svg class="chart [^"]*".*?</svg>', page, flags=re.S)


def visible_text(page: str) -> str:
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


@pytest.fixture(scope="module")
def page() -> str:
    return render.to_html(card(), "zh")


def test_every_chart_has_a_legend(page: str) -> None:
    found = charts_of(page)
    assert len(found) == 5 + 2  # five figures; coverage and IPv6 trends
    for chart in found:
        items = re.findall(r'<text class="legend-item"[^>]*>([^<]+)</text>', chart)
        assert items, chart[:200]


def test_target_lines_come_from_the_targets_file(tmp_path: Path) -> None:
    coverage, ipv6, bandwidth = charts_of(render.to_html(card(), "zh"))[:3]
    assert "2025年目标 100%" in coverage and "各层级覆盖率" in coverage
    assert "2025年目标 100%" in ipv6 and "IPv6双栈进度" in ipv6
    assert "2025年目标 100%" in bandwidth and "各市带宽达标率" in bandwidth
    changed = tmp_path / "targets.yaml"
    text = (TARGETS / "shaanxi.yaml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("targets: {2023: 0.95, 2025: 1.0}", "targets: {2023: 0.95, 2025: 0.97}")
    )
    coverage = charts_of(render.to_html(card(changed), "zh"))[0]
    assert "2025年目标 97%" in coverage
    # 150 + 0.97 * 360: the dashed line sits at 97% of the bar scale
    assert 'class="target" x1="499.2"' in coverage
    # 县 97.7% meets 97% now: blue; against 100% it was red
    assert re.search(r'<rect class="bar"[^>]*fill="#2f6db5"><title>县 97.7%', coverage)


def test_the_migration_deadline_is_the_plans(page: str, tmp_path: Path) -> None:
    burndown = next(c for c in charts_of(page) if "time-chart" in c)
    assert "规划截止：2023年底" in burndown  # shaanxi: every in-scope system by 2023
    assert "规划：2023年底上云率100%" in burndown and "规划目标" in burndown
    guizhou = charts_of(render.to_html(card(TARGETS / "guizhou.yaml"), "zh"))
    burndown = next(c for c in guizhou if "time-chart" in c)
    assert "规划截止：2025年底" in burndown


def test_the_sla_axis_is_scaled_around_its_target(page: str) -> None:
    sla = next(c for c in charts_of(page) if "故障及时处置率（按月）" in c)
    ticks = re.findall(r'text-anchor="end" [^>]*>(\d+)%</text>', sla)
    assert ticks == ["96", "97", "98", "99", "100"]  # not 0-100%: 97% vs 99% shows
    assert "2025年目标 99%" in sla  # fault-timely-resolution, not security's 95%


def test_a_trend_per_indicator_from_history(page: str) -> None:
    trends = [c for c in charts_of(page) if "trend-chart" in c]
    titles = [re.search(r"<title>([^<]+)</title>", c).group(1) for c in trends]  # type: ignore[union-attr]
    assert titles == ["政务外网覆盖率趋势", "政务外网IPv6改造率趋势"]
    coverage = trends[0]
    assert coverage.count("<circle") == 3  # two stored days and today's value
    assert "2026-11-20: 97.5%" in coverage and "2026-11-23: 98.2%" in coverage


def test_no_history_says_so() -> None:
    ev = evidence(audit_summary=SUMMARY)  # values today, nothing stored before
    alone = build_scorecard(load_targets(TARGETS / "shaanxi.yaml", frozenset(MEASURES)), ev)
    page = render.to_html(alone, "zh")
    assert not [c for c in charts_of(page) if "trend-chart" in c]
    assert "已存储的评估不足两次，暂无趋势（每次运行 govops scorecard 都会保存）。" in page


def test_generated_in_beijing_time(page: str) -> None:
    assert "生成时间：2026年11月23日 20:00（北京时间）" in page  # 12:00 UTC
    assert "Generated 2026-11-23 20:00 (Beijing time)" in render.to_html(card(), "en")


def test_chinese_text_uses_chinese_punctuation(page: str) -> None:
    text = visible_text(page)
    mixed = re.findall(rf".{{0,6}}(?:{HAN}[:,;()!?]|[:,;()!?]{HAN}).{{0,6}}", text)
    assert mixed == []
    assert "规划：" in text


def test_one_file_with_no_scripts_or_fetches(page: str) -> None:
    bare = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for fetch in ("<script", "src=", "href=", "url(", "@import", "http://", "https://", "<link"):
        assert fetch not in bare
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_values_are_escaped(tmp_path: Path) -> None:
    targets = tmp_path / "t.yaml"
    text = (TARGETS / "shaanxi.yaml").read_text(encoding="utf-8")
    targets.write_text(text.replace("province: 陕西省", "province: 陕西<script>x</script>"))
    page = render.to_html(card(targets), "zh")
    assert "<script>" not in page and "陕西&lt;script&gt;" in page
