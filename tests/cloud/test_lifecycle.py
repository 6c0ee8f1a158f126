from __future__ import annotations

from datetime import date

import pytest

from govops.cloud.lifecycle import allowed_moves, check_move
from govops.cloud.models import TRANSITIONS, MoveRequest, Status, SystemState
from govops.errors import DomainError
from govops.inventory.models import Classification, System

SYS = System(id="SYS-1", name="社保", department="人社厅", level="province", target_cloud="prov",
             deadline=date(2026, 6, 30), comigrate=[])  # fmt: skip
SECRET = SYS.model_copy(update={"classification": Classification.CLASSIFIED, "target_cloud": None})


def state(status: Status, **kw: object) -> SystemState:
    return SystemState("SYS-1", status, "2026-01-01T00:00:00+00:00", **kw)  # type: ignore[arg-type]


def full_request(to: Status) -> MoveRequest:
    return MoveRequest("SYS-1", to, reason="because", wave=1)


def open_gate(*_: object) -> list[str]:
    return []


ILLEGAL = [
    (frm, to)
    for frm in Status
    for to in Status
    if to not in allowed_moves(state(frm, blocked_from=Status.PLANNED))
]


@pytest.mark.parametrize(("frm", "to"), ILLEGAL, ids=[f"{f}->{t}" for f, t in ILLEGAL])
def test_every_illegal_transition_is_refused(frm: Status, to: Status) -> None:
    st = state(frm, blocked_from=Status.PLANNED)
    with pytest.raises(DomainError) as exc:
        check_move(SYS, st, full_request(to), open_gate)
    assert f"cannot move from {frm.value} to {to.value}" in exc.value.message or (
        "no further move is possible" in exc.value.message
    )


def test_there_are_many_illegal_transitions_and_every_legal_one_passes() -> None:
    assert len(ILLEGAL) > 100
    for frm, targets in TRANSITIONS.items():
        for to in targets:
            check_move(SYS, state(frm), full_request(to), open_gate)


def test_refusal_says_where_the_system_can_go() -> None:
    with pytest.raises(DomainError) as exc:
        check_move(SYS, state(Status.INVENTORIED), full_request(Status.MIGRATING))
    assert exc.value.message == (
        "`SYS-1` cannot move from inventoried to migrating; from inventoried it can move to: "
        "assessed, blocked, exempt, retired"
    )


def test_terminal_status_has_no_move() -> None:
    with pytest.raises(DomainError, match="`SYS-1` is retired: no further move is possible"):
        check_move(SYS, state(Status.RETIRED), full_request(Status.ASSESSED))


@pytest.mark.parametrize("to", [Status.PLANNED, Status.READY, Status.MIGRATED])
def test_classified_is_never_planned_onto_the_cloud(to: Status) -> None:
    with pytest.raises(DomainError, match="classified"):
        check_move(
            SECRET, state(Status.ASSESSED), MoveRequest("SYS-1", to, wave=1, evidence=("x",))
        )


def test_planned_says_what_is_missing() -> None:
    bare = SYS.model_copy(update={"target_cloud": None, "deadline": None})
    with pytest.raises(DomainError) as exc:
        check_move(bare, state(Status.ASSESSED), MoveRequest("SYS-1", Status.PLANNED))
    assert exc.value.message == (
        "`SYS-1`: planned needs a wave (--wave) and a target cloud (--target, or target_cloud "
        "in the inventory) and a deadline (--deadline, or deadline in the inventory)"
    )


def test_planned_takes_target_and_deadline_from_the_inventory() -> None:
    req = check_move(SYS, state(Status.ASSESSED), MoveRequest("SYS-1", Status.PLANNED, wave=3))
    assert (req.wave, req.target_cloud, req.deadline) == (3, "prov", date(2026, 6, 30))


def test_ready_needs_the_gate_and_reports_what_it_found() -> None:
    planned = state(Status.PLANNED, wave=2, target_cloud="prov")
    with pytest.raises(DomainError, match="ready needs the readiness gate"):
        check_move(SYS, planned, MoveRequest("SYS-1", Status.READY))
    with pytest.raises(DomainError) as exc:
        check_move(SYS, planned, MoveRequest("SYS-1", Status.READY),
                   lambda *_: ["no flavor", "quota short"])  # fmt: skip
    assert exc.value.message == "`SYS-1` is not ready: no flavor; quota short"


def test_blocked_needs_a_reason_and_returns_only_where_it_came_from() -> None:
    with pytest.raises(DomainError, match="blocked needs a reason"):
        check_move(SYS, state(Status.PLANNED), MoveRequest("SYS-1", Status.BLOCKED))
    blocked = state(Status.BLOCKED, blocked_from=Status.ASSESSED)
    check_move(SYS, blocked, MoveRequest("SYS-1", Status.ASSESSED))
    with pytest.raises(DomainError, match="it can move to: assessed, exempt, retired"):
        check_move(SYS, blocked, MoveRequest("SYS-1", Status.MIGRATING))


def test_an_observed_migration_with_evidence_may_skip_the_lifecycle() -> None:
    req = MoveRequest("SYS-1", Status.MIGRATED, evidence=("openstack:prov/abc",))
    assert check_move(SYS, state(Status.INVENTORIED), req).to is Status.MIGRATED
    with pytest.raises(DomainError):
        check_move(SYS, state(Status.INVENTORIED), MoveRequest("SYS-1", Status.MIGRATED))
    with pytest.raises(DomainError):
        check_move(SYS, state(Status.RETIRED), req)
