"""Aggregates kept up to date on every write, in the same transaction as the write.

The exporter reads these (and the few open faults) at scrape time, so a scrape costs
the same with ten faults or ten million. Each write gathers its deltas in a
:class:`Deltas` and applies them before the transaction commits.
"""

from __future__ import annotations

import bisect
import math
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from govops.sla.models import RESOLUTION_BUCKETS, Outcome

DAY = 86400

DDL = """
CREATE TABLE IF NOT EXISTS sla_counters (
    name TEXT NOT NULL,            -- opened | resolved | evaluated | resolution_seconds_sum
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    PRIMARY KEY (name, category, severity, outcome)
);
CREATE TABLE IF NOT EXISTS sla_buckets (
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    bucket INTEGER NOT NULL,       -- index into RESOLUTION_BUCKETS; len() is +Inf
    count INTEGER NOT NULL,
    PRIMARY KEY (category, severity, bucket)
);
CREATE TABLE IF NOT EXISTS sla_resolved_daily (
    day INTEGER NOT NULL,          -- UTC epoch day of resolution
    category TEXT NOT NULL,
    resolved INTEGER NOT NULL,
    met INTEGER NOT NULL,
    PRIMARY KEY (day, category)
);
"""


@dataclass
class Deltas:
    """What a batch of writes adds to the aggregates."""

    counters: dict[tuple[str, str, str, str], float] = field(
        default_factory=lambda: defaultdict(float)
    )
    buckets: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    daily: Counter[tuple[int, str, str]] = field(default_factory=Counter)

    def opened(self, category: str, severity: str) -> None:
        self.counters["opened", category, severity, ""] += 1

    def resolved(
        self,
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
        self.counters["resolved", category, severity, ""] += 1
        self.counters["evaluated", category, severity, counted.value] += 1
        self.counters["resolution_seconds_sum", category, severity, ""] += seconds
        self.buckets[category, severity, bisect.bisect_left(RESOLUTION_BUCKETS, seconds)] += 1
        day = int(resolved_at // DAY)
        self.daily[day, category, "resolved"] += 1
        self.daily[day, category, "met"] += outcome is Outcome.MET

    def apply(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO sla_counters(name, category, severity, outcome, value) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name, category, severity, outcome) "
            "DO UPDATE SET value = value + excluded.value",
            [(*key, value) for key, value in self.counters.items() if value],
        )
        conn.executemany(
            "INSERT INTO sla_buckets(category, severity, bucket, count) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(category, severity, bucket) DO UPDATE SET count = count + excluded.count",
            [(*key, value) for key, value in self.buckets.items()],
        )
        keys = sorted({(day, category) for day, category, _ in self.daily})
        conn.executemany(
            "INSERT INTO sla_resolved_daily(day, category, resolved, met) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(day, category) DO UPDATE SET resolved = resolved + excluded.resolved, "
            "met = met + excluded.met",
            [(d, c, self.daily[d, c, "resolved"], self.daily[d, c, "met"]) for d, c in keys],
        )


def window_counts(conn: sqlite3.Connection, start: float) -> dict[str, tuple[int, int]]:
    """Per category, (resolved, met) for faults resolved at or after ``start``.

    Whole days come from the daily table; the part-day at the window's start is
    counted exactly from the index on ``resolved_at``.
    """
    first_full_day = math.ceil(start / DAY)
    counts: Counter[tuple[str, str]] = Counter()
    edge = conn.execute(
        "SELECT category, count(*), sum(outcome = 'met') FROM faults "
        "WHERE resolved_at >= ? AND resolved_at < ? GROUP BY category",
        (start, first_full_day * DAY),
    )
    days = conn.execute(
        "SELECT category, sum(resolved), sum(met) FROM sla_resolved_daily "
        "WHERE day >= ? GROUP BY category",
        (first_full_day,),
    )
    for category, resolved, met in [*edge, *days]:
        counts[category, "resolved"] += int(resolved)
        counts[category, "met"] += int(met)
    categories = sorted({category for category, _ in counts})
    return {c: (counts[c, "resolved"], counts[c, "met"]) for c in categories}


def total(per_category: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(resolved, met) over every category."""
    return (sum(r for r, _ in per_category.values()), sum(m for _, m in per_category.values()))
