"""Saved device output -> normalised interface records. The only module that imports TextFSM.

Each platform has a read-only command set. govops' own templates (shipped in
``templates/``) read the interface commands; ntc-templates reads the commands it
covers with the fields govops needs (Cisco ``show ipv6 interface brief``).
Rates and speeds become bits per second whatever the device prints.
"""

from __future__ import annotations

import io
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.network.models import Interface, OperStatus
from govops.units import parse_rate

TEMPLATES = Path(__file__).parent / "templates"

#: The read-only command set of each platform family: display/show only, never configuration.
COMMANDS: dict[str, tuple[str, ...]] = {
    "huawei": ("display interface", "display ipv6 interface brief", "display ipv6 neighbors"),
    "hp_comware": (
        "display interface",
        "display ipv6 interface brief",
        "display link-aggregation verbose",
        "display ipv6 neighbors all",
    ),
    "cisco_ios": ("show interfaces", "show ipv6 interface brief", "show ipv6 neighbors"),
}

#: govops' family -> the platform name ntc-templates files use.
NTC_PLATFORM = {"huawei": "huawei_vrp", "hp_comware": "hp_comware", "cisco_ios": "cisco_ios"}

_NEIGHBOR_COMMANDS = {"display ipv6 neighbors", "display ipv6 neighbors all", "show ipv6 neighbors"}

#: netmiko device_type -> the family whose commands and templates it uses.
FAMILY = {
    "huawei": "huawei",
    "huawei_vrpv8": "huawei",
    "hp_comware": "hp_comware",
    "cisco_ios": "cisco_ios",
}

#: Short interface names some commands print, per family, to the full names.
_ABBREVIATIONS = {
    "cisco_ios": {
        "Te": "TenGigabitEthernet",
        "Gi": "GigabitEthernet",
        "Fa": "FastEthernet",
        "Fo": "FortyGigabitEthernet",
        "Hu": "HundredGigE",
        "Po": "Port-channel",
    },
    "hp_comware": {
        "XGE": "Ten-GigabitEthernet",
        "GE": "GigabitEthernet",
        "FGE": "FortyGigE",
        "HGE": "HundredGigE",
        "BAGG": "Bridge-Aggregation",
    },
    "huawei": {"XGE": "XGigabitEthernet", "GE": "GigabitEthernet", "Eth-Trunk": "Eth-Trunk"},
}

_ERROR_ANSWER = re.compile(
    r"^\s*(Error:|% ?Invalid input|% ?Unrecognized|Unrecognized command|% ?Incomplete command"
    r"|% ?Ambiguous command|% ?Wrong parameter|Unknown command)",
    re.MULTILINE,
)


def family(platform: str) -> str:
    """The command/template family of a netmiko device_type; InputError if govops has none."""
    try:
        return FAMILY[platform]
    except KeyError:
        known = ", ".join(sorted(FAMILY))
        raise InputError(f"platform `{platform}` has no command set; known: {known}") from None


def commands_for(platform: str) -> tuple[str, ...]:
    return COMMANDS[family(platform)]


def error_answer(text: str) -> str | None:
    """The device's error line when it answered a command with an error, else None."""
    match = _ERROR_ANSWER.search(text)
    if match is None:
        return None
    return text[match.start() :].splitlines()[0].strip()


def device_rate(text: str | None, bare_unit: int = 10**6) -> int | None:
    """Bits per second from ``10G``, ``2Gbps``, ``1000000 Kbit/sec``, ``10000M``, ``10Gb/s``.

    A bare number is in ``bare_unit`` (Huawei CE ``Speed : 10000`` is in Mbit/s).
    ``auto``, ``Unknown`` and empty text give None: the device did not say.
    """
    if text is None or not text.strip():
        return None
    value = text.strip()
    if value.isdigit():
        return int(value) * bare_unit
    try:
        return parse_rate(value)
    except ValueError:
        return None


