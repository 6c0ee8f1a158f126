from __future__ import annotations

import random

import pytest
from sqlalchemy.engine import Engine

from govops.errors import DomainError, InputError
from govops.sla import aggregates, faults
from govops.sla.compliance import compliance
from govops.sla.models import Policy
from tests.sla.conftest import NOW, H, record, sql_rows

DAY = 86400.0


def test_open_ack_resolve_round_trip_is_on_disk(conn: Engine, policy: Policy) -> None:
    fault = record(conn, policy, NOW - 2 * H)
    faults.acknowledge(conn, fault.id, NOW - 1.5 * H)
    faults.resolve(conn, fault.id, NOW, now=NOW)
    other = faults.open_store()  # a second connection reads what the first committed
    stored = faults.get_fault(other, fault.id)
    assert (stored.acknowledged_at, stored.resolved_at, stored.outcome) == (
        NOW - 1.5 * H,
        NOW,
        "met",
    )


def test_resolving_twice_or_before_opening_is_refused(conn: Engine, policy: Policy) -> None:
    fault = record(conn, policy, NOW - 2 * H)
    with pytest.raises(InputError, match="before the fault opened"):
        faults.resolve(conn, fault.id, NOW - 3 * H, now=NOW)
    faults.resolve(conn, fault.id, NOW, now=NOW)
    with pytest.raises(DomainError, match="was resolved at"):
        faults.resolve(conn, fault.id, NOW + H, now=NOW + H)
    assert faults.get_fault(conn, fault.id).resolved_at == NOW


def test_unknown_category_and_missing_fault(conn: Engine, policy: Policy) -> None:
    with pytest.raises(InputError, match="category `power`"):
        record(conn, policy, NOW, category="power")
    with pytest.raises(InputError, match="no fault 99"):
        faults.get_fault(conn, 99)


def test_failed_write_changes_nothing(conn: Engine, policy: Policy) -> None:
    fault = record(conn, policy, NOW - 2 * H, NOW - H)
    before = sql_rows(conn, "SELECT * FROM sla_counters ORDER BY 1, 2, 3, 4")
    with pytest.raises(DomainError):
        faults.resolve(conn, fault.id, NOW, now=NOW)
    after = sql_rows(conn, "SELECT * FROM sla_counters ORDER BY 1, 2, 3, 4")
    assert [tuple(r) for r in before] == [tuple(r) for r in after]


def test_window_aggregates_equal_a_full_recomputation(conn: Engine, policy: Policy) -> None:
    rng = random.Random(7)
    for _ in range(400):
        opened = NOW - rng.uniform(0, 400 * DAY)
        duration = rng.choice([rng.uniform(0, 3 * H), rng.uniform(3 * H, 5 * DAY), None])
        resolved = None if duration is None else min(opened + duration, NOW)
        record(conn, policy, opened, resolved, category=rng.choice(policy.categories))
    every = faults.list_faults(conn)
    for window in (7 * DAY, 30 * DAY, 365 * DAY, 1.5 * DAY, 12345.6):
        counts = aggregates.window_counts(conn, NOW - window)
        naive = compliance(every, NOW - window, NOW)
        assert aggregates.total(counts) == (naive.resolved, naive.met)
        for category, got in counts.items():
            naive = compliance([f for f in every if f.category == category], NOW - window, NOW)
            assert got == (naive.resolved, naive.met)


def test_level_must_be_a_known_level(conn: Engine, policy: Policy) -> None:
    new = faults.NewFault(
        category="network", severity="major", summary="s", opened_at=NOW, level="galaxy"
    )
    with pytest.raises(InputError, match="level `galaxy`"):
        faults.open_fault(conn, policy, new)
