"""Indicators measured from evidence, compared with targets, and rendered."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from govops.inventory import load_inventory
from govops.scorecard import render
from govops.scorecard.evidence import Evidence
from govops.scorecard.measures import MEASURES
from govops.scorecard.scorecard import build_scorecard
from govops.scorecard.targets import TargetsError, load_targets
from govops.sla.models import Fault

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / "playbooks" / "targets"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
H = 3600.0


def level(expected: int, connected: int, compliant: int, ipv6: int) -> dict[str, Any]:
    return {
        "expected": expected,
        "connected": connected,
        "bandwidth_compliant": compliant,
        "ipv6_ready": ipv6,
        "coverage_ratio": connected / expected,
        "bandwidth_compliance_ratio": compliant / expected,
        "ipv6_ready_ratio": ipv6 / expected,
    }


SUMMARY = {
    "levels": {
        "province": level(1, 1, 1, 1),
        "city": level(11, 11, 9, 11),
        "county": level(44, 43, 40, 31),
        "township": level(132, 131, 127, 100),
    },
}


def fault(category: str, opened_h: float, resolved_h: float | None) -> Fault:
    opened = NOW.timestamp() - opened_h * H
    resolved = None if resolved_h is None else opened + resolved_h * H
    return Fault(
        id=0, category=category, severity="major", site=None, level=None, summary="",
        opened_at=opened, acknowledged_at=None, resolved_at=resolved, source="manual",
        external_key=None, target=3 * H, outcome=None,
    )  # fmt: skip


def evidence(**kw: Any) -> Evidence:
    inv = load_inventory(ROOT / "inventories" / "demo")
    return Evidence(inventory=inv, now=NOW, **kw)


def test_every_target_file_loads_and_names_known_measures() -> None:
    for path in sorted(TARGETS.glob("*.yaml")):
        targets = load_targets(path, frozenset(MEASURES))
        assert targets.indicators, path
    names = [i.name for i in load_targets(TARGETS / "shaanxi.yaml", frozenset(MEASURES)).indicators]
    assert {
        "政务外网覆盖率",
        "网络及平台故障及时处置率",
        "政务云平台可靠性",
        "云平台整合率",
    } <= set(names)


def test_target_file_errors_name_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text(
        "province: 陕西省\nplan: p\nindicators:\n"
        "  - {id: a, name: 甲, name_en: A, measure: network.coverage, targets: {2025: 1.0}}\n"
        "  - id: b\n    name: 乙\n    name_en: B\n    measure: network.speed\n",
        encoding="utf-8",
    )
    with pytest.raises(TargetsError) as info:
        load_targets(bad, frozenset(MEASURES))
    assert [str(p) for p in info.value.problems] == [
        f"{bad}:8: indicators[b].measure: unknown measure 'network.speed'; known: "
        + ", ".join(sorted(MEASURES))
    ]
    bad.write_text("province: x\nplan: p\nindicators:\n  - {id: a, name: 甲, colour: red}\n")
    with pytest.raises(TargetsError) as info:
        load_targets(bad, frozenset(MEASURES))
    assert [str(p) for p in info.value.problems] == [
        f"{bad}:4: indicators.0.name_en: Field required",
        f"{bad}:4: indicators.0.colour: unknown field",
    ]


def test_scorecard_values_targets_and_gaps() -> None:
    faults = [
        fault("network", 100, 2),
        fault("network", 90, 4),
        fault("platform", 50, 1),
        fault("platform", 10, None),
        fault("security", 20, 1),
    ]
    migration = {"migrated": 180, "in_scope": 226, "systems": [], "migration_ratio": 180 / 226}
    card = build_scorecard(
        load_targets(TARGETS / "shaanxi.yaml", frozenset(MEASURES)),
        evidence(audit_summary=SUMMARY, migration=migration, faults=faults),
    )
    rows = {row.indicator.id: row for row in card.rows}
    coverage = rows["extranet-coverage"]  # province, city, county
    assert coverage.measurement.value == pytest.approx(55 / 56)
    assert coverage.measurement.detail == "55 of 56 sites connected"
    assert coverage.met == {2023: True, 2025: False}
    assert coverage.gap[2025] == pytest.approx(1 / 56, abs=1e-6)
    # network + platform: 2 met of 3 resolved, plus one open 10 h (past 3 h): 2 / 4
    timely = rows["fault-timely-resolution"]
    assert timely.measurement.value == 0.5
    assert timely.measurement.detail == "2 of 4 faults cleared in time this year"
    assert rows["security-rectification"].measurement.value == 1.0
    assert rows["cloud-migration"].measurement.value == pytest.approx(180 / 226)
    uptime = rows["cloud-reliability"].measurement  # platform down 1 h + 10 h (still open)
    elapsed = (NOW - datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))).total_seconds()
    assert uptime.value == pytest.approx(1 - 11 * H / elapsed)
    assert not rows["two-networks-merged"].measurable
    assert rows["two-networks-merged"].as_dict()["reason"].startswith("an organisational")
    # the business-support rate needs a full audit: stated, not guessed
    assert rows["extranet-business-support"].measurement.value is None
    assert "no network audit" in (rows["extranet-business-support"].measurement.reason or "")


def audit_report(inv_path: Path) -> dict[str, Any]:
    inv = load_inventory(inv_path)
    sites = [
        {
            "id": s.id,
            "level": s.level.value,
            "parent": s.parent,
            "uplinks_up": 2,
            "uplinks_required": 2,
            "connected": True,
            "ipv6_status": "dual_stack",
            "bandwidth_status": "degraded" if s.id in ("sn-yl", "xa-zhouzhi") else "compliant",
        }
        for s in inv.sites.values()
        if s.parent
    ]
    sites[0]["uplinks_up"] = 1
    links = [
        {
            "id": link.id,
            "a": link.a.model_dump(),
            "b": link.b.model_dump(),
            "status": "compliant",
            "effective_bps": link.contracted or 10**10,
            "utilization": 0.5,
        }
        for link in inv.links.values()
    ]
    devices = [{"name": d, "reachable": d != "sn-core-2"} for d in inv.devices]
    return {"summary": SUMMARY, "sites": sites, "links": links, "devices": devices}


def test_measures_from_a_full_audit() -> None:
    audit = audit_report(ROOT / "inventories" / "demo")
    ev = evidence(audit=audit, audit_summary=SUMMARY)
    dual = MEASURES["network.dual_links"](ev, {})
    assert (dual.value, dual.detail) == (198 / 199, "198 of 199 sites with two uplinks up")
    managed = MEASURES["network.managed_devices"](ev, {})
    assert managed.detail == "211 of 212 devices read"
    support = MEASURES["network.business_support"](ev, {})
    assert support.value is not None and 0 < support.value <= 1
    assert support.detail.endswith("systems with bandwidth to spare")


def test_html_is_self_contained_with_charts(tmp_path: Path) -> None:
    audit = audit_report(ROOT / "inventories" / "demo")
    from datetime import date

    ev = evidence(
        audit=audit,
        audit_summary=SUMMARY,
        burndown=[(date(2022, 1, 1), 200), (date(2024, 1, 1), 80), (date(2026, 11, 1), 46)],
        sla_monthly=[("2026-09", 0.97), ("2026-10", 0.99), ("2026-11", 1.0)],
    )
    card = build_scorecard(load_targets(TARGETS / "shaanxi.yaml", frozenset(MEASURES)), ev)
    html = render.to_html(card, "zh")
    assert html.count("<svg") == 5
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html and "src=" not in html
    assert "政务外网覆盖率" in html and "西安市" in html
    md = render.to_markdown(card, "en")
    assert "| Extranet coverage (政务外网覆盖率) | 98.2% | 95.0% ✓ | 100.0% ✗ |" in md


def test_basis_lines_in_chinese() -> None:
    from govops.i18n import M_
    from govops.scorecard.i18n import translate_basis
    from govops.scorecard.measures import Measurement

    connected = Measurement.ratio(55, 56, "{part} of {whole} sites connected").detail
    assert connected == "55 of 56 sites connected"
    assert translate_basis(connected, "zh") == "已接入站点 55/56"
    assert translate_basis(connected, "en") == "55 of 56 sites connected"
    down = M_("{down:.1f} h down of {elapsed:.0f} h", down=55.7, elapsed=7828.2)
    assert translate_basis(down, "zh") == "停机 55.7 小时 / 本年已过 7828 小时"
    assert translate_basis("something new", "zh") == "something new"
    card = build_scorecard(load_targets(TARGETS / "shaanxi.yaml", frozenset(MEASURES)), evidence())
    first = render.table_rows(card, "zh")[0]
    assert first[-1] == "属于组织层面的里程碑，govops读取的设备和记录中无法体现"
