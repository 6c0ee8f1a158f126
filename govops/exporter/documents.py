"""Metrics from the documents other parts store: the last network audit summary, the
cloud migration summary and the last scorecard (contracts in design.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric

AUDIT_KEY = "network.last_audit_summary"
MIGRATION_KEY = "cloud.migration_summary"
SCORECARD_KEY = "scorecard.last"

_NETWORK = {
    "govops_network_coverage_ratio": ("coverage_ratio", "Share of expected sites connected."),
    "govops_network_bandwidth_compliance_ratio": (
        "bandwidth_compliance_ratio",
        "Share of sites meeting their bandwidth tier.",
    ),
    "govops_network_ipv6_ready_ratio": ("ipv6_ready_ratio", "Share of sites dual-stack ready."),
}


def families() -> list[Metric]:
    out: list[Metric] = [
        GaugeMetricFamily(name, help_text + " From the last audit.", labels=("level",))
        for name, (_, help_text) in _NETWORK.items()
    ]
    out.append(
        GaugeMetricFamily(
            "govops_network_audit_timestamp_seconds", "When the last audit summary was made."
        )
    )
    out += _audit_families()
    out.append(
        GaugeMetricFamily(
            "govops_cloud_systems",
            "Systems by migration status and target cloud.",
            labels=("status", "target_cloud"),
        )
    )
    out.append(
        GaugeMetricFamily(
            "govops_cloud_migration_ratio", "Share of in-scope systems migrated to the cloud."
        )
    )
    out.append(
        GaugeMetricFamily(
            "govops_indicator_ratio",
            "A plan indicator as the last scorecard measured it.",
            labels=("indicator",),
        )
    )
    out.append(
        GaugeMetricFamily(
            "govops_indicator_target_ratio",
            "A plan indicator's target for a year.",
            labels=("indicator", "year"),
        )
    )
    return out


def _audit_families() -> list[Metric]:
    return [
        GaugeMetricFamily(
            "govops_audit_last_success_timestamp_seconds",
            "When the snapshot of the last full audit was taken (its created_at).",
        ),
        GaugeMetricFamily(
            "govops_audit_findings",
            "Findings of the last full audit by check and severity.",
            labels=("check", "severity"),
        ),
        GaugeMetricFamily(
            "govops_audit_new_findings",
            "Findings of the last full audit that the full audit before it did not have.",
            labels=("severity",),
        ),
        GaugeMetricFamily(
            "govops_devices_audited",
            "Devices in the last full audit, by the level of their site.",
            labels=("level",),
        ),
        GaugeMetricFamily(
            "govops_devices_unreachable",
            "Devices the last full audit could not read, by the level of their site.",
            labels=("level",),
        ),
    ]


def fill(by_name: dict[str, Any], audit: Any, migration: Any, scorecard: Any = None) -> None:
    """Add samples for whichever documents exist and have the expected shape."""
    if isinstance(audit, dict):
        _fill_audit(by_name, audit)
    if isinstance(migration, dict):
        _fill_migration(by_name, migration)
    if isinstance(scorecard, dict):
        _fill_scorecard(by_name, scorecard)


def _fill_scorecard(by_name: dict[str, Any], scorecard: dict[str, Any]) -> None:
    """Ratio indicators only (counts such as cloud cores are not ratios); ids are few."""
    for row in scorecard.get("indicators") or []:
        if not isinstance(row, dict) or row.get("unit") != "ratio":
            continue
        indicator = str(row.get("id"))
        if isinstance(row.get("value"), int | float):
            by_name["govops_indicator_ratio"].add_metric([indicator], float(row["value"]))
        for year, target in sorted((row.get("targets") or {}).items()):
            if isinstance(target, int | float):
                by_name["govops_indicator_target_ratio"].add_metric(
                    [indicator, str(year)], float(target)
                )


def _fill_audit(by_name: dict[str, Any], audit: dict[str, Any]) -> None:
    summary = audit.get("summary") or {}
    levels = dict(summary.get("levels") or {})
    if isinstance(summary.get("total"), dict):
        levels["total"] = summary["total"]
    for level, values in sorted(levels.items()):
        if not isinstance(values, dict):
            continue
        for name, (key, _) in _NETWORK.items():
            value = values.get(key)
            if isinstance(value, int | float):
                by_name[name].add_metric([str(level)], float(value))
    stamp = _timestamp(audit.get("generated_at"))
    if stamp is not None:
        by_name["govops_network_audit_timestamp_seconds"].add_metric([], stamp)
    if audit.get("scope", "full") == "full":
        _fill_audit_health(by_name, audit)


def _fill_audit_health(by_name: dict[str, Any], audit: dict[str, Any]) -> None:
    """Freshness, findings and unreachable devices of the last full audit."""
    taken = _timestamp(audit.get("created_at") or audit.get("generated_at"))
    if taken is not None and _read_any(audit.get("devices")):
        by_name["govops_audit_last_success_timestamp_seconds"].add_metric([], taken)
    for row in audit.get("findings") or []:
        if isinstance(row, dict) and isinstance(row.get("count"), int):
            labels = [str(row.get("check")), str(row.get("severity"))]
            by_name["govops_audit_findings"].add_metric(labels, row["count"])
    new = audit.get("new_findings")
    if isinstance(new, dict):
        for severity, count in sorted(new.items()):
            if isinstance(count, int):
                by_name["govops_audit_new_findings"].add_metric([str(severity)], count)
    devices = audit.get("devices")
    for level, tally in sorted((devices if isinstance(devices, dict) else {}).items()):
        if isinstance(tally, dict):
            for key in ("audited", "unreachable"):
                if isinstance(tally.get(key), int):
                    name = f"govops_devices_{key}"
                    by_name[name].add_metric([str(level)], tally[key])


def _read_any(devices: Any) -> bool:
    """An audit that read no device at all is no success (unknown: assume it read some)."""
    if not isinstance(devices, dict):
        return True
    tallies = [t for t in devices.values() if isinstance(t, dict)]
    return any(t.get("audited", 0) > t.get("unreachable", 0) for t in tallies) or not tallies


def _fill_migration(by_name: dict[str, Any], migration: dict[str, Any]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for row in migration.get("systems") or []:
        if isinstance(row, dict) and isinstance(row.get("count"), int):
            counts[str(row.get("status", "")), str(row.get("target_cloud") or "")] += row["count"]
    for labels, count in sorted(counts.items()):
        by_name["govops_cloud_systems"].add_metric(list(labels), count)
    ratio = migration.get("migration_ratio")
    if isinstance(ratio, int | float):
        by_name["govops_cloud_migration_ratio"].add_metric([], float(ratio))


def _timestamp(value: Any) -> float | None:
    from govops.sla.models import parse_time

    try:
        return parse_time(value) if isinstance(value, str) else None
    except ValueError:
        return None
