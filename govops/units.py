"""Rates and durations as people write them, to integers."""

from __future__ import annotations

import re

from govops.i18n import M_

_RATE = re.compile(
    r"^\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[kmgt]?)(?:bps|bit/s|bits/s|b/s|bit/sec)?\s*$",
    re.IGNORECASE,
)
_RATE_FACTOR = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_rate(value: object) -> int:
    """Return bits per second for ``10G``, ``200M``, ``2Gbps``, ``10000Mbps`` or an integer.

    Raises ValueError with a message fit for a user when the value is not a rate.
    """
    if isinstance(value, bool):
        raise ValueError(M_("not a rate: {value!r}", value=value))
    if isinstance(value, int):
        if value < 0:
            raise ValueError(M_("a rate cannot be negative: {value}", value=value))
        return value
    if isinstance(value, str):
        match = _RATE.match(value)
        if match:
            number = float(match["num"]) * _RATE_FACTOR[match["unit"].lower()]
            if number == int(number):
                return int(number)
    raise ValueError(
        M_("not a rate: {value!r} (write e.g. 10G, 200M, 2Gbps, 10000Mbps or bits/s)", value=value)
    )


def format_rate(bps: int | None) -> str:
    """Short human form: 10000000000 -> '10G', 200000000 -> '200M', None -> '-'."""
    if bps is None:
        return "-"
    for factor, suffix in ((10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "k")):
        if bps >= factor:
            value = bps / factor
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return str(bps)


_DURATION = re.compile(r"^\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>s|m|h|d|w)\s*$", re.IGNORECASE)
_DURATION_FACTOR = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: object) -> float:
    """Return seconds for ``90s``, ``30m``, ``3h``, ``30d``, ``2w`` or a number of seconds."""
    if isinstance(value, bool):
        raise ValueError(M_("not a duration: {value!r}", value=value))
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return float(match["num"]) * _DURATION_FACTOR[match["unit"].lower()]
    raise ValueError(M_("not a duration: {value!r} (write e.g. 90s, 30m, 3h, 30d)", value=value))
