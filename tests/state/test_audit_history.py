from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from govops import history
from govops.errors import InputError
from govops.network.audit_history import get_audit, latest_audit, list_audits, store_audit
from govops.state import migrate
from govops.state.engine import create_engine, open_engine
from govops.state.url import parse_state_url

T0 = 1_795_435_200.0  # 2026-11-23T12:00:00Z


def test_audits_are_stored_listed_and_read_back(
    state_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVOPS_OPERATOR", "wang.wei")
    engine = open_engine(state_url)
    findings = [{"severity": "critical", "check": "redundancy", "subject": "sn-xa",
                 "message": "第二条链路中断"}]  # fmt: skip
    first = store_audit(engine, created_at=T0 + 86400, summary={"total": {"expected": 200}},
                        findings=findings)  # fmt: skip
    second = store_audit(engine, created_at=T0, summary={"total": {"expected": 199}},
                         findings=[], scope="partial", meta={"under": "sn-xa"},
                         by="li.na")  # fmt: skip
    assert (first, second) == (1, 2)  # numbered within the kind, in storing order
    listed = list_audits(engine)
    assert [a.id for a in listed] == [second, first]  # by the snapshot's time
    assert listed[0].scope == "partial" and listed[0].meta == {"under": "sn-xa"}
    assert listed[0].operator == "li.na" and listed[1].operator == "wang.wei"
    assert listed[1].findings == []  # listings leave the body out
    assert get_audit(engine, first).findings == findings
    assert [a.id for a in list_audits(engine, since=T0 + 1)] == [first]
    assert [a.id for a in list_audits(engine, limit=1)] == [first]
    latest = latest_audit(engine)
    assert latest is not None and latest.id == first
    partial = latest_audit(engine, scope="partial")
    assert partial is not None and partial.summary == {"total": {"expected": 199}}
    with pytest.raises(InputError, match="no stored audit 99"):
        get_audit(engine, 99)
    with pytest.raises(InputError, match="scope `some`"):
        store_audit(engine, created_at=T0, summary={}, findings=[], scope="some")


def test_history_numbers_each_kind_on_its_own(state_url: str) -> None:
    engine = open_engine(state_url)
    history.record(engine, "scorecard", "2026-11-23T08:00:00+08:00", {"n": 1})
    history.record(engine, "network.ipv6", "2026-11-23T09:00:00+08:00", {"n": 2})
    entry = history.record(engine, "scorecard", "2026-11-22T08:00:00+08:00", {"n": 3})
    assert entry.id == 2
    assert [e.id for e in history.entries(engine, "scorecard")] == [2, 1]  # by time
    loaded = history.load(engine, "scorecard", 1)
    assert loaded is not None and loaded.body == {"n": 1}
    assert history.load(engine, "scorecard", 3) is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_history_kept_as_documents_moves_into_the_table(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """What a govops between revisions 0002 and 0003 stored keeps its ids."""
    if backend == "sqlite":
        url = str(tmp_path / "between.db")
    else:
        url = request.getfixturevalue("postgres").create_database("between")
    engine = create_engine(parse_state_url(url))
    migrate.upgrade(engine, "0002")
    index = [{"kind": "network.audit", "id": 1, "created_at": "2026-11-21T10:00:00+08:00",
              "scope": "full", "snapshot": "snap-1"}]  # fmt: skip
    audit_row = {"created_at": T0, "stored_at": T0 + 5, "scope": "partial",
                 "scope_detail": "{}", "summary": '{"total": {}}', "findings": "[]",
                 "snapshot": None, "operator": "li.na"}  # fmt: skip
    with engine.begin() as conn:
        for key, body in (("history.network.audit", index),
                          ("history.network.audit.1", {"summary": {"x": 1}})):  # fmt: skip
            conn.execute(sa.text("INSERT INTO documents VALUES (:k, '2026-11-21', :b)"),
                         {"k": key, "b": json.dumps(body)})  # fmt: skip
        conn.execute(sa.text(
            "INSERT INTO audits(created_at, stored_at, scope, scope_detail, summary, findings, "
            "snapshot, operator) VALUES (:created_at, :stored_at, :scope, :scope_detail, "
            ":summary, :findings, :snapshot, :operator)"), audit_row)  # fmt: skip
    assert migrate.upgrade(engine) == ("0002", "0003")
    found = history.entries(engine, "network.audit")
    assert [(e.id, e.scope, e.meta.get("snapshot")) for e in found] == [
        (1, "full", "snap-1"), (2, "partial", None),
    ]  # fmt: skip
    first = history.load(engine, "network.audit", 1)
    assert first is not None and first.body == {"summary": {"x": 1}}
    with engine.connect() as conn:
        left = conn.execute(sa.text("SELECT count(*) FROM documents")).scalar()
    assert left == 0
    engine.dispose()
