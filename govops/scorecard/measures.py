"""Each measure turns evidence into one value; a registry maps target files' names to them.

A measure returns a Measurement with a value and the counts behind it, or no value and
the reason (no audit yet, no fault records, ...). Measures never raise for missing data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from govops.i18n import M_, N_, Message
from govops.scorecard.evidence import Evidence
from govops.sla.compliance import compliance
from govops.sla.models import Fault


@dataclass(frozen=True)
class Measurement:
    value: float | None
    detail: str = ""  # the counts behind the value, e.g. "187 of 200 sites"
    reason: str | None = None  # why there is no value

    @staticmethod
    def ratio(part: int, whole: int, detail: str) -> Measurement:
        """``detail`` is a msgid such as ``"{part} of {whole} sites connected"``."""
        if whole == 0:
            noun = detail.removeprefix("{part} of {whole} ")
            return Measurement(None, reason=M_("no {noun} to count", noun=noun))
        return Measurement(part / whole, Message(detail, part=part, whole=whole))


Measure = Callable[[Evidence, Mapping[str, Any]], Measurement]
NO_AUDIT = M_("no network audit yet: pass --snapshot or run `govops network audit`")
NO_FAULTS = M_("no fault records in the store")
NO_MIGRATION = M_("no migration state: run `govops cloud status`")


def _levels(ev: Evidence) -> Mapping[str, Mapping[str, Any]] | None:
    summary = ev.audit_summary
    return None if summary is None else summary.get("levels", {})


def _summed(ev: Evidence, params: Mapping[str, Any], key: str, noun: str) -> Measurement:
    levels = _levels(ev)
    if levels is None:
        return Measurement(None, reason=NO_AUDIT)
    wanted = params.get("levels") or [lv for lv in levels if lv != "province"]
    rows = [levels[lv] for lv in wanted if lv in levels]
    return Measurement.ratio(
        sum(int(r.get(key) or 0) for r in rows),
        sum(int(r.get("expected") or 0) for r in rows),
        noun,
    )


def coverage(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    return _summed(ev, params, "connected", N_("{part} of {whole} sites connected"))


def bandwidth_compliance(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    return _summed(ev, params, "bandwidth_compliant", N_("{part} of {whole} sites at tier rate"))


def ipv6(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    return _summed(ev, params, "ipv6_ready", N_("{part} of {whole} sites dual stack"))


def dual_links(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    if ev.audit is None:
        return Measurement(None, reason=NO_AUDIT)
    sites = [s for s in ev.audit["sites"] if (s.get("uplinks_required") or 0) >= 2]
    both = sum(1 for s in sites if (s.get("uplinks_up") or 0) >= 2)
    return Measurement.ratio(both, len(sites), N_("{part} of {whole} sites with two uplinks up"))


def managed_devices(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    if ev.audit is None:
        return Measurement(None, reason=NO_AUDIT)
    devices = ev.audit["devices"]
    return Measurement.ratio(
        sum(1 for d in devices if d["reachable"]),
        len(devices),
        N_("{part} of {whole} devices read"),
    )


def business_support(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    """Systems whose bandwidth demand fits the spare capacity of their site's up uplinks."""
    if ev.audit is None:
        return Measurement(None, reason=NO_AUDIT)
    inv = ev.inventory
    headroom: dict[str, float] = {}
    for link in ev.audit["links"]:
        device = inv.devices.get(link["b"]["device"])
        if device is None or link["status"] == "down" or not link.get("effective_bps"):
            continue
        spare = link["effective_bps"] * (1 - (link.get("utilization") or 0.0))
        headroom[device.site] = headroom.get(device.site, 0.0) + max(spare, 0.0)
    systems = [s for s in inv.systems.values() if s.site and s.bandwidth_demand]
    fits = sum(1 for s in systems if headroom.get(s.site or "", 0.0) >= (s.bandwidth_demand or 0))
    return Measurement.ratio(
        fits, len(systems), N_("{part} of {whole} systems with bandwidth to spare")
    )


