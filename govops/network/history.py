"""Audits over time: each audit stored with its snapshot's time and scope, and the summary
the exporter and the scorecard read (from full audits only, never a partial one)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from govops import history, store
from govops.inventory.models import Inventory
from govops.network.audit import AuditReport
from govops.network.diff import diff_audits
from govops.network.models import DeviceResult

KIND = "network.audit"
SUMMARY_KEY = "network.last_audit_summary"
SEVERITIES = ("critical", "warning", "info")


def audit_scope(inventory: Inventory, results: Sequence[DeviceResult]) -> str:
    """``full`` when every inventory device is in the results (read or not), else ``partial``."""
    seen = {r.name for r in results}
    return "full" if set(inventory.devices) <= seen else "partial"


def finding_counts(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings per (check, severity): the exporter's govops_audit_findings."""
    counts = Counter((f["check"], f["severity"]) for f in report.get("findings", []))
    return [
        {"check": check, "severity": severity, "count": n}
        for (check, severity), n in sorted(counts.items())
    ]


def device_counts(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Devices audited and not reached, per level of their site."""
    levels = {s["id"]: s["level"] for s in report.get("sites", [])}
    out: dict[str, dict[str, int]] = {}
    for device in report.get("devices", []):
        tally = out.setdefault(levels.get(device["site"], "unknown"), {"audited": 0})
        tally["audited"] += 1
        tally["unreachable"] = tally.get("unreachable", 0) + (not device["reachable"])
    return out


def summary_document(
    report: dict[str, Any], entry: history.Entry, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """What ``network.last_audit_summary`` holds after a full audit."""
    new: dict[str, int] | None = None
    if previous is not None:
        added = diff_audits(previous, report).new_findings
        new = {s: sum(f["severity"] == s for f in added) for s in SEVERITIES}
    return {
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "created_at": entry.created_at,
        "audit_id": entry.id,
        "scope": entry.scope,
        "summary": report["summary"],
        "findings": finding_counts(report),
        "devices": device_counts(report),
        "new_findings": new,
    }


def record_audit(
    conn: Any,
    inventory: Inventory,
    results: Sequence[DeviceResult],
    report: AuditReport,
    *,
    created_at: str,
    snapshot: str | None = None,
) -> history.Entry:
    """Store the audit in history; a full audit also becomes the last summary."""
    scope = audit_scope(inventory, results)
    body = slim(report.to_json())
    previous = last_full(conn)
    covered = {r.name for r in results} & set(inventory.devices)
    detail = {"devices": len(covered), "inventory_devices": len(inventory.devices)}
    meta = {"snapshot": snapshot, "scope_detail": detail}
    entry = history.record(conn, KIND, created_at, body, scope=scope, meta=meta)
    if scope == "full":
        store.put_document(conn, SUMMARY_KEY, summary_document(body, entry, previous))
    return entry


def slim(report: dict[str, Any]) -> dict[str, Any]:
    """The audit as history keeps it: each device's interface records (three quarters of
    the JSON) cut down to the aggregates' names and members, which the next audit reads
    when a link does not give its member count."""
    devices = [
        {
            **{k: v for k, v in d.items() if k != "interfaces"},
            "interfaces": [
                {"name": r["name"], "members": r["members"]}
                for r in d.get("interfaces", [])
                if r.get("members")
            ],
        }
        for d in report["devices"]
    ]
    return {**report, "devices": devices}


def last_full(conn: Any) -> dict[str, Any] | None:
    """The report of the newest full audit, or None."""
    full = history.entries(conn, KIND, scope="full")
    if not full:
        return None
    newest = history.load(conn, KIND, full[-1].id)
    return None if newest is None else newest.body
