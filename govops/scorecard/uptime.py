"""政务云平台可靠性 from outages: the hours each cloud of the 1+11+N layout was unavailable.

A fault marked as an outage (``--outage``, an ``outage`` import column, or an
Alertmanager label ``outage="true"``) took its cloud down from opening to resolution; one
that names no cloud took every cloud down. Faults that only degraded a platform do not
count. The whole is the share of cloud-hours available this year (Beijing time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from govops import clock
from govops.i18n import M_
from govops.scorecard.evidence import Evidence
from govops.scorecard.measures import NO_FAULTS, Measurement


def down_seconds(spans: Iterable[tuple[float, float | None]], start: float, end: float) -> float:
    """Seconds within [start, end] covered by at least one span (open spans run to ``end``)."""
    clipped = sorted(
        (max(low, start), min(high if high is not None else end, end))
        for low, high in spans
        if low < end and (high if high is not None else end) > start
    )
    down, cursor = 0.0, start
    for low, high in clipped:
        low = max(low, cursor)
        if high > low:
            down += high - low
            cursor = high
    return down


def per_cloud_down(ev: Evidence, start: float, end: float) -> dict[str, float]:
    """Seconds of outage per inventory cloud within [start, end]."""
    outages = [f for f in ev.faults or () if f.outage]
    return {
        cloud: down_seconds(
            ((f.opened_at, f.resolved_at) for f in outages if f.cloud in (None, cloud)),
            start, end,
        )
        for cloud in ev.inventory.clouds
    }  # fmt: skip


def cloud_availability(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    if ev.faults is None:
        return Measurement(None, reason=NO_FAULTS)
    start = clock.year_start(clock.local(ev.now).year).timestamp()
    end = ev.now.timestamp()
    if end - start <= 0 or not ev.inventory.clouds:
        return Measurement(None, reason=M_("the year has just begun"))
    down = per_cloud_down(ev, start, end)
    wanted = params.get("clouds") or list(down)
    hours = sum(down[c] for c in wanted if c in down) / 3600
    elapsed = (end - start) / 3600
    value = 1 - hours / (elapsed * len(wanted))
    worst = min(wanted, key=lambda c: (-down.get(c, 0.0), c))
    worst_ratio = 1 - down.get(worst, 0.0) / 3600 / elapsed
    return Measurement(
        value,
        M_("{down:.1f} h of outage across {n} clouds this year ({elapsed:.0f} h each); "
           "lowest: {worst} {ratio:.2%}", down=hours, n=len(wanted), elapsed=elapsed,
           worst=worst, ratio=worst_ratio),
    )  # fmt: skip
