"""Validate one transition: say exactly what is missing when a move is refused."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from govops.cloud.models import (
    CLOUD_SYSTEM,
    DONE,
    OBSERVABLE_FROM,
    ONTO_CLOUD,
    MoveRequest,
    Status,
    SystemState,
)
from govops.errors import DomainError
from govops.inventory.models import Classification, System
from govops.lifecycle.model import ItemState

#: Checks `ready` must pass; returns what is not met (empty: the gate is open).
ReadinessGate = Callable[[System, SystemState, MoveRequest], Sequence[str]]


def allowed_moves(state: SystemState) -> frozenset[Status]:
    """Statuses reachable from ``state`` in one legal move (blocked: back where it was)."""
    back = state.blocked_from.value if state.blocked_from is not None else None
    item = ItemState(state.system, state.status.value, returns_to=back)
    return frozenset(Status(s) for s in CLOUD_SYSTEM.allowed(item))


def check_move(
    system: System, state: SystemState, req: MoveRequest, gate: ReadinessGate | None = None
) -> MoveRequest:
    """The request completed from the inventory (target, deadline), or DomainError why not."""
    sid = system.id
    if system.classification is Classification.CLASSIFIED and req.to in ONTO_CLOUD:
        raise DomainError(
            f"`{sid}` is classified (涉密): it is never {req.to.value} onto the government cloud"
        )
    if req.to is Status.MIGRATED and req.evidence and state.status in OBSERVABLE_FROM:
        return _with_defaults(system, state, req)  # an observed migration, with its evidence
    if req.to not in allowed_moves(state):
        raise DomainError(_illegal(sid, state, req.to))
    if req.to is Status.BLOCKED and not req.reason.strip():
        raise DomainError(f"`{sid}`: blocked needs a reason (--reason)")
    if req.to is Status.EXEMPT and not (req.reason.strip() or system.exemption):
        raise DomainError(f"`{sid}`: exempt needs the approved reason (--reason)")
    full = _with_defaults(system, state, req)
    if req.to is Status.PLANNED:
        _check_planned(sid, full)
    if req.to is Status.READY:
        _check_ready(system, state, full, gate)
    return full


def _with_defaults(system: System, state: SystemState, req: MoveRequest) -> MoveRequest:
    return replace(
        req,
        wave=req.wave if req.wave is not None else state.wave,
        wave_date=req.wave_date or state.wave_date,
        target_cloud=req.target_cloud or state.target_cloud or system.target_cloud,
        deadline=req.deadline or state.deadline or system.deadline,
    )


def _check_planned(sid: str, req: MoveRequest) -> None:
    missing = [
        name
        for name, value in (
            ("a wave (--wave)", req.wave),
            ("a target cloud (--target, or target_cloud in the inventory)", req.target_cloud),
            ("a deadline (--deadline, or deadline in the inventory)", req.deadline),
        )
        if value is None
    ]
    if missing:
        raise DomainError(f"`{sid}`: planned needs {' and '.join(missing)}")


def _check_ready(
    system: System, state: SystemState, req: MoveRequest, gate: ReadinessGate | None
) -> None:
    if gate is None:
        raise DomainError(
            f"`{system.id}`: ready needs the readiness gate; give the inventory (-i) so that "
            "govops can check the target project, flavor, quota and capacity in OpenStack"
        )
    unmet = list(gate(system, state, req))
    if unmet:
        raise DomainError(f"`{system.id}` is not ready: " + "; ".join(unmet))


def _illegal(sid: str, state: SystemState, to: Status) -> str:
    moves = sorted(m.value for m in allowed_moves(state))
    if state.status in DONE and to in DONE:
        hint = ""
    elif not moves:
        return f"`{sid}` is {state.status.value}: no further move is possible"
    else:
        hint = f"; from {state.status.value} it can move to: {', '.join(moves)}"
    return f"`{sid}` cannot move from {state.status.value} to {to.value}{hint}"
