"""Lab device output in each platform's own shape, from the ports in ``ports.py``."""

from __future__ import annotations

from collections.abc import Callable

from govops.inventory.models import Device
from govops.lab.ports import Port
from govops.lab.render_ruijie_zte import ruijie_os, zte_zxros
from govops.units import format_rate

_HW_MAC = "00e0-fc12-3456"


def _neighbor(port: Port) -> str | None:
    """The peer's global address on a point-to-point link (::1 <-> ::2), if the port is up."""
    if not port.ipv6 or not port.up or not port.ipv6.endswith("/64"):
        return None
    address = port.ipv6.split("/")[0]
    return address[:-1] + ("2" if address.endswith("1") else "1")


def _short(name: str, table: dict[str, str]) -> str:
    for full, short in table.items():
        if name.startswith(full):
            return short + name[len(full) :]
    return name


def _hw_state(port: Port) -> str:
    return "Administratively DOWN" if port.admin_down else ("UP" if port.up else "DOWN")


def _huawei_port(port: Port, ce: bool) -> list[str]:
    index = " (ifindex: 14)" if ce else ""
    lines = [
        f"{port.name} current state : {_hw_state(port)}{index}",
        f"Line protocol current state : {'UP' if port.up else 'DOWN'}",
        f"Description:{port.description}",
        "Route Port,The Maximum Transmit Unit is 1500",
    ]
    if port.ipv4:
        lines.append(f"Internet Address is {port.ipv4}")
    lines.append(f"IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is {_HW_MAC}")
    if port.members:
        current = format_rate(port.speed or 0)
        total = format_rate(sum(m.speed or 0 for m in port.members))
        lines.append(f"Current BW: {current}bps, Maximal BW: {total}bps")
    elif port.speed and ce:
        lines.append(f"Speed : {port.speed // 10**6},  Loopback: NONE")
    elif port.speed:
        rate = format_rate(port.speed)
        lines.append(f"Port BW: {rate}, Transceiver max BW: {rate}, Transceiver Mode: SingleMode")
    colon = ":" if ce else ""
    if port.in_bps is not None:
        lines.append(f"Last 300 seconds input rate{colon} {port.in_bps} bits/sec, 0 packets/sec")
        lines.append(f"Last 300 seconds output rate{colon} {port.out_bps} bits/sec, 0 packets/sec")
    if port.members:
        bar = "-" * 53
        lines += [bar, f"{'PortName':<30}{'Status':<12}Weight", bar]
        lines += [f"{m.name:<30}{'UP' if m.up else 'DOWN':<12}1" for m in port.members]
        up = sum(m.up for m in port.members)
        lines += [
            bar,
            f"The Number of Ports in Trunk : {len(port.members)}",
            f"The Number of UP Ports in Trunk : {up}",
        ]
    return lines


def _huawei_v6(ports: list[Port], ce: bool) -> str:
    legend = ["*down: administratively down", "(l): loopback", "(s): spoofing"]
    if ce:
        lines = [*legend, "(E): E-Trunk down", f"{'Interface':<32}Physical Protocol VPN"]
    else:
        lines = [*legend, f"{'Interface':<34}{'Physical':<22}Protocol"]
    for port in ports:
        if not port.ipv6:
            continue
        state = "up" if port.up else "down"
        if ce:
            lines.append(f"{port.name:<32}{state:<9}{state:<9}--")
            lines.append(f"[IPv6 Address/Prefix Length] {port.ipv6}")
        else:
            lines.append(f"{port.name:<34}{state:<22}{state}")
            lines.append(f"[IPv6 Address] {port.ipv6.split('/')[0]}")
    return "\n".join(lines)


