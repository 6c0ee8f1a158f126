"""The append-only log of moves in the state database, and the states folded from it.

Two operators moving the same item at once are serialised per item (SQLite: the write
lock; PostgreSQL: a transaction-scoped advisory lock), so each move is checked against
the state the other one left.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops import clock, config
from govops.errors import DomainError, joined
from govops.i18n import M_
from govops.lifecycle.engine import check_move, fold
from govops.lifecycle.model import ItemState, Lifecycle, Move, MoveRequest
from govops.lifecycle.tables import lifecycle_events as table
from govops.state.dialect import storable_row
from govops.state.engine import lock_name, reading, run_write

#: Extra checks a kind runs before a move (a room closes only once its systems moved):
#: returns what is not met, empty when the move may go ahead.
Gate = Callable[[ItemState, MoveRequest], Sequence[str]]


def moves(db: Engine | Connection, kind: str, item: str | None = None) -> list[Move]:
    """Moves of one item, or of every item of ``kind``, oldest first."""
    query = table.select().where(table.c.kind == kind).order_by(table.c.id)
    if item is not None:
        query = query.where(table.c.item == item)
    with reading(db) as conn:
        return [_move(row) for row in conn.execute(query)]


def states(
    db: Engine | Connection, life: Lifecycle, starts: Mapping[str, ItemState]
) -> dict[str, ItemState]:
    """The current state of every item in ``starts`` (one pass over the log)."""
    by_item: dict[str, list[Move]] = {}
    for mv in moves(db, life.kind):
        by_item.setdefault(mv.item, []).append(mv)
    return {key: fold(life, start, by_item.get(key, ())) for key, start in starts.items()}


def record(
    db: Engine,
    life: Lifecycle,
    start: ItemState,
    req: MoveRequest,
    *,
    at: datetime | None = None,
    gate: Gate | None = None,
) -> Move:
    """Check and append one move; the check and the insert are one transaction.

    ``at`` backdates the move (an import's `at` column); it may not be before the item's
    last move, so the log stays in the order things happened.
    """
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")

    def work(conn: Connection) -> Move:
        lock(conn, f"{life.kind}/{start.item}")
        earlier = moves(conn, life.kind, start.item)
        last = earlier[-1].at if earlier else None
        if last is not None and datetime.fromisoformat(when) < datetime.fromisoformat(last):
            raise DomainError(
                M_(
                    "`{id}`: {at} is before its last move ({last})",
                    id=start.item,
                    at=clock.for_table(when),
                    last=clock.for_table(last),
                )
            )
        state = fold(life, start, earlier)
        check_move(life, state, req)
        unmet = list(gate(state, req)) if gate else []
        if unmet:
            raise DomainError(
                M_(
                    "`{id}` cannot move to {to}: {unmet}",
                    id=start.item,
                    to=req.to,
                    unmet=joined(unmet),
                )
            )
        mv = Move(
            kind=life.kind, item=start.item, from_status=state.status, to_status=req.to,
            at=when, actor=config.operator(req.actor), note=req.note, reason=req.reason,
            evidence=req.evidence, extra=dict(req.extra),
        )  # fmt: skip
        new_id = conn.execute(
            table.insert().values(storable_row(dict(
                kind=mv.kind, item=mv.item, from_status=mv.from_status, to_status=mv.to_status,
                at=mv.at, actor=mv.actor, note=mv.note, reason=mv.reason,
                evidence=json.dumps(list(mv.evidence), ensure_ascii=False),
                extra=json.dumps(mv.extra, ensure_ascii=False, sort_keys=True, default=str),
            ))).returning(table.c.id)
        ).scalar()  # fmt: skip
        return replace(mv, id=int(new_id or 0))

    return run_write(db, work)


def lock(conn: Connection, key: str) -> None:
    """Hold one item until the transaction ends (SQLite's write lock already does)."""
    lock_name(conn, f"lifecycle.{key.replace('/', '.')}")


def _move(found: sa.Row[tuple[object, ...]]) -> Move:
    row: Any = found._mapping
    return Move(
        id=row["id"], kind=row["kind"], item=row["item"], from_status=row["from_status"],
        to_status=row["to_status"], at=row["at"], actor=row["actor"], note=row["note"],
        reason=row["reason"], evidence=tuple(json.loads(row["evidence"])),
        extra=json.loads(row["extra"]),
    )  # fmt: skip
