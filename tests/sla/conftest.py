from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from govops.sla import faults
from govops.sla.models import Policy

#: A fixed clock: 2026-11-23T12:00:00Z.
NOW = 1_795_435_200.0
H = 3600.0


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = faults.open_store()
    yield connection
    connection.close()


@pytest.fixture
def policy() -> Policy:
    return Policy(targets={("security", "minor"): 24 * H})


def record(
    conn: sqlite3.Connection,
    policy: Policy,
    opened: float,
    resolved: float | None = None,
    category: str = "network",
    severity: str = "critical",
    key: str | None = None,
) -> faults.Fault:
    new = faults.NewFault(
        category=category,
        severity=severity,
        summary="s",
        opened_at=opened,
        resolved_at=resolved,
        external_key=key,
    )
    return faults.open_fault(conn, policy, new)
