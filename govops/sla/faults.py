"""Fault records in the state database: open, acknowledge, resolve, look up.

Every write runs in one transaction together with its aggregate deltas
(:mod:`govops.sla.aggregates`); once a function here returns, the change is committed
(on SQLite with synchronous=FULL, on disk). Under concurrent writers each change is
decided by the database (a unique key, an UPDATE that matches only an open fault), so
a fault is stored once and counted once however many processes race for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops.bounds import text_problem
from govops.errors import DomainError, InputError
from govops.i18n import M_
from govops.sla import aggregates
from govops.sla.models import Fault, Outcome, Policy, Source, decide
from govops.sla.tables import faults as table
from govops.state.dialect import insert_ignore, storable, storable_row
from govops.state.engine import open_engine, reading, run_write

T = TypeVar("T")

#: The administrative levels of design.md (the inventory's Level enum, without pydantic).
LEVELS = ("province", "city", "county", "township", "village", "department")

COLUMNS = tuple(c for c in table.c if c.name != "deadline")
# Statements built once: parameters are bound at execution (SQLAlchemy's cache then
# skips recompiling, which per-call ``.values({...})`` would not).
_BY_ID = sa.select(*COLUMNS).where(table.c.id == sa.bindparam("fault_id"))
_INSERT = table.insert().returning(table.c.id)
_RESOLVE = (
    table.update()
    .where(table.c.id == sa.bindparam("fault_id"), table.c.resolved_at.is_(None))
    .values(resolved_at=sa.bindparam("at"), outcome=sa.bindparam("result"),
            resolved_by=sa.bindparam("who"))
)  # fmt: skip
_ACKNOWLEDGE = (
    table.update()
    .where(table.c.id == sa.bindparam("fault_id"), table.c.acknowledged_at.is_(None))
    .values(acknowledged_at=sa.bindparam("at"), acknowledged_by=sa.bindparam("who"))
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
    opened_by: str | None = None
    outage: bool = False
    cloud: str | None = None


def open_store(db: str | Path | None = None) -> Engine:
    """The state database with the fault tables in place."""
    return open_engine(db)


def write(engine: Engine, work: Callable[[Connection, aggregates.Deltas], T]) -> T:
    """``work`` and the aggregate deltas it gathers, in one write transaction (retried
    whole on a PostgreSQL deadlock, so ``work`` must only touch the database)."""

    def run(conn: Connection) -> T:
        deltas = aggregates.Deltas()
        result = work(conn, deltas)
        deltas.apply(conn)
        return result

    return run_write(engine, run)


def _ts(ts: float | None) -> str | None:
    """Times in messages: ISO-8601 in GOVOPS_TZ with its offset, as JSON shows them."""
    from govops.clock import for_json

    return for_json(ts)


def check_new(policy: Policy, new: NewFault) -> None:
    """Raise InputError when ``new`` names an unknown category or impossible times."""
    if new.category not in policy.categories:
        raise InputError(
            M_(
                "category `{value}` is not one of {choices}",
                value=new.category,
                choices=list(policy.categories),
            )
        )
    if new.severity not in policy.severities:
        raise InputError(
            M_(
                "severity `{value}` is not one of {choices}",
                value=new.severity,
                choices=list(policy.severities),
            )
        )
    if new.level is not None and new.level not in LEVELS:
        raise InputError(
            M_("level `{value}` is not one of {choices}", value=new.level, choices=list(LEVELS))
        )
    for name, text in (("summary", new.summary), ("site", new.site)):
        if text is not None and (problem := text_problem(name, text)):
            raise InputError(M_("{field} {problem}", field=name, problem=problem))
    for name, at in (("acknowledged_at", new.acknowledged_at), ("resolved_at", new.resolved_at)):
        if at is not None and at < new.opened_at:
            raise InputError(
                M_(
                    "{field} {at} is before opened_at {opened}",
                    field=name,
                    at=_ts(at),
                    opened=_ts(new.opened_at),
                )
            )


def insert(conn: Connection, policy: Policy, new: NewFault, deltas: aggregates.Deltas) -> int:
    """Insert inside an open write transaction; returns the new fault's id, or 0 when a
    fault with the same external key is already stored (then nothing is counted)."""
    stored = insert_fault(conn, policy, new, deltas)
    return 0 if stored is None else stored.id


def insert_fault(
    conn: Connection, policy: Policy, new: NewFault, deltas: aggregates.Deltas
) -> Fault | None:
    """:func:`insert`, returning the fault as stored (None: the key was already there)."""
    values = _values(policy, new)
    statement = (
        insert_ignore(conn, table, ["external_key"], returning=["id"])
        if new.external_key is not None
        else _INSERT
    )
    fault_id = conn.execute(statement, values).scalar()
    if fault_id is None:
        return None
    _count_new(int(fault_id), new, values, deltas)
    del values["deadline"]
    return Fault(id=int(fault_id), **values)


def insert_many(
    conn: Connection, policy: Policy, news: Sequence[NewFault], deltas: aggregates.Deltas
) -> int:
    """Insert many faults in a few statements (imports, benchmarks); how many were new.
    A fault whose external key is already stored is skipped and not counted."""
    keyed = [(new, _values(policy, new)) for new in news if new.external_key is not None]
    plain = [(new, _values(policy, new)) for new in news if new.external_key is None]
    inserted: dict[str, int] = {}
    if keyed:
        statement = insert_ignore(conn, table, ["external_key"], returning=["external_key", "id"])
        inserted = {key: int(i) for key, i in conn.execute(statement, [v for _, v in keyed])}
    ids: list[int] = []
    if plain:
        result = conn.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True),
            [v for _, v in plain],
        )
        ids = [int(i) for i in result.scalars()]
    count = 0
    for new, values in keyed:
        key = values["external_key"]  # as stored (see storable)
        if key in inserted:
            _count_new(inserted.pop(key), new, values, deltas)  # a repeated key counts once
            count += 1
    for fault_id, (new, values) in zip(ids, plain, strict=True):
        _count_new(fault_id, new, values, deltas)
        count += 1
    return count


def _values(policy: Policy, new: NewFault) -> dict[str, Any]:
    target = policy.target(new.category, new.severity)
    outcome = None if new.resolved_at is None else decide(new.opened_at, new.resolved_at, target)
    return storable_row({
        "category": new.category, "severity": new.severity, "site": new.site,
        "level": new.level, "summary": new.summary, "opened_at": new.opened_at,
        "acknowledged_at": new.acknowledged_at, "resolved_at": new.resolved_at,
        "source": new.source.value, "external_key": new.external_key, "target": target,
        "outcome": None if outcome is None else outcome.value,
        "opened_by": new.opened_by,
        "acknowledged_by": None if new.acknowledged_at is None else new.opened_by,
        "resolved_by": None if new.resolved_at is None else new.opened_by,
        "deadline": new.opened_at + target,
        "outage": new.outage, "cloud": new.cloud,
    })  # fmt: skip


def _count_new(
    fault_id: int, new: NewFault, values: dict[str, Any], deltas: aggregates.Deltas
) -> None:
    deltas.opened(fault_id, new.category, new.severity)
    if new.resolved_at is None:
        deltas.open_deadline(fault_id, new.category, new.severity, values["deadline"], +1)
    else:  # never seen open, so its outcome is counted as it is
        outcome = Outcome(values["outcome"])
        deltas.resolved(
            fault_id,
            new.category,
            new.severity,
            new.opened_at,
            new.resolved_at,
            outcome,
            outcome,
        )


def mark_resolved(
    conn: Connection,
    fault: Fault,
    at: float,
    deltas: aggregates.Deltas,
    *,
    now: float,
    by: str | None = None,
) -> bool:
    """Resolve an open fault inside an open write transaction; False (and nothing
    counted) when another writer resolved it first.

    ``now`` is when the resolution is recorded. If the fault's deadline had passed by then,
    scrapes have already counted it as breached (decided at start + target), and the
    evaluations counter keeps that decision even if ``at`` is backdated within target: a
    decided outcome never changes, so the counter never goes down.
    """
    outcome = decide(fault.opened_at, at, fault.target)
    counted = Outcome.BREACHED if now >= fault.deadline else outcome
    changed = conn.execute(
        _RESOLVE, {"fault_id": fault.id, "at": at, "result": outcome.value, "who": by}
    ).rowcount
    if changed != 1:
        return False
    deltas.resolved(fault.id, fault.category, fault.severity, fault.opened_at, at, outcome, counted)
    deltas.open_deadline(fault.id, fault.category, fault.severity, fault.deadline, -1)
    return True


def open_fault(engine: Engine, policy: Policy, new: NewFault) -> Fault:
    """Record a fault; returns it as stored."""
    check_new(policy, new)
    fault_id = write(engine, lambda conn, deltas: insert(conn, policy, new, deltas))
    if not fault_id and new.external_key is not None:
        raise DomainError(
            M_("a fault with external key `{key}` is already stored", key=new.external_key)
        )
    return get_fault(engine, fault_id)


def acknowledge(engine: Engine, fault_id: int, at: float, *, by: str | None = None) -> Fault:
    """Mark a fault acknowledged at ``at`` (by ``by``)."""

    def work(conn: Connection, deltas: aggregates.Deltas) -> None:
        fault = get_fault(conn, fault_id)
        if fault.acknowledged_at is None and fault.resolved_at is not None:
            raise DomainError(
                M_("fault {id} was resolved at {at}", id=fault_id, at=_ts(fault.resolved_at))
            )
        if fault.acknowledged_at is None and at < fault.opened_at:
            raise InputError(_before_opened(at, fault))
        changed = (
            fault.acknowledged_at is None
            and conn.execute(_ACKNOWLEDGE, {"fault_id": fault_id, "at": at, "who": by}).rowcount
            == 1
        )
        if not changed:
            done = get_fault(conn, fault_id).acknowledged_at
            raise DomainError(M_("fault {id} was acknowledged at {at}", id=fault_id, at=_ts(done)))

    write(engine, work)
    return get_fault(engine, fault_id)


def resolve(
    engine: Engine, fault_id: int, at: float, *, now: float, by: str | None = None
) -> Fault:
    """Mark a fault resolved at ``at`` (recorded at ``now``); its SLA outcome is decided."""

    def work(conn: Connection, deltas: aggregates.Deltas) -> None:
        fault = get_fault(conn, fault_id)
        if fault.resolved_at is None and at < fault.opened_at:
            raise InputError(_before_opened(at, fault))
        if fault.resolved_at is not None or not mark_resolved(
            conn, fault, at, deltas, now=now, by=by
        ):
            done = get_fault(conn, fault_id).resolved_at
            raise DomainError(M_("fault {id} was resolved at {at}", id=fault_id, at=_ts(done)))

    write(engine, work)
    return get_fault(engine, fault_id)


def get_fault(db: Engine | Connection, fault_id: int) -> Fault:
    with reading(db) as conn:
        row = conn.execute(_BY_ID, {"fault_id": fault_id}).first()
    if row is None:
        raise InputError(M_("no fault {id} (see `govops fault list`)", id=fault_id))
    return _fault(row)


def _before_opened(at: float, fault: Fault) -> str:
    return M_(
        "--at {at} is before the fault opened ({opened})", at=_ts(at), opened=_ts(fault.opened_at)
    )


def find_by_keys(db: Engine | Connection, keys: Sequence[str]) -> dict[str, Fault]:
    """Faults whose external key is in ``keys``."""
    found: dict[str, Fault] = {}
    with reading(db) as conn:
        for start in range(0, len(keys), 500):
            chunk = [storable(key) for key in keys[start : start + 500]]
            query = sa.select(*COLUMNS).where(table.c.external_key.in_(chunk))
            for row in conn.execute(query):
                found[row.external_key] = _fault(row)
    return found


def open_faults(db: Engine | Connection) -> list[Fault]:
    """Every fault not yet resolved, oldest first (served by a partial index)."""
    query = (
        sa.select(*COLUMNS)
        .where(table.c.resolved_at.is_(None))
        .order_by(table.c.opened_at, table.c.id)
    )
    with reading(db) as conn:
        return [_fault(row) for row in conn.execute(query)]


def list_faults(
    db: Engine | Connection,
    *,
    since: float | None = None,
    open_only: bool = False,
    limit: int | None = None,
) -> list[Fault]:
    """Faults newest first: the open ones, or those open or resolved since ``since``."""
    if open_only:
        return open_faults(db)[::-1][:limit]
    query = sa.select(*COLUMNS)
    if since is not None:
        # Three index searches rather than one scan of the whole history.
        ids = sa.union_all(
            sa.select(table.c.id).where(table.c.resolved_at.is_(None)),
            sa.select(table.c.id).where(table.c.resolved_at >= since),
            sa.select(table.c.id).where(table.c.opened_at >= since),
        )
        query = query.where(table.c.id.in_(ids))
    query = query.order_by(table.c.opened_at.desc(), table.c.id.desc()).limit(limit)
    with reading(db) as conn:
        return [_fault(row) for row in conn.execute(query)]


def _fault(row: sa.Row[tuple[object, ...]]) -> Fault:
    return Fault(**row._asdict())
