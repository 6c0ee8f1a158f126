"""SLA arithmetic, exactly as the plan's indicator is defined.

Compliance over a window = faults resolved within target in the window /
(faults resolved in the window + open faults already past target). An open fault
counts as a breach from the moment it passes its target.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govops.sla.models import Fault, Outcome, decide


@dataclass(frozen=True)
class Compliance:
    met: int
    resolved: int
    open_overdue: int

    @property
    def denominator(self) -> int:
        return self.resolved + self.open_overdue

    @property
    def ratio(self) -> float | None:
        return self.met / self.denominator if self.denominator else None


def compliance(faults: Iterable[Fault], start: float, now: float) -> Compliance:
    """Compliance of ``faults`` over the window [start, now] (a fault resolved after
    ``now`` counts as open at ``now``)."""
    met = resolved = overdue = 0
    for fault in faults:
        if fault.resolved_at is not None and fault.resolved_at <= now:
            if fault.resolved_at >= start:
                resolved += 1
                met += decide(fault.opened_at, fault.resolved_at, fault.target) is Outcome.MET
        elif fault.deadline <= now:
            overdue += 1
    return Compliance(met=met, resolved=resolved, open_overdue=overdue)


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``q`` of them at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)), 1) - 1]
