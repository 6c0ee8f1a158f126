"""`govops fault report`: counts, time to resolve and compliance over a window, by group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from govops import clock
from govops.sla import faults as store
from govops.sla.compliance import compliance, median, percentile
from govops.sla.models import Fault, Policy, SlaState, sla_state

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


class GroupBy(StrEnum):
    CATEGORY = "category"
    SEVERITY = "severity"
    LEVEL = "level"


@dataclass(frozen=True)
class GroupRow:
    group: str
    opened: int
    resolved: int
    met: int
    open: int
    open_overdue: int
    compliance_ratio: float | None
    median_resolve_seconds: float | None
    p90_resolve_seconds: float | None
    ack_due: int
    ack_within: int


@dataclass(frozen=True)
class OpenRow:
    fault: Fault
    seconds_left: float
    state: SlaState


@dataclass(frozen=True)
class SlaReport:
    generated_at: float
    window_seconds: float
    by: GroupBy
    objective_ratio: float | None
    groups: list[GroupRow]
    total: GroupRow
    open: list[OpenRow]

    @property
    def meets_objective(self) -> bool | None:
        ratio = self.total.compliance_ratio
        if ratio is None or self.objective_ratio is None:
            return None
        return ratio >= self.objective_ratio


def build_report(
    conn: Engine | Connection, policy: Policy, *, window: float, by: GroupBy, now: float
) -> SlaReport:
    """The SLA report over [now - window, now], grouped ``by`` one fault attribute."""
    start = now - window
    relevant = store.list_faults(conn, since=start)
    key: Callable[[Fault], str] = lambda f: getattr(f, by.value) or "-"  # noqa: E731
    grouped: dict[str, list[Fault]] = defaultdict(list)
    for fault in relevant:
        grouped[key(fault)].append(fault)
    rows = [_row(name, grouped[name], policy, start, now) for name in sorted(grouped)]
    opened = [f for f in relevant if f.resolved_at is None or f.resolved_at > now]
    return SlaReport(
        generated_at=now,
        window_seconds=window,
        by=by,
        objective_ratio=policy.objective(clock.year_of(now)),
        groups=rows,
        total=_row("total", relevant, policy, start, now),
        open=[_open_row(f, policy, now) for f in sorted(opened, key=lambda f: f.deadline)],
    )


def _row(name: str, group: list[Fault], policy: Policy, start: float, now: float) -> GroupRow:
    result = compliance(group, start, now)
    durations = [
        f.time_to_resolve
        for f in group
        if f.resolved_at is not None
        and start <= f.resolved_at <= now
        and f.time_to_resolve is not None
    ]
    ack_due, ack_within = _acks(group, policy, start, now)
    return GroupRow(
        group=name,
        opened=sum(start <= f.opened_at <= now for f in group),
        resolved=result.resolved,
        met=result.met,
        open=sum(f.resolved_at is None or f.resolved_at > now for f in group),
        open_overdue=result.open_overdue,
        compliance_ratio=result.ratio,
        median_resolve_seconds=median(durations),
        p90_resolve_seconds=percentile(durations, 0.9),
        ack_due=ack_due,
        ack_within=ack_within,
    )


def _acks(group: list[Fault], policy: Policy, start: float, now: float) -> tuple[int, int]:
    """Faults opened in the window whose ack target has passed or that were acknowledged,
    and how many of those were acknowledged in time."""
    due = within = 0
    for fault in group:
        target = policy.ack_target(fault.category, fault.severity)
        if target is None or not start <= fault.opened_at <= now:
            continue
        acked = fault.acknowledged_at
        if acked is None and fault.opened_at + target > now:
            continue
        due += 1
        within += acked is not None and acked - fault.opened_at <= target
    return due, within


def _open_row(fault: Fault, policy: Policy, now: float) -> OpenRow:
    state = sla_state(fault.opened_at, fault.target, now, policy.at_risk_before)
    return OpenRow(fault=fault, seconds_left=fault.deadline - now, state=state)
