"""run_audit: parsed device output + inventory + policy -> AuditReport (design.md's JSON)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govops.errors import InputError
from govops.i18n import M_
from govops.inventory.models import Inventory, Level
from govops.network import checks
from govops.network.checks import LinkAudit, Records, SiteAudit
from govops.network.findings import Finding, findings_for
from govops.network.models import DeviceResult, Interface
from govops.network.parsing import parse_device
from govops.network.policy import Policy

if TYPE_CHECKING:
    from govops.network.utilisation import LinkUsage

SUMMARY_KEYS = ("expected", "connected", "bandwidth_compliant", "ipv6_ready")


@dataclass(frozen=True)
class DeviceAudit:
    name: str
    site: str
    platform: str
    reachable: bool
    error: str | None
    interfaces: tuple[Interface, ...]
    ipv6_status: str


@dataclass(frozen=True)
class AuditReport:
    summary: dict[str, Any]
    sites: tuple[SiteAudit, ...]
    links: tuple[LinkAudit, ...]
    devices: tuple[DeviceAudit, ...]
    findings: tuple[Finding, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "sites": [_site_json(s) for s in self.sites],
            "links": [_link_json(link) for link in self.links],
            "devices": [_device_json(d) for d in self.devices],
            "findings": [f.to_json() for f in self.findings],
        }


def _site_json(s: SiteAudit) -> dict[str, Any]:
    return {
        "id": s.id,
        "level": s.level,
        "parent": s.parent,
        "uplinks_up": s.uplinks_up,
        "uplinks_required": s.uplinks_required,
        "bandwidth_status": s.bandwidth_status,
        "ipv6_status": s.ipv6_status,
        "connected": s.connected,
    }


def _link_json(link: LinkAudit) -> dict[str, Any]:
    measured = {}
    if link.measured is not None:
        measured = {
            "snapshot_utilization": link.snapshot_utilization,
            "measured": link.measured.to_json(),
        }
    return {
        "id": link.id,
        "tier": link.tier,
        "a": {"device": link.a[0], "interface": link.a[1]},
        "b": {"device": link.b[0], "interface": link.b[1]},
        "required_bps": link.required_bps,
        "effective_bps": link.effective_bps,
        "utilization": link.utilization,
        "status": link.status,
        **measured,
    }


def _device_json(d: DeviceAudit) -> dict[str, Any]:
    return {
        "name": d.name,
        "site": d.site,
        "platform": d.platform,
        "reachable": d.reachable,
        "error": d.error,
        "interfaces": [i.to_json() for i in d.interfaces],
        "ipv6_status": d.ipv6_status,
    }


def _parse(inventory: Inventory, results: Sequence[DeviceResult]) -> tuple[Records, dict[str, str]]:
    """Records of every device that answered, and the error of every one that did not."""
    records: dict[str, dict[str, Interface]] = {}
    errors: dict[str, str] = {name: M_("not collected") for name in inventory.devices}
    for result in results:
        if result.name not in inventory.devices:
            continue
        if not result.ok:
            errors[result.name] = result.error or M_("failed")
            continue
        try:
            parsed = (
                list(result.records)
                if result.records is not None
                and result.platform == inventory.devices[result.name].platform
                else parse_device(inventory.devices[result.name].platform, result.outputs)
            )
        except InputError as exc:
            errors[result.name] = M_("unreadable output: {reason}", reason=exc.message)
            continue
        if not parsed:
            errors[result.name] = M_(
                "unreadable output: {reason}", reason=M_("no interfaces in the answer")
            )
            continue
        records[result.name] = {r.name: r for r in parsed}
        errors.pop(result.name)
    return records, errors


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _level_summary(counts: dict[str, int]) -> dict[str, Any]:
    expected = counts["expected"]
    return {
        **counts,
        "coverage_ratio": _ratio(counts["connected"], expected),
        "bandwidth_compliance_ratio": _ratio(counts["bandwidth_compliant"], expected),
        "ipv6_ready_ratio": _ratio(counts["ipv6_ready"], expected),
    }


def summarise(sites: Sequence[SiteAudit], policy: Policy) -> dict[str, Any]:
    """Per level and in total: expected, connected, compliant, IPv6 ready, and their ratios."""
    levels: dict[str, Any] = {}
    totals = dict.fromkeys(SUMMARY_KEYS, 0) | {"audited": 0}
    for level in Level:
        at = [s for s in sites if s.level == level]
        expected = policy.expected.get(level, len(at))
        if not at and not expected:
            continue
        counts = {
            "expected": expected,
            "audited": len(at),
            "connected": sum(s.connected for s in at),
            "bandwidth_compliant": sum(s.bandwidth_status == "compliant" for s in at),
            "ipv6_ready": sum(s.ipv6_status == "dual_stack" for s in at),
        }
        levels[str(level)] = _level_summary(counts)
        totals = {k: totals[k] + counts[k] for k in totals}
    return {"levels": levels, "total": _level_summary(totals)}


def run_audit(
    inventory: Inventory,
    results: Sequence[DeviceResult],
    policy: Policy,
    usage: Mapping[str, LinkUsage] | Callable[[], Mapping[str, LinkUsage] | None] | None = None,
    seen_members: checks.Seen | None = None,
) -> AuditReport:
    """Audit what the devices said against the policy. Same input, byte-identical JSON.

    ``usage`` (utilisation.py): links judged by measured quantiles instead of the snapshot;
    a callable is called once the snapshot is parsed (its figures may still be on the way).
    ``seen_members``: aggregates' member counts in the previous full audit, compared with
    where a link gives no ``members``.
    """
    records, errors = _parse(inventory, results)
    links = {
        lid: checks.audit_link(link, inventory.tiers.get(lid), records, policy)
        for lid, link in sorted(inventory.links.items())
    }
    if callable(usage):
        usage = usage()
    if usage is not None:
        links = _measured(links, usage)
    device_status = {n: checks.device_ipv6(inventory, n, records) for n in inventory.devices}
    sites = [
        checks.audit_site(site, inventory, links, records, policy, device_status)
        for _, site in sorted(inventory.sites.items())
    ]
    devices = [
        DeviceAudit(
            name,
            d.site,
            d.platform,
            name in records,
            errors.get(name),
            tuple(sorted(records.get(name, {}).values(), key=lambda r: r.name)),
            device_status[name],
        )
        for name, d in sorted(inventory.devices.items())
    ]
    found = findings_for(
        inventory, sites, list(links.values()), errors, records, policy, seen_members
    )
    if usage is not None:
        found = _with_usage_findings(found, list(links.values()), policy)
    return AuditReport(
        summarise(sites, policy), tuple(sites), tuple(links.values()), tuple(devices), tuple(found)
    )


def _measured(links: dict[str, LinkAudit], usage: Mapping[str, LinkUsage]) -> dict[str, LinkAudit]:
    from govops.network.utilisation import apply_usage

    return {lid: apply_usage(link, usage.get(lid)) for lid, link in links.items()}


def _with_usage_findings(
    found: list[Finding], links: list[LinkAudit], policy: Policy
) -> list[Finding]:
    from govops.network.findings import SEVERITY_ORDER
    from govops.network.utilisation_report import usage_findings

    return sorted(
        found + usage_findings(links, policy),
        key=lambda f: (SEVERITY_ORDER[f.severity], f.check, f.subject, f.message),
    )
