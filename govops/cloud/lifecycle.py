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
from govops.errors import DomainError, joined
from govops.i18n import M_
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
            M_(
                "`{id}` is classified (涉密): it is never {status} onto the government cloud",
                id=sid,
                status=req.to.value,
            )
        )
    if req.to is Status.MIGRATED and req.evidence and state.status in OBSERVABLE_FROM:
        return _with_defaults(system, state, req)  # an observed migration, with its evidence
    if req.to not in allowed_moves(state):
        raise DomainError(_illegal(sid, state, req.to))
    if req.to is Status.BLOCKED and not req.reason.strip():
        raise DomainError(M_("`{id}`: blocked needs a reason (--reason)", id=sid))
    if req.to is Status.EXEMPT and not (req.reason.strip() or system.exemption):
        raise DomainError(M_("`{id}`: exempt needs the approved reason (--reason)", id=sid))
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
            (M_("a wave (--wave)"), req.wave),
            (M_("a target cloud (--target, or target_cloud in the inventory)"), req.target_cloud),
            (M_("a deadline (--deadline, or deadline in the inventory)"), req.deadline),
        )
        if value is None
    ]
    if missing:
        raise DomainError(
            M_("`{id}`: planned needs {missing}", id=sid, missing=joined(missing, " and "))
        )


def _check_ready(
    system: System, state: SystemState, req: MoveRequest, gate: ReadinessGate | None
) -> None:
    if gate is None:
        raise DomainError(
            M_(
                "`{id}`: ready needs the readiness gate; give the inventory (-i) so that "
                "govops can check the target project, flavor, quota and capacity in OpenStack",
                id=system.id,
            )
        )
    unmet = list(gate(system, state, req))
    if unmet:
        raise DomainError(M_("`{id}` is not ready: {unmet}", id=system.id, unmet=joined(unmet)))


def _illegal(sid: str, state: SystemState, to: Status) -> str:
    moves = sorted(m.value for m in allowed_moves(state))
    now = state.status.value
    if state.status in DONE and to in DONE:
        return M_("`{id}` cannot move from {status} to {to}", id=sid, status=now, to=to.value)
    if not moves:
        return M_("`{id}` is {status}: no further move is possible", id=sid, status=now)
    return M_(
        "`{id}` cannot move from {status} to {to}; from {status} it can move to: {moves}",
        id=sid,
        status=now,
        to=to.value,
        moves=", ".join(moves),
    )
