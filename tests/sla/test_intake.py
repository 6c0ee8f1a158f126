from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from govops.errors import InputError
from govops.sla import faults
from govops.sla.intake import apply_webhook
from govops.sla.models import Policy, parse_time

STARTS = "2026-11-23T08:00:00.123456789Z"
ENDS = "2026-11-23T09:30:00Z"
RECORDED = parse_time("2026-11-23T09:31:00Z")  # when the webhooks arrive


def alert(
    status: str = "firing", fp: str = "f1", starts: str = STARTS, **labels: str
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": status,
        "labels": {
            "alertname": "LinkDown",
            "category": "network",
            "severity": "critical",
            "site": "sn-xa",
            **labels,
        },
        "annotations": {"summary": "Eth-Trunk11 down"},
        "startsAt": starts,
        "endsAt": ENDS if status == "resolved" else "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus/graph",
        "fingerprint": fp,
    }
    return body


def post(conn: Engine, policy: Policy, *alerts: dict[str, Any]) -> Any:
    status = "resolved" if all(a["status"] == "resolved" for a in alerts) else "firing"
    payload = {
        "version": "4",
        "groupKey": "{}:{}",
        "truncatedAlerts": 0,
        "status": status,
        "receiver": "govops",
        "groupLabels": {},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://am",
        "alerts": list(alerts),
    }
    return apply_webhook(conn, policy, json.dumps(payload).encode(), now=RECORDED)


def all_faults(conn: Engine) -> list[faults.Fault]:
    return faults.list_faults(conn)


def test_firing_then_resolved_opens_and_resolves_one_fault(conn: Engine, policy: Policy) -> None:
    assert post(conn, policy, alert()).opened == 1
    assert post(conn, policy, alert("resolved")).resolved == 1
    (fault,) = all_faults(conn)
    assert (fault.category, fault.severity, fault.site, fault.source) == (
        "network",
        "critical",
        "sn-xa",
        "alertmanager",
    )
    assert fault.resolved_at is not None
    assert fault.resolved_at - fault.opened_at == pytest.approx(5399.876544)
    assert fault.outcome == "met"


def test_repeats_duplicates_and_stale_firing_change_nothing(conn: Engine, policy: Policy) -> None:
    post(conn, policy, alert())
    post(conn, policy, alert(), alert())  # HA pair duplicate, repeat
    post(conn, policy, alert("resolved"))
    before = all_faults(conn)
    post(conn, policy, alert())  # stale firing after resolved
    post(conn, policy, alert("resolved"))  # resolved again
    assert all_faults(conn) == before
    assert len(before) == 1 and before[0].resolved_at is not None


def test_resolved_without_a_firing_records_a_closed_fault(conn: Engine, policy: Policy) -> None:
    post(conn, policy, alert("resolved", fp="f9"))
    (fault,) = all_faults(conn)
    assert fault.resolved_at is not None


def test_same_fingerprint_new_start_is_a_new_fault(conn: Engine, policy: Policy) -> None:
    post(conn, policy, alert(), alert(starts="2026-11-23T09:15:00Z"))
    assert len(all_faults(conn)) == 2


def test_label_mapping_and_defaults(conn: Engine) -> None:
    mapped = Policy(
        label_map={"category": "team", "severity": "prio", "site": "node", "level": "lvl"}
    )
    post(conn, mapped, alert(team="security", prio="minor", node="sn-yl", category="x"))
    post(conn, mapped, alert(fp="f2", team="unknown"))
    second, first = all_faults(conn)
    assert (first.category, first.severity, first.site) == ("security", "minor", "sn-yl")
    assert (second.category, second.severity, second.site) == ("platform", "major", None)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "not JSON"),
        (b'{"version": "3", "status": "firing", "alerts": []}', "version"),
        (b'{"version": "4", "status": "firing"}', "alerts: Field required"),
        (
            json.dumps(
                {
                    "version": "4",
                    "status": "firing",
                    "alerts": [alert(), {**alert(fp="f2"), "startsAt": "yesterday"}],
                }
            ).encode(),
            "alerts.1.startsAt",
        ),
        (
            json.dumps(
                {
                    "version": "4",
                    "status": "resolved",
                    "alerts": [{**alert("resolved"), "endsAt": "2026-11-23T07:00:00Z"}],
                }
            ).encode(),
            "before startsAt",
        ),
    ],
)
def test_malformed_body_is_refused_with_reason_and_changes_nothing(
    conn: Engine, policy: Policy, body: bytes, reason: str
) -> None:
    with pytest.raises(InputError, match=reason):
        apply_webhook(conn, policy, body, now=RECORDED)
    assert all_faults(conn) == []


def test_a_nul_in_labels_or_fingerprint_is_stored_on_both_backends(
    conn: Engine, policy: Policy
) -> None:
    """PostgreSQL text cannot hold NUL: it is stored as U+FFFD, the same on SQLite, and a
    redelivery finds the fault it made."""
    first = post(conn, policy, alert(fp="f\x00x", site="sn\x00xa"))
    again = post(conn, policy, alert(fp="f\x00x", site="sn\x00xa"))
    (fault,) = all_faults(conn)
    assert (first.opened, again.unchanged) == (1, 1)
    assert fault.site == "sn\ufffdxa" and fault.external_key is not None
    assert "\x00" not in fault.external_key
