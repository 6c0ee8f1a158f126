from __future__ import annotations

import pytest

from govops.errors import InputError
from govops.network.audit_history import get_audit, latest_audit, list_audits, store_audit
from govops.state.engine import open_engine

T0 = 1_795_435_200.0


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
                         findings=[], scope="partial", scope_detail={"under": "sn-xa"},
                         snapshot="snaps/2026-11-23", by="li.na")  # fmt: skip
    listed = list_audits(engine)
    assert [a.id for a in listed] == [second, first]  # by the snapshot's time
    assert listed[0].scope == "partial" and listed[0].scope_detail == {"under": "sn-xa"}
    assert listed[0].operator == "li.na" and listed[1].operator == "wang.wei"
    assert listed[1].findings == []  # listings leave findings out
    assert get_audit(engine, first).findings == findings
    assert [a.id for a in list_audits(engine, since=T0 + 1)] == [first]
    assert [a.id for a in list_audits(engine, limit=1)] == [first]
    latest = latest_audit(engine)
    assert latest is not None and latest.id == first
    assert latest_audit(engine, scope="partial").summary == {"total": {"expected": 199}}
    with pytest.raises(InputError, match="no stored audit 99"):
        get_audit(engine, 99)
    with pytest.raises(InputError, match="scope `some`"):
        store_audit(engine, created_at=T0, summary={}, findings=[], scope="some")
