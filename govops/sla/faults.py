"""Fault records in the state file: open, acknowledge, resolve, look up.

Every write runs in one ``BEGIN IMMEDIATE`` transaction together with its aggregate
deltas (:mod:`govops.sla.aggregates`); the state file is WAL with synchronous=FULL,
so once a function here returns, the change is on disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from govops import store
from govops.bounds import text_problem
from govops.errors import DomainError, InputError
from govops.sla import aggregates
from govops.sla.models import Fault, Outcome, Policy, Source, decide

SCHEMA_VERSION = 1
DDL = (
    """
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    site TEXT,
    level TEXT,
    summary TEXT NOT NULL,
    opened_at REAL NOT NULL,
    acknowledged_at REAL,
    resolved_at REAL,
    source TEXT NOT NULL,
    external_key TEXT UNIQUE,
    target REAL NOT NULL,
    outcome TEXT
);
CREATE INDEX IF NOT EXISTS faults_open ON faults(opened_at) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS faults_opened ON faults(opened_at);
CREATE INDEX IF NOT EXISTS faults_resolved ON faults(resolved_at, outcome, category)
    WHERE resolved_at IS NOT NULL;
"""
    + aggregates.DDL
)

#: The administrative levels of design.md (the inventory's Level enum, without pydantic).
LEVELS = ("province", "city", "county", "township", "village", "department")

COLUMNS = (
    "id, category, severity, site, level, summary, opened_at, acknowledged_at, resolved_at, "
    "source, external_key, target, outcome"
)


@dataclass(frozen=True)
class NewFault:
    """A fault to record; ``resolved_at`` set means it is recorded already resolved."""

    category: str
    severity: str
    summary: str
    opened_at: float
    site: str | None = None
    level: str | None = None
    acknowledged_at: float | None = None
    resolved_at: float | None = None
    source: Source = Source.MANUAL
    external_key: str | None = None


def open_store(path: str | None = None) -> sqlite3.Connection:
    """The state file with the fault tables in place."""
    conn = store.connect(path)
    store.ensure_schema(conn, "sla", SCHEMA_VERSION, DDL)
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[aggregates.Deltas]:
    """One immediate transaction; the yielded deltas are applied just before commit."""
    deltas = aggregates.Deltas()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield deltas
        deltas.apply(conn)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _ts(ts: float | None) -> str | None:
    """Times in messages: ISO-8601 in GOVOPS_TZ with its offset, as JSON shows them."""
    from govops.clock import for_json

    return for_json(ts)


def check_new(policy: Policy, new: NewFault) -> None:
    """Raise InputError when ``new`` names an unknown category or impossible times."""
    if new.category not in policy.categories:
        raise InputError(f"category `{new.category}` is not one of {list(policy.categories)}")
    if new.severity not in policy.severities:
        raise InputError(f"severity `{new.severity}` is not one of {list(policy.severities)}")
    if new.level is not None and new.level not in LEVELS:
        raise InputError(f"level `{new.level}` is not one of {list(LEVELS)}")
    for name, text in (("summary", new.summary), ("site", new.site)):
        if text is not None and (problem := text_problem(name, text)):
            raise InputError(f"{name} {problem}")
    for name, at in (("acknowledged_at", new.acknowledged_at), ("resolved_at", new.resolved_at)):
        if at is not None and at < new.opened_at:
            raise InputError(f"{name} {_ts(at)} is before opened_at {_ts(new.opened_at)}")


def insert(
    conn: sqlite3.Connection, policy: Policy, new: NewFault, deltas: aggregates.Deltas
) -> int:
    """Insert inside an open write transaction; returns the new fault's id."""
    target = policy.target(new.category, new.severity)
    outcome = None if new.resolved_at is None else decide(new.opened_at, new.resolved_at, target)
    cursor = conn.execute(
        "INSERT INTO faults(category, severity, site, level, summary, opened_at, "
        "acknowledged_at, resolved_at, source, external_key, target, outcome) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.category,
            new.severity,
            new.site,
            new.level,
            new.summary,
            new.opened_at,
            new.acknowledged_at,
            new.resolved_at,
            new.source.value,
            new.external_key,
            target,
            None if outcome is None else outcome.value,
        ),
    )
    deltas.opened(new.category, new.severity)
    if new.resolved_at is not None and outcome is not None:
        # never seen open, so its outcome is counted as it is
        deltas.resolved(
            new.category, new.severity, new.opened_at, new.resolved_at, outcome, outcome
        )
    return int(cursor.lastrowid or 0)


