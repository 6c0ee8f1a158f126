"""Interface counter history of the lab province, as OpenMetrics for Prometheus to backfill.

``govops lab metrics`` writes what snmp_exporter's if_mib would have scraped from the demo
fleet: ``ifHCInOctets``/``ifHCOutOctets`` of both ends of every link, labelled
``instance`` (host or metrics_instance) and ``ifName`` (Cisco's short names, as Cisco's
IF-MIB gives them). Each link follows a daily curve that peaks at its intended load near
11:00 Beijing time, with a 10-minute spike once a day (which a 95th percentile ignores), and
every 40th link's upper device restarts mid-window (a counter reset). Load it with
``promtool tsdb create-blocks-from openmetrics --max-block-duration=168h FILE DATA_DIR``
(promtool reads the whole file once per block: the default 2-hour blocks take 84 passes
over a week).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import TextIO

from govops.inventory.models import Inventory, Link, LinkIntent

BEIJING = 8 * 3600
IN, OUT = "ifHCInOctets", "ifHCOutOctets"
_CISCO_SHORT = (
    ("TenGigabitEthernet", "Te"),
    ("GigabitEthernet", "Gi"),
    ("FastEthernet", "Fa"),
    ("Port-channel", "Po"),
)


def if_name(platform: str, interface: str) -> str:
    """The ifName a device's IF-MIB gives: Cisco's short form, everyone else's full name."""
    if platform == "cisco_ios":
        for full, short in _CISCO_SHORT:
            if interface.startswith(full):
                return short + interface[len(full) :]
    return interface


def daily_shape(t: float) -> float:
    """Share of the day's peak at Unix time ``t``: 0.2 at night, 1.0 at 11:00 Beijing time."""
    hour = ((t + BEIJING) % 86400) / 3600
    return 0.2 + 0.8 * math.exp(-(((hour - 11) / 2.5) ** 2))


def effective_bps(link: Link) -> int:
    """The rate the lab device shows for the link (as lab/ports.py builds it)."""
    intent = link.intended or LinkIntent()
    speed = intent.speed or 10**9
    members_up = intent.members if intent.members_up is None else intent.members_up
    raw = speed * (members_up if intent.members else 1)
    return min(raw, link.contracted) if link.contracted else raw


def link_rates(link: Link, seed: int) -> Callable[[float], float]:
    """The busy direction's rate (bits/s) at time t: the daily curve, noise and a daily spike."""
    intent = link.intended or LinkIntent()
    capacity = effective_bps(link)
    if intent.state == "down" or capacity == 0:
        return lambda t: 0.0
    peak = intent.load * capacity
    spike_at = random.Random(f"{seed}:{link.id}").uniform(0, 86400 - 600)

    def rate(t: float) -> float:
        day_offset = (t + BEIJING) % 86400
        if spike_at <= day_offset < spike_at + 600:
            return 0.97 * capacity
        noise = 1 + 0.03 * math.sin(t / 997 + len(link.id))
        return min(capacity, peak * daily_shape(t) * noise)

    return rate


def counter_lines(
    name: str,
    labels: str,
    times: Sequence[int],
    rates: Sequence[float],
    reset_at: int | None = None,
    start: int = 10**9,
) -> str:
    """OpenMetrics samples of one octet counter. ``rates[i]`` (bits/s) holds over
    (times[i-1], times[i]]; at index ``reset_at`` the counter restarts from 0."""
    lines = []
    value = float(start)
    for i, t in enumerate(times):
        if i:
            grown = rates[i] * (t - times[i - 1]) / 8
            value = grown if i == reset_at else value + grown
        lines.append(f"{name}{{{labels}}} {round(value)} {t}\n")
    return "".join(lines)


def series_labels(instance: str, interface: str) -> str:
    return f'instance="{_escape(instance)}",ifName="{_escape(interface)}"'


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


#: what deploy/prometheus/govops-utilisation.rules.yml records from each counter
RECORDED = {IN: "instance_ifName:ifHCInOctets:rate5m", OUT: "instance_ifName:ifHCOutOctets:rate5m"}


def write_openmetrics(
    inventory: Inventory,
    out: TextIO,
    end: int,
    days: float,
    step_s: int = 300,
    seed: int = 0,
    recorded: bool = False,
) -> int:
    """Write both ends' in/out counters of every link; returns the number of series.

    With ``recorded`` (5-minute steps only) also the 5-minute rates in octets/s that the
    shipped recording rules would have recorded. Streamed family by family (OpenMetrics
    wants a family's samples together)."""
    start = end - int(days * 86400)
    times = list(range(start + (-start % step_s), end + 1, step_s))
    count = 0
    families = [(IN, False), (OUT, False)]
    if recorded:
        families += [(IN, True), (OUT, True)]
    for counter, as_rate in families:
        name = RECORDED[counter] if as_rate else counter
        what = "5-minute rate of" if as_rate else "The total number of"
        out.write(f"# HELP {name} {what} octets (IF-MIB, 64-bit).\n")
        out.write(f"# TYPE {name} {'gauge' if as_rate else 'unknown'}\n")
        for index, (_, link) in enumerate(sorted(inventory.links.items())):
            count += _link_series(inventory, link, index, counter, as_rate, times, seed, out)
    out.write("# EOF\n")
    return count


def _link_series(
    inventory: Inventory,
    link: Link,
    index: int,
    counter: str,
    as_rate: bool,
    times: list[int],
    seed: int,
    out: TextIO,
) -> int:
    busy_rate = link_rates(link, seed)
    busy = [busy_rate(t) for t in times]
    quiet = [0.55 * r for r in busy]
    reset = len(times) // 2 if index % 40 == 7 else None
    for end_, upper in ((link.a, True), (link.b, False)):
        device = inventory.devices[end_.device]
        instance = device.metrics_instance or device.host
        labels = series_labels(instance, if_name(device.platform, end_.interface))
        # the upper end sends the busy direction, the lower end receives it
        rates = busy if (counter == OUT) == upper else quiet
        if as_rate:
            name = RECORDED[counter]
            out.writelines(
                f"{name}{{{labels}}} {r / 8:.3f} {t}\n" for r, t in zip(rates, times, strict=True)
            )
            continue
        offset = 10**9 + index * 7919
        out.write(counter_lines(counter, labels, times, rates, reset if upper else None, offset))
    return 2
