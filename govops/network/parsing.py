"""Saved device output -> normalised interface records. The only module that imports TextFSM.

Each platform has a read-only command set. govops' own templates (shipped in
``templates/``) read the interface, IPv6 and aggregate commands; ntc-templates reads
the neighbour commands it covers with the fields govops needs. ``records.py`` turns
rows into records: rates and speeds become bits per second whatever the device prints.
"""

from __future__ import annotations

import codecs
import io
import ipaddress
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.i18n import M_
from govops.network.models import Interface, OperStatus
from govops.network.records import (
    CISCO_NAMES,
    INTERFACE_COMMANDS,
    device_rate,
    expand_name,
    log,
    oper_status,
)

__all__ = ["commands_for", "device_rate", "parse_device", "parse_output"]

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
    "ruijie_os": ("show interfaces", "show ipv6 interface brief"),
    "zte_zxros": ("show interface", "show ipv6 interface brief", "show lacp internal"),
}

#: govops' family -> the platform name ntc-templates files use.
NTC_PLATFORM = {"huawei": "huawei_vrp", "hp_comware": "hp_comware", "cisco_ios": "cisco_ios"}

#: Commands whose layout is another family's (Ruijie prints Cisco's IPv6 brief).
_SHARED_TEMPLATE = {("ruijie_os", "show ipv6 interface brief"): "cisco_ios"}

_NEIGHBOR_COMMANDS = {"display ipv6 neighbors", "display ipv6 neighbors all", "show ipv6 neighbors"}
_AGGREGATE_COMMANDS = {"display link-aggregation verbose", "show lacp internal"}

#: netmiko device_type -> the family whose commands and templates it uses.
FAMILY = {
    "huawei": "huawei",
    "huawei_vrpv8": "huawei",
    "hp_comware": "hp_comware",
    "cisco_ios": "cisco_ios",
    "ruijie_os": "ruijie_os",
    "zte_zxros": "zte_zxros",
}

#: Short interface names some commands print, per family, to the full names.
_ABBREVIATIONS = {
    "cisco_ios": CISCO_NAMES,
    "hp_comware": {
        "XGE": "Ten-GigabitEthernet",
        "GE": "GigabitEthernet",
        "FGE": "FortyGigE",
        "HGE": "HundredGigE",
        "WGE": "Twenty-FiveGigE",
        "BAGG": "Bridge-Aggregation",
        "RAGG": "Route-Aggregation",
    },
    "huawei": {"XGE": "XGigabitEthernet", "GE": "GigabitEthernet", "Eth-Trunk": "Eth-Trunk"},
}

_ERROR_ANSWER = re.compile(
    r"^\s*(Error:|% ?Invalid input|% ?Unrecognized|Unrecognized command|% ?Incomplete command"
    r"|% ?Ambiguous command|% ?Wrong parameter|%? ?Unknown command|%\s?Error\s*\d*:)",
    re.MULTILINE,
)
_TENTATIVE = re.compile(r"\s*\[(TENTATIVE|TEN)\]\s*$", re.IGNORECASE)


def family(platform: str) -> str:
    """The command/template family of a netmiko device_type; InputError if govops has none."""
    try:
        return FAMILY[platform]
    except KeyError:
        known = ", ".join(sorted(FAMILY))
        raise InputError(
            M_(
                "platform `{platform}` has no command set; supported: {known}",
                platform=platform,
                known=known,
            )
        ) from None


def commands_for(platform: str) -> tuple[str, ...]:
    return COMMANDS[family(platform)]


def error_answer(text: str) -> str | None:
    """The device's error line when it answered a command with an error, else None."""
    match = _ERROR_ANSWER.search(text)
    if match is None:
        return None
    return text[match.start() :].splitlines()[0].strip()


def stream_decoder() -> Any:
    """Device output read in chunks from an SSH session: UTF-8, else GB18030 from the first
    byte that is not UTF-8 on (``output_file.decode_output`` for a whole file)."""
    return _FallbackDecoder()