@cache
def _template_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _template_path(fam: str, command: str) -> Path:
    slug = command.replace(" ", "_")
    own = TEMPLATES / f"{fam}_{slug}.textfsm"
    if own.exists():
        return own
    import ntc_templates

    ntc_name = f"{NTC_PLATFORM[fam]}_{slug}.textfsm"
    ntc = Path(ntc_templates.__file__).parent / "templates" / ntc_name
    if ntc.exists():
        return ntc
    raise InputError(f"no parser for `{command}` on platform family `{fam}`")


def _rows(fam: str, command: str, text: str) -> list[dict[str, Any]]:
    import textfsm

    fsm = textfsm.TextFSM(io.StringIO(_template_text(_template_path(fam, command))))
    try:
        rows = fsm.ParseText(text)
    except textfsm.TextFSMError as exc:
        raise InputError(f"`{command}` output does not parse as {fam}: {exc}") from None
    return [dict(zip(fsm.header, row, strict=True)) for row in rows]


def expand_name(fam: str, name: str) -> str:
    """``Te0/1/1`` -> ``TenGigabitEthernet0/1/1`` (full names pass through)."""
    match = re.match(r"^([A-Za-z-]+?)(\d.*)$", name)
    if match is None:
        return name
    full = _ABBREVIATIONS.get(fam, {}).get(match[1])
    return f"{full}{match[2]}" if full else name


def normalise_ipv6(address: str) -> str | None:
    """Compressed lower-case address (with /len when shown); None for link-local and the like."""
    text = address.strip().lower()
    try:
        if "/" in text:
            iface = ipaddress.IPv6Interface(text)
            ip, shown = iface.ip, iface.with_prefixlen
        else:
            ip = ipaddress.IPv6Address(text)
            shown = ip.compressed
    except ValueError:
        return None
    if ip.is_link_local or ip.is_loopback or ip.is_unspecified or ip.is_multicast:
        return None
    return shown


def _status(text: str) -> OperStatus:
    lowered = text.lower()
    if "admin" in lowered or lowered.startswith("*"):
        return OperStatus.ADMIN_DOWN
    return OperStatus.UP if lowered.startswith("up") else OperStatus.DOWN


def _huawei(row: Mapping[str, Any]) -> Interface:
    aggregate = bool(row["MAX_BW"])
    speed = device_rate(row["PORT_BW"]) or device_rate(row["SPEED"])
    bandwidth = None
    if aggregate:  # Eth-Trunk: Current BW is the sum of its up members
        speed = device_rate(row["CURRENT_BW"])
    elif row["CURRENT_BW"]:  # a configured bandwidth on a port
        bandwidth = device_rate(row["CURRENT_BW"])
    return Interface(
        name=row["NAME"],
        oper_status=_status(row["STATE"]),
        speed_bps=speed,
        bandwidth_bps=bandwidth,
        in_bps=_int(row["IN_RATE"]),
        out_bps=_int(row["OUT_RATE"]),
        members=tuple(expand_name("huawei", m) for m in row["MEMBERS"]),
        ipv4=_ipv4(row),
    )


def _int(value: str) -> int | None:
    return int(value) if value else None


def _ipv4(row: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(ipaddress.IPv4Interface(a)) for a in row["IPV4"])


def _comware(row: Mapping[str, Any]) -> Interface:
    def bps(bits: str, byte_rate: str) -> int | None:
        """Routers (MSR) print bits/sec; switches only bytes/sec."""
        if bits:
            return int(bits)
        return int(byte_rate) * 8 if byte_rate else None

    return Interface(
        name=row["NAME"],
        oper_status=_status(row["STATE"]),
        speed_bps=device_rate(row["SPEED"]),
        bandwidth_bps=device_rate(row["BANDWIDTH"]),
        in_bps=bps(row["IN_BITS"], row["IN_BYTES"]),
        out_bps=bps(row["OUT_BITS"], row["OUT_BYTES"]),
        ipv4=_ipv4(row),
    )


