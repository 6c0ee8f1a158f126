"""Every check the audit runs, as ``govops network checks`` explains it.

Each finding's ``check`` is one of these ids. Thresholds are read from the policy in
force (the plan's tiers unless ``--policy`` names a file), so what is listed is what
the audit would apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govops.i18n import M_, N_
from govops.network.policy import Policy
from govops.units import format_rate


@dataclass(frozen=True)
class Threshold:
    name: str
    value: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "value": self.value, "source": self.source}


@dataclass(frozen=True)
class Check:
    id: str
    asserts: str
    severities: tuple[str, ...]
    thresholds: tuple[Threshold, ...]
    fields: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "asserts": self.asserts,
            "severities": list(self.severities),
            "thresholds": [t.to_json() for t in self.thresholds],
            "fields": list(self.fields),
        }


def _source(policy_file: str | None) -> str:
    return M_("policy {file}", file=policy_file) if policy_file else "plan-targets.md"


def _tier_thresholds(policy: Policy, source: str, rate: bool) -> tuple[Threshold, ...]:
    return tuple(
        Threshold(
            M_("{tier} rate", tier=M_(tier)) if rate else M_("{tier} uplinks", tier=M_(tier)),
            format_rate(rule.rate) if rate else str(rule.links),
            source,
        )
        for tier, rule in sorted(policy.tiers.items())
    )


def checks(policy: Policy, policy_file: str | None = None) -> list[Check]:
    """The audit's checks with the thresholds ``policy`` sets."""
    source = _source(policy_file)
    limits = policy.utilization
    m = policy.metrics
    link_fields = ("oper_status", "speed_bps", "bandwidth_bps", "members")
    return [
        Check(
            "reachability",
            N_("every inventory device answers its read-only command set over SSH"),
            ("critical", "warning"),
            (),
            ("(collection result)",),
        ),
        Check(
            "inventory",
            N_("every link end the inventory names is an interface the device shows"),
            ("warning",),
            (),
            ("name",),
        ),
        Check(
            "redundancy",
            N_("each link is up at both ends; each site has as many uplinks up as its tier asks"),
            ("critical", "warning"),
            _tier_thresholds(policy, source, rate=False),
            ("oper_status",),
        ),
        Check(
            "bandwidth",
            N_(
                "each up link's effective rate (port speed or up members' sum, capped by the "
                "configured bandwidth and the contract) meets its tier's rate"
            ),
            ("warning",),
            (
                *_tier_thresholds(policy, source, rate=True),
                Threshold(M_("contracted"), M_("per link"), "inventory links[].contracted"),
            ),
            link_fields,
        ),
        Check(
            "aggregate",
            N_("an up aggregate has as many members up as the link's expected member count"),
            ("warning",),
            (Threshold(M_("members"), M_("per link"), "inventory links[].members"),),
            ("oper_status", "members", "members_up"),
        ),
        Check(
            "utilization",
            N_(
                "each up link's busier direction stays below the thresholds of its effective "
                "rate: the device's own rate over rate_window_s, or with --prometheus or "
                "--utilisation-from the window's quantile of 5-minute rates"
            ),
            ("critical", "warning", "info"),
            (
                Threshold(M_("warning"), f"{limits.warning:.0%}", source),
                Threshold(M_("critical"), f"{limits.critical:.0%}", source),
                Threshold(M_("quantile"), "0.95", "audit --quantile"),
                Threshold(M_("window"), "30d", "audit --window"),
                Threshold(
                    M_("series"),
                    M_(
                        "{inbound}, {outbound} by {instance}, {interface}",
                        inbound=m.in_octets,
                        outbound=m.out_octets,
                        instance=m.instance_label,
                        interface=m.interface_label,
                    ),
                    M_("{source} metrics:", source=source)
                    if policy_file
                    else "snmp_exporter if_mib",
                ),
            ),
            (*link_fields, "in_bps", "out_bps", "rate_window_s", "measured"),
        ),
        Check(
            "ipv6",
            N_(
                "each link carries IPv4 and global IPv6 at both ends and sees an IPv6 neighbour; "
                "sites are rated dual_stack, partial or ipv4_only"
            ),
            ("info",),
            (),
            ("oper_status", "ipv4", "ipv6", "ipv6_neighbors"),
        ),
    ]
