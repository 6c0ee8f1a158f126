"""The SLA aggregates recomputed from the fault rows, to check the stored ones against.

Used by ``govops db check`` / ``db copy`` and by the tests that drive concurrent writers:
every counter, bucket, sum and per-hour count of open deadlines must equal what the rows
give. The evaluations counter is the exception by design (a breach decided at the
deadline stays a breach), so only its total (met + breached = resolved) is compared.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govops.i18n import M_
from govops.sla.aggregates import Deltas
from govops.sla.models import Outcome
from govops.sla.tables import (
    faults,
    sla_buckets,
    sla_counters,
    sla_open_deadlines,
    sla_resolved_daily,
)


@dataclass
class Figures:
    """Aggregates in comparable form (zero entries dropped)."""

    counts: dict[str, float] = field(default_factory=dict)
    sums: dict[str, float] = field(default_factory=dict)

    def differences(self, other: Figures, tolerance: float = 1e-6) -> list[str]:
        """Where ``other`` (the recomputation) differs from these (the stored)."""
        out: list[str] = []
        for key in sorted(set(self.counts) | set(other.counts)):
            if self.counts.get(key, 0) != other.counts.get(key, 0):
                out.append(
                    M_(
                        "{key}: stored {stored:g}, rows give {given:g}",
                        key=key,
                        stored=self.counts.get(key, 0),
                        given=other.counts.get(key, 0),
                    )
                )
        for key in sorted(set(self.sums) | set(other.sums)):
            mine, theirs = self.sums.get(key, 0.0), other.sums.get(key, 0.0)
            if not math.isclose(mine, theirs, rel_tol=tolerance, abs_tol=tolerance):
                out.append(
                    M_(
                        "{key}: stored {stored}, rows give {given}",
                        key=key,
                        stored=repr(mine),
                        given=repr(theirs),
                    )
                )
        return out


def stored_figures(conn: Connection) -> Figures:
    figures = Figures()
    counters = sla_counters.c
    for name, category, severity, outcome, value in conn.execute(
        sa.select(counters.name, counters.category, counters.severity, counters.outcome,
                  counters.value)
    ):  # fmt: skip
        if name == "evaluated":
            name, outcome = "evaluated_total", ""
        key = f"counter {name} {category}/{severity}{'/' + outcome if outcome else ''}"
        target = figures.sums if name == "resolution_seconds_sum" else figures.counts
        target[key] = target.get(key, 0) + float(value)
    for category, severity, bucket, count in conn.execute(sa.select(*sla_buckets.c)):
        figures.counts[f"bucket {category}/{severity}/{bucket}"] = int(count)
    for day, category, resolved, met in conn.execute(sa.select(*sla_resolved_daily.c)):
        figures.counts[f"daily {day}/{category} resolved"] = int(resolved)
        figures.counts[f"daily {day}/{category} met"] = int(met)
    hours = sla_open_deadlines.c
    for category, severity, hour, count in conn.execute(
        sa.select(hours.category, hours.severity, hours.hour, hours.count)
    ):
        key = f"open deadlines {category}/{severity}/hour {hour}"
        figures.counts[key] = figures.counts.get(key, 0) + int(count)
    return _without_zeros(figures)


def recomputed_figures(conn: Connection) -> Figures:
    """Every fault row folded through the same arithmetic the writes use."""
    deltas = Deltas()
    query = sa.select(
        faults.c.id, faults.c.category, faults.c.severity, faults.c.opened_at,
        faults.c.resolved_at, faults.c.target, faults.c.outcome,
    )  # fmt: skip
    for fault_id, category, severity, opened_at, resolved_at, target, outcome in conn.execute(
        query.execution_options(yield_per=10_000)
    ):
        if not _numbers(opened_at, target) or not _numbers(resolved_at):
            continue  # a row `db check` reports; its aggregates cannot be recomputed
        deltas.opened(fault_id, category, severity)
        if resolved_at is None:
            deltas.open_deadline(fault_id, category, severity, opened_at + target, +1)
            continue
        decided = Outcome(outcome) if outcome in ("met", "breached") else Outcome.BREACHED
        deltas.resolved(fault_id, category, severity, opened_at, resolved_at, decided, decided)
    return _figures(deltas)


def _figures(deltas: Deltas) -> Figures:
    """The deltas in comparable form, shards summed."""
    figures = Figures()
    for (name, category, severity, outcome, _), value in deltas.counters.items():
        if name == "evaluated":
            name, outcome = "evaluated_total", ""
        key = f"counter {name} {category}/{severity}{'/' + outcome if outcome else ''}"
        target = figures.sums if name == "resolution_seconds_sum" else figures.counts
        target[key] = target.get(key, 0) + value
    for (category, severity, bucket), count in deltas.buckets.items():
        figures.counts[f"bucket {category}/{severity}/{bucket}"] = count
    days: Counter[tuple[int, str, str]] = deltas.daily
    for (day, category, what), count in days.items():
        figures.counts[f"daily {day}/{category} {what}"] = count
    for (category, severity, hour, _), count in deltas.deadlines.items():
        key = f"open deadlines {category}/{severity}/hour {hour}"
        figures.counts[key] = figures.counts.get(key, 0) + count
    return _without_zeros(figures)


def _numbers(*values: object) -> bool:
    return all(v is None or (isinstance(v, int | float) and math.isfinite(v)) for v in values)


def _without_zeros(figures: Figures) -> Figures:
    return Figures(
        {k: v for k, v in figures.counts.items() if v},
        {k: v for k, v in figures.sums.items() if v},
    )


def aggregate_differences(conn: Connection) -> list[str]:
    """Every way the stored aggregates differ from the rows ([] when they agree)."""
    return stored_figures(conn).differences(recomputed_figures(conn))
