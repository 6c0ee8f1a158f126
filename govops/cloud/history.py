"""The append-only migration event log in the SQLite store, and the status folded from it."""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

from govops import store
from govops.cloud.lifecycle import ReadinessGate, check_move
from govops.cloud.models import Event, MoveRequest, Status, SystemState
from govops.errors import InputError
from govops.inventory.models import System

_DDL = """
CREATE TABLE IF NOT EXISTS cloud_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',
    wave INTEGER,
    target_cloud TEXT,
    deadline TEXT,
    wave_date TEXT
);
CREATE INDEX IF NOT EXISTS cloud_events_system ON cloud_events(system, id);
CREATE TRIGGER IF NOT EXISTS cloud_events_no_update BEFORE UPDATE ON cloud_events
BEGIN SELECT RAISE(ABORT, 'cloud_events is append-only'); END;
CREATE TRIGGER IF NOT EXISTS cloud_events_no_delete BEFORE DELETE ON cloud_events
BEGIN SELECT RAISE(ABORT, 'cloud_events is append-only'); END;
"""


def open_log(conn: sqlite3.Connection) -> sqlite3.Connection:
    store.ensure_schema(conn, "cloud", 1, _DDL)
    return conn


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


def events(conn: sqlite3.Connection, system: str | None = None) -> list[Event]:
    """Events of one system, or of all, oldest first."""
    open_log(conn)
    sql = "SELECT * FROM cloud_events"
    rows = (
        conn.execute(sql + " WHERE system = ? ORDER BY id", (system,))
        if system
        else conn.execute(sql + " ORDER BY id")
    )
    return [_event(row) for row in rows]


def states(conn: sqlite3.Connection, systems: Mapping[str, System]) -> dict[str, SystemState]:
    """The current state of every system of the inventory (one pass over the log)."""
    by_system: dict[str, list[Event]] = {}
    for ev in events(conn):
        by_system.setdefault(ev.system, []).append(ev)
    return {sid: fold(sys, by_system.get(sid, ())) for sid, sys in systems.items()}


def record(
    conn: sqlite3.Connection,
    system: System,
    req: MoveRequest,
    *,
    gate: ReadinessGate | None = None,
    now: datetime | None = None,
) -> Event:
    """Validate and append one transition; the check and the insert are one transaction."""
    open_log(conn)
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        state = fold(system, events(conn, system.id))
        full = check_move(system, state, req, gate)
        ev = Event(
            system=system.id, from_status=state.status, to_status=full.to, at=at,
            actor=full.actor or _actor(), note=full.note, reason=full.reason,
            evidence=full.evidence, wave=full.wave, target_cloud=full.target_cloud,
            deadline=full.deadline, wave_date=full.wave_date,
        )  # fmt: skip
        cur = conn.execute(
            "INSERT INTO cloud_events(system, from_status, to_status, at, actor, note, reason, "
            "evidence, wave, target_cloud, deadline, wave_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ev.system, ev.from_status.value, ev.to_status.value, ev.at, ev.actor, ev.note,
                ev.reason, json.dumps(list(ev.evidence)), ev.wave, ev.target_cloud,
                _iso(ev.deadline), _iso(ev.wave_date),
            ),
        )  # fmt: skip
    return replace(ev, id=cur.lastrowid or 0)


def find_system(systems: Mapping[str, System], system_id: str) -> System:
    if system_id not in systems:
        raise InputError(f"unknown system `{system_id}`: it is not in the inventory")
    return systems[system_id]


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"], system=row["system"], from_status=Status(row["from_status"]),
        to_status=Status(row["to_status"]), at=row["at"], actor=row["actor"], note=row["note"],
        reason=row["reason"], evidence=tuple(json.loads(row["evidence"])), wave=row["wave"],
        target_cloud=row["target_cloud"], deadline=_date(row["deadline"]),
        wave_date=_date(row["wave_date"]),
    )  # fmt: skip