def _cisco(row: Mapping[str, Any]) -> Interface:
    members = tuple(expand_name("cisco_ios", m) for m in (row["MEMBERS"] or "").split())
    bandwidth = device_rate(row["BANDWIDTH"])
    speed = device_rate(row["SPEED"])
    if members:  # a Port-channel's BW is the sum of its bundled members
        speed, bandwidth = bandwidth, None
    return Interface(
        name=row["NAME"],
        oper_status=_status(row["STATE"]),
        speed_bps=speed,
        bandwidth_bps=bandwidth,
        in_bps=_int(row["IN_RATE"]),
        out_bps=_int(row["OUT_RATE"]),
        members=members,
        ipv4=_ipv4(row),
    )


_INTERFACE_COMMANDS = {
    "huawei": ("display interface", _huawei),
    "hp_comware": ("display interface", _comware),
    "cisco_ios": ("show interfaces", _cisco),
}


def _ipv6_rows(fam: str, command: str, text: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for row in _rows(fam, command, text):
        name = row.get("NAME") or row.get("INTERFACE") or ""
        raw = row.get("IPV6") if "IPV6" in row else row.get("IPV6_ADDRESS")
        values = raw if isinstance(raw, list) else [raw or ""]
        kept = (normalise_ipv6(v) for v in values)
        found[expand_name(fam, name)] = tuple(sorted({v for v in kept if v}))
    return found


def parse_output(platform: str, command: str, text: str) -> list[Interface]:
    """The records one saved output yields on its own (what ``govops network parse`` prints)."""
    fam = family(platform)
    interface_command, convert = _INTERFACE_COMMANDS[fam]
    if command == interface_command:
        return [convert(row) for row in _rows(fam, command, text)]
    if command.endswith("ipv6 interface brief"):
        return [
            Interface(name=name, oper_status=OperStatus.UP, ipv6=addresses)
            for name, addresses in _ipv6_rows(fam, command, text).items()
        ]
    if command in _NEIGHBOR_COMMANDS:
        return [
            Interface(name=name, oper_status=OperStatus.UP, ipv6_neighbors=found)
            for name, found in _neighbors(fam, command, text).items()
        ]
    if command == "display link-aggregation verbose" and fam == "hp_comware":
        return [
            Interface(name=name, oper_status=OperStatus.UP, members=members)
            for name, members in _aggregates(text).items()
        ]
    raise InputError(f"no parser for `{command}` on platform `{platform}`")


def _aggregates(text: str) -> dict[str, tuple[str, ...]]:
    return {
        expand_name("hp_comware", row["AGGREGATE"]): tuple(
            expand_name("hp_comware", p.removesuffix("(R)")) for p in row["PORTS"]
        )
        for row in _rows("hp_comware", "display link-aggregation verbose", text)
    }


def _neighbors(fam: str, command: str, text: str) -> dict[str, tuple[str, ...]]:
    """Global IPv6 neighbours by (full) interface name."""
    found: dict[str, set[str]] = {}
    for row in _rows(fam, command, text):
        address = normalise_ipv6(row.get("IPV6_ADDRESS") or row.get("ADDRESS") or "")
        name = expand_name(fam, row["INTERFACE"])
        found.setdefault(name, set())
        if address:
            found[name].add(address)
    return {name: tuple(sorted(addresses)) for name, addresses in found.items()}


def parse_device(platform: str, outputs: Mapping[str, str]) -> list[Interface]:
    """One device's records from all its saved outputs, merged by interface name."""
    fam = family(platform)
    interface_command, convert = _INTERFACE_COMMANDS[fam]
    if interface_command not in outputs:
        raise InputError(f"`{interface_command}` output is missing")
    records = {
        r.name: r for r in map(convert, _rows(fam, interface_command, outputs[interface_command]))
    }
    for command, text in outputs.items():
        if command.endswith("ipv6 interface brief"):
            for name, addresses in _ipv6_rows(fam, command, text).items():
                if name in records:
                    records[name] = replace(records[name], ipv6=addresses)
        elif command in _NEIGHBOR_COMMANDS:
            seen = _neighbors(fam, command, text)
            for name, record in records.items():
                records[name] = replace(record, ipv6_neighbors=seen.get(name, ()))
        elif command == "display link-aggregation verbose":
            for name, members in _aggregates(text).items():
                if name in records:
                    records[name] = replace(records[name], members=members)
    return list(records.values())
