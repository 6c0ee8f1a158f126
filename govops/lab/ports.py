"""What each lab device's interfaces are meant to look like, from the inventory's ``intended``.

Audits never read ``intended``; the lab answers from it so the shortfalls built into an
inventory show up in what the devices say.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from govops.inventory.models import Device, Inventory, Link, LinkIntent

_V4_BASE = int(ipaddress.IPv4Address("10.64.0.0"))
_MEMBER_PREFIX = {
    "huawei": "XGigabitEthernet1/0/",
    "huawei_vrpv8": "XGigabitEthernet1/0/",
    "hp_comware": "Ten-GigabitEthernet2/0/",
    "cisco_ios": "TenGigabitEthernet0/2/",
    "ruijie_os": "TenGigabitEthernet 0/",
    "zte_zxros": "xgei-0/1/0/",
}
_SPARE = {
    "huawei": "GigabitEthernet0/0/47",
    "huawei_vrpv8": "GigabitEthernet0/0/47",
    "hp_comware": "GigabitEthernet1/0/47",
    "cisco_ios": "GigabitEthernet0/0/47",
    "ruijie_os": "GigabitEthernet 0/47",
    "zte_zxros": "gei-0/1/1/47",
}
_LOOPBACK = {
    "hp_comware": "LoopBack0",
    "cisco_ios": "Loopback0",
    "ruijie_os": "Loopback 0",
    "zte_zxros": "loopback1",
}


@dataclass(frozen=True)
class Port:
    """One interface as the lab device shows it (rates in bits/s)."""

    name: str
    up: bool
    speed: int | None
    bandwidth: int | None = None  # configured (contracted) rate, shown where the platform can
    in_bps: int | None = 0
    out_bps: int | None = 0
    ipv4: str | None = None
    ipv6: str | None = None
    members: tuple[Port, ...] = ()
    admin_down: bool = False
    description: str = ""


def device_ports(inventory: Inventory, device: Device) -> list[Port]:
    """Every interface the device shows: link ends, aggregate members, a loopback, a spare."""
    ports: list[Port] = []
    members_used = 0
    has_v6 = False
    links, positions = _index(inventory)
    for index, link in links.get(device.name, []):
        for upper, end in ((True, link.a), (False, link.b)):
            if end.device != device.name:
                continue
            port = _link_port(link, index, upper, device, members_used)
            members_used += len(port.members)
            has_v6 = has_v6 or port.ipv6 is not None
            ports.extend(port.members)
            ports.append(port)
    k = positions[device.name] + 1
    loopback = _LOOPBACK.get(device.platform, "LoopBack0")
    v6 = f"2001:DB8:FFFF::{k:X}/128" if has_v6 else None
    ports.append(
        Port(loopback, True, None, None, None, None, f"10.255.{k // 256}.{k % 256}/32", v6)
    )
    spare = _SPARE[device.platform]
    ports.append(Port(spare, False, None, in_bps=None, out_bps=None, admin_down=True))
    return ports


_Index = tuple[dict[str, list[tuple[int, Link]]], dict[str, int]]
_last: list[tuple[Inventory, _Index]] = []  # the inventory indexed last (a lab has one)


def _index(inventory: Inventory) -> _Index:
    """Each device's links (with their position) and each device's position, built once.

    Scanning every link for every device made a 5,000-device lab take minutes to start.
    """
    if _last and _last[0][0] is inventory:
        return _last[0][1]
    links: dict[str, list[tuple[int, Link]]] = {}
    for index, link in enumerate(inventory.links.values()):
        for name in dict.fromkeys((link.a.device, link.b.device)):
            links.setdefault(name, []).append((index, link))
    positions = {name: n for n, name in enumerate(inventory.devices)}
    _last[:] = [(inventory, (links, positions))]
    return links, positions


def _rates(intent: LinkIntent, effective: int, upper: bool) -> tuple[int, int]:
    if intent.state == "down":
        return 0, 0
    busy = int(intent.load * effective)
    quiet = int(busy * 0.55)
    return (quiet, busy) if upper else (busy, quiet)


def _link_port(link: Link, index: int, upper: bool, device: Device, first_member: int) -> Port:
    intent = link.intended or LinkIntent()
    speed = intent.speed or 10**9
    end = link.a if upper else link.b
    up = intent.state == "up"
    members_up = intent.members if intent.members_up is None else intent.members_up
    raw = speed * (members_up if intent.members else 1)
    effective = min(raw, link.contracted) if link.contracted else raw
    in_bps, out_bps = _rates(intent, effective, upper)
    host = 1 if upper else 2
    ipv4 = f"{ipaddress.IPv4Address(_V4_BASE + 4 * index + host)}/30"
    ipv6 = f"2001:DB8:{index + 1:X}::{host}/64" if intent.ipv6 else None
    peer = link.b if upper else link.a
    members: tuple[Port, ...] = ()
    if intent.members:
        prefix = _MEMBER_PREFIX[device.platform]
        share = max(members_up, 1)
        members = tuple(
            Port(
                f"{prefix}{first_member + n + 1}",
                up and n < members_up,
                speed,
                in_bps=in_bps // share if up and n < members_up else 0,
                out_bps=out_bps // share if up and n < members_up else 0,
                description=f"member of {end.interface}",
            )
            for n in range(intent.members)
        )
    return Port(
        end.interface,
        up,
        (speed * members_up if up else 0) if intent.members else speed,
        link.contracted,
        in_bps,
        out_bps,
        ipv4,
        ipv6,
        members,
        description=f"to {peer.device} {peer.interface}",
    )
