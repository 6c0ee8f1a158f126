"""The migration lifecycle: statuses, legal transitions, and the event records of the log.

A system's status is never stored as such: it is derived from the append-only event log
(``govops.cloud.history``), each event a transition ``from -> to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from govops.lifecycle.model import Lifecycle


class Status(StrEnum):
    INVENTORIED = "inventoried"
    ASSESSED = "assessed"
    PLANNED = "planned"
    READY = "ready"
    MIGRATING = "migrating"
    TESTING = "testing"
    CUTOVER = "cutover"
    MIGRATED = "migrated"
    DECOMMISSIONED = "decommissioned"
    BLOCKED = "blocked"
    ROLLED_BACK = "rolled_back"
    EXEMPT = "exempt"
    RETIRED = "retired"


S = Status

#: The main line, in order; the side states come after.
LIFECYCLE = (
    S.INVENTORIED, S.ASSESSED, S.PLANNED, S.READY, S.MIGRATING,
    S.TESTING, S.CUTOVER, S.MIGRATED, S.DECOMMISSIONED,
)  # fmt: skip
SIDE_STATES = (S.BLOCKED, S.ROLLED_BACK, S.EXEMPT, S.RETIRED)

#: Every legal move. BLOCKED returns only to the status it was blocked from (see history).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.INVENTORIED: frozenset({S.ASSESSED, S.BLOCKED, S.EXEMPT, S.RETIRED}),
    S.ASSESSED: frozenset({S.PLANNED, S.BLOCKED, S.EXEMPT, S.RETIRED}),
    S.PLANNED: frozenset({S.PLANNED, S.READY, S.ASSESSED, S.BLOCKED, S.EXEMPT, S.RETIRED}),
    S.READY: frozenset({S.MIGRATING, S.PLANNED, S.BLOCKED}),
    S.MIGRATING: frozenset({S.TESTING, S.ROLLED_BACK, S.BLOCKED}),
    S.TESTING: frozenset({S.CUTOVER, S.ROLLED_BACK, S.BLOCKED}),
    S.CUTOVER: frozenset({S.MIGRATED, S.ROLLED_BACK}),
    S.MIGRATED: frozenset({S.DECOMMISSIONED, S.ROLLED_BACK}),
    S.DECOMMISSIONED: frozenset(),
    S.BLOCKED: frozenset({S.RETIRED, S.EXEMPT}),  # plus the status it was blocked from
    S.ROLLED_BACK: frozenset({S.PLANNED, S.READY, S.ASSESSED, S.BLOCKED}),
    S.EXEMPT: frozenset({S.ASSESSED, S.RETIRED}),
    S.RETIRED: frozenset(),
}

#: On the cloud: counted as migrated by 上云率.
DONE = frozenset({S.MIGRATED, S.DECOMMISSIONED})
#: No further move is possible.
TERMINAL = frozenset({S.DECOMMISSIONED, S.RETIRED})
#: Statuses that put a system onto the government cloud: never for a classified system.
ONTO_CLOUD = frozenset(
    {S.PLANNED, S.READY, S.MIGRATING, S.TESTING, S.CUTOVER, S.MIGRATED, S.DECOMMISSIONED}
)
#: A migration observed on the cloud (sync, evidence) may be recorded from these.
OBSERVABLE_FROM = frozenset(
    {S.INVENTORIED, S.ASSESSED, S.PLANNED, S.READY, S.MIGRATING, S.TESTING, S.CUTOVER,
     S.BLOCKED, S.ROLLED_BACK}
)  # fmt: skip


#: The migration as one of the lifecycle engine's kinds: its log, lock and legal moves.
CLOUD_SYSTEM = Lifecycle(
    kind="cloud_system",
    noun="system",
    statuses=tuple(s.value for s in Status),
    initial=S.INVENTORIED.value,
    transitions={k.value: frozenset(v.value for v in vs) for k, vs in TRANSITIONS.items()},
    done=frozenset(s.value for s in DONE),
    needs_reason=frozenset({S.BLOCKED.value, S.EXEMPT.value}),
    returns=frozenset({S.BLOCKED.value}),
    exempt=S.EXEMPT.value,
)


@dataclass(frozen=True)
class Event:
    """One transition in the log. ``wave``/``target_cloud``/``deadline`` come with `planned`."""

    system: str
    from_status: Status
    to_status: Status
    at: str  # ISO-8601 UTC
    actor: str
    note: str = ""
    reason: str = ""
    evidence: tuple[str, ...] = ()
    wave: int | None = None
    target_cloud: str | None = None
    deadline: date | None = None
    wave_date: date | None = None
    id: int = 0


@dataclass(frozen=True)
class MoveRequest:
    """What a caller asks for: move ``system`` to ``to``, with what that move needs."""

    system: str
    to: Status
    note: str = ""
    reason: str = ""
    evidence: tuple[str, ...] = ()
    wave: int | None = None
    target_cloud: str | None = None
    deadline: date | None = None
    wave_date: date | None = None
    actor: str = ""


@dataclass(frozen=True)
class SystemState:
    """Where one system stands, folded from its events."""

    system: str
    status: Status
    since: str | None  # time of the last event; None if never moved
    reason: str = ""  # blocked reason, when blocked
    blocked_from: Status | None = None
    wave: int | None = None
    wave_date: date | None = None
    target_cloud: str | None = None
    deadline: date | None = None
    migrated_at: str | None = None
    evidence: tuple[str, ...] = field(default=())
