"""The rules every lifecycle shares: fold a log into a state, check a move, count progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from govops import clock
from govops.errors import DomainError
from govops.i18n import M_
from govops.lifecycle.model import ItemState, Lifecycle, Move, MoveRequest


def fold(life: Lifecycle, start: ItemState, moves: Iterable[Move]) -> ItemState:
    """The state after ``moves`` (oldest first), from ``start``."""
    state = start
    for mv in moves:
        state = ItemState(
            item=state.item,
            status=mv.to_status,
            since=mv.at,
            reason=mv.reason if mv.to_status in life.needs_reason else "",
            returns_to=mv.from_status if mv.to_status in life.returns else None,
            done_at=(state.done_at or mv.at) if mv.to_status in life.done else None,
            evidence=mv.evidence or state.evidence,
            extra={**state.extra, **{k: v for k, v in mv.extra.items() if v is not None}},
            deadline=state.deadline,
        )
    return state


def check_move(life: Lifecycle, state: ItemState, req: MoveRequest) -> None:
    """Refuse an illegal move with a message that says what is possible or missing."""
    if req.to not in life.statuses:
        raise DomainError(
            M_(
                "unknown status `{status}` for a {noun}; choose one of {choices}",
                status=req.to,
                noun=M_(life.noun),
                choices=", ".join(life.statuses),
            )
        )
    allowed = life.allowed(state)
    if req.to not in allowed:
        if not allowed:
            raise DomainError(
                M_(
                    "`{id}` is {status}: no further move is possible",
                    id=state.item,
                    status=state.status,
                )
            )
        raise DomainError(
            M_(
                "`{id}` cannot move from {status} to {to}; from {status} it can move to: {moves}",
                id=state.item,
                status=state.status,
                to=req.to,
                moves=", ".join(sorted(allowed)),
            )
        )
    if req.to in life.needs_reason and not req.reason.strip():
        raise DomainError(
            M_("`{id}`: {status} needs a reason (--reason)", id=state.item, status=req.to)
        )


@dataclass(frozen=True)
class Progress:
    """Counts of one population of items: the indicator is ``done / total``."""

    total: int
    done: int
    exempt: int
    by_status: dict[str, int]
    overdue: list[str]

    @property
    def ratio(self) -> float | None:
        return self.done / self.total if self.total else None


def progress(life: Lifecycle, states: Sequence[ItemState], today: date) -> Progress:
    """Done, exempt (kept in the denominator, shown apart), per status and overdue items."""
    by_status = {s: 0 for s in life.statuses}
    for st in states:
        by_status[st.status] = by_status.get(st.status, 0) + 1
    overdue = sorted(
        st.item
        for st in states
        if st.status not in life.done
        and st.status != life.exempt
        and st.deadline is not None
        and st.deadline < today
    )
    return Progress(
        total=len(states),
        done=sum(by_status[s] for s in life.done),
        exempt=by_status.get(life.exempt, 0) if life.exempt else 0,
        by_status={s: n for s, n in by_status.items() if n},
        overdue=overdue,
    )


def burndown(
    life: Lifecycle, starts: Mapping[str, ItemState], moves: Sequence[Move]
) -> list[tuple[date, int]]:
    """Items not yet done, day by day: one point per day on which a move happened."""
    state = dict(starts)
    points: list[tuple[date, int]] = []
    for mv in sorted(moves, key=lambda m: (m.at, m.id)):
        if mv.item not in state:
            continue
        state[mv.item] = fold(life, state[mv.item], [mv])
        day = clock.local(datetime.fromisoformat(mv.at)).date()  # the day in GOVOPS_TZ
        remaining = sum(1 for st in state.values() if st.status not in life.done)
        if points and points[-1][0] == day:
            points[-1] = (day, remaining)
        else:
            points.append((day, remaining))
    return points