class _FallbackDecoder:
    def __init__(self) -> None:
        self._decoder: Any = codecs.getincrementaldecoder("utf-8")("strict")
        self._fallen = False

    def decode(self, data: bytes) -> str:
        try:
            return str(self._decoder.decode(data))
        except UnicodeDecodeError:
            if self._fallen:
                raise
            pending = self._decoder.getstate()[0]
            self._decoder = codecs.getincrementaldecoder("gb18030")("replace")
            self._fallen = True
            return str(self._decoder.decode(pending + data))


@cache
def _template_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _template_path(fam: str, command: str) -> Path:
    fam = _SHARED_TEMPLATE.get((fam, command), fam)
    slug = command.replace(" ", "_")
    own = TEMPLATES / f"{fam}_{slug}.textfsm"
    if own.exists():
        return own
    import ntc_templates

    ntc_name = f"{NTC_PLATFORM.get(fam, fam)}_{slug}.textfsm"
    ntc = Path(ntc_templates.__file__).parent / "templates" / ntc_name
    if ntc.exists():
        return ntc
    raise InputError(
        M_("no parser for `{command}` on platform family `{family}`", command=command, family=fam)
    )


_FSMS = threading.local()  # collect parses in its worker threads; a TextFSM has state


def _fsm(path: Path) -> Any:
    """The compiled template, once per thread (compiling costs more than parsing)."""
    import textfsm

    cache: dict[Path, Any] = _FSMS.__dict__.setdefault("by_path", {})
    fsm = cache.get(path)
    if fsm is None:
        fsm = cache[path] = textfsm.TextFSM(io.StringIO(_template_text(path)))
    else:
        fsm.Reset()
    return fsm


def _rows(fam: str, command: str, text: str) -> list[dict[str, Any]]:
    import textfsm

    fsm = _fsm(_template_path(fam, command))
    try:
        rows = fsm.ParseText(text)
    except textfsm.TextFSMError as exc:
        raise InputError(
            M_(
                "`{command}` output does not parse as {family}: {reason}",
                command=command,
                family=fam,
                reason=str(exc),
            )
        ) from None
    return [dict(zip(fsm.header, row, strict=True)) for row in rows]


def _expand(fam: str, name: str) -> str:
    return expand_name(_ABBREVIATIONS.get(fam, {}), name)


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


@dataclass(frozen=True)
class _V6:
    """One interface of an IPv6 brief: its status and global addresses."""

    status: OperStatus
    addresses: tuple[str, ...]
    tentative: tuple[str, ...]


def _v6_status(fam: str, row: Mapping[str, Any]) -> OperStatus:
    if "STATUS" in row:  # Cisco/Ruijie "[administratively down/down]"
        physical, _, protocol = row["STATUS"].partition("/")
        return oper_status(physical, protocol)
    if fam == "zte_zxros" and row["ADMIN"].lower() == "down":
        return OperStatus.ADMIN_DOWN
    return oper_status(row["PHYSICAL"], row["PROTOCOL"])