def huawei(device: Device, ports: list[Port]) -> dict[str, str]:
    ce = (device.model or "").startswith(("CE", "S67"))
    body = "\n\n".join("\n".join(_huawei_port(p, ce)) for p in ports)
    bar = "-" * 77
    lines = [bar]
    seen = [(p, n) for p in ports if (n := _neighbor(p))]
    for port, address in seen:
        lines += [
            f"IPv6 Address : {address}",
            f"Link-layer   : {_HW_MAC:<34} State : STALE",
            f"Interface    : {port.name:<34} Age   : 7",
            f"VLAN         : {'-':<34} CEVLAN: -",
            f"VPN name     : {'':<34} Is Router: TRUE",
            "Secure FLAG  : UN-SECURE",
            bar,
        ]
    lines.append(f"Total: {len(seen):<10}Dynamic: {len(seen):<10}Static: 0")
    return {
        "display interface": body,
        "display ipv6 interface brief": _huawei_v6(ports, ce),
        "display ipv6 neighbors": "\n".join(lines),
    }


def _comware_speed(port: Port) -> str:
    if not port.up or not port.speed:
        return "Unknown-speed mode, unknown-duplex mode"
    return f"{format_rate(port.speed)}bps-speed mode, full-duplex mode"


def _comware_port(port: Port, router: bool) -> list[str]:
    state = "Administratively DOWN" if port.admin_down else ("UP" if port.up else "DOWN")
    lines = [
        port.name,
        f"Current state: {state}",
        f"Line protocol state: {'UP' if port.up else 'DOWN'}",
        f"Description: {port.description or port.name + ' Interface'}",
    ]
    bandwidth = port.bandwidth or port.speed
    if bandwidth:
        lines.append(f"Bandwidth: {bandwidth // 1000} kbps")
    lines.append("Maximum transmission unit: 1500")
    if port.ipv4:
        lines.append(f"Internet address: {port.ipv4} (primary)")
    lines += [
        "IP packet frame type: Ethernet II, hardware address: 3822-d6a1-0001",
        _comware_speed(port),
        "Last clearing of counters: Never",
    ]
    if port.in_bps is None or port.out_bps is None:
        return lines
    for word, bits in (("input", port.in_bps), ("output", port.out_bps)):
        if router:  # MSR routers: bytes and bits; switches: bytes only
            lines.append(
                f"Last 300 seconds {word} rate: {bits // 8} bytes/sec, {bits} bits/sec, "
                "0 packets/sec"
            )
        else:
            lines.append(f"Last 300 seconds {word}:  0 packets/sec {bits // 8} bytes/sec -%")
    return lines


def _comware_lagg(ports: list[Port]) -> str:
    lines = [
        "Loadsharing Type: Shar -- Loadsharing, NonS -- Non-Loadsharing",
        "Port Status: S -- Selected, U -- Unselected, I -- Individual",
    ]
    for port in ports:
        if not port.members:
            continue
        lines += [
            "",
            f"Aggregate Interface: {port.name}",
            "Aggregation Mode: Dynamic",
            "Loadsharing Type: Shar",
            "Local:",
            "  Port                Status   Priority Index    Oper-Key               Flag",
        ]
        for n, m in enumerate(port.members, start=1):
            short = m.name.replace("Ten-GigabitEthernet", "XGE") + ("(R)" if n == 1 else "")
            flag = "{ACDEF}" if m.up else "{AG}"
            lines.append(f"  {short:<20}{'S' if m.up else 'U':<9}32768    {n:<9}1{flag:>24}")
        lines += ["Remote:", "  Actor               Priority Index    Oper-Key SystemID  Flag"]
    return "\n".join(lines)


def hp_comware(device: Device, ports: list[Port]) -> dict[str, str]:
    router = (device.model or "").startswith("MSR")
    v6 = [
        "*down: administratively down",
        "(s): spoofing",
        f"{'Interface':<41}Physical Protocol IPv6 Address",
    ]
    for port in ports:
        if port.ipv6:
            state = "up" if port.up else "down"
            v6.append(f"{port.name:<41}{state:<9}{state:<9}{port.ipv6.split('/')[0]}")
    return {
        "display interface": "\n\n".join("\n".join(_comware_port(p, router)) for p in ports),
        "display ipv6 interface brief": "\n".join(v6),
        "display link-aggregation verbose": _comware_lagg(ports),
        "display ipv6 neighbors all": _comware_neighbors(ports),
    }


