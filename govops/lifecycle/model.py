"""What a lifecycle is (statuses and legal moves), and its moves and states as plain records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Lifecycle:
    """One kind of tracked item: its statuses, its legal moves and what counts as done.

    ``done`` statuses count toward the indicator (integrated, retired, closed...);
    ``needs_reason`` statuses are refused without a reason, which the state then keeps;
    a move into a ``returns`` status (blocked) may later go back to where it came from.
    """

    kind: str
    noun: str  # what an item is called in messages: "private network", "server room"
    statuses: tuple[str, ...]
    initial: str
    transitions: Mapping[str, frozenset[str]]
    done: frozenset[str]
    needs_reason: frozenset[str] = frozenset()
    returns: frozenset[str] = frozenset()
    exempt: str | None = None  # the status of an approved exemption, shown apart

    def allowed(self, state: ItemState) -> frozenset[str]:
        moves = self.transitions.get(state.status, frozenset())
        if state.status in self.returns and state.returns_to is not None:
            moves = moves | {state.returns_to}
        return moves

    @property
    def terminal(self) -> frozenset[str]:
        return frozenset(s for s in self.statuses if not self.transitions.get(s))


@dataclass(frozen=True)
class Move:
    """One dated transition in the log; ``extra`` carries kind-specific fields (wave, cloud)."""

    kind: str
    item: str
    from_status: str
    to_status: str
    at: str  # ISO-8601 with offset
    actor: str
    note: str = ""
    reason: str = ""
    evidence: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    id: int = 0


@dataclass(frozen=True)
class MoveRequest:
    """What a caller asks for: move ``item`` to ``to``."""

    item: str
    to: str
    note: str = ""
    reason: str = ""
    evidence: tuple[str, ...] = ()
    actor: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemState:
    """Where one item stands, folded from its moves."""

    item: str
    status: str
    since: str | None = None  # time of the last move; None if never moved
    reason: str = ""
    returns_to: str | None = None
    done_at: str | None = None  # when it first reached a done status (last time, if it left)
    evidence: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    deadline: date | None = None