def migration(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    doc = ev.migration
    if doc is None:
        return Measurement(None, reason=NO_MIGRATION)
    return Measurement.ratio(
        int(doc["migrated"]), int(doc["in_scope"]), N_("{part} of {whole} in-scope systems")
    )


def migrated_count(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    doc = ev.migration
    if doc is None:
        return Measurement(None, reason=NO_MIGRATION)
    return Measurement(
        float(doc["migrated"]), M_("{count} systems migrated", count=doc["migrated"])
    )


def integration(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    clouds = list(ev.inventory.clouds.values())
    managed = sum(1 for c in clouds if c.openstack_cloud)
    return Measurement.ratio(
        managed, len(clouds), N_("{part} of {whole} cloud platforms with an API govops reads")
    )


def cores(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    if ev.cloud_cores is None:
        return Measurement(None, reason=M_("no cloud capacity known"))
    return Measurement(
        float(ev.cloud_cores),
        M_("{cores} vCPU ({source})", cores=ev.cloud_cores, source=M_(ev.cloud_cores_source)),
    )


def year_start(now: datetime) -> datetime:
    """1 January of ``now``'s year in GOVOPS_TZ (本年 counts in Beijing time)."""
    from govops import clock

    return clock.year_start(clock.year_of(now))


def _faults(ev: Evidence, params: Mapping[str, Any]) -> list[Fault] | None:
    if ev.faults is None:
        return None
    categories = set(params.get("categories") or [])
    severities = set(params.get("severities") or [])
    return [
        f
        for f in ev.faults
        if (not categories or f.category in categories)
        and (not severities or f.severity in severities)
    ]


def timely_resolution(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    """The SLA part's compliance over the year to date (open faults past target are breaches)."""
    faults = _faults(ev, params)
    if faults is None:
        return Measurement(None, reason=NO_FAULTS)
    result = compliance(faults, year_start(ev.now).timestamp(), ev.now.timestamp())
    return Measurement.ratio(
        result.met, result.denominator, N_("{part} of {whole} faults cleared in time this year")
    )


def _uptime(ev: Evidence, params: Mapping[str, Any], category: str) -> Measurement:
    """1 - (time with at least one fault of ``category`` open) / time elapsed this year."""
    faults = _faults(ev, {**params, "categories": params.get("categories") or [category]})
    if faults is None:
        return Measurement(None, reason=NO_FAULTS)
    start, end = year_start(ev.now).timestamp(), ev.now.timestamp()
    intervals = sorted(
        (max(f.opened_at, start), min(f.resolved_at or end, end))
        for f in faults
        if f.opened_at < end and (f.resolved_at or end) > start
    )
    down, cursor = 0.0, start
    for low, high in intervals:
        low = max(low, cursor)
        if high > low:
            down += high - low
            cursor = high
    elapsed = end - start
    if elapsed <= 0:
        return Measurement(None, reason=M_("the year has just begun"))
    return Measurement(
        1 - down / elapsed,
        M_("{down:.1f} h down of {elapsed:.0f} h", down=down / 3600, elapsed=elapsed / 3600),
    )


def platform_uptime(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    return _uptime(ev, params, "platform")


def network_availability(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    return _uptime(ev, params, "network")


MEASURES: dict[str, Measure] = {
    "network.coverage": coverage,
    "network.bandwidth_compliance": bandwidth_compliance,
    "network.ipv6": ipv6,
    "network.dual_links": dual_links,
    "network.managed_devices": managed_devices,
    "network.business_support": business_support,
    "cloud.migration": migration,
    "cloud.migrated_count": migrated_count,
    "cloud.integration": integration,
    "cloud.cores": cores,
    "sla.timely_resolution": timely_resolution,
    "sla.platform_uptime": platform_uptime,
    "sla.network_availability": network_availability,
}