def mark_resolved(
    conn: sqlite3.Connection, fault: Fault, at: float, deltas: aggregates.Deltas, *, now: float
) -> None:
    """Resolve an open fault inside an open write transaction.

    ``now`` is when the resolution is recorded. If the fault's deadline had passed by then,
    scrapes have already counted it as breached (decided at start + target), and the
    evaluations counter keeps that decision even if ``at`` is backdated within target: a
    decided outcome never changes, so the counter never goes down.
    """
    outcome = decide(fault.opened_at, at, fault.target)
    counted = Outcome.BREACHED if now >= fault.deadline else outcome
    conn.execute(
        "UPDATE faults SET resolved_at = ?, outcome = ? WHERE id = ? AND resolved_at IS NULL",
        (at, outcome.value, fault.id),
    )
    deltas.resolved(fault.category, fault.severity, fault.opened_at, at, outcome, counted)


def open_fault(conn: sqlite3.Connection, policy: Policy, new: NewFault) -> Fault:
    """Record a fault; returns it as stored."""
    check_new(policy, new)
    with write_transaction(conn) as deltas:
        fault_id = insert(conn, policy, new, deltas)
    return get_fault(conn, fault_id)


def acknowledge(conn: sqlite3.Connection, fault_id: int, at: float) -> Fault:
    """Mark a fault acknowledged at ``at``."""
    with write_transaction(conn):
        fault = get_fault(conn, fault_id)
        if fault.acknowledged_at is not None:
            raise DomainError(f"fault {fault_id} was acknowledged at {_ts(fault.acknowledged_at)}")
        if fault.resolved_at is not None:
            raise DomainError(f"fault {fault_id} was resolved at {_ts(fault.resolved_at)}")
        if at < fault.opened_at:
            raise InputError(f"--at {_ts(at)} is before the fault opened ({_ts(fault.opened_at)})")
        conn.execute("UPDATE faults SET acknowledged_at = ? WHERE id = ?", (at, fault_id))
    return get_fault(conn, fault_id)


def resolve(conn: sqlite3.Connection, fault_id: int, at: float, *, now: float) -> Fault:
    """Mark a fault resolved at ``at`` (recorded at ``now``); its SLA outcome is decided."""
    with write_transaction(conn) as deltas:
        fault = get_fault(conn, fault_id)
        if fault.resolved_at is not None:
            raise DomainError(f"fault {fault_id} was resolved at {_ts(fault.resolved_at)}")
        if at < fault.opened_at:
            raise InputError(f"--at {_ts(at)} is before the fault opened ({_ts(fault.opened_at)})")
        mark_resolved(conn, fault, at, deltas, now=now)
    return get_fault(conn, fault_id)


def get_fault(conn: sqlite3.Connection, fault_id: int) -> Fault:
    row = conn.execute(f"SELECT {COLUMNS} FROM faults WHERE id = ?", (fault_id,)).fetchone()
    if row is None:
        raise InputError(f"no fault {fault_id} (see `govops fault list`)")
    return _fault(row)


def find_by_keys(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, Fault]:
    """Faults whose external key is in ``keys``."""
    found: dict[str, Fault] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT {COLUMNS} FROM faults WHERE external_key IN ({marks})", chunk
        ):
            found[row["external_key"]] = _fault(row)
    return found


def open_faults(conn: sqlite3.Connection) -> list[Fault]:
    """Every fault not yet resolved, oldest first (served by a partial index)."""
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM faults WHERE resolved_at IS NULL ORDER BY opened_at, id"
    )
    return [_fault(row) for row in rows]


def list_faults(
    conn: sqlite3.Connection,
    *,
    since: float | None = None,
    open_only: bool = False,
    limit: int | None = None,
) -> list[Fault]:
    """Faults newest first: the open ones, or those open or resolved since ``since``."""
    if open_only:
        return open_faults(conn)[::-1][:limit]
    query = f"SELECT {COLUMNS} FROM faults"
    args: list[float | int] = []
    if since is not None:
        # Three index searches rather than one scan of the whole history.
        query += (
            " WHERE id IN (SELECT id FROM faults WHERE resolved_at IS NULL"
            " UNION ALL SELECT id FROM faults WHERE resolved_at >= ?"
            " UNION ALL SELECT id FROM faults WHERE opened_at >= ?)"
        )
        args += [since, since]
    query += " ORDER BY opened_at DESC, id DESC"
    if limit is not None:
        query += " LIMIT ?"
        args.append(limit)
    return [_fault(row) for row in conn.execute(query, args)]


def _fault(row: sqlite3.Row) -> Fault:
    return Fault(**{key: row[key] for key in row.keys()})  # noqa: SIM118
