from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from govops import store
from govops.cloud.history import events, record, states
from govops.cloud.models import MoveRequest, Status
from govops.cloud.status import SUMMARY_KEY, migration_status
from govops.errors import DomainError
from govops.inventory import Inventory

NOW = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def at(day: int) -> datetime:
    return datetime(2026, 1, day, 9, 0, tzinfo=UTC)


def walk(conn: Engine, inv: Inventory, sid: str, *steps: Status) -> None:
    for i, to in enumerate(steps):
        req = MoveRequest(sid, to, wave=1 if to is Status.PLANNED else None, actor="tester")
        record(conn, inv.systems[sid], req, gate=lambda *_: [], now=at(i + 1))


def test_the_log_is_append_only(demo_inv: Inventory) -> None:
    conn = store.connect()
    walk(conn, demo_inv, "SYS-0001", Status.ASSESSED)
    for statement in (
        "UPDATE lifecycle_events SET to_status = 'migrated'",
        "DELETE FROM lifecycle_events",
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), conn.begin() as c:
            c.execute(sa.text(statement))
    assert [e.to_status for e in events(conn)] == [Status.ASSESSED]


def test_status_is_folded_from_events(demo_inv: Inventory) -> None:
    conn = store.connect()
    walk(conn, demo_inv, "SYS-0001", Status.ASSESSED, Status.PLANNED, Status.READY)
    log = events(conn, "SYS-0001")
    assert [(e.from_status, e.to_status) for e in log] == [
        (Status.INVENTORIED, Status.ASSESSED),
        (Status.ASSESSED, Status.PLANNED),
        (Status.PLANNED, Status.READY),
    ]
    assert log[1].target_cloud == "prov" and log[1].deadline == date(2027, 6, 30)
    st = states(conn, demo_inv.systems)
    assert st["SYS-0001"].status is Status.READY and st["SYS-0001"].wave == 1
    assert st["SYS-0002"].status is Status.INVENTORIED
    assert st["SYS-0057"].status is Status.EXEMPT  # exemption in the inventory


def test_a_refused_move_records_nothing(demo_inv: Inventory) -> None:
    conn = store.connect()
    with pytest.raises(DomainError):
        record(conn, demo_inv.systems["SYS-0001"], MoveRequest("SYS-0001", Status.CUTOVER))
    assert events(conn) == []


def test_status_report_and_summary_document(demo_inv: Inventory) -> None:
    conn = store.connect()
    walk(conn, demo_inv, "SYS-0001", Status.ASSESSED)
    ev = ("openstack:sn-prov/x",)
    for sid, day in (("SYS-0002", 1), ("SYS-0004", 2)):
        record(conn, demo_inv.systems[sid], MoveRequest(sid, Status.MIGRATED, evidence=ev),
               now=datetime(2026, 1, day, tzinfo=UTC))  # fmt: skip
    record(conn, demo_inv.systems["SYS-0006"],
           MoveRequest("SYS-0006", Status.BLOCKED, reason="等待等保测评"), now=at(3))  # fmt: skip
    report = migration_status(conn, demo_inv, group_by="target-cloud", stale_days=30, now=NOW)
    d = report.as_dict()
    assert d["denominator"]["in_scope"] == 228  # 232 less 4 classified
    assert d["totals"]["migrated"] == 2 and d["migration_ratio"] == round(2 / 228, 4)
    assert d["denominator_without_exempt"] == 226
    # SYS-0002 due 2025-12-31, migrated 2026-01-01: late; SYS-0004 due 2027-12-31: on time
    assert (d["on_time"], d["migrated_with_deadline"]) == (1, 2)
    assert d["blocked"] == [{"system": "SYS-0006", "reason": "等待等保测评",
                             "since": "2026-01-03T09:00:00+00:00", "age_days": 179}]  # fmt: skip
    assert [s["system"] for s in d["stale"]] == ["SYS-0001", "SYS-0006"]  # oldest first
    assert d["groups"]["prov"]["migrated"] == 2
    doc = store.get_document(conn, SUMMARY_KEY)
    assert doc["in_scope"] == 228 and doc["migrated"] == 2
    assert {"status": "migrated", "target_cloud": "prov", "count": 2} in doc["systems"]
    assert sum(row["count"] for row in doc["systems"]) == 232


def test_status_by_wave_counts_planned_systems_per_wave(demo_inv: Inventory) -> None:
    from govops.cloud.status import migration_status

    conn = store.connect()
    for sid, wave in (("SYS-0001", 1), ("SYS-0002", 1), ("SYS-0004", 2)):
        record(conn, demo_inv.systems[sid], MoveRequest(sid, Status.ASSESSED))
        record(conn, demo_inv.systems[sid], MoveRequest(sid, Status.PLANNED, wave=wave,
                                                         wave_date=date(2026, 8, 1)))  # fmt: skip
    report = migration_status(conn, demo_inv, group_by="wave", now=NOW)
    groups = {k: v.in_scope for k, v in report.groups.items()}
    assert groups == {"(unplanned)": 225, "wave 001": 2, "wave 002": 1}
    # SYS-0002 was due 2025-12-31: overdue, not "at risk"; none of the others is due before
    assert report.groups["wave 001"].overdue == 1
    assert [r["system"] for r in report.at_risk] == []
