"""本年 and months are counted in Beijing time (GOVOPS_TZ), not in the server's UTC."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from govops import clock
from govops.inventory import load_inventory
from govops.scorecard.evidence import Evidence
from govops.scorecard.gather import monthly_compliance
from govops.scorecard.measures import timely_resolution
from govops.sla.models import Fault
from tests.conftest import DEMO

H = 3600.0
FAULT = Fault(
    id=1, category="network", severity="major", site=None, level=None, summary="",
    opened_at=clock.parse_epoch("2026-01-01 07:00"), acknowledged_at=None,
    resolved_at=clock.parse_epoch("2026-01-01 12:00"), source="manual",
    external_key=None, target=3 * H, outcome=None,
)  # fmt: skip


def test_a_fault_opened_on_new_years_morning_counts_in_2026() -> None:
    now = datetime(2026, 1, 2, tzinfo=UTC)
    assert datetime.fromtimestamp(FAULT.opened_at, UTC).year == 2025
    ev = Evidence(inventory=load_inventory(DEMO), now=now, faults=[FAULT])
    result = timely_resolution(ev, {})
    assert (result.value, result.detail) == (0.0, "0 of 1 faults cleared in time this year")


def test_monthly_points_are_beijing_calendar_months() -> None:
    met = replace(FAULT, id=2, resolved_at=clock.parse_epoch("2026-01-01 08:00"))
    points = monthly_compliance([FAULT, met], datetime(2026, 2, 10, tzinfo=UTC))
    assert points == [("2026-01", 0.5)]
