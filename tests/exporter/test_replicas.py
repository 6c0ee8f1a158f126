"""Two exporter replicas on one database, as a team runs them behind an Alertmanager HA
pair, with operators writing from their own machines at the same moment.

Every notification is posted to both replicas at once (each Alertmanager of the pair
delivers to its receiver, and both reach the store); meanwhile other threads open,
acknowledge and resolve faults through the library (an operator's `govops fault ...`),
and two operators move the same systems. Afterwards: each alert is stored once, every
counter, bucket, sum and per-hour open count equals a recomputation from the rows, both
replicas publish identical counters, and each system's event log is one unbroken chain.
"""

from __future__ import annotations

import random
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from govops import store
from govops.cloud.history import events, record
from govops.cloud.models import MoveRequest, Status
from govops.errors import DomainError
from govops.inventory import load_inventory
from govops.sla import faults
from govops.sla.intake import alert_key
from govops.sla.models import Policy, parse_time
from govops.sla.recompute import aggregate_differences
from govops.state.engine import read
from tests.conftest import DEMO
from tests.exporter.conftest import Exporter
from tests.exporter.test_server import request, webhook

T0 = datetime(2026, 11, 20, tzinfo=UTC)
ALERTS = 120
SYSTEMS = [f"SYS-{n:04d}" for n in range(1, 13)]
NOTIFICATIONS = 3  # per alert: firing, firing again (a repeat), resolved


def _alert(index: int, status: str) -> dict[str, Any]:
    starts = T0 + timedelta(minutes=7 * index)
    ends = starts + timedelta(minutes=11 * (index % 40) + 1)
    return {
        "status": status,
        "labels": {"alertname": "LinkDown", "category": ("network", "platform")[index % 2],
                   "severity": ("critical", "major", "minor")[index % 3], "site": f"s{index}"},
        "annotations": {"summary": f"alert {index}"},
        "startsAt": starts.isoformat().replace("+00:00", "Z"),
        "endsAt": ends.isoformat().replace("+00:00", "Z") if status == "resolved"
        else "0001-01-01T00:00:00Z",
        "fingerprint": f"fp{index}",
    }  # fmt: skip


def _both(replicas: list[Exporter], body: bytes) -> list[int]:
    """One notification delivered to every replica at the same moment."""
    barrier = threading.Barrier(len(replicas))
    codes: list[int] = []

    def send(replica: Exporter) -> None:
        barrier.wait()
        codes.append(request(replica.url + "/alertmanager", body)[0])

    threads = [threading.Thread(target=send, args=(r,)) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def _notifications() -> list[bytes]:
    rng = random.Random(10)
    bodies = []
    for index in range(ALERTS):
        for status in ("firing", "firing", "resolved")[:NOTIFICATIONS]:
            bodies.append(webhook([_alert(index, status)]))
    rng.shuffle(bodies)  # a resolved may arrive before its firing: intake copes
    return bodies


def _operator(seed: int) -> int:
    """One operator's machine: opens, acknowledges and resolves faults of its own, and
    tries to resolve faults the webhook opened (which may race the resolved alert)."""
    rng = random.Random(seed)
    engine = faults.open_store()
    policy = Policy()
    done = 0
    for n in range(25):
        opened = T0.timestamp() + rng.uniform(0, 5 * 86400)
        new = faults.NewFault("security", "minor", f"op{seed}-{n}", opened, opened_by=f"op{seed}")
        fault = faults.open_fault(engine, policy, new)
        # another operator (or the webhook) may be first to resolve: refused, not doubled
        if rng.random() < 0.5:
            with suppress(DomainError):
                faults.acknowledge(engine, fault.id, opened + 60, by=f"op{seed}")
        if rng.random() < 0.7:
            with suppress(DomainError):
                faults.resolve(engine, fault.id, opened + rng.uniform(60, 2e4), now=opened + 3e4)
        for other in faults.open_faults(engine)[:2]:
            with suppress(DomainError):
                faults.resolve(engine, other.id, other.opened_at + 5000, now=other.opened_at + 9000)
        done += 1
    return done


def _mover(systems: dict[str, Any], name: str) -> int:
    """An operator walking systems through the lifecycle; a move the other made first is
    refused (illegal from the new state) rather than recorded twice."""
    moved = 0
    engine = store.connect()
    for sid in SYSTEMS:
        with suppress(DomainError):  # assessed from assessed is illegal
            record(engine, systems[sid], MoveRequest(sid, Status.ASSESSED, actor=name))
            moved += 1
    return moved


def _counters(text: str) -> dict[str, float]:
    """Every time-independent sample: counters, histogram buckets and sums."""
    wanted = ("govops_faults_opened", "govops_faults_resolved", "govops_fault_resolution_seconds")
    out = {}
    for family in text_string_to_metric_families(text):
        if family.name in wanted:
            for s in family.samples:
                labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
                out[f"{s.name}{{{labels}}}"] = s.value
    return out


def test_two_replicas_and_operators_at_once_lose_and_double_nothing(state_url: str) -> None:
    replicas = [Exporter(state_url).start(), Exporter(state_url).start()]
    inv = load_inventory([DEMO])
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            operators = [pool.submit(_operator, seed) for seed in range(3)]
            movers = [pool.submit(_mover, inv.systems, name) for name in ("li", "wang")]
            posts = list(pool.map(lambda body: _both(replicas, body), _notifications()))
            assert [o.result() for o in operators] == [25, 25, 25]
            assert sum(m.result() for m in movers) == len(SYSTEMS)  # each once, by one of them
        assert all(codes == [200, 200] for codes in posts)
        scraped = [_counters(urllib.request.urlopen(r.url + "/metrics").read().decode())
                   for r in replicas]  # fmt: skip
    finally:
        for replica in replicas:
            replica.stop()
    engine = faults.open_store()
    stored = faults.list_faults(engine)
    keys = [f.external_key for f in stored if f.external_key]
    expected = {
        alert_key(f"fp{i}", parse_time(_alert(i, "firing")["startsAt"])) for i in range(ALERTS)
    }
    assert sorted(keys) == sorted(expected)  # each alert exactly once
    assert len(stored) == ALERTS + 75
    webhook_faults = [f for f in stored if f.source == "alertmanager"]
    assert all(f.resolved_at is not None for f in webhook_faults)
    assert {f.opened_by for f in webhook_faults} == {"alertmanager"}
    with read(engine) as conn:
        assert aggregate_differences(conn) == []
    assert scraped[0] == scraped[1]
    total = sum(v for k, v in scraped[0].items() if k.startswith("govops_faults_opened_total"))
    assert total == len(stored)
    resolved = sum(v for k, v in scraped[0].items() if k.startswith("govops_faults_resolved_total"))
    assert resolved == sum(f.resolved_at is not None for f in stored)
    for sid in SYSTEMS:
        log = events(engine, sid)
        assert [(e.from_status, e.to_status) for e in log] == [
            (Status.INVENTORIED, Status.ASSESSED)
        ]
        assert log[0].actor in ("li", "wang")
