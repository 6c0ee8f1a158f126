"""The rules every tracked kind shares, on the private-network and server-room lifecycles."""

from __future__ import annotations

from datetime import date

import pytest

from govops.errors import DomainError
from govops.lifecycle.engine import burndown, check_move, fold, progress
from govops.lifecycle.kinds import PRIVATE_NETWORK as PN
from govops.lifecycle.kinds import SERVER_ROOM, start
from govops.lifecycle.model import ItemState, Move, MoveRequest


def move(item: str, frm: str, to: str, at: str, reason: str = "") -> Move:
    return Move("private_network", item, frm, to, at, "tester", reason=reason)


def test_fold_follows_the_moves_and_keeps_the_reason_only_where_needed() -> None:
    moves = [
        move("pn-1", "inventoried", "planned", "2024-01-01T01:00:00+00:00"),
        move("pn-1", "planned", "exempt", "2024-02-01T01:00:00+00:00", "批准暂缓"),
    ]
    state = fold(PN, start(PN, "pn-1"), moves)
    assert (state.status, state.since, state.reason) == (
        "exempt",
        "2024-02-01T01:00:00+00:00",
        "批准暂缓",
    )
    back = fold(PN, state, [move("pn-1", "exempt", "inventoried", "2024-03-01T01:00:00+00:00")])
    assert (back.status, back.reason) == ("inventoried", "")


def test_done_at_is_when_it_first_reached_done() -> None:
    moves = [
        move("pn-1", "inventoried", "planned", "2024-01-01T01:00:00+00:00"),
        move("pn-1", "planned", "cutover", "2024-02-01T01:00:00+00:00"),
        move("pn-1", "cutover", "integrated", "2024-03-01T01:00:00+00:00"),
    ]
    assert fold(PN, start(PN, "pn-1"), moves).done_at == "2024-03-01T01:00:00+00:00"


@pytest.mark.parametrize(
    ("frm", "to", "message"),
    [
        ("inventoried", "integrated",
         "`pn-1` cannot move from inventoried to integrated; from inventoried it can move to: "
         "exempt, planned, retired"),
        ("integrated", "planned", "`pn-1` is integrated: no further move is possible"),
        ("planned", "merged",
         "unknown status `merged` for a private network; choose one of inventoried, planned, "
         "cutover, integrated, retired, exempt"),
        ("planned", "exempt", "`pn-1`: exempt needs a reason (--reason)"),
        ("cutover", "retired", "`pn-1`: retired needs a reason (--reason)"),
    ],
)  # fmt: skip
def test_illegal_moves_say_what_is_possible(frm: str, to: str, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        check_move(PN, ItemState("pn-1", frm), MoveRequest("pn-1", to))
    assert caught.value.message == message


def test_every_legal_move_passes_and_every_other_is_refused() -> None:
    for frm in PN.statuses:
        for to in PN.statuses:
            req = MoveRequest("pn-1", to, reason="因为")
            if to in PN.transitions[frm]:
                check_move(PN, ItemState("pn-1", frm), req)
            else:
                with pytest.raises(DomainError):
                    check_move(PN, ItemState("pn-1", frm), req)


def test_progress_keeps_exempt_in_the_denominator_and_lists_overdue() -> None:
    today = date(2026, 11, 27)
    states = [
        ItemState("a", "integrated", deadline=date(2023, 12, 31)),
        ItemState("b", "retired"),
        ItemState("c", "exempt", deadline=date(2023, 12, 31)),  # exempt: never overdue
        ItemState("d", "planned", deadline=date(2025, 12, 31)),  # overdue
        ItemState("e", "cutover", deadline=date(2026, 12, 31)),  # not yet due
        ItemState("f", "inventoried"),  # no deadline
    ]
    p = progress(PN, states, today)
    assert (p.total, p.done, p.exempt, p.overdue) == (6, 2, 1, ["d"])
    assert p.ratio == pytest.approx(2 / 6)
    assert p.by_status == {
        "inventoried": 1, "planned": 1, "cutover": 1, "integrated": 1, "retired": 1, "exempt": 1
    }  # fmt: skip


def test_burndown_counts_items_not_done_day_by_day_in_beijing_time() -> None:
    starts = {k: start(PN, k) for k in ("a", "b", "c")}
    moves = [
        move("a", "inventoried", "retired", "2024-01-01T15:00:00+00:00", "撤线"),  # 01-01 23:00
        move("b", "inventoried", "planned", "2024-01-01T17:00:00+00:00"),  # 01-02 01:00 Beijing
        move("b", "planned", "cutover", "2024-01-01T18:00:00+00:00"),
        move("b", "cutover", "integrated", "2024-01-05T02:00:00+00:00"),
    ]
    assert burndown(PN, starts, moves) == [
        (date(2024, 1, 1), 2), (date(2024, 1, 2), 2), (date(2024, 1, 5), 1)
    ]  # fmt: skip


def test_a_server_room_closes_from_open_or_closing_and_never_reopens() -> None:
    assert SERVER_ROOM.allowed(ItemState("r", "open")) == {"closing", "closed"}
    assert SERVER_ROOM.allowed(ItemState("r", "closing")) == {"open", "closed"}
    assert SERVER_ROOM.terminal == {"closed"}
