"""A custom collector that reads the state file at scrape time, on its own registry.

A scrape reads the aggregates maintained on every write, the open faults (a partial
index keeps them cheap to find) and two small documents; it never scans fault history.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from govops import __version__, clock
from govops.exporter import documents
from govops.sla import aggregates
from govops.sla.group_commit import IntakeWriter
from govops.sla.models import RESOLUTION_BUCKETS, Policy, SlaState

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

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
    open_states: Counter[tuple[str, str, str]]  # (category, severity, sla_state) -> count
    overdue: Counter[tuple[str, str]]  # open past their deadline
    decided: Counter[tuple[str, str]]  # open and past deadline + grace: counted as breached
    oldest_open: float | None
    windows: dict[float, dict[str, tuple[int, int]]]  # window -> category -> (resolved, met)
    audit: Any
    migration: Any
    scorecard: Any = None


class Reader:
    """The connection a collector reads on: its own, kept between scrapes (no pool
    checkout, no ping), in autocommit: a scrape is one statement, one round trip.
    A broken connection is dropped and the read tried once more on a new one."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._raw: Any = None

    def rows(self, sql: str, params: dict[str, Any]) -> list[Any]:
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._raw is None:
                        self._raw = self._connect()
                    cursor = self._raw[1].cursor()
                    try:
                        cursor.execute(sql, params)
                        return list(cursor.fetchall())
                    finally:
                        cursor.close()
                except Exception:
                    self.close()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def _connect(self) -> tuple[Any, Any]:
        """(the pool's wrapper, the driver's connection)."""
        raw = self._engine.raw_connection()
        driver: Any = raw.driver_connection
        raw.detach()  # this reader's alone: closed, not pooled, when dropped
        if self._engine.dialect.name == "postgresql":
            driver.autocommit = True
        return raw, driver

    def close(self) -> None:
        if self._raw is not None:
            with suppress(Exception):
                self._raw[0].close()
            self._raw = None


def read_snapshot(
    engine: Engine, policy: Policy, now: float, reader: Reader | None = None
) -> Snapshot:
    """Aggregates and a few index searches, never a walk over fault rows: one statement
    (govops.exporter.scrape_query), so one consistent view of the state."""
    from govops.exporter import scrape_query

    keys = (documents.AUDIT_KEY, documents.MIGRATION_KEY, documents.SCORECARD_KEY)
    sql, fixed = scrape_query.sql(engine.dialect.name, len(policy.windows), keys)
    due_by = now + policy.at_risk_before
    thresholds = (now - EVALUATION_GRACE, now, due_by)
    bound = fixed | scrape_query.params(thresholds, [now - w for w in policy.windows])
    own = reader is None
    reader = reader or Reader(engine)
    try:
        got = scrape_query.parse(reader.rows(sql, bound), len(policy.windows))
    finally:
        if own:
            reader.close()
    decided, overdue, soon = got.open_before
    states: Counter[tuple[str, str, str]] = Counter()
    for pair, count in got.open_totals.items():
        states[(*pair, SlaState.OVERDUE.value)] = overdue[pair]
        states[(*pair, SlaState.AT_RISK.value)] = soon[pair] - overdue[pair]
        states[(*pair, SlaState.WITHIN.value)] = count - soon[pair]
    windows = {w: got.windows[k] for k, w in enumerate(policy.windows)}
    docs = {key: json.loads(body) for key, body in got.documents.items()}
    return Snapshot(
        got.counters, got.buckets, states, overdue, decided, got.oldest_open, windows,
        *(docs.get(k) for k in keys),
    )  # fmt: skip


class SlaCollector(Collector):
    """Fault-response SLA metrics plus the network and cloud summaries other parts store."""

    def __init__(
        self,
        engine: Engine,
        policy: Policy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._engine = engine
        self._policy = policy
        self._clock = clock
        self._reader = Reader(engine)

    def close(self) -> None:
        """Close the connection scrapes read on."""
        self._reader.close()

    def describe(self) -> Iterator[Metric]:
        """The metric names, without touching the database (used at registration)."""
        yield from _families(self._policy)

    def collect(self) -> Iterator[Metric]:
        now = self._clock()
        snap = read_snapshot(self._engine, self._policy, now, self._reader)
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
        | {(k[0], k[1]) for k in snap.open_states}
    )
    states, overdue, decided = snap.open_states, snap.overdue, snap.decided
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
    age = 0.0 if snap.oldest_open is None else now - snap.oldest_open
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
