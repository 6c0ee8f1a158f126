"""A custom collector that reads the state file at scrape time, on its own registry.

A scrape reads the aggregates maintained on every write, the open faults (a partial
index keeps them cheap to find) and two small documents; it never scans fault history.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from govops import __version__, clock, store
from govops.exporter import documents
from govops.sla import aggregates
from govops.sla import faults as fault_store
from govops.sla.group_commit import IntakeWriter
from govops.sla.models import RESOLUTION_BUCKETS, Policy, SlaState, sla_state

CS = ("category", "severity")

#: An open fault's breach enters the evaluations counter this long after its deadline.
#: A resolution is counted as a breach once recorded at or after the deadline; the grace
#: covers a resolution committing while a scrape reads, so the counter never goes down.
EVALUATION_GRACE = 60.0


@dataclass(frozen=True)
class Snapshot:
    """Everything one scrape needs, read in one transaction."""

    counters: dict[tuple[str, str, str, str], float]
    buckets: dict[tuple[str, str, int], int]
    open: list[tuple[str, str, float, float]]  # category, severity, opened_at, target
    windows: dict[float, dict[str, tuple[int, int]]]  # window -> category -> (resolved, met)
    audit: Any
    migration: Any
    scorecard: Any = None


def read_snapshot(conn: sqlite3.Connection, policy: Policy, now: float) -> Snapshot:
    conn.execute("BEGIN")
    try:
        counters = {
            (r[0], r[1], r[2], r[3]): float(r[4])
            for r in conn.execute(
                "SELECT name, category, severity, outcome, value FROM sla_counters"
            )
        }
        buckets = {
            (r[0], r[1], int(r[2])): int(r[3])
            for r in conn.execute("SELECT category, severity, bucket, count FROM sla_buckets")
        }
        open_rows = [
            (r[0], r[1], float(r[2]), float(r[3]))
            for r in conn.execute(
                "SELECT category, severity, opened_at, target FROM faults WHERE resolved_at IS NULL"
            )
        ]
        windows = {w: aggregates.window_counts(conn, now - w) for w in policy.windows}
        audit = store.get_document(conn, documents.AUDIT_KEY)
        migration = store.get_document(conn, documents.MIGRATION_KEY)
        scorecard = store.get_document(conn, documents.SCORECARD_KEY)
    finally:
        conn.rollback()
    return Snapshot(counters, buckets, open_rows, windows, audit, migration, scorecard)


class SlaCollector(Collector):
    """Fault-response SLA metrics plus the network and cloud summaries other parts store."""

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        policy: Policy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._connect = connect
        self._policy = policy
        self._clock = clock

    def describe(self) -> Iterator[Metric]:
        """The metric names, without touching the database (used at registration)."""
        yield from _families(self._policy)

    def collect(self) -> Iterator[Metric]:
        now = self._clock()
        snap = read_snapshot(self._connect(), self._policy, now)
        families = _families(self._policy)
        by_name = {f.name: f for f in families}
        _fill_faults(by_name, snap, self._policy, now)
        _fill_constants(by_name, self._policy, now)
        documents.fill(by_name, snap.audit, snap.migration, snap.scorecard)
        yield from families


class IntakeCollector(Collector):
    """What this exporter process has taken from Alertmanager since it started."""

    def __init__(self, writer: IntakeWriter) -> None:
        self._writer = writer

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "govops_webhook_alerts",
            "Alerts taken on /alertmanager since start, by result.",
            labels=("result",),
        )
        for result in ("opened", "resolved", "unchanged"):
            family.add_metric([result], self._writer.results[result])
        yield family
        ignored = CounterMetricFamily(
            "govops_webhook_alerts_ignored",
            "Alerts taken on /alertmanager and not recorded, by reason "
            "(own: raised by govops's own rules, which never open a fault).",
            labels=("reason",),
        )
        ignored.add_metric(["own"], self._writer.ignored["own"])
        yield ignored


def _families(policy: Policy) -> list[Metric]:
    return [
        CounterMetricFamily("govops_faults_opened", "Faults recorded.", labels=CS),
        CounterMetricFamily("govops_faults_resolved", "Faults resolved.", labels=CS),
        GaugeMetricFamily(
            "govops_faults_open", "Open faults by SLA state.", labels=(*CS, "sla_state")
        ),
        HistogramMetricFamily(
            "govops_fault_resolution_seconds", "Time from open to resolved.", labels=CS
        ),
        GaugeMetricFamily("govops_fault_sla_target_seconds", "Time-to-resolve target.", labels=CS),
        GaugeMetricFamily(
            "govops_fault_sla_compliance_ratio",
            "Resolved within target / (resolved in window + open past target).",
            labels=("window",),
        ),
        GaugeMetricFamily(
            "govops_fault_sla_category_compliance_ratio",
            "Compliance per fault category (network, platform: 故障及时处置率; security).",
            labels=("window", "category"),
        ),
        CounterMetricFamily(
            "govops_fault_sla_evaluations",
            "Faults whose SLA outcome is decided, each counted once (met at clearance; "
            "breached at start + target, open or not, 60 s grace).",
            labels=(*CS, "outcome"),
        ),
        GaugeMetricFamily("govops_sla_objective_ratio", "This year's compliance target."),
        GaugeMetricFamily(
            "govops_fault_oldest_open_age_seconds", "Age of the oldest open fault (0: none)."
        ),
        GaugeMetricFamily("govops_build_info", "govops version.", labels=("version",)),
        *documents.families(),
    ]


def _fill_faults(by_name: dict[str, Any], snap: Snapshot, policy: Policy, now: float) -> None:
    pairs = sorted(
        {(c, s) for c in policy.categories for s in policy.severities}
        | {(k[1], k[2]) for k in snap.counters}
        | {(o[0], o[1]) for o in snap.open}
    )
    states, overdue, decided = _open_states(snap, policy, now)
    count = snap.counters.get
    for pair in pairs:
        labels = list(pair)
        by_name["govops_faults_opened"].add_metric(labels, count(("opened", *pair, ""), 0))
        by_name["govops_faults_resolved"].add_metric(labels, count(("resolved", *pair, ""), 0))
        for state in SlaState:
            by_name["govops_faults_open"].add_metric(
                [*labels, state.value], states[(*pair, state.value)]
            )
        met = count(("evaluated", *pair, "met"), 0)
        breached = count(("evaluated", *pair, "breached"), 0) + decided[pair]
        by_name["govops_fault_sla_evaluations"].add_metric([*labels, "met"], met)
        by_name["govops_fault_sla_evaluations"].add_metric([*labels, "breached"], breached)
        _histogram(by_name["govops_fault_resolution_seconds"], snap, pair)
    _fill_compliance(by_name, snap, overdue)
    oldest = min((o for _, _, o, _ in snap.open), default=None)
    age = 0.0 if oldest is None else now - oldest
    by_name["govops_fault_oldest_open_age_seconds"].add_metric([], age)


def _fill_compliance(
    by_name: dict[str, Any], snap: Snapshot, overdue: Counter[tuple[str, str]]
) -> None:
    """Met / (resolved in the window + open past target), overall and per category."""
    late: Counter[str] = Counter()
    for (category, _), count in overdue.items():
        late[category] += count
    for window, per_category in sorted(snap.windows.items()):
        label = format_window(window)
        resolved, met = aggregates.total(per_category)
        if resolved + sum(late.values()):
            by_name["govops_fault_sla_compliance_ratio"].add_metric(
                [label], met / (resolved + sum(late.values()))
            )
        for category in sorted(set(per_category) | set(late)):
            resolved, met = per_category.get(category, (0, 0))
            if resolved + late[category]:
                by_name["govops_fault_sla_category_compliance_ratio"].add_metric(
                    [label, category], met / (resolved + late[category])
                )


def _open_states(
    snap: Snapshot, policy: Policy, now: float
) -> tuple[Counter[tuple[str, str, str]], Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Open faults by (category, severity, sla_state); by pair, the overdue ones and those
    whose breach the evaluations counter already holds."""
    states: Counter[tuple[str, str, str]] = Counter()
    overdue: Counter[tuple[str, str]] = Counter()
    decided: Counter[tuple[str, str]] = Counter()
    for category, severity, opened_at, target in snap.open:
        state = sla_state(opened_at, target, now, policy.at_risk_before)
        states[category, severity, state.value] += 1
        overdue[category, severity] += state is SlaState.OVERDUE
        decided[category, severity] += now - (opened_at + target) >= EVALUATION_GRACE
    return states, overdue, decided


