"""What the commands of every tracked kind do, callable from Python without Typer.

`govops network private status|move|history|import` and `govops cloud room ...` are these
functions over :data:`~govops.lifecycle.tracked.PRIVATE_NETWORKS` and
:data:`~govops.lifecycle.tracked.SERVER_ROOMS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from govops import clock
from govops.errors import DomainError, InputError
from govops.i18n import M_
from govops.inventory import Inventory, load_inventory
from govops.lifecycle import log
from govops.lifecycle.importer import ImportResult, import_moves
from govops.lifecycle.model import ItemState, Move, MoveRequest
from govops.lifecycle.status import TrackedStatus, build_status
from govops.lifecycle.tracked import SERVER_ROOMS, Gate, Tracked, room_gate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def open_db(db: str | Path | None = None) -> Engine:
    from govops.state.engine import open_engine

    return open_engine(db)


def move_item(
    tracked: Tracked, inventory: Sequence[Path], req: MoveRequest, *,
    at: datetime | None = None, db: str | Path | None = None,
) -> Move:  # fmt: skip
    """Check and record one move (at ``at``, default now)."""
    inv = load_inventory(inventory)
    engine = open_db(db)
    start = _start(tracked, inv, req.item)
    if at is not None:
        at = _event_time(at)
    return log.record(engine, tracked.life, start, req, at=at, gate=_gate(tracked, inv, engine))


def item_history(tracked: Tracked, item: str, db: str | Path | None = None) -> list[Move]:
    moves = log.moves(open_db(db), tracked.life.kind, item)
    if not moves:
        raise InputError(
            M_("no history for {noun} `{id}` (check the id)", noun=M_(tracked.life.noun), id=item)
        )
    return moves


def tracked_status(
    tracked: Tracked, inventory: Sequence[Path], *, db: str | Path | None = None,
    today: datetime | None = None,
) -> TrackedStatus:  # fmt: skip
    inv = load_inventory(inventory)
    engine = open_db(db)
    items = tracked.items(inv)
    current = log.states(engine, tracked.life, items)
    report = build_status(
        tracked, inv, current, log.moves(engine, tracked.life.kind),
        (today or clock.now()).date(),
    )  # fmt: skip
    if tracked is SERVER_ROOMS:
        report = replace(report, extra=_rooms_extra(inv, engine, current))
    return report


def import_file(
    tracked: Tracked, inventory: Sequence[Path], path: Path, *,
    rejected: Path | None = None, encoding: str | None = None, sheet: str | None = None,
    db: str | Path | None = None,
) -> ImportResult:  # fmt: skip
    inv = load_inventory(inventory)
    engine = open_db(db)
    gate = _gate(tracked, inv, engine)

    def record(start: ItemState, req: MoveRequest, at: datetime | None) -> Move:
        _start(tracked, inv, start.item)  # refuses items out of scope
        return log.record(engine, tracked.life, start, req, at=at, gate=gate)

    return import_moves(
        path, tracked.items(inv), lambda item: log.moves(engine, tracked.life.kind, item),
        record, noun=tracked.life.noun, rejected_path=rejected, encoding=encoding, sheet=sheet,
    )  # fmt: skip


def _start(tracked: Tracked, inv: Inventory, item: str) -> ItemState:
    items = tracked.items(inv)
    if item not in items:
        raise InputError(
            M_(
                "unknown {noun} `{id}`: it is not in the inventory",
                noun=M_(tracked.life.noun),
                id=item,
            )
        )
    why = tracked.out_of_scope(inv, item)
    if why:
        raise DomainError(M_("`{id}` is {why}", id=item, why=why))
    return items[item]


def _event_time(at: datetime) -> datetime:
    at = clock.localize(at)
    if at.timestamp() > clock.now().timestamp() + 300:
        raise InputError(M_("--at {at} is in the future", at=clock.for_table(at)))
    if at.year < 1970:
        raise InputError(M_("--at {at} is before 1970", at=clock.for_table(at)))
    return at


def _gate(tracked: Tracked, inv: Inventory, engine: Engine) -> Gate | None:
    return room_gate(inv, holding_systems(inv, engine)) if tracked is SERVER_ROOMS else None


def holding_systems(inv: Inventory, engine: Engine) -> dict[str, list[str]]:
    """Each room's systems that have not yet migrated or retired."""
    from govops.cloud.history import states
    from govops.cloud.models import DONE, Status

    done = DONE | {Status.RETIRED}
    current = states(engine, inv.systems)
    return {
        room.id: [s for s in room.systems if s in current and current[s].status not in done]
        for room in inv.server_rooms.values()
    }


def _rooms_extra(
    inv: Inventory, engine: Engine, current: dict[str, ItemState]
) -> dict[str, object]:
    holding = holding_systems(inv, engine)
    open_rooms = [k for k, st in current.items() if st.status != "closed"]
    return {
        "ready_to_close": sorted(k for k in open_rooms if not holding[k]),
        "holding": {k: holding[k] for k in sorted(open_rooms) if holding[k]},
    }
