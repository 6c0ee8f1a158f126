"""Plain values inside the SLA part: a fault, its SLA state, and the policy it is judged by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

#: Histogram bucket bounds for time to resolve (seconds); 10800 is the 3-hour target.
RESOLUTION_BUCKETS: tuple[float, ...] = (
    300.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    10800.0,
    21600.0,
    43200.0,
    86400.0,
    259200.0,
)


class Source(StrEnum):
    MANUAL = "manual"
    ALERTMANAGER = "alertmanager"
    IMPORT = "import"


class Outcome(StrEnum):
    MET = "met"
    BREACHED = "breached"


class SlaState(StrEnum):
    WITHIN = "within"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Policy:
    """Targets in seconds; ``targets`` maps (category, severity) to a time to resolve."""

    default_target: float = 10800.0
    at_risk_before: float = 3600.0
    categories: tuple[str, ...] = ("network", "platform", "security")
    severities: tuple[str, ...] = ("critical", "major", "minor")
    targets: dict[tuple[str, str], float] = field(default_factory=dict)
    acknowledge: dict[tuple[str, str], float] = field(default_factory=dict)
    acknowledge_default: float | None = None
    objectives: dict[int, float] = field(default_factory=lambda: {2023: 0.95, 2025: 0.99})
    windows: tuple[float, ...] = (7 * 86400.0, 30 * 86400.0, 365 * 86400.0)
    label_map: dict[str, str] = field(
        default_factory=lambda: {k: k for k in ("category", "severity", "site", "level")}
    )
    default_category: str = "platform"
    default_severity: str = "major"

    def target(self, category: str, severity: str) -> float:
        return self.targets.get((category, severity), self.default_target)

    def ack_target(self, category: str, severity: str) -> float | None:
        return self.acknowledge.get((category, severity), self.acknowledge_default)

    def objective(self, year: int) -> float | None:
        """The compliance target in force in ``year``: the latest one set for it or before."""
        years = [y for y in self.objectives if y <= year]
        return self.objectives[max(years)] if years else None


@dataclass(frozen=True)
class Fault:
    """One fault. Times are UTC epoch seconds; ``target`` is fixed when the fault opens."""

    id: int
    category: str
    severity: str
    site: str | None
    level: str | None
    summary: str
    opened_at: float
    acknowledged_at: float | None
    resolved_at: float | None
    source: str
    external_key: str | None
    target: float
    outcome: str | None
    opened_by: str | None = None
    acknowledged_by: str | None = None
    resolved_by: str | None = None

    @property
    def deadline(self) -> float:
        return self.opened_at + self.target

    @property
    def time_to_resolve(self) -> float | None:
        return None if self.resolved_at is None else self.resolved_at - self.opened_at

    def state(self, now: float, at_risk_before: float) -> SlaState | None:
        """Where an open fault stands at ``now``; None once it is resolved."""
        if self.resolved_at is not None:
            return None
        return sla_state(self.opened_at, self.target, now, at_risk_before)


def sla_state(opened_at: float, target: float, now: float, at_risk_before: float) -> SlaState:
    left = opened_at + target - now
    if left <= 0:
        return SlaState.OVERDUE
    return SlaState.AT_RISK if left <= at_risk_before else SlaState.WITHIN


def decide(opened_at: float, resolved_at: float, target: float) -> Outcome:
    """A resolved fault's outcome: met when cleared within its target (inclusive)."""
    return Outcome.MET if resolved_at - opened_at <= target else Outcome.BREACHED


def iso(ts: float | None) -> str | None:
    """UTC ISO-8601 with seconds (and microseconds when there are any), or None."""
    if ts is None:
        return None
    try:
        moment = datetime.fromtimestamp(ts, UTC)
    except (OverflowError, ValueError, OSError):
        # a row written by an older version without bounds: shown, never a crash
        return f"(invalid time {ts!r})"
    spec = "seconds" if moment.microsecond == 0 else "microseconds"
    return moment.isoformat(timespec=spec).replace("+00:00", "Z")


def parse_time(value: str) -> float:
    """Epoch seconds from ISO-8601; a time without an offset is in GOVOPS_TZ (Beijing time)."""
    from govops import clock

    return clock.parse_epoch(value)
