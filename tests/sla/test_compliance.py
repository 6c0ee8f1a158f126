from __future__ import annotations

from sqlalchemy.engine import Engine

from govops.sla.compliance import compliance, percentile
from govops.sla.models import Policy, SlaState, sla_state
from tests.sla.conftest import NOW, H, record

DAY = 86400.0


def test_compliance_counts_open_faults_past_target_as_breaches(
    conn: Engine, policy: Policy
) -> None:
    met = record(conn, policy, NOW - 10 * H, NOW - 8 * H)  # 2 h: met
    exact = record(conn, policy, NOW - 10 * H, NOW - 7 * H)  # exactly 3 h: met
    late = record(conn, policy, NOW - 10 * H, NOW - 6 * H)  # 4 h: breached
    overdue = record(conn, policy, NOW - 20 * H)  # open 20 h: breach now
    fresh = record(conn, policy, NOW - 1 * H)  # open 1 h: not counted
    old = record(conn, policy, NOW - 60 * DAY, NOW - 59 * DAY)  # resolved before window
    result = compliance([met, exact, late, overdue, fresh, old], NOW - 30 * DAY, NOW)
    assert (result.met, result.resolved, result.open_overdue) == (2, 3, 1)
    assert result.ratio == 2 / 4


def test_no_faults_means_no_ratio() -> None:
    assert compliance([], NOW - DAY, NOW).ratio is None


def test_open_fault_becomes_breach_the_moment_it_passes_target(
    conn: Engine, policy: Policy
) -> None:
    fault = record(conn, policy, NOW - 3 * H)
    assert compliance([fault], NOW - DAY, NOW - 1).open_overdue == 0
    assert compliance([fault], NOW - DAY, NOW).open_overdue == 1


def test_sla_states() -> None:
    assert sla_state(NOW - 1 * H, 3 * H, NOW, H) is SlaState.WITHIN
    assert sla_state(NOW - 2 * H, 3 * H, NOW, H) is SlaState.AT_RISK
    assert sla_state(NOW - 3 * H, 3 * H, NOW, H) is SlaState.OVERDUE


def test_nearest_rank_percentile() -> None:
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.9) == 9.0
    assert percentile(values, 0.5) == 5.0
    assert percentile([], 0.9) is None


def test_target_per_category_and_severity(conn: Engine, policy: Policy) -> None:
    fault = record(conn, policy, NOW - 20 * H, category="security", severity="minor")
    assert fault.target == 24 * H
    assert compliance([fault], NOW - DAY, NOW).open_overdue == 0
