"""The checks, one function each: link bandwidth and state, site redundancy, IPv6 readiness.

They read what the devices said (parsed records) and the inventory's structure and
contracts; never the inventory's ``intended`` state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govops.inventory.models import Inventory, Link, Site
from govops.network.models import Interface, OperStatus
from govops.network.policy import Policy

if TYPE_CHECKING:
    from govops.network.utilisation import LinkUsage

#: device name -> interface name -> record; a device absent here could not be read.
Records = Mapping[str, Mapping[str, Interface]]


@dataclass(frozen=True)
class LinkAudit:
    id: str
    tier: str | None
    a: tuple[str, str]
    b: tuple[str, str]
    required_bps: int | None
    effective_bps: int | None
    utilization: float | None
    status: str  # compliant | below_target | down | unknown
    missing: tuple[str, ...] = ()  # "device interface" ends the device did not show
    #: with a measured source (Prometheus, a file): the snapshot's own figure, and the figures
    snapshot_utilization: float | None = None
    measured: LinkUsage | None = None


@dataclass(frozen=True)
class SiteAudit:
    id: str
    level: str
    parent: str | None
    uplinks_up: int
    uplinks_required: int
    bandwidth_status: str  # compliant | degraded | non_compliant | unknown
    ipv6_status: str  # dual_stack | partial | ipv4_only | unknown
    connected: bool
    uplinks_compliant: int = 0


def _capacity(record: Interface, device: Mapping[str, Interface]) -> int | None:
    """Port speed (an aggregate: its up members' sum), capped by a configured bandwidth."""
    speed = record.speed_bps
    if record.members:
        known = [device[m] for m in record.members if m in device]
        if known:
            speed = sum(m.speed_bps or 0 for m in known if m.oper_status is OperStatus.UP)
    rates = [r for r in (speed, record.bandwidth_bps) if r is not None]
    return min(rates) if rates else None


def _ends(link: Link, records: Records) -> tuple[list[tuple[Interface, int | None]], list[str]]:
    found, missing = [], []
    for end in (link.a, link.b):
        device = records.get(end.device)
        if device is None:
            continue
        record = device.get(end.interface)
        if record is None:
            missing.append(f"{end.device} {end.interface}")
        else:
            found.append((record, _capacity(record, device)))
    return found, missing


def audit_link(link: Link, tier: str | None, records: Records, policy: Policy) -> LinkAudit:
    rule = policy.tiers.get(tier) if tier else None  # type: ignore[call-overload]
    required = rule.rate if rule else None
    found, missing = _ends(link, records)
    base: dict[str, Any] = {
        "id": link.id,
        "tier": tier,
        "a": (link.a.device, link.a.interface),
        "b": (link.b.device, link.b.interface),
        "required_bps": required,
        "missing": tuple(missing),
    }
    if not found:
        return LinkAudit(**base, effective_bps=None, utilization=None, status="unknown")
    if any(r.oper_status is not OperStatus.UP for r, _ in found):
        return LinkAudit(**base, effective_bps=0, utilization=None, status="down")
    rates = [c for _, c in found if c is not None] + ([link.contracted] if link.contracted else [])
    effective = min(rates) if rates else None
    loads = [
        max(r.in_bps or 0, r.out_bps or 0)
        for r, _ in found
        if r.in_bps is not None or r.out_bps is not None
    ]
    utilization = round(max(loads) / effective, 4) if loads and effective else None
    if effective is None:
        status = "unknown"
    else:
        status = "compliant" if required is None or effective >= required else "below_target"
    return LinkAudit(**base, effective_bps=effective, utilization=utilization, status=status)


def _rollup(flags: list[bool | None]) -> str:
    known = [f for f in flags if f is not None]
    if not known:
        return "unknown"
    if all(known):
        return "dual_stack"
    return "partial" if any(known) else "ipv4_only"


def dual_stack_end(records: Records, device: str, interface: str, need_up: bool) -> bool | None:
    """Whether one link end carries IPv4 and global IPv6 (None: the device could not be read)."""
    found = records.get(device)
    if found is None:
        return None
    record = found.get(interface)
    if record is None:
        return False
    up = record.oper_status is OperStatus.UP or not need_up
    return up and bool(record.ipv4) and bool(record.ipv6)


def device_ipv6(inventory: Inventory, name: str, records: Records) -> str:
    """dual_stack when every link end on the device is up with IPv4 and global IPv6."""
    if name not in records:
        return "unknown"
    ends = inventory.link_ends(name)
    if not ends:
        has_v6 = any(r.ipv6 for r in records[name].values())
        return "dual_stack" if has_v6 else "ipv4_only"
    return _rollup([dual_stack_end(records, name, i, need_up=True) for i in ends])


def quiet_ipv6_ends(link: Link, records: Records) -> list[str]:
    """Ends that are up with global IPv6 but see no IPv6 neighbour (where the device says)."""
    quiet = []
    for end in (link.a, link.b):
        record = records.get(end.device, {}).get(end.interface)
        if (
            record is not None
            and record.ipv6
            and record.oper_status is OperStatus.UP
            and record.ipv6_neighbors == ()
        ):
            quiet.append(f"{end.device} {end.interface}")
    return quiet


def uplink_ipv6(link: Link, records: Records) -> bool | None:
    """An uplink is dual stack when each end that could be read has IPv4 and global IPv6."""
    ends = [dual_stack_end(records, e.device, e.interface, need_up=False) for e in (link.a, link.b)]
    known = [e for e in ends if e is not None]
    return all(known) if known else None


def _top_site(
    site: Site, inventory: Inventory, records: Records, device_status: Mapping[str, str]
) -> SiteAudit:
    """A site with no parent above it is judged by its own devices."""
    devices = inventory.devices_at(site.id)
    reachable = any(d.name in records for d in devices)
    known = {device_status[d.name] for d in devices} - {"unknown"}
    ipv6 = known.pop() if len(known) == 1 else ("partial" if known else "unknown")
    status = "compliant" if reachable else "unknown"
    return SiteAudit(site.id, str(site.level), site.parent, 0, 0, status, ipv6, reachable)


def _bandwidth_status(audits: list[LinkAudit], required: int) -> str:
    up = [a for a in audits if a.status in ("compliant", "below_target")]
    if not up:
        return "unknown" if any(a.status == "unknown" for a in audits) else "non_compliant"
    compliant = sum(a.status == "compliant" for a in audits)
    return "compliant" if compliant >= required else "degraded"


def audit_site(
    site: Site,
    inventory: Inventory,
    links: Mapping[str, LinkAudit],
    records: Records,
    policy: Policy,
    device_status: Mapping[str, str],
) -> SiteAudit:
    """Compliant: enough up uplinks meet the tier; degraded: connected but short of that;
    non_compliant: no uplink up; unknown: its uplinks could not be read."""
    uplinks = inventory.uplinks(site.id)
    if site.parent is None or (not uplinks and site.parent not in inventory.sites):
        return _top_site(site, inventory, records, device_status)
    tier = inventory.tiers.get(uplinks[0].id) if uplinks else None
    rule = policy.tiers.get(tier) if tier else None
    required = rule.links if rule else 2
    audits = [links[u.id] for u in uplinks]
    up = sum(a.status in ("compliant", "below_target") for a in audits)
    compliant = sum(a.status == "compliant" for a in audits)
    ipv6 = _rollup([uplink_ipv6(u, records) for u in uplinks])
    status = _bandwidth_status(audits, required)
    return SiteAudit(
        site.id, str(site.level), site.parent, up, required, status, ipv6, up > 0, compliant
    )


def members_up(record: Interface, device: Mapping[str, Interface]) -> int:
    """An aggregate's members up: as the device lists them, else by their own records."""
    if record.members_up is not None:
        return len(record.members_up)
    return sum(1 for m in record.members if m in device and device[m].oper_status is OperStatus.UP)


#: (device, interface) -> the members an aggregate was seen with in the previous full audit
Seen = Mapping[tuple[str, str], int]


def members_seen(report: Mapping[str, Any] | None) -> dict[tuple[str, str], int]:
    """Each aggregate's member count in a stored audit report (design.md's JSON)."""
    if not report:
        return {}
    return {
        (device["name"], record["name"]): len(record["members"])
        for device in report.get("devices", [])
        for record in device.get("interfaces", [])
        if record.get("members")
    }


def short_aggregates(
    link: Link, records: Records, seen: Seen | None = None
) -> list[tuple[str, int, int, bool]]:
    """(end, members up, members expected, from history) for each up aggregate end short of
    the link's ``members``, else of the members it had in the previous audit."""
    short = []
    for end in (link.a, link.b):
        expected = link.members or (seen or {}).get((end.device, end.interface))
        device = records.get(end.device, {})
        record = device.get(end.interface)
        if expected is None or record is None or record.oper_status is not OperStatus.UP:
            continue  # nothing to compare with; unread, missing or down: other checks say so
        up = members_up(record, device)
        if up < expected:
            short.append((f"{end.device} {end.interface}", up, expected, link.members is None))
    return short
