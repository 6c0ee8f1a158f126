"""Alertmanager webhook intake (payload version 4): each alert opens or resolves a fault.

An alert is one fault per (fingerprint, startsAt). Alertmanager retries, repeats and,
in an HA pair, sends duplicates and even a firing after its resolved, so intake is
idempotent: no duplicate fault, no timestamp moved, a resolved fault never reopened.
A body that does not parse changes nothing: the caller answers 400 with the reason.

govops's own alert rules carry ``source="govops"``. The shipped Alertmanager route never
sends them here, but a route that does must not let an "SLA at risk" alert open a fault
that counts against the SLA (and keeps itself open): such alerts are taken, answered 200
and counted as ignored; the other alerts of the same post are recorded as usual.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from govops.errors import InputError
from govops.sla import faults as store
from govops.sla.aggregates import Deltas
from govops.sla.models import Fault, Policy, Source, iso

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: Who the fault records name for what the webhook did.
OPERATOR = "alertmanager"
#: The label and value that mark an alert raised by govops's own rules.
OWN_LABEL = ("source", "govops")


@dataclass(frozen=True)
class IntakeResult:
    opened: int
    resolved: int
    unchanged: int
    ignored: int = 0  # govops's own alerts, taken and not recorded


def is_own_alert(labels: dict[str, str]) -> bool:
    """True for an alert from govops's own rules (it must never become a fault)."""
    name, value = OWN_LABEL
    return labels.get(name) == value


def parse_webhook(body: bytes, now: float | None = None) -> Any:
    """The validated webhook document; InputError with the reason when it is malformed.

    Event times must fall between 1970 and a few minutes from ``now`` (govops.bounds):
    an alert starting in 2099 would otherwise stay "within SLA" for decades.
    """
    from pydantic import ValidationError

    from govops.sla.schema import WebhookDoc

    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"body is not JSON: {str(exc)[:200]}") from None
    except RecursionError:
        raise InputError("body is not JSON govops accepts: nested too deeply") from None
    try:
        doc = WebhookDoc.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(body)"
        message = str(first["msg"]).removeprefix("Value error, ")[:200]
        raise InputError(f"{where}: {message}") from None
    except RecursionError:
        raise InputError("body nested too deeply") from None
    _check_times(doc, time.time() if now is None else now)
    return doc


def _check_times(doc: Any, now: float) -> None:
    from govops.bounds import event_time_problem

    for index, alert in enumerate(doc.alerts):
        # a firing alert's endsAt is Alertmanager's guess at the future: not an event
        names = ("startsAt", "endsAt") if alert.status == "resolved" else ("startsAt",)
        for name in names:
            at = getattr(alert, name)
            if at is not None and (problem := event_time_problem(at, now)):
                raise InputError(f"alerts.{index}.{name}: {iso(at)} {problem}")
        if alert.status != "resolved":
            continue
        if alert.endsAt is None:
            raise InputError(f"alerts.{index}.endsAt: a resolved alert needs endsAt")
        if alert.endsAt < alert.startsAt:
            raise InputError(f"alerts.{index}.endsAt: before startsAt")


def alert_key(fingerprint: str, starts_at: float) -> str:
    """The fault's unique key, as stored (a NUL in the fingerprint as U+FFFD)."""
    from govops.state.dialect import storable

    return str(storable(f"am:{fingerprint}@{iso(starts_at)}"))


def apply_webhook(engine: Engine, policy: Policy, body: bytes, *, now: float) -> IntakeResult:
    """Record every alert of one webhook post in one transaction (committed on return)."""
    doc = parse_webhook(body, now)
    return store.write(
        engine, lambda conn, deltas: record_alerts(conn, policy, doc, deltas, now=now)
    )


def record_alerts(
    conn: Connection, policy: Policy, doc: Any, deltas: Deltas, *, now: float
) -> IntakeResult:
    """Record a parsed webhook's alerts inside an open write transaction.

    The unique alert key decides who stores an alert first (INSERT ... ON CONFLICT DO
    NOTHING); the UPDATE that resolves matches only an open fault. So two replicas taking
    the same notification at the same moment store and count it once.
    """
    alerts = [a for a in doc.alerts if not is_own_alert(a.labels)]
    keys = [alert_key(a.fingerprint, a.startsAt) for a in alerts]
    opened = resolved = unchanged = 0
    known: dict[str, Fault] = store.find_by_keys(conn, keys)
    for key, alert in zip(keys, alerts, strict=True):
        fault = known.get(key)
        ends = alert.endsAt if alert.status == "resolved" else None
        if fault is None:
            stored = store.insert_fault(conn, policy, new_fault(policy, alert, key, ends), deltas)
            if stored is not None:
                known[key] = stored
                opened += 1
                resolved += ends is not None
                continue
            fault = store.find_by_keys(conn, [key])[key]  # stored by another writer just now
        if fault.resolved_at is None and ends is not None:
            at = max(ends, fault.opened_at)
            if store.mark_resolved(conn, fault, at, deltas, now=now, by=OPERATOR):
                resolved += 1
                known[key] = replace(fault, resolved_at=at, resolved_by=OPERATOR)
            else:
                unchanged += 1
                known[key] = store.get_fault(conn, fault.id)
        else:
            unchanged += 1
    ignored = len(doc.alerts) - len(alerts)
    return IntakeResult(opened=opened, resolved=resolved, unchanged=unchanged, ignored=ignored)


def _capped_site(value: str | None) -> str | None:
    """A site label is stored as received, cut at the documented length."""
    from govops.bounds import TEXT_LIMITS

    return None if value is None else value[: TEXT_LIMITS["site"]]


def _level(value: str | None) -> str | None:
    """A level label outside the known levels is dropped rather than refusing the alert."""
    return value if value in store.LEVELS else None


def new_fault(policy: Policy, alert: Any, key: str, ends: float | None) -> store.NewFault:
    labels: dict[str, str] = alert.labels
    mapping = policy.label_map
    category = labels.get(mapping.get("category", "category"), "")
    severity = labels.get(mapping.get("severity", "severity"), "")
    annotations: dict[str, str] = alert.annotations
    summary = (
        annotations.get("summary")
        or annotations.get("description")
        or labels.get("alertname", "alert")
    )
    return store.NewFault(
        category=category if category in policy.categories else policy.default_category,
        severity=severity if severity in policy.severities else policy.default_severity,
        summary=summary[:500],
        opened_at=alert.startsAt,
        resolved_at=ends,
        site=_capped_site(labels.get(mapping.get("site", "site"))),
        level=_level(labels.get(mapping.get("level", "level"))),
        source=Source.ALERTMANAGER,
        external_key=key,
        opened_by=OPERATOR,
        outage=str(labels.get("outage", "")).strip().lower() == "true",
        cloud=(labels.get("cloud") or None) and str(labels["cloud"])[:128],
    )