def _comware_neighbors(ports: list[Port]) -> str:
    short = {"Ten-GigabitEthernet": "XGE", "GigabitEthernet": "GE", "Bridge-Aggregation": "BAGG"}
    lines = [
        "Type: S-Static    D-Dynamic    O-Openflow    R-Rule    IS-Invalid static",
        f"{'IPv6 address':<40}{'MAC address':<15}{'VLAN/VSI':<9}{'Interface':<25}Age  State",
    ]
    for port in ports:
        if address := _neighbor(port):
            name = _short(port.name, short)
            lines.append(f"{address:<40}00e0-fc12-3456 N/A      {name:<25}14   STALE")
    return "\n".join(lines)


def _cisco_port(port: Port) -> list[str]:
    state = "administratively down" if port.admin_down else ("up" if port.up else "down")
    lines = [
        f"{port.name} is {state}, line protocol is {'up' if port.up else 'down'}",
        "  Hardware is ISR4331-3x1GE, address is 00a3.8e69.f501 (bia 00a3.8e69.f501)",
    ]
    if port.description:
        lines.append(f"  Description: {port.description}")
    if port.ipv4:
        lines.append(f"  Internet address is {port.ipv4}")
    bandwidth = (port.speed or 0) if port.members else (port.bandwidth or port.speed or 8000000)
    lines += [
        f"  MTU 1500 bytes, BW {bandwidth // 1000} Kbit/sec, DLY 10 usec,",
        "     reliability 255/255, txload 1/255, rxload 1/255",
        "  Encapsulation ARPA, loopback not set",
    ]
    if port.members:
        per = format_rate(port.members[0].speed)
        lines.append(f"  Full-duplex, {per[:-1]}Gb/s, link type is auto, media type is unknown")
        short = " ".join(m.name.replace("TenGigabitEthernet", "Te") for m in port.members if m.up)
        lines.append(f"  Members in this channel: {short}")
    elif port.speed and port.up:
        lines.append(
            f"  Full Duplex, {port.speed // 10**6}Mbps, link type is auto, media type is SFP"
        )
    elif port.speed or port.admin_down:
        lines.append("  Auto-duplex, Auto-speed, link type is auto, media type is RJ45")
    if port.in_bps is not None:
        lines.append(f"  5 minute input rate {port.in_bps} bits/sec, 0 packets/sec")
        lines.append(f"  5 minute output rate {port.out_bps} bits/sec, 0 packets/sec")
    return lines


def cisco_ios(device: Device, ports: list[Port]) -> dict[str, str]:
    v6: list[str] = []
    for port in ports:
        state = "administratively down" if port.admin_down else ("up" if port.up else "down")
        v6.append(f"{port.name:<22} [{state}/{'up' if port.up else 'down'}]")
        if port.ipv6:
            v6 += ["    FE80::2A3:8EFF:FE69:F501", f"    {port.ipv6.split('/')[0]}"]
        else:
            v6.append("    unassigned")
    short = {"TenGigabitEthernet": "Te", "GigabitEthernet": "Gi", "Port-channel": "Po"}
    neighbors = ["IPv6 Address                              Age Link-layer Addr State Interface"]
    for port in ports:
        if address := _neighbor(port):
            neighbors.append(f"{address:<42}0 00e0.fc12.3456  REACH {_short(port.name, short)}")
    return {
        "show interfaces": "\n".join(line for p in ports for line in _cisco_port(p)),
        "show ipv6 interface brief": "\n".join(v6),
        "show ipv6 neighbors": "\n".join(neighbors),
    }


RENDERERS: dict[str, Callable[[Device, list[Port]], dict[str, str]]] = {
    "huawei": huawei,
    "huawei_vrpv8": huawei,
    "hp_comware": hp_comware,
    "cisco_ios": cisco_ios,
    "ruijie_os": ruijie_os,
    "zte_zxros": zte_zxros,
}
