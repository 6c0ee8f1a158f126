"""The short way for firing alerts (govops.sla.fast_intake), on both backends: what it
stores and counts equals what the general way would, and two writers on one database
(two replicas) taking the same alerts at once store and count each one once."""

from __future__ import annotations

import json
import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from govops.sla import fast_intake, faults
from govops.sla.aggregates import deadline_hour
from govops.sla.group_commit import IntakeWriter
from govops.sla.intake import IntakeResult, parse_webhook
from govops.sla.models import Policy
from govops.sla.recompute import aggregate_differences
from govops.sla.tables import sla_counters, sla_open_deadlines
from govops.state.engine import create_engine, read
from govops.state.url import parse_state_url
from tests.sla.conftest import NOW


def _body(*alerts: tuple[str, str], category: str = "network") -> bytes:
    """A webhook post; each alert is (fingerprint, status)."""
    return json.dumps({"version": "4", "status": "firing", "alerts": [
        {"status": status, "labels": {"alertname": "LinkDown", "category": category,
         "severity": "critical"}, "startsAt": "2026-11-23T10:00:00Z",
         "endsAt": "2026-11-23T11:00:00Z" if status == "resolved" else "0001-01-01T00:00:00Z",
         "fingerprint": fingerprint}
        for fingerprint, status in alerts
    ]}).encode()  # fmt: skip


def _docs(*bodies: bytes) -> list[Any]:
    return [parse_webhook(body, NOW) for body in bodies]


def test_only_batches_of_distinct_firing_alerts_take_the_short_way(policy: Policy) -> None:
    plan = fast_intake.plan(policy, _docs(_body(("a", "firing"), ("b", "firing"))))
    assert plan is not None
    assert plan.keys == [["am:a@2026-11-23T10:00:00Z", "am:b@2026-11-23T10:00:00Z"]]
    row = plan.rows[0]
    opened = 1_795_428_000.0  # 2026-11-23T10:00:00Z
    assert (row["opened_at"], row["target"], row["deadline"]) == (opened, 10800.0, opened + 10800)
    assert row["hour"] == deadline_hour(opened + 10800) == 498_733
    resolved = _docs(_body(("a", "firing"), ("c", "resolved")))
    assert fast_intake.plan(policy, resolved) is None
    twice = _docs(_body(("a", "firing")), _body(("a", "firing")))
    assert fast_intake.plan(policy, twice) is None


def test_the_short_way_stores_and_counts_like_the_general_way(conn: Engine, policy: Policy) -> None:
    writer = IntakeWriter(conn, policy, clock=lambda: NOW)
    try:
        first = writer.submit(_body(("a", "firing"), ("b", "firing")))
        again = writer.submit(_body(("a", "firing"), ("c", "firing"), category="platform"))
        closed = writer.submit(_body(("b", "resolved")))  # the general way
    finally:
        writer.close()
    assert first == IntakeResult(opened=2, resolved=0, unchanged=0)
    assert again == IntakeResult(opened=1, resolved=0, unchanged=1)
    assert closed == IntakeResult(opened=0, resolved=1, unchanged=0)
    stored = {f.external_key: f for f in faults.list_faults(conn)}
    assert sorted(stored) == [f"am:{x}@2026-11-23T10:00:00Z" for x in "abc"]
    a = stored["am:a@2026-11-23T10:00:00Z"]
    assert (a.source, a.opened_by, a.category, a.resolved_at) == (
        "alertmanager", "alertmanager", "network", None,
    )  # fmt: skip
    with read(conn) as c:
        assert aggregate_differences(c) == []
        opened = c.execute(
            sa.select(sla_counters.c.category, sla_counters.c.shard, sla_counters.c.value)
            .where(sla_counters.c.name == "opened").order_by(sla_counters.c.shard)
        ).all()  # fmt: skip
        hours = c.execute(sa.select(sla_open_deadlines.c.shard, sla_open_deadlines.c.count)).all()
    ids = {key[3]: f.id for key, f in stored.items() if key}
    # ids 1, 2 and 3 (4 on PostgreSQL: a's second insert took a sequence number)
    assert ids["a"] == 1 and ids["b"] == 2 and ids["c"] in (3, 4)
    # each new fault counted once, in its own shard (id % 8); b's resolution emptied its row
    assert opened == [("network", 1, 1.0), ("network", 2, 1.0), ("platform", ids["c"], 1.0)]
    assert sorted(hours) == [(1, 1), (ids["c"], 1)]


def test_two_writers_taking_the_same_alerts_store_and_count_each_once(
    state_url: str, policy: Policy
) -> None:
    """Two engines on one database, as two exporter replicas: every post goes to both."""
    faults.open_store(state_url)  # the schema in place
    engines = [create_engine(parse_state_url(state_url)) for _ in range(2)]
    writers = [IntakeWriter(e, policy, clock=lambda: NOW) for e in engines]
    results: list[list[IntakeResult]] = [[], []]

    def post(side: int) -> None:
        for n in range(60):
            body = _body((f"x{n}", "firing"), (f"y{n}", "firing"))
            results[side].append(writers[side].submit(body))

    threads = [threading.Thread(target=post, args=(side,)) for side in (0, 1)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for writer in writers:
            writer.close()
    opened = sum(r.opened for side in results for r in side)
    unchanged = sum(r.unchanged for side in results for r in side)
    assert (opened, unchanged) == (120, 120)
    keys = [f.external_key for f in faults.list_faults(engines[0])]
    assert len(keys) == len(set(keys)) == 120
    with read(engines[0]) as c:
        assert aggregate_differences(c) == []
        total = c.execute(
            sa.select(sa.func.sum(sla_counters.c.value)).where(sla_counters.c.name == "opened")
        ).scalar()
    assert total == 120
    for engine in engines:
        engine.dispose()
