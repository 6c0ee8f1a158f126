"""Link utilisation measured over a window (Prometheus, or a file from other monitoring).

A link's utilisation is the busier direction's quantile (95th percentile by default) of the
5-minute rates over the window, on the busier end, divided by the link's effective rate.
Sources give :class:`Measurement` per (device or instance, interface); this module joins
them to the inventory's link ends and applies them to the audit's links (what that tells a
person: utilisation_report.py). Interface names are compared after expanding abbreviations
(``Gi0/1``, ``GE0/0/1``, ``XGE1/0/1``, ``BAGG1``, ``Eth-Trunk1``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from govops.errors import InputError
from govops.i18n import M_
from govops.inventory.models import Device, Inventory
from govops.network.checks import LinkAudit

#: One family name for every spelling of an interface type across vendors (lower case).
_FAMILIES = {
    "gigabitethernet": ("gi", "gig", "ge", "gigabitethernet", "gigaethernet"),
    "tengigabitethernet": (
        "te", "ten", "xge", "tengige", "tengigabitethernet", "ten-gigabitethernet",
        "xgigabitethernet", "10ge",
    ),
    "twentyfivegige": ("twe", "wge", "25ge", "twentyfivegige", "twenty-fivegige",
                       "twentyfivegigabitethernet"),
    "fortygige": ("fo", "fge", "40ge", "fortygige", "fortygigabitethernet"),
    "hundredgige": ("hu", "hge", "100ge", "hundredgige", "hundredgigabitethernet"),
    "fastethernet": ("fa", "fe", "fastethernet"),
    "ethernet": ("eth", "et", "ethernet"),
    "eth-trunk": ("eth-trunk", "ethtrunk", "trunk"),
    "bridge-aggregation": ("bagg", "bridge-aggregation"),
    "route-aggregation": ("ragg", "route-aggregation"),
    "port-channel": ("po", "port-channel", "portchannel"),
    "aggregateport": ("ag", "aggregateport"),
    "vlan": ("vlan", "vlanif", "vlan-interface", "vl"),
    "loopback": ("lo", "loopback"),
}  # fmt: skip
_ALIASES = {alias: family for family, aliases in _FAMILIES.items() for alias in aliases}
_NAME = re.compile(r"^(\d*[a-z]+(?:-[a-z]+)*)-?(\d.*)$")


def interface_pattern(names: Iterable[str]) -> str:
    """An RE2 pattern matching every spelling of these interfaces (and perhaps a few more:
    the join is exact), so Prometheus returns the link ends, not every port of a device."""
    by_family: dict[str, set[str]] = {}
    for name in names:
        compact = "".join(name.split()).lower()
        match = _NAME.match(compact)
        family, rest = (_ALIASES.get(match[1], match[1]), match[2]) if match else ("", compact)
        by_family.setdefault(family, set()).add(rest)
    parts = []
    for family, rests in sorted(by_family.items()):
        tail = "|".join(re.escape(r) for r in sorted(rests))
        if not family:
            parts.append(f"(?:{tail})")
            continue
        spellings = sorted(set(_FAMILIES.get(family, ())) | {family}, key=lambda a: (-len(a), a))
        parts.append(f"(?:{'|'.join(re.escape(a) for a in spellings)})[- ]?(?:{tail})")
    return "(?i)(?:" + "|".join(parts) + ")"


def canonical_interface(name: str) -> str:
    """One spelling per interface: ``Gi0/1``, ``GigabitEthernet 0/1`` -> ``gigabitethernet0/1``."""
    compact = "".join(name.split()).lower()
    match = _NAME.match(compact)
    if match is None:
        return compact
    return _ALIASES.get(match[1], match[1]) + match[2]


@dataclass(frozen=True)
class Measurement:
    """What a source measured on one interface, in bits/s (None: no figure)."""

    in_bps: float | None
    out_bps: float | None
    max_in_bps: float | None
    max_out_bps: float | None
    window_s: float
    covered_s: float | None

    @property
    def peak(self) -> float | None:
        known = [v for v in (self.in_bps, self.out_bps) if v is not None]
        return max(known) if known else None


#: (device name, host or metrics instance, canonical interface) -> measurement
Measurements = Mapping[tuple[str, str], Measurement]


@dataclass(frozen=True)
class LinkUsage:
    """A link's measured figures: those of its busier end, or why there are none."""

    source: str
    quantile: float
    window_s: float
    end: tuple[str, str] | None = None
    figures: Measurement | None = None
    reason: str | None = None

    @property
    def status(self) -> str:
        return "unknown" if self.figures is None else "measured"

    @property
    def peak(self) -> float | None:
        return None if self.figures is None else self.figures.peak

    def to_json(self) -> dict[str, Any]:
        f = self.figures
        return {
            "status": self.status,
            "source": self.source,
            "quantile": self.quantile,
            "window_s": int(f.window_s if f else self.window_s),
            "covered_s": _int(f.covered_s) if f else None,
            "device": self.end[0] if self.end else None,
            "interface": self.end[1] if self.end else None,
            "in_bps": _int(f.in_bps) if f else None,
            "out_bps": _int(f.out_bps) if f else None,
            "max_in_bps": _int(f.max_in_bps) if f else None,
            "max_out_bps": _int(f.max_out_bps) if f else None,
            "reason": self.reason,
        }


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def end_keys(device: Device) -> list[str]:
    """The names a source may know a device by: its metrics instance, its host, its name."""
    keys = [device.metrics_instance] if device.metrics_instance else []
    return list(dict.fromkeys([*keys, device.host, device.name]))


