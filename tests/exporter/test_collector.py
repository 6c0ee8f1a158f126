from __future__ import annotations

import pytest
import sqlalchemy as sa
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import CollectorRegistry
from sqlalchemy.engine import Engine

from govops import store
from govops.exporter.collector import SlaCollector
from govops.sla import faults
from govops.sla.models import Policy
from tests.sla.conftest import NOW, H, record

DAY = 86400.0


def scrape(conn: Engine, policy: Policy, now: float = NOW) -> str:
    registry = CollectorRegistry()
    registry.register(SlaCollector(conn, policy, clock=lambda: now))
    return generate_latest(registry).decode()


def samples(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            out[f"{s.name}{{{labels}}}"] = s.value
    return out


@pytest.fixture
def seeded(conn: Engine, policy: Policy) -> Engine:
    record(conn, policy, NOW - 10 * H, NOW - 8 * H)  # met, 2 h
    record(conn, policy, NOW - 10 * H, NOW - 5 * H)  # breached, 5 h
    record(conn, policy, NOW - 100 * DAY, NOW - 100 * DAY + H)  # met, outside 30d
    record(conn, policy, NOW - 2.5 * H, category="platform", severity="major")  # at risk
    record(conn, policy, NOW - 20 * H)  # overdue
    record(conn, policy, NOW - 10 * 60, category="security")  # within
    return conn


def test_exposition_of_a_small_store(seeded: Engine, policy: Policy) -> None:
    text = scrape(seeded, policy)
    got = samples(text)
    nc = 'category="network",severity="critical"'
    assert got[f"govops_faults_opened_total{{{nc}}}"] == 4
    assert got[f"govops_faults_resolved_total{{{nc}}}"] == 3
    assert (
        got[
            'govops_fault_sla_evaluations_total{category="network",outcome="met",'
            'severity="critical"}'
        ]
        == 2
    )
    # breached: one resolved late plus one open past its deadline (decided at start + 3 h)
    assert (
        got[
            'govops_fault_sla_evaluations_total{category="network",outcome="breached",'
            'severity="critical"}'
        ]
        == 2
    )
    open_ = 'govops_faults_open{category="%s",severity="%s",sla_state="%s"}'
    assert got[open_ % ("platform", "major", "at_risk")] == 1
    assert got[open_ % ("network", "critical", "overdue")] == 1
    assert got[open_ % ("security", "critical", "within")] == 1
    # 30d: met 1 of (2 resolved + 1 overdue); 365d also counts the old met fault
    assert got['govops_fault_sla_compliance_ratio{window="30d"}'] == pytest.approx(1 / 3)
    assert got['govops_fault_sla_compliance_ratio{window="365d"}'] == pytest.approx(2 / 4)
    category = 'govops_fault_sla_category_compliance_ratio{category="%s",window="%s"}'
    assert got[category % ("network", "30d")] == pytest.approx(1 / 3)
    assert category % ("platform", "30d") not in got  # nothing decided yet
    assert got["govops_fault_oldest_open_age_seconds{}"] == 20 * H
    assert got["govops_sla_objective_ratio{}"] == 0.99
    assert 'le="10800.0"' in text
    assert (
        'govops_fault_resolution_seconds_bucket{category="network",le="10800.0",'
        'severity="critical"} 2.0\n' in text
    )
    assert got[f"govops_fault_resolution_seconds_sum{{{nc}}}"] == 2 * H + 5 * H + H


def test_decided_breach_survives_resolution_and_counter_only_grows(
    seeded: Engine, policy: Policy
) -> None:
    key = (
        'govops_fault_sla_evaluations_total{category="network",outcome="breached",'
        'severity="critical"}'
    )
    before = samples(scrape(seeded, policy))[key]
    overdue = next(f for f in faults.open_faults(seeded) if f.opened_at == NOW - 20 * H)
    faults.resolve(seeded, overdue.id, NOW, now=NOW)
    assert samples(scrape(seeded, policy))[key] == before


def test_describe_does_not_touch_the_database(policy: Policy) -> None:
    from govops.state.engine import create_engine
    from govops.state.url import parse_state_url

    # nothing listens on port 9 of loopback: a query would fail
    refuse = create_engine(parse_state_url("postgresql://nobody@127.0.0.1:9/none"))
    registry = CollectorRegistry()
    registry.register(SlaCollector(refuse, policy))  # auto_describe uses describe()
    names = {m.name for m in SlaCollector(refuse, policy).describe()}
    assert {
        "govops_faults_open",
        "govops_fault_sla_evaluations",
        "govops_fault_resolution_seconds",
        "govops_cloud_migration_ratio",
    } <= names


def test_network_and_cloud_documents_become_gauges(conn: Engine, policy: Policy) -> None:
    ratios = {
        "expected": 10,
        "connected": 9,
        "bandwidth_compliant": 8,
        "ipv6_ready": 5,
        "coverage_ratio": 0.9,
        "bandwidth_compliance_ratio": 0.8,
        "ipv6_ready_ratio": None,
    }
    store.put_document(
        conn,
        "network.last_audit_summary",
        {
            "generated_at": "2026-11-23T10:00:00Z",
            "summary": {"levels": {"city": ratios}, "total": {**ratios, "ipv6_ready_ratio": 0.5}},
        },
    )
    store.put_document(
        conn,
        "cloud.migration_summary",
        {
            "generated_at": "2026-11-23T10:00:00Z",
            "migration_ratio": 0.75,
            "in_scope": 4,
            "migrated": 3,
            "systems": [
                {"status": "migrated", "target_cloud": "prov", "count": 3},
                {"status": "planned", "target_cloud": "", "count": 1},
            ],
        },
    )
    got = samples(scrape(conn, policy))
    assert got['govops_network_coverage_ratio{level="city"}'] == 0.9
    assert 'govops_network_ipv6_ready_ratio{level="city"}' not in got
    assert got['govops_network_ipv6_ready_ratio{level="total"}'] == 0.5
    assert got['govops_cloud_systems{status="migrated",target_cloud="prov"}'] == 3
    assert got['govops_cloud_systems{status="planned",target_cloud=""}'] == 1
    assert got["govops_cloud_migration_ratio{}"] == 0.75


def test_scorecard_indicators_become_gauges(conn: Engine, policy: Policy) -> None:
    store.put_document(conn, "scorecard.last", {"indicators": [
        {"id": "extranet-coverage", "unit": "ratio", "value": 0.982,
         "targets": {"2023": 0.95, "2025": 1.0}},
        {"id": "two-networks-merged", "unit": "ratio", "value": None, "targets": {"2023": 1.0}},
        {"id": "cloud-cores", "unit": "count", "value": 6880, "targets": {"2025": 300000}},
    ]})  # fmt: skip
    got = samples(scrape(conn, policy))
    indicators = {k: v for k, v in got.items() if k.startswith("govops_indicator")}
    assert indicators == {
        'govops_indicator_ratio{indicator="extranet-coverage"}': 0.982,
        'govops_indicator_target_ratio{indicator="extranet-coverage",year="2023"}': 0.95,
        'govops_indicator_target_ratio{indicator="extranet-coverage",year="2025"}': 1.0,
        'govops_indicator_target_ratio{indicator="two-networks-merged",year="2023"}': 1.0,
    }


def test_empty_store_has_no_compliance_ratio(conn: Engine, policy: Policy) -> None:
    got = samples(scrape(conn, policy))
    assert not any(k.startswith("govops_fault_sla_compliance_ratio") for k in got)
    assert got["govops_fault_oldest_open_age_seconds{}"] == 0


def test_a_scrape_is_one_statement_that_never_scans_fault_history(
    seeded: Engine, policy: Policy
) -> None:
    """A scrape runs one statement (govops.exporter.scrape_query); each of its parts reads
    an aggregate table or searches an index, so its cost does not grow with the number of
    faults, open or resolved (bench/state_backends.py measures it at 1,000,000)."""
    from govops.exporter import documents, scrape_query

    keys = (documents.AUDIT_KEY, documents.MIGRATION_KEY, documents.SCORECARD_KEY)
    statement, fixed = scrape_query.sql(seeded.dialect.name, len(policy.windows), keys)
    thresholds = (NOW - 60, NOW, NOW + policy.at_risk_before)
    params = fixed | scrape_query.params(thresholds, [NOW - w for w in policy.windows])
    assert statement.count("FROM faults") == 2 + len(policy.windows)
    with seeded.connect() as conn:
        plan = [str(row[-1]) for row in _explain(conn, statement, params)]
    if seeded.dialect.name == "sqlite":
        on_faults = [line for line in plan if " faults " in f"{line} "]
        assert len(on_faults) == 2 + len(policy.windows), plan
        for line in on_faults:  # SEARCH, or a SCAN of a partial index of open faults only
            assert "USING COVERING INDEX" in line or "USING INDEX" in line, plan
    else:
        assert not any("Seq Scan on faults" in line for line in plan), plan


def _explain(conn: sa.Connection, statement: str, params: object) -> list[sa.Row[object]]:
    prefix = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table: ask what it could use
    return list(conn.exec_driver_sql(prefix + statement, params))  # type: ignore[arg-type]


def test_a_late_recorded_resolution_keeps_the_decided_breach(conn: Engine, policy: Policy) -> None:
    """Alertmanager delivers "resolved at 2h59m" at 3h02m: scrapes after the deadline
    already counted a breach, so the counter keeps it (it must never go down), while the
    fault itself, and the compliance ratio, record that it was cleared within target."""
    key = 'govops_fault_sla_evaluations_total{category="network",outcome="%s",severity="critical"}'
    fault = record(conn, policy, NOW - 3 * H - 120)
    assert samples(scrape(conn, policy, NOW - 90))[key % "breached"] == 0  # grace: 60 s
    before = samples(scrape(conn, policy))
    assert (before[key % "breached"], before[key % "met"]) == (1, 0)
    resolved = faults.resolve(conn, fault.id, NOW - 130, now=NOW)
    after = samples(scrape(conn, policy))
    assert (after[key % "breached"], after[key % "met"]) == (1, 0)
    assert resolved.outcome == "met"
    assert after['govops_fault_sla_compliance_ratio{window="30d"}'] == 1.0


def test_a_timely_resolution_counts_as_met(conn: Engine, policy: Policy) -> None:
    key = 'govops_fault_sla_evaluations_total{category="network",outcome="%s",severity="critical"}'
    fault = record(conn, policy, NOW - 2 * H)
    faults.resolve(conn, fault.id, NOW - 60, now=NOW)
    after = samples(scrape(conn, policy))
    assert (after[key % "breached"], after[key % "met"]) == (0, 1)


def test_aggregates_equal_a_recomputation_from_every_fault(conn: Engine, policy: Policy) -> None:
    """After a random history of opens, imports and resolutions, every counter and bucket
    the scrape reports equals what a full recomputation from the fault rows gives."""
    import bisect
    import random
    from collections import Counter

    from govops.sla.models import RESOLUTION_BUCKETS

    rng = random.Random(11)
    for _ in range(300):
        opened = NOW - rng.uniform(0, 90 * DAY)
        resolved = rng.choice([None, min(opened + rng.expovariate(1 / 7200), NOW)])
        fault = record(
            conn,
            policy,
            opened,
            resolved,
            category=rng.choice(policy.categories),
            severity=rng.choice(policy.severities),
        )
        if fault.resolved_at is None and rng.random() < 0.5:
            at = min(opened + rng.expovariate(1 / 7200), NOW)
            faults.resolve(conn, fault.id, at, now=NOW)
    got = samples(scrape(conn, policy))
    every = faults.list_faults(conn)
    want: Counter[str] = Counter()
    for f in every:
        labels = f'category="{f.category}",severity="{f.severity}"'
        want[f"govops_faults_opened_total{{{labels}}}"] += 1
        if f.resolved_at is None:
            continue
        want[f"govops_faults_resolved_total{{{labels}}}"] += 1
        took = f.resolved_at - f.opened_at
        for bound in RESOLUTION_BUCKETS[bisect.bisect_left(RESOLUTION_BUCKETS, took) :]:
            le = f'category="{f.category}",le="{bound}",severity="{f.severity}"'
            want[f"govops_fault_resolution_seconds_bucket{{{le}}}"] += 1
    for name, value in want.items():
        assert got[name] == value, name
    sums = Counter()
    for f in every:
        if f.resolved_at is not None:
            sums[f'category="{f.category}",severity="{f.severity}"'] += f.resolved_at - f.opened_at
    for labels, total in sums.items():
        assert got[f"govops_fault_resolution_seconds_sum{{{labels}}}"] == pytest.approx(total)
