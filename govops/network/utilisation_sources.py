"""Where measured utilisation comes from: Prometheus (one query per figure for the whole
fleet, joined here) or a file exported from other monitoring (eSight, NCE, iMC, Zabbix).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from govops.errors import InputError
from govops.i18n import M_
from govops.inventory.models import Inventory
from govops.network.policy import MetricNames
from govops.network.prometheus import Prometheus, Sample, promql_string, redact
from govops.network.utilisation import (
    LinkUsage,
    Measurement,
    canonical_interface,
    check_complete,
    end_keys,
    interface_pattern,
    join_links,
)

STEP_S = 300  # carriers bill on 5-minute samples; decisions.md "Utilisation"
#: link ends x subquery steps per query; Prometheus refuses a query over --query.max-samples
BATCH_SAMPLES = 20_000_000


@dataclass(frozen=True)
class UsageRequest:
    """What the user asked for: a source, the window, the quantile."""

    prometheus: str | None = None
    file: Path | None = None
    window_s: float = 30 * 86400
    quantile: float = 0.95
    allow_partial: bool = False
    at: float | None = None  # evaluation time (Unix seconds); None: now
    timeout: float = 120.0

    def check(self) -> None:
        if self.prometheus and self.file:
            raise InputError(M_("give --prometheus or --utilisation-from, not both"))
        if not 0 < self.quantile <= 1:
            raise InputError(
                M_("--quantile {q}: give a number in (0, 1], e.g. 0.95", q=self.quantile)
            )
        if not STEP_S <= self.window_s <= 400 * 86400:
            raise InputError(M_("--window: give between 5m and 400d, e.g. 30d"))


def measure_links(
    inventory: Inventory, names: MetricNames, request: UsageRequest
) -> dict[str, LinkUsage] | None:
    """Every link's measured usage from the requested source (None: no source asked)."""
    request.check()
    if request.prometheus:
        source = f"prometheus {redact(request.prometheus)}"
        found = fleet_measurements(inventory, names, request)
    elif request.file:
        from govops.network.utilisation_file import read_utilisation_file

        source = f"file {request.file}"
        found = read_utilisation_file(request.file, request.window_s)
    else:
        return None
    usage = join_links(inventory, found, source, request.quantile, request.window_s)
    check_complete(usage, request.allow_partial, source)
    return usage


def _selector(names: MetricNames, instances: Iterable[str], interfaces: Iterable[str]) -> str:
    import re

    pattern = "|".join(re.escape(i) for i in sorted(set(instances)))
    parts = [f"{names.instance_label}=~{promql_string(pattern)}"]
    wanted = list(interfaces)
    if wanted:
        parts.append(f"{names.interface_label}=~{promql_string(interface_pattern(wanted))}")
    if names.matchers.strip():
        parts.append(names.matchers.strip().strip(","))
    return "{" + ", ".join(parts) + "}"


def fleet_queries(
    names: MetricNames,
    instances: Iterable[str],
    window_s: float,
    quantile: float,
    interfaces: Iterable[str] = (),
) -> dict[tuple[str, str], str]:
    """(direction, statistic) -> PromQL over every instance at once: five queries in all."""
    selector = _selector(names, instances, interfaces)
    window = f"{round(window_s)}s"
    queries = {}
    for direction, counter, recorded in (
        ("in", names.in_octets, names.in_rate),
        ("out", names.out_octets, names.out_rate),
    ):
        if recorded:
            series = f"{recorded}{selector}[{window}]"
            covered = ("count", f"count_over_time({series})")
        else:
            series = f"rate({counter}{selector}[5m])[{window}:{STEP_S}s]"
            # the span covered, to the hour: a twelfth of the work of counting 5-minute steps
            hourly = f"rate({counter}{selector}[5m])[{window}:3600s]"
            covered = ("hours", f"count_over_time({hourly})")
        queries[(direction, "quantile")] = f"8 * quantile_over_time({quantile:g}, {series})"
        queries[(direction, "max")] = f"8 * max_over_time({series})"
        if direction == "in":  # one count is enough
            queries[(direction, covered[0])] = covered[1]
    return queries


def batches(inventory: Inventory, window_s: float) -> list[tuple[list[str], list[str]]]:
    """(instances, interfaces) groups of devices, each small enough that one query's
    subquery stays far below Prometheus's --query.max-samples (50 million by default)."""
    ends: dict[str, list[str]] = {}
    for link in inventory.links.values():
        for end in (link.a, link.b):
            ends.setdefault(end.device, []).append(end.interface)
    per_batch = max(1, int(BATCH_SAMPLES // (window_s / STEP_S + 1)))
    out: list[tuple[list[str], list[str]]] = []
    count = per_batch
    for device, interfaces in sorted(ends.items()):
        if count + len(interfaces) > per_batch:
            out.append(([], []))
            count = 0
        out[-1][0].extend(end_keys(inventory.devices[device]))
        out[-1][1].extend(interfaces)
        count += len(interfaces)
    return out


def fleet_measurements(
    inventory: Inventory, names: MetricNames, request: UsageRequest
) -> dict[tuple[str, str], Measurement]:
    """Ask Prometheus the fleet-wide queries (in parallel) and join them per interface."""
    assert request.prometheus is not None
    client = Prometheus(request.prometheus, timeout=request.timeout)
    at = request.at if request.at is not None else time.time()
    jobs = [
        (key, expr)
        for instances, interfaces in batches(inventory, request.window_s)
        for key, expr in fleet_queries(
            names, instances, request.window_s, request.quantile, interfaces
        ).items()
    ]
    answers: dict[tuple[str, str], list[Sample]] = {}
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [(key, pool.submit(client.query, expr, at)) for key, expr in jobs]
        for key, future in futures:
            answers.setdefault(key, []).extend(future.result())
    return join_series(answers, names, request.window_s)


def _series_key(sample: Sample) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in sample.labels.items() if k != "__name__"))


def join_series(
    answers: Mapping[tuple[str, str], list[Sample]], names: MetricNames, window_s: float
) -> dict[tuple[str, str], Measurement]:
    """(instance, canonical interface) -> figures; of duplicate series the best covered wins."""
    series: dict[tuple[tuple[str, str], ...], dict[tuple[str, str], float]] = {}
    for key, samples in answers.items():
        for sample in samples:
            series.setdefault(_series_key(sample), {})[key] = sample.value
    found: dict[tuple[str, str], Measurement] = {}
    for labels, stats in series.items():
        found_labels = dict(labels)
        instance = found_labels.get(names.instance_label)
        interface = found_labels.get(names.interface_label)
        if instance is None or interface is None:
            continue
        measured = _measurement(stats, window_s)
        key = (instance, canonical_interface(interface))
        before = found.get(key)
        if before is None or (measured.covered_s or 0) > (before.covered_s or 0):
            found[key] = measured
    return found


def _measurement(stats: Mapping[tuple[str, str], float], window_s: float) -> Measurement:
    spans = [stats[("in", "count")] * STEP_S] if ("in", "count") in stats else []
    spans += [stats[("in", "hours")] * 3600] if ("in", "hours") in stats else []
    covered = min(max(spans), window_s) if spans else None
    return Measurement(
        in_bps=stats.get(("in", "quantile")),
        out_bps=stats.get(("out", "quantile")),
        max_in_bps=stats.get(("in", "max")),
        max_out_bps=stats.get(("out", "max")),
        window_s=window_s,
        covered_s=covered,
    )


__all__ = ["STEP_S", "UsageRequest", "fleet_queries", "join_series", "measure_links"]