def _v6_addresses(name: str, values: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    kept: list[str] = []
    tentative: list[str] = []
    for raw in values:
        text = _TENTATIVE.sub("", raw or "")
        if not text or text.lower() in {"unassigned", "--"}:
            continue
        address = normalise_ipv6(text)
        if address is None:
            if not _is_ipv6(text):  # link-local and the like are left out quietly
                log.warning(M_("{name}: `{value}` is not an IPv6 address; dropped", name=name,
                               value=text))  # fmt: skip
            continue
        if address not in kept:
            kept.append(address)
        if text != (raw or "").strip():
            tentative.append(address)
    return tuple(kept), tuple(tentative)


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Interface(text)
    except ValueError:
        return False
    return True


def _ipv6_rows(fam: str, command: str, text: str) -> dict[str, _V6]:
    found: dict[str, _V6] = {}
    for row in _rows(fam, command, text):
        name = _expand(fam, row["NAME"])
        raw = row["IPV6"]
        addresses, tentative = _v6_addresses(name, raw if isinstance(raw, list) else [raw])
        found[name] = _V6(_v6_status(fam, row), addresses, tentative)
    return found


Members = tuple[tuple[str, ...], tuple[str, ...]]


def _aggregates(fam: str, command: str, text: str) -> dict[str, Members]:
    """Aggregate -> (members, members selected) from a link-aggregation/LACP command."""
    found: dict[str, Members] = {}
    for row in _rows(fam, command, text):
        name = row["AGGREGATE"]
        if fam == "zte_zxros":
            name = f"smartgroup{name}"
        ports = [_expand(fam, p.removesuffix("(R)").rstrip("*")) for p in row["PORTS"]]
        selected = [p for p, s in zip(ports, row["STATUS"], strict=True) if _selected(s)]
        found[_expand(fam, name)] = (tuple(ports), tuple(selected))
    return found


def _selected(status: str) -> bool:
    return status.upper() == "S" or status.lower() == "selected"


def _neighbors(fam: str, command: str, text: str) -> dict[str, tuple[str, ...]]:
    """Global IPv6 neighbours by (full) interface name."""
    found: dict[str, set[str]] = {}
    for row in _rows(fam, command, text):
        address = normalise_ipv6(row.get("IPV6_ADDRESS") or row.get("ADDRESS") or "")
        name = _expand(fam, row["INTERFACE"])
        found.setdefault(name, set())
        if address:
            found[name].add(address)
    return {name: tuple(sorted(addresses)) for name, addresses in found.items()}


def _interfaces(fam: str, text: str) -> list[Interface]:
    command, convert = INTERFACE_COMMANDS[fam]
    return [convert(row) for row in _rows(fam, command, text)]


def parse_output(platform: str, command: str, text: str) -> list[Interface]:
    """The records one saved output yields on its own (what ``govops network parse`` prints)."""
    fam = family(platform)
    if command == INTERFACE_COMMANDS[fam][0]:
        return _interfaces(fam, text)
    if command in COMMANDS[fam] and command.endswith("ipv6 interface brief"):
        return [
            Interface(name, v6.status, ipv6=v6.addresses, ipv6_tentative=v6.tentative)
            for name, v6 in _ipv6_rows(fam, command, text).items()
        ]
    if command in COMMANDS[fam] and command in _NEIGHBOR_COMMANDS:
        return [
            Interface(name=name, oper_status=OperStatus.UP, ipv6_neighbors=found)
            for name, found in _neighbors(fam, command, text).items()
        ]
    if command in COMMANDS[fam] and command in _AGGREGATE_COMMANDS:
        return [
            Interface(
                name,
                OperStatus.UP if up else OperStatus.DOWN,
                members=members,
                members_up=up,
            )
            for name, (members, up) in _aggregates(fam, command, text).items()
        ]
    raise InputError(
        M_("no parser for `{command}` on platform `{platform}`", command=command, platform=platform)
    )


def parse_device(platform: str, outputs: Mapping[str, str]) -> list[Interface]:
    """One device's records from all its saved outputs, merged by interface name."""
    fam = family(platform)
    interface_command = INTERFACE_COMMANDS[fam][0]
    if interface_command not in outputs:
        raise InputError(M_("`{command}` output is missing", command=interface_command))
    records = {r.name: r for r in _interfaces(fam, outputs[interface_command])}
    for command, text in outputs.items():
        if command.endswith("ipv6 interface brief"):
            for name, v6 in _ipv6_rows(fam, command, text).items():
                if name in records:
                    records[name] = replace(
                        records[name], ipv6=v6.addresses, ipv6_tentative=v6.tentative
                    )
        elif command in _NEIGHBOR_COMMANDS:
            seen = _neighbors(fam, command, text)
            for name, record in records.items():
                records[name] = replace(record, ipv6_neighbors=seen.get(name, ()))
        elif command in _AGGREGATE_COMMANDS:
            for name, (members, up) in _aggregates(fam, command, text).items():
                if name in records:
                    records[name] = replace(records[name], members=members, members_up=up)
    return list(records.values())
