"""The migration's events in the one lifecycle log (kind ``cloud_system``), and the status
folded from them. The log, its lock and its storage are :mod:`govops.lifecycle`'s, shared
with private networks and server rooms; the migration's own rules (readiness, classified
systems, observed migrations) are :mod:`govops.cloud.lifecycle`.

Two operators moving the same system at once are serialised per system (SQLite: the
write lock; PostgreSQL: a transaction-scoped advisory lock on the system id), so each
move is checked against the state the other one left, never a stale one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops import config
from govops.cloud.lifecycle import ReadinessGate, check_move
from govops.cloud.models import CLOUD_SYSTEM, Event, MoveRequest, Status, SystemState
from govops.errors import InputError
from govops.i18n import M_
from govops.inventory.models import System
from govops.lifecycle.tables import lifecycle_events as table
from govops.state.dialect import storable_row
from govops.state.engine import lock_name, reading, run_write

KIND = CLOUD_SYSTEM.kind  # the migration's items in the lifecycle log


def open_log(db: Engine | Connection) -> Engine | Connection:
    """The state database, unchanged: the event table is created by its migrations."""
    return db


def initial_state(system: System) -> SystemState:
    """Before any event: exempt if the inventory records an approved exemption."""
    status = Status.EXEMPT if system.exemption else Status.INVENTORIED
    return SystemState(system.id, status, None, reason=system.exemption or "")


def fold(system: System, events: Iterable[Event]) -> SystemState:
    """The current state of ``system`` after its events, oldest first."""
    state = initial_state(system)
    for ev in events:
        state = SystemState(
            system=system.id,
            status=ev.to_status,
            since=ev.at,
            reason=ev.reason if ev.to_status in (Status.BLOCKED, Status.EXEMPT) else "",
            blocked_from=ev.from_status if ev.to_status is Status.BLOCKED else None,
            wave=ev.wave if ev.wave is not None else state.wave,
            wave_date=ev.wave_date or state.wave_date,
            target_cloud=ev.target_cloud or state.target_cloud,
            deadline=ev.deadline or state.deadline,
            migrated_at=ev.at if ev.to_status is Status.MIGRATED else state.migrated_at,
            evidence=ev.evidence or state.evidence,
        )
    return state


def events(db: Engine | Connection, system: str | None = None) -> list[Event]:
    """Events of one system, or of all, oldest first."""
    query = table.select().where(table.c.kind == KIND).order_by(table.c.id)
    if system:
        query = query.where(table.c.item == system)
    with reading(db) as conn:
        return [_event(row) for row in conn.execute(query)]


def states(conn: Engine | Connection, systems: Mapping[str, System]) -> dict[str, SystemState]:
    """The current state of every system of the inventory (one pass over the log)."""
    by_system: dict[str, list[Event]] = {}
    for ev in events(conn):
        by_system.setdefault(ev.system, []).append(ev)
    return {sid: fold(sys, by_system.get(sid, ())) for sid, sys in systems.items()}


def record(
    db: Engine | Connection,
    system: System,
    req: MoveRequest,
    *,
    gate: ReadinessGate | None = None,
    now: datetime | None = None,
) -> Event:
    """Validate and append one transition; the check and the insert are one transaction."""
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")

    def work(conn: Connection) -> Event:
        lock_system(conn, system.id)
        state = fold(system, events(conn, system.id))
        full = check_move(system, state, req, gate)
        ev = Event(
            system=system.id, from_status=state.status, to_status=full.to, at=at,
            actor=config.operator(full.actor), note=full.note, reason=full.reason,
            evidence=full.evidence, wave=full.wave, target_cloud=full.target_cloud,
            deadline=full.deadline, wave_date=full.wave_date,
        )  # fmt: skip
        extra = {"wave": ev.wave, "target_cloud": ev.target_cloud,
                 "deadline": _iso(ev.deadline), "wave_date": _iso(ev.wave_date)}  # fmt: skip
        new_id = conn.execute(
            table.insert().values(storable_row(dict(
                kind=KIND, item=ev.system, from_status=ev.from_status.value,
                to_status=ev.to_status.value, at=ev.at, actor=ev.actor, note=ev.note,
                reason=ev.reason, evidence=json.dumps(list(ev.evidence), ensure_ascii=False),
                extra=json.dumps({k: v for k, v in extra.items() if v is not None},
                                 sort_keys=True),
            ))).returning(table.c.id)
        ).scalar()  # fmt: skip
        return replace(ev, id=int(new_id or 0))

    if isinstance(db, Engine):
        return run_write(db, work)
    return work(db)


def lock_system(conn: Connection, system_id: str) -> None:
    """Hold ``system_id`` until the transaction ends (SQLite's write lock already does)."""
    lock_name(conn, f"lifecycle.{KIND}.{system_id}")


def find_system(systems: Mapping[str, System], system_id: str) -> System:
    if system_id not in systems:
        raise InputError(M_("unknown system `{id}`: it is not in the inventory", id=system_id))
    return systems[system_id]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _event(found: sa.Row[tuple[object, ...]]) -> Event:
    row: Any = found._mapping
    extra = json.loads(row["extra"])
    return Event(
        id=row["id"], system=row["item"], from_status=Status(row["from_status"]),
        to_status=Status(row["to_status"]), at=row["at"], actor=row["actor"], note=row["note"],
        reason=row["reason"], evidence=tuple(json.loads(row["evidence"])),
        wave=extra.get("wave"), target_cloud=extra.get("target_cloud"),
        deadline=_date(extra.get("deadline")), wave_date=_date(extra.get("wave_date")),
    )  # fmt: skip
