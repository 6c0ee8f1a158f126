"""The exporter publishes the last full audit: its time, findings, new findings and the
devices it could not read (from two real audits of lab snapshots)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from govops import store
from govops.sla import faults
from govops.sla.models import Policy
from tests.exporter.test_collector import samples, scrape
from tests.network.test_history import audit, snapshots  # noqa: F401 (fixture)


def test_audit_health_metrics(snapshots: tuple[Path, Path]) -> None:  # noqa: F811
    for snap in snapshots:
        audit(snap)
    got = samples(scrape(faults.open_store(), Policy()))
    taken = datetime.fromisoformat("2026-11-21T02:00:00+00:00").timestamp()
    assert got["govops_audit_last_success_timestamp_seconds{}"] == taken
    assert got['govops_audit_new_findings{severity="critical"}'] == 4
    assert got['govops_audit_new_findings{severity="warning"}'] == 6
    assert got['govops_devices_unreachable{level="township"}'] == 1
    assert got['govops_devices_unreachable{level="county"}'] == 0
    assert got['govops_devices_audited{level="province"}'] >= 1
    assert got['govops_audit_findings{check="reachability",severity="critical"}'] >= 1
    # 195 of 200 before the villages; three of the five villages are connected
    assert got['govops_network_coverage_ratio{level="total"}'] == round(198 / 205, 4)


def test_no_audit_no_audit_samples() -> None:
    got = samples(scrape(faults.open_store(), Policy()))
    assert not [k for k in got if k.startswith(("govops_audit_", "govops_devices_"))]


def test_an_audit_that_read_no_device_is_no_success() -> None:
    conn = faults.open_store()
    store.put_document(
        conn,
        "network.last_audit_summary",
        {
            "created_at": "2026-11-21T02:00:00+00:00",
            "scope": "full",
            "summary": {"levels": {}, "total": {}},
            "devices": {"province": {"audited": 2, "unreachable": 2}},
        },
    )
    got = samples(scrape(conn, Policy()))
    assert "govops_audit_last_success_timestamp_seconds{}" not in got
    assert got['govops_devices_unreachable{level="province"}'] == 2
