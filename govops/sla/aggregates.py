"""Aggregates kept up to date on every write, in the same transaction as the write.

The exporter reads these at scrape time, so a scrape costs the same with ten faults or
ten million, open or resolved. Each write gathers its deltas in a :class:`Deltas` and
applies them before the transaction commits, as increments (``value = value + delta``)
that concurrent writers on PostgreSQL can all apply without losing any.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops.sla.models import RESOLUTION_BUCKETS, Outcome
from govops.sla.tables import (
    SHARDS,
    faults,
    sla_buckets,
    sla_counters,
    sla_open_deadlines,
    sla_resolved_daily,
)
from govops.state.dialect import upsert_add
from govops.state.engine import reading

DAY = 86400
HOUR = 3600


def deadline_hour(deadline: float) -> int:
    """The hour an open fault's deadline falls in (floor division, exact for floats)."""
    return int(deadline // HOUR)


def shard(fault_id: int) -> int:
    """The aggregate shard a fault adds to (see govops.sla.tables.SHARDS)."""
    return fault_id % SHARDS


@dataclass
class Deltas:
    """What a batch of writes adds to the aggregates."""

    #: (name, category, severity, outcome, shard) -> value
    counters: dict[tuple[str, str, str, str, int], float] = field(
        default_factory=lambda: defaultdict(float)
    )
    buckets: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    daily: Counter[tuple[int, str, str]] = field(default_factory=Counter)
    #: (category, severity, hour, shard) -> open faults
    deadlines: Counter[tuple[str, str, int, int]] = field(default_factory=Counter)

    def opened(self, fault_id: int, category: str, severity: str) -> None:
        self.counters["opened", category, severity, "", shard(fault_id)] += 1

    def open_deadline(
        self, fault_id: int, category: str, severity: str, deadline: float, step: int
    ) -> None:
        """An open fault with this deadline appears (+1) or is resolved (-1)."""
        if math.isfinite(deadline):
            self.deadlines[category, severity, deadline_hour(deadline), shard(fault_id)] += step

    def resolved(
        self,
        fault_id: int,
        category: str,
        severity: str,
        opened_at: float,
        resolved_at: float,
        outcome: Outcome,
        counted: Outcome,
    ) -> None:
        """``outcome`` is the fault's (compliance, histogram); ``counted`` is what the
        evaluations counter records, which may already have been decided as a breach."""
        seconds = max(resolved_at - opened_at, 0.0)
        part = shard(fault_id)
        self.counters["resolved", category, severity, "", part] += 1
        self.counters["evaluated", category, severity, counted.value, part] += 1
        self.counters["resolution_seconds_sum", category, severity, "", part] += seconds
        self.buckets[category, severity, bisect.bisect_left(RESOLUTION_BUCKETS, seconds)] += 1
        day = int(resolved_at // DAY)
        self.daily[day, category, "resolved"] += 1
        self.daily[day, category, "met"] += outcome is Outcome.MET

    def merge(self, other: Deltas) -> None:
        for key, value in other.counters.items():
            self.counters[key] += value
        self.buckets.update(other.buckets)
        self.daily.update(other.daily)
        self.deadlines.update(other.deadlines)

    def apply(self, conn: Connection) -> None:
        """Add the deltas, rows in key order (concurrent writers lock them in one order)."""
        _add(conn, sla_counters, ["name", "category", "severity", "outcome", "shard"], ["value"], [
            {"name": n, "category": c, "severity": s, "outcome": o, "shard": p, "value": v}
            for (n, c, s, o, p), v in sorted(self.counters.items()) if v
        ])  # fmt: skip
        _add(conn, sla_buckets, ["category", "severity", "bucket"], ["count"], [
            {"category": c, "severity": s, "bucket": b, "count": n}
            for (c, s, b), n in sorted(self.buckets.items()) if n
        ])  # fmt: skip
        keys = sorted({(day, category) for day, category, _ in self.daily})
        _add(conn, sla_resolved_daily, ["day", "category"], ["resolved", "met"], [
            {"day": d, "category": c, "resolved": self.daily[d, c, "resolved"],
             "met": self.daily[d, c, "met"]}
            for d, c in keys
        ])  # fmt: skip
        touched = [(key, n) for key, n in sorted(self.deadlines.items()) if n]
        _add(conn, sla_open_deadlines, ["category", "severity", "hour", "shard"], ["count"], [
            {"category": c, "severity": s, "hour": h, "shard": p, "count": n}
            for (c, s, h, p), n in touched
        ])  # fmt: skip
        emptied = [key for key, n in touched if n < 0]
        if emptied:
            conn.execute(_DELETE_EMPTIED, [
                {"c": c, "s": s, "h": h, "p": p} for c, s, h, p in emptied
            ])  # fmt: skip


_DELETE_EMPTIED = sla_open_deadlines.delete().where(
    sla_open_deadlines.c.category == sa.bindparam("c"),
    sla_open_deadlines.c.severity == sa.bindparam("s"),
    sla_open_deadlines.c.hour == sa.bindparam("h"),
    sla_open_deadlines.c.shard == sa.bindparam("p"),
    sla_open_deadlines.c.count == 0,
)


def _add(
    conn: Connection,
    table: sa.Table,
    keys: list[str],
    columns: list[str],
    rows: list[dict[str, object]],
) -> None:
    if rows:
        conn.execute(upsert_add(conn, table, keys, columns), rows)


def window_counts(db: Engine | Connection, start: float) -> dict[str, tuple[int, int]]:
    """Per category, (resolved, met) for faults resolved at or after ``start``."""
    with reading(db) as conn:
        return windows_counts(conn, [start])[start]


def windows_counts(
    conn: Connection, starts: Iterable[float]
) -> dict[float, dict[str, tuple[int, int]]]:
    """For each start, per category, (resolved, met) for faults resolved at or after it.

    Whole days come from the daily table (one query for every window); the part-day at
    each window's start is counted exactly from the index on ``resolved_at`` (one query).
    """
    chosen = list(starts)
    if not chosen:
        return {}
    first_days = {start: math.ceil(start / DAY) for start in chosen}
    counts = {start: Counter[tuple[str, str]]() for start in chosen}
    daily = sla_resolved_daily.c
    rows = conn.execute(
        sa.select(daily.day, daily.category, daily.resolved, daily.met).where(
            daily.day >= min(first_days.values())
        )
    ).all()
    for start, first in first_days.items():
        for day, category, resolved, met in rows:
            if day >= first:
                counts[start][category, "resolved"] += int(resolved)
                counts[start][category, "met"] += int(met)
    resolved_at, is_met = faults.c.resolved_at, faults.c.outcome == "met"
    ranges = [sa.and_(resolved_at >= s, resolved_at < first_days[s] * DAY) for s in chosen]
    sums = []
    for in_range in ranges:
        sums.append(sa.func.sum(sa.case((in_range, 1), else_=0)))
        sums.append(sa.func.sum(sa.case((sa.and_(in_range, is_met), 1), else_=0)))
    query = sa.select(faults.c.category, *sums).where(sa.or_(*ranges)).group_by(faults.c.category)
    for category, *values in conn.execute(query):
        for index, start in enumerate(chosen):
            counts[start][category, "resolved"] += int(values[2 * index] or 0)
            counts[start][category, "met"] += int(values[2 * index + 1] or 0)
    out = {}
    for start, tally in counts.items():
        categories = sorted({category for category, _ in tally})
        out[start] = {c: (tally[c, "resolved"], tally[c, "met"]) for c in categories}
    return out


def open_at_or_before(
    conn: Connection, thresholds: Iterable[float]
) -> dict[float, Counter[tuple[str, str]]]:
    """For each threshold T, open faults per (category, severity) whose deadline <= T."""
    return open_split(conn, thresholds)[1]


def open_split(
    conn: Connection, thresholds: Iterable[float]
) -> tuple[Counter[tuple[str, str]], dict[float, Counter[tuple[str, str]]]]:
    """Open faults per (category, severity), and for each threshold T those whose
    deadline <= T.

    Whole hours come from ``sla_open_deadlines``; the hour T falls in is counted exactly
    from the partial index on open faults' deadlines, so the cost does not grow with
    the number of open faults.
    """
    hours = sla_open_deadlines.c
    keys = (hours.category, hours.severity, hours.hour)
    per_hour = conn.execute(sa.select(*keys, sa.func.sum(hours.count)).group_by(*keys))
    rows = sorted((int(h), c, s, int(n)) for c, s, h, n in per_hour if n)
    totals: Counter[tuple[str, str]] = Counter()
    for _, category, severity, count in rows:
        totals[category, severity] += count
    chosen = list(thresholds)
    out: dict[float, Counter[tuple[str, str]]] = {t: Counter() for t in chosen}
    for threshold in chosen:
        hour = deadline_hour(threshold)
        for row_hour, category, severity, count in rows:
            if row_hour >= hour:
                break
            out[threshold][category, severity] += count
    if not chosen:
        return totals, out
    # the hour each threshold falls in, counted exactly: one query for all of them
    edges = [(float(deadline_hour(t) * HOUR), t) for t in chosen]
    deadline = faults.c.deadline
    sums = [sa.func.sum(sa.case((sa.and_(deadline >= low, deadline <= high), 1), else_=0))
            for low, high in edges]  # fmt: skip
    query = (
        sa.select(faults.c.category, faults.c.severity, *sums)
        .where(
            faults.c.resolved_at.is_(None),
            deadline >= min(low for low, _ in edges),
            deadline <= max(high for _, high in edges),
        )
        .group_by(faults.c.category, faults.c.severity)
    )
    for category, severity, *counts in conn.execute(query):
        for threshold, count in zip(chosen, counts, strict=True):
            out[threshold][category, severity] += int(count or 0)
    return totals, out


def open_totals(conn: Connection) -> Counter[tuple[str, str]]:
    """Open faults per (category, severity), from the per-hour table."""
    hours = sla_open_deadlines.c
    totals: Counter[tuple[str, str]] = Counter()
    query = sa.select(hours.category, hours.severity, sa.func.sum(hours.count)).group_by(
        hours.category, hours.severity
    )
    for category, severity, count in conn.execute(query):
        totals[category, severity] += int(count)
    return totals


def total(per_category: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(resolved, met) over every category."""
    return (sum(r for r, _ in per_category.values()), sum(m for _, m in per_category.values()))
