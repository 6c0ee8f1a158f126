"""Findings: what a person should act on, each with a severity, a check and a subject."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govops.i18n import M_, message_json
from govops.inventory.models import Inventory, Link
from govops.network.checks import (
    LinkAudit,
    Records,
    Seen,
    SiteAudit,
    quiet_ipv6_ends,
    short_aggregates,
    uplink_ipv6,
)
from govops.network.policy import Policy
from govops.units import format_rate

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    severity: str  # info | warning | critical
    check: str
    subject: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "check": self.check,
            "subject": self.subject,
            "message": self.message,
            # the msgid and its parameters: a stored audit re-reads in the reader's language
            **message_json(self.message),
        }


def _link_findings(link: LinkAudit, policy: Policy) -> list[Finding]:
    out = [
        Finding("warning", "inventory", link.id, M_("interface {end} not on the device", end=end))
        for end in link.missing
    ]
    if link.status == "down":
        out.append(Finding("warning", "redundancy", link.id, M_("link is down")))
    elif link.status == "below_target":
        out.append(
            Finding(
                "warning",
                "bandwidth",
                link.id,
                M_(
                    "effective {effective} below the {tier} tier's {required}",
                    effective=format_rate(link.effective_bps),
                    tier=M_(str(link.tier)),
                    required=format_rate(link.required_bps),
                ),
            )
        )
    if link.utilization is not None and link.measured is None:  # measured: utilisation.py
        limits = policy.utilization
        for severity, limit in (("critical", limits.critical), ("warning", limits.warning)):
            if link.utilization >= limit:
                out.append(
                    Finding(
                        severity,
                        "utilization",
                        link.id,
                        M_(
                            "running at {utilization:.0%} of {effective} (>= {limit:.0%})",
                            utilization=link.utilization,
                            effective=format_rate(link.effective_bps),
                            limit=limit,
                        ),
                    )
                )
                break
    return out


def _site_findings(site: SiteAudit, sites: Mapping[str, SiteAudit]) -> list[Finding]:
    out = []
    if site.bandwidth_status == "non_compliant":
        out.append(Finding("critical", "redundancy", site.id, M_("no uplink is up")))
    elif site.bandwidth_status == "degraded":
        message = M_(
            "{compliant} of the {required} uplinks the tier asks meet its rate ({up} up)",
            compliant=site.uplinks_compliant,
            required=site.uplinks_required,
            up=site.uplinks_up,
        )
        out.append(Finding("warning", "redundancy", site.id, message))
    elif site.bandwidth_status == "unknown":
        out.append(Finding("warning", "reachability", site.id, M_("its uplinks could not be read")))
    parent = sites.get(site.parent or "")
    if (
        parent
        and parent.ipv6_status == "dual_stack"
        and site.ipv6_status in ("ipv4_only", "partial")
    ):
        out.append(
            Finding(
                "info",
                "ipv6",
                site.id,
                M_(
                    "{status}; its parent {parent} is dual stack: convert next",
                    status=M_(site.ipv6_status),
                    parent=parent.id,
                ),
            )
        )
    return out


def _aggregate_findings(link: Link, records: Records, seen: Seen | None) -> list[Finding]:
    out = []
    for end, up, expected, from_history in short_aggregates(link, records, seen):
        message = (
            M_("{end}: {up} of {expected} members up (as many as the previous audit saw)",
               end=end, up=up, expected=expected)
            if from_history
            else M_("{end}: {up} of {expected} members up", end=end, up=up, expected=expected)
        )  # fmt: skip
        out.append(Finding("warning", "aggregate", link.id, message))
    return out


def findings_for(
    inventory: Inventory,
    sites: Sequence[SiteAudit],
    links: Sequence[LinkAudit],
    errors: Mapping[str, str],
    records: Records,
    policy: Policy,
    seen: Seen | None = None,
) -> list[Finding]:
    """Every finding, sorted by severity, check and subject (stable for byte-identical JSON)."""
    found = [Finding("critical", "reachability", name, error) for name, error in errors.items()]
    for link in links:
        found += _link_findings(link, policy)
        for end in quiet_ipv6_ends(inventory.links[link.id], records):
            found.append(
                Finding(
                    "info", "ipv6", link.id, M_("{end}: global IPv6 but no IPv6 neighbour", end=end)
                )
            )
        found += _aggregate_findings(inventory.links[link.id], records, seen)
        if uplink_ipv6(inventory.links[link.id], records) is False:
            found.append(
                Finding("info", "ipv6", link.id, M_("IPv4 only: no global IPv6 on the link"))
            )
    by_id = {s.id: s for s in sites}
    for site in sites:
        found += _site_findings(site, by_id)
    return sorted(found, key=lambda f: (SEVERITY_ORDER[f.severity], f.check, f.subject, f.message))
