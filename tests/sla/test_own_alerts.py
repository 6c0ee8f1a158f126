"""govops's own alerts (source="govops") never become faults; the rest of a post does."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from govops.sla.intake import is_own_alert
from govops.sla.models import Policy
from tests.sla.test_intake import alert, all_faults, post


def test_own_alerts_are_ignored_and_the_others_recorded(conn: Engine, policy: Policy) -> None:
    own = alert(fp="own1", alertname="GovopsFaultOverdue", source="govops")
    other = alert(fp="link1")
    result = post(conn, policy, own, other)
    assert (result.opened, result.resolved, result.unchanged, result.ignored) == (1, 0, 0, 1)
    (fault,) = all_faults(conn)
    assert fault.external_key is not None and fault.external_key.startswith("am:link1@")


def test_resolving_an_own_alert_changes_nothing(conn: Engine, policy: Policy) -> None:
    own = alert("resolved", fp="own1", source="govops")
    result = post(conn, policy, own)
    assert (result.opened, result.resolved, result.ignored) == (0, 0, 1)
    assert all_faults(conn) == []


def test_only_the_exact_label_marks_an_own_alert() -> None:
    assert is_own_alert({"source": "govops", "category": "network"})
    assert not is_own_alert({"source": "snmp", "category": "network"})
    assert not is_own_alert({"source": "GOVOPS"})
    assert not is_own_alert({"alertname": "GovopsFaultOverdue"})
