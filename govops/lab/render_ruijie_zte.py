"""Lab output of Ruijie RGOS and ZTE ZXROS devices, in the layouts those systems print.

fakenos ships neither platform. The shapes follow the vendors' command references and
real ZXROS output (``../shared/device-output/zte_zxros_show_interface__ntc.txt``):
RGOS names carry a space (``TenGigabitEthernet 0/49``, ``AggregatePort 1``); ZXROS
prints ``BW`` as the configured bandwidth and the port speed only in its hardware line.
"""

from __future__ import annotations

from govops.inventory.models import Device
from govops.lab.ports import Port

_RUIJIE_MAC = "00d0.f822.33ac"
_ZTE_MAC = "744a.a42b.2010"


def _kbit(bps: int | None) -> int:
    return (bps or 0) // 1000


def _ruijie_state(port: Port) -> str:
    if port.admin_down:
        return "administratively down"
    return "UP" if port.up else "DOWN"


def _ruijie_port(index: int, port: Port) -> list[str]:
    bandwidth = port.speed if port.members else (port.bandwidth or port.speed)
    speed = f"{port.speed // 10**6}M" if port.speed and port.up else "Unknown"
    hardware = "AggregateLink" if port.members else port.name.split(" ")[0]
    lines = [
        f"Index(dec):{index} (hex):{index:x}",
        f"{port.name} is {_ruijie_state(port)}  , line protocol is {'UP' if port.up else 'DOWN'}",
        f"Hardware is {hardware}, address is {_RUIJIE_MAC} (bia {_RUIJIE_MAC})",
        f"Description: {port.description}",
        f"Interface address is: {port.ipv4 or 'no ip address'}",
        "ARP timeout 3600 sec",
        f"  MTU 1500 bytes, BW {_kbit(bandwidth or 1_000_000_000)} Kbit",
        "  Encapsulation protocol is Ethernet-II, loopback not set",
        "  Keepalive interval is 10 sec , set",
        "  Carrier delay is 2 sec",
        "  Ethernet attributes:",
        "    Last link state change time: 2026-11-20 10:00:00",
        "    Time duration since last link state change: 3 days,  2 hours, 5 minutes, 9 seconds",
        "    Admin duplex mode is AUTO, oper duplex is Full",
        f"    Admin speed is AUTO, oper speed is {speed}",
    ]
    if port.members:
        lines += [
            "  Aggregate Port Informations:",
            f'     Name: "{port.name}"',
            f"     Members: (count={len(port.members)})",
        ]
        for m in port.members:
            link, lacp = ("Up", "bndl") if m.up else ("Down", "susp")
            lines.append(f"     {m.name:<30}Link Status: {link:<8}Lacp Status: {lacp}")
    lines.append("  Rxload is 1/255,Txload is 1/255")
    if port.in_bps is not None:
        lines.append(f"  10 seconds input rate {port.in_bps} bits/sec, 0 packets/sec")
        lines.append(f"  10 seconds output rate {port.out_bps} bits/sec, 0 packets/sec")
    return lines


def ruijie_os(device: Device, ports: list[Port]) -> dict[str, str]:
    v6: list[str] = []
    for port in ports:
        state = "administratively down" if port.admin_down else ("up" if port.up else "down")
        v6.append(f"{port.name:<30} [{state}/{'up' if port.up else 'down'}]")
        if port.ipv6:
            v6 += [f"    {port.ipv6.split('/')[0]}", "    FE80::2D0:F8FF:FE22:33AC"]
        else:
            v6.append("    unassigned")
    body = "\n".join(line for n, p in enumerate(ports, 1) for line in _ruijie_port(n, p))
    return {"show interfaces": body, "show ipv6 interface brief": "\n".join(v6)}


def _zte_hardware(port: Port) -> str:
    if port.members:
        return "Smartgroup"
    if port.name.startswith("loopback"):
        return "Loopback"
    return {
        "xxvgei": "XXVGigabit Ethernet",
        "xgei": "XGigabit Ethernet",
        "cgei": "HundredGigabit Ethernet",
        "gei": "Gigabit Ethernet",
    }.get(port.name.split("-")[0], "Gigabit Ethernet")


def _zte_port(port: Port) -> list[str]:
    state = "administratively down" if port.admin_down else ("up" if port.up else "down")
    proto = "up" if port.up else "down"
    bandwidth = port.bandwidth or port.speed
    lines = [f"{port.name} is {state}, ifindex: 8225"]
    if port.description:
        lines.append(f"  Description: {port.description}")
    lines += [
        f"  Line protocol is {proto}, IPv4 protocol is {proto}, IPv6 protocol is {proto},",
        " detected status is RX-OK/TX-OK",
        f"  Hardware is {_zte_hardware(port)}, address is {_ZTE_MAC}",
        f"  Internet address is {port.ipv4 or 'unassigned'}",
    ]
    if bandwidth:
        lines.append(f"  BW {bandwidth // 10**6} Mbit/s")
    lines += ["  IP MTU 1500 bytes", "  MTU 1514 bytes"]
    if port.in_bps is not None:
        lines += [
            "  Last Clear Time : 2026-11-01 00:00:00  Last Refresh Time: 2026-11-23 09:20:41",
            "  Rate period     : 30 s",
            f"   Input          : {port.in_bps} bit/s       0 packet/s",
            f"   Output         : {port.out_bps} bit/s       0 packet/s",
            "  Peak rate:",
            f"   Input          : {port.in_bps} bit/s      peak time          N/A",
            f"   Output         : {port.out_bps} bit/s      peak time          N/A",
        ]
    return lines


def _zte_lacp(ports: list[Port]) -> str:
    lines: list[str] = []
    for port in ports:
        if not port.members:
            continue
        lines += [
            f"Smartgroup:{port.name.removeprefix('smartgroup')}",
            "Actor            Agg        LACPDUs  Port      Oper    Port   RX        Mux",
            "Port             State      Interval Priority  Key     State  Machine   Machine",
            "-" * 78,
        ]
        for m in port.members:
            agg, mux = ("selected", "distributing") if m.up else ("unselected", "detached")
            lines.append(f"{m.name:<17}{agg:<11}30       32768     0x101   0x3d   current   {mux}")
    return "\n".join(lines)


def zte_zxros(device: Device, ports: list[Port]) -> dict[str, str]:
    v6 = [f"{'Interface':<26}{'Admin':<8}{'Phy':<8}{'Prot':<8}IPv6-Address"]
    for port in ports:
        admin = "down" if port.admin_down else "up"
        state = "up" if port.up else "down"
        v6.append(f"{port.name:<26}{admin:<8}{state:<8}{state:<8}{port.ipv6 or ''}".rstrip())
    return {
        "show interface": "\n".join(line for p in ports for line in _zte_port(p)),
        "show ipv6 interface brief": "\n".join(v6),
        "show lacp internal": _zte_lacp(ports),
    }
