from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from govops.sla import faults
from govops.sla.models import Policy

#: A fixed clock: 2026-11-23T12:00:00Z.
NOW = 1_795_435_200.0
H = 3600.0


@pytest.fixture(autouse=True)
def _on_both_backends(state_url: str) -> str:
    """Every SLA test runs on SQLite and on PostgreSQL."""
    return state_url


@pytest.fixture
def conn(state_url: str) -> Iterator[Engine]:
    """The state database (GOVOPS_DB) as the SLA functions take it."""
    yield faults.open_store()


@pytest.fixture
def policy() -> Policy:
    return Policy(targets={("security", "minor"): 24 * H})


def record(
    conn: Engine,
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


def sql_rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    """Rows of one SQL query, as plain tuples (tests look under the library)."""
    import sqlalchemy as sa

    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]