def _histogram(family: Any, snap: Snapshot, pair: tuple[str, str]) -> None:
    running = 0
    buckets: list[tuple[str, float]] = []
    for index, bound in enumerate(RESOLUTION_BUCKETS):
        running += snap.buckets.get((*pair, index), 0)
        buckets.append((_float_text(bound), running))
    running += snap.buckets.get((*pair, len(RESOLUTION_BUCKETS)), 0)
    buckets.append(("+Inf", running))
    total = snap.counters.get(("resolution_seconds_sum", *pair, ""), 0.0)
    family.add_metric(list(pair), buckets, total)


def _fill_constants(by_name: dict[str, Any], policy: Policy, now: float) -> None:
    for category in policy.categories:
        for severity in policy.severities:
            by_name["govops_fault_sla_target_seconds"].add_metric(
                [category, severity], policy.target(category, severity)
            )
    objective = policy.objective(clock.year_of(now))
    if objective is not None:
        by_name["govops_sla_objective_ratio"].add_metric([], objective)
    by_name["govops_build_info"].add_metric([__version__], 1)


def _float_text(value: float) -> str:
    """Bucket bounds as Prometheus 3 stores them: ``10800.0``."""
    return repr(float(value))


def format_window(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def connect_factory(path: str | None) -> Callable[[], sqlite3.Connection]:
    """One connection per thread, opened on first use, with the fault tables in place."""
    import threading

    local = threading.local()

    def connect() -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(local, "conn", None)
        if conn is None:
            conn = fault_store.open_store(path)
            local.conn = conn
        return conn

    return connect