def _lookup(device: Device, interface: str, found: Measurements) -> Measurement | None:
    wanted = canonical_interface(interface)
    for key in end_keys(device):
        measured = found.get((key, wanted))
        if measured is not None:
            return measured
    return None


def join_links(
    inventory: Inventory, found: Measurements, source: str, quantile: float, window_s: float
) -> dict[str, LinkUsage]:
    """Each link's usage: the end whose busier direction is higher, or the reason for none."""
    usage = {}
    for lid, link in sorted(inventory.links.items()):
        ends = []
        for end in (link.a, link.b):
            measured = _lookup(inventory.devices[end.device], end.interface, found)
            if measured is not None and measured.peak is not None:
                ends.append(((end.device, end.interface), measured))
        if ends:
            where, figures = max(ends, key=lambda e: e[1].peak or 0.0)
            usage[lid] = LinkUsage(source, quantile, window_s, where, figures)
        else:
            names = " or ".join(
                f"{e.device} {e.interface} ({'/'.join(end_keys(inventory.devices[e.device]))})"
                for e in (link.a, link.b)
            )
            usage[lid] = LinkUsage(
                source, quantile, window_s, reason=M_("no series for {names}", names=names)
            )
    return usage


def check_complete(usage: Mapping[str, LinkUsage], allow_partial: bool, source: str) -> None:
    """Refuse partial data (exit 2) unless the user allows it: a wrong name is likelier than
    a link nobody monitors."""
    missing = [lid for lid, u in usage.items() if u.figures is None]
    if not missing or allow_partial:
        return
    if len(missing) == len(usage):
        raise InputError(
            M_(
                "{source}: no series for any of the {n} links; check the metric and "
                "label names (policy `metrics:`) and each device's host or metrics_instance",
                source=source,
                n=len(usage),
            )
        )
    raise InputError(
        M_(
            "{source}: {m} of {n} links have no series (first: {link}: {reason}); "
            "fix the names or pass --allow-partial to audit them as unknown",
            source=source,
            m=len(missing),
            n=len(usage),
            link=missing[0],
            reason=usage[missing[0]].reason,
        )
    )


def apply_usage(link: LinkAudit, usage: LinkUsage | None) -> LinkAudit:
    """The link judged by its measured quantile; the snapshot's figure is kept beside it."""
    if usage is None:
        return link
    peak, rate = usage.peak, link.effective_bps
    ratio = None
    if peak is not None and rate and link.status != "down":
        ratio = round(peak / rate, 4)
    return replace(link, utilization=ratio, snapshot_utilization=link.utilization, measured=usage)
