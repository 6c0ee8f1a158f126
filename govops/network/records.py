"""One TextFSM row of an interface command -> the normalised record, per platform family.

The templates capture text as printed; the rules that turn it into bits per second,
a status and addresses live here, taken from each vendor's manuals and real output
(``../shared/device-output``). Values that are not addresses (sanitised placeholders)
are dropped with a warning on the ``govops.network.parsing`` logger.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict

from govops.i18n import M_
from govops.network.models import Interface, OperStatus
from govops.units import parse_rate

log = logging.getLogger("govops.network.parsing")
log.addHandler(logging.NullHandler())  # the CLI shows them; a library stays quiet

Row = Mapping[str, Any]

_BITS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:bits/sec|bit/s|bps)\b")
_BYTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:bytes/sec|Bps)\b")
_WINDOW = re.compile(r"(\d+)\s*(seconds?|minutes?|s|min)\b", re.IGNORECASE)
#: ZXROS hardware descriptions -> port speed (the decision: speed from this line or null).
_HARDWARE_SPEED = (
    ("hundred", 100 * 10**9),
    ("forty", 40 * 10**9),
    ("xxv", 25 * 10**9),
    ("ten gigabit", 10 * 10**9),
    ("xgigabit", 10 * 10**9),
    ("gigabit", 10**9),
    ("fast", 10**8),
)


def device_rate(text: str | None, bare_unit: int = 10**6) -> int | None:
    """Bits per second from ``10G``, ``2Gbps``, ``1000000 Kbit/sec``, ``64 (kbps)``, ``10 Gbit/s``.

    A bare number is in ``bare_unit`` (Huawei ``Speed : 10000`` is in Mbit/s).
    ``auto``, ``Unknown`` and empty text give None: the device did not say.
    """
    if text is None or not text.strip():
        return None
    value = text.strip().replace("(", "").replace(")", "")
    if value.isdigit():
        return int(value) * bare_unit
    value = re.sub(r"(?i)bits?$", "bit/s", value)
    try:
        return parse_rate(value)
    except ValueError:
        return None


def window_seconds(text: str | None) -> int | None:
    """``Last 300 seconds ...`` -> 300, ``5 minute ...`` -> 300, ``30 s`` -> 30."""
    match = _WINDOW.search(text or "")
    if match is None:
        return None
    return int(match[1]) * (60 if match[2].lower().startswith("m") else 1)


def line_rate(text: str) -> int | None:
    """Bits per second on one rate line: its bits/sec, else 8 x its bytes/sec."""
    if bits := _BITS.search(text):
        return round(float(bits[1]))
    if byte_rate := _BYTES.search(text):
        return round(float(byte_rate[1]) * 8)
    return None


class Rates(TypedDict):
    in_bps: int | None
    out_bps: int | None
    rate_window_s: int | None


def rates(row: Row, window_text: str | None = None) -> Rates:
    """in_bps, out_bps and rate_window_s from the first input and output rate lines."""
    first_in = row["IN_RATE"][0] if row["IN_RATE"] else None
    first_out = row["OUT_RATE"][0] if row["OUT_RATE"] else None
    window = window_seconds(window_text) if window_text else window_seconds(first_in)
    return {
        "in_bps": line_rate(first_in) if first_in else None,
        "out_bps": line_rate(first_out) if first_out else None,
        "rate_window_s": window if first_in or first_out else None,
    }


def oper_status(physical: str, protocol: str = "") -> OperStatus:
    """Admin-down when shut; otherwise the line protocol (up/down), else the physical state."""
    state = physical.strip().lower()
    if "admin" in state or state.startswith(("*", "adm")):
        return OperStatus.ADMIN_DOWN
    word = (protocol or state).strip().lower()
    return OperStatus.UP if word.startswith("up") else OperStatus.DOWN


def ipv4_list(name: str, values: Sequence[str]) -> tuple[str, ...]:
    """Valid ``addr/len`` (or ``addr mask``) values; the others dropped with a warning."""
    kept = []
    for value in values:
        text = "/".join(value.split()) if " " in value.strip() else value
        try:
            kept.append(str(ipaddress.IPv4Interface(text)))
        except ValueError:
            log.warning(M_("{name}: `{value}` is not an IPv4 address; dropped", name=name,
                           value=value))  # fmt: skip
    return tuple(kept)


def expand_name(table: Mapping[str, str], name: str) -> str:
    """``Te0/1/1`` -> ``TenGigabitEthernet0/1/1`` (full names pass through)."""
    match = re.match(r"^([A-Za-z-]+?)(\d.*)$", name)
    if match is None:
        return name
    full = table.get(match[1])
    return f"{full}{match[2]}" if full else name


def huawei(row: Row) -> Interface:
    members = tuple(row["MEMBERS"])
    aggregate = bool(members) or row["NAME"].lower().startswith("eth-trunk")
    current = device_rate(row["CURRENT_BW"])
    speed = device_rate(row["PORT_BW"]) or device_rate(row["SPEED"])
    bandwidth = None
    # An Eth-Trunk's Current BW is the sum of its up members; a CE management port
    # prints only Maximal/Current BW
    if aggregate or (speed is None and row["MAX_BW"]):
        speed = current
    elif current is not None:  # a configured bandwidth on a port (sub-rate circuit)
        bandwidth = current
    up = members_up(members, row)
    return Interface(
        name=row["NAME"],
        oper_status=oper_status(row["PHYSICAL"], row["PROTOCOL"]),
        speed_bps=speed,
        bandwidth_bps=bandwidth,
        members=members,
        members_up=up if members else None,
        ipv4=ipv4_list(row["NAME"], row["IPV4"]),
        **rates(row),
    )


def comware(row: Row) -> Interface:
    return Interface(
        name=row["NAME"],
        oper_status=oper_status(row["PHYSICAL"], row["PROTOCOL"]),
        speed_bps=device_rate(row["SPEED"]),
        bandwidth_bps=device_rate(row["BANDWIDTH"]),
        ipv4=ipv4_list(row["NAME"], row["IPV4"]),
        **rates(row),
    )


CISCO_NAMES = {
    "Te": "TenGigabitEthernet",
    "Gi": "GigabitEthernet",
    "Fa": "FastEthernet",
    "Fo": "FortyGigabitEthernet",
    "Hu": "HundredGigE",
    "Twe": "TwentyFiveGigE",
    "Po": "Port-channel",
}


def cisco(row: Row) -> Interface:
    bandwidth = device_rate(row["BANDWIDTH"])
    speed = device_rate(row["SPEED"])
    listed = [line.split(",") for line in row["MEMBER_LINES"]]
    members = tuple(expand_name(CISCO_NAMES, m) for m in (row["MEMBERS"] or "").split())
    if listed:  # IOS-XE: "Member 0 : Te0/0/0 , Full-duplex, 10000Mb/s", active members only
        members = tuple(expand_name(CISCO_NAMES, parts[0].strip()) for parts in listed)
        speed = sum(device_rate(parts[-1]) or 0 for parts in listed)
        bandwidth = None
    elif members:  # a Port-channel's BW is the sum of its bundled members
        speed, bandwidth = bandwidth, None
    return Interface(
        name=row["NAME"],
        oper_status=oper_status(row["PHYSICAL"], row["PROTOCOL"]),
        speed_bps=speed,
        bandwidth_bps=bandwidth,
        members=members,
        members_up=members if members else None,
        ipv4=ipv4_list(row["NAME"], row["IPV4"]),
        **rates(row),
    )


def hardware_speed(hardware: str) -> int | None:
    """The port speed a ZXROS ``Hardware is ...`` line names, else None."""
    lowered = hardware.lower()
    if "ethernet" not in lowered or "management" in lowered:
        return None
    return next((bps for word, bps in _HARDWARE_SPEED if word in lowered), None)


def zte(row: Row) -> Interface:
    return Interface(
        name=row["NAME"],
        oper_status=oper_status(row["PHYSICAL"], row["PROTOCOL"]),
        speed_bps=hardware_speed(row["HARDWARE"]),
        bandwidth_bps=device_rate(row["BANDWIDTH"]),
        ipv4=ipv4_list(row["NAME"], row["IPV4"]),
        **rates(row, row["WINDOW"] or None),
    )


def ruijie(row: Row) -> Interface:
    members = tuple(row["MEMBERS"])
    bandwidth = device_rate(row["BANDWIDTH"])
    speed = device_rate(row["SPEED"])
    if members:  # an AggregatePort's BW is the sum of its up members
        speed, bandwidth = bandwidth, None
    up = members_up(members, row)
    return Interface(
        name=row["NAME"],
        oper_status=oper_status(row["PHYSICAL"], row["PROTOCOL"]),
        speed_bps=speed,
        bandwidth_bps=bandwidth,
        members=members,
        members_up=up if members else None,
        ipv4=ipv4_list(row["NAME"], row["IPV4"]),
        **rates(row),
    )


#: family -> (its interface command, the row converter)
INTERFACE_COMMANDS: dict[str, tuple[str, Callable[[Row], Interface]]] = {
    "huawei": ("display interface", huawei),
    "hp_comware": ("display interface", comware),
    "cisco_ios": ("show interfaces", cisco),
    "ruijie_os": ("show interfaces", ruijie),
    "zte_zxros": ("show interface", zte),
}


def members_up(members: tuple[str, ...], row: Row) -> tuple[str, ...]:
    """The aggregate's members whose status column reads up (any case)."""
    return tuple(m for m, s in zip(members, row["MEMBER_STATUS"], strict=True) if s.lower() == "up")
