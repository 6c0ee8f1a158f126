"""Link utilisation from a real Prometheus holding backfilled blocks (promtool).

Each link's busy-direction rate is a known function of the 5-minute block; the series
sample it every 60 s (one job every 30 s), so Prometheus's rate() over each 5-minute step
is that block's rate and the quantile can be computed here by hand from the function.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from govops.cli import app
from govops.inventory import load_inventory
from govops.lab.metrics import counter_lines, series_labels
from govops.lab.snapshot import write_lab_snapshot
from tests.network.promlab import PrometheusServer, backfill, free_port

runner = CliRunner()
DAY = 86400
END = int(time.time()) // 300 * 300 - 600  # the last sample, on a 5-minute boundary
START = END - 2 * DAY  # two days of data; the audits ask for three


def _block(t: int) -> int:
    return (t // 300) % 288


def peak_rate(t: int) -> float:
    """80% for three hours a day (12.5% of the time), 10% otherwise."""
    b = _block(t)
    return 780e6 + (b % 5) * 10e6 if 120 <= b < 156 else 100e6 + (b % 7) * 1e6


def spike_rate(t: int) -> float:
    """10 minutes a day at 95%, 10% otherwise."""
    b = _block(t)
    return 950e6 if b in (200, 201) else 100e6 + (b % 3) * 2e6


def steady_rate(t: int) -> float:
    return 300e6 + ((t // 300) % 11) * 5e6


def busy_rate(t: int) -> float:
    return 500e6 + ((t // 300) % 13) * 20e6


INVENTORY = {
    "sites": [
        {"id": "p", "name": "省中心", "level": "province"},
        *({"id": f"c{k}", "name": f"市{k}", "level": "city", "parent": "p"} for k in range(1, 6)),
    ],
    "devices": [
        {"name": "core", "site": "p", "host": "10.9.0.1", "platform": "huawei"},
        {"name": "r1", "site": "c1", "host": "10.9.0.11", "platform": "cisco_ios"},
        {"name": "r2", "site": "c2", "host": "10.9.0.12", "platform": "huawei"},
        {"name": "r3", "site": "c3", "host": "10.9.0.13", "platform": "huawei"},
        {"name": "r4", "site": "c4", "host": "10.9.0.14", "platform": "huawei"},
        {
            "name": "r5",
            "site": "c5",
            "host": "10.9.0.15",
            "platform": "hp_comware",
            "metrics_instance": "r5.snmp:9116",
        },
    ],
    "links": [
        {
            "id": f"{name}",
            "a": {"device": "core", "interface": f"GigabitEthernet0/0/{k}"},
            "b": {"device": f"r{k}", "interface": iface},
            "intended": {"speed": "1G", "load": load},
        }
        for k, (name, iface, load) in enumerate(
            [
                ("peak", "GigabitEthernet0/0/1", 0.1),
                ("spike", "GigabitEthernet0/0/1", 0.95),
                ("reset", "GigabitEthernet0/0/1", 0.3),
                ("missing", "GigabitEthernet0/0/1", 0.2),
                ("busy", "GigabitEthernet1/0/1", 0.5),
            ],
            start=1,
        )
    ],
}

# link -> (its busy-direction rate, series: (instance, ifName, busy metric, step, reset?))
SERIES: dict[str, tuple[Callable[[int], float], list[tuple[str, str, str, int, bool]]]] = {
    "peak": (peak_rate, [("10.9.0.11", "Gi0/0/1", "ifHCInOctets", 60, False)]),
    "spike": (
        spike_rate,
        [
            ("10.9.0.1", "GigabitEthernet0/0/2", "ifHCOutOctets", 60, False),
            ("10.9.0.12", "GigabitEthernet0/0/1", "ifHCInOctets", 60, False),
        ],
    ),
    "reset": (steady_rate, [("10.9.0.1", "GigabitEthernet0/0/3", "ifHCOutOctets", 60, True)]),
    "busy": (busy_rate, [("r5.snmp:9116", "GE1/0/1", "ifHCInOctets", 30, False)]),
}


def _openmetrics() -> str:
    families: dict[str, list[str]] = {"ifHCInOctets": [], "ifHCOutOctets": []}
    for rate, series in SERIES.values():
        for instance, if_name, busy_metric, step, reset in series:
            times = list(range(START, END + 1, step))
            busy = [rate(((t - 1) // 300 + 1) * 300) for t in times]
            quiet = [r / 2 for r in busy]
            labels = series_labels(instance, if_name)
            at = len(times) // 2 if reset else None
            for metric in families:
                rates = busy if metric == busy_metric else quiet
                families[metric].append(counter_lines(metric, labels, times, rates, at))
    text = ""
    for metric, lines in families.items():
        text += f"# TYPE {metric} unknown\n" + "".join(lines)
    return text + "# EOF\n"


def hand_quantile(values: list[float], q: float) -> float:
    """Prometheus's quantile_over_time: linear interpolation between the closest ranks."""
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    weight = rank - low
    return ordered[low] * (1 - weight) + ordered[high] * weight


def step_rates(rate: Callable[[int], float]) -> list[float]:
    """The 5-minute steps that have a rate: every one after the first sample."""
    return [rate(t) for t in range(START + 300, END + 1, 300)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("utilisation")
    inventory = root / "inventory.yaml"
    inventory.write_text(yaml.safe_dump(INVENTORY, allow_unicode=True), encoding="utf-8")
    write_lab_snapshot(load_inventory([inventory]), root / "snapshot")
    metrics = root / "metrics.om"
    metrics.write_text(_openmetrics(), encoding="utf-8")
    server = PrometheusServer(backfill(metrics, root / "data")).start()
    try:
        yield {"inventory": inventory, "snapshot": root / "snapshot", "url": server.url}
    finally:
        server.stop()


def audit(world: dict[str, Any], *extra: str) -> Any:
    args = ["network", "audit", "-i", str(world["inventory"]), "--snapshot"]
    args += [str(world["snapshot"]), "--window", "3d", "--format", "json", *extra]
    return runner.invoke(app, args)


def measured_report(world: dict[str, Any]) -> dict[str, Any]:
    result = audit(world, "--prometheus", world["url"], "--allow-partial")
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def links_of(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {link["id"]: link for link in report["links"]}


def utilisation_findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["subject"]: f for f in report["findings"] if f["check"] == "utilization"}


def close(measured: float, expected: float) -> bool:
    return abs(measured - expected) <= 0.005 * expected


def test_a_daily_peak_flags_a_link_that_the_snapshot_saw_quiet(world: dict[str, Any]) -> None:
    report = measured_report(world)
    peak = links_of(report)["peak"]
    expected = hand_quantile(step_rates(peak_rate), 0.95)
    assert 780e6 <= expected <= 820e6
    assert peak["snapshot_utilization"] == pytest.approx(0.1, abs=0.01)
    assert close(peak["measured"]["in_bps"], expected)
    assert peak["utilization"] == pytest.approx(expected / 1e9, abs=0.005)
    assert peak["measured"]["device"] == "r1"  # Cisco's Gi0/0/1 is GigabitEthernet0/0/1
    finding = utilisation_findings(report)["peak"]
    assert finding["severity"] == "warning"
    assert finding["message"].startswith("p95 over 3d at 8")


def test_a_short_spike_does_not_flag_a_link_though_the_snapshot_caught_it(
    world: dict[str, Any],
) -> None:
    report = measured_report(world)
    spike = links_of(report)["spike"]
    assert spike["snapshot_utilization"] == pytest.approx(0.95, abs=0.01)
    busy = "out" if spike["measured"]["device"] == "core" else "in"  # core sends, r2 receives
    assert close(spike["measured"][f"{busy}_bps"], hand_quantile(step_rates(spike_rate), 0.95))
    assert close(spike["measured"][f"max_{busy}_bps"], 950e6)
    assert spike["utilization"] < 0.11
    assert "spike" not in utilisation_findings(report)


def test_every_quantile_and_maximum_equals_the_hand_computation(world: dict[str, Any]) -> None:
    links = links_of(measured_report(world))
    for link_id, (rate, _) in SERIES.items():
        figures = links[link_id]["measured"]
        busy = step_rates(rate)
        quiet = [r / 2 for r in busy]
        in_rates, out_rates = (busy, quiet) if figures["device"] != "core" else (quiet, busy)
        assert close(figures["in_bps"], hand_quantile(in_rates, 0.95)), link_id
        assert close(figures["out_bps"], hand_quantile(out_rates, 0.95)), link_id
        assert close(figures["max_in_bps"], max(in_rates)), link_id
        assert close(figures["max_out_bps"], max(out_rates)), link_id
        assert abs(figures["covered_s"] - 2 * DAY) <= 3600, link_id  # counted hourly
        assert figures["window_s"] == 3 * DAY


def test_a_counter_reset_is_no_spike(world: dict[str, Any]) -> None:
    reset = links_of(measured_report(world))["reset"]["measured"]
    assert close(reset["max_out_bps"], max(step_rates(steady_rate)))


def test_a_job_scraped_every_30_s_through_an_abbreviation_and_metrics_instance(
    world: dict[str, Any],
) -> None:
    report = measured_report(world)
    busy = links_of(report)["busy"]
    assert busy["measured"]["device"] == "r5"
    assert close(busy["measured"]["in_bps"], hand_quantile(step_rates(busy_rate), 0.95))
    assert utilisation_findings(report)["busy"]["severity"] == "warning"


def test_a_link_with_no_series_is_unknown_with_the_reason(world: dict[str, Any]) -> None:
    report = measured_report(world)
    missing = links_of(report)["missing"]
    assert missing["utilization"] is None
    assert missing["measured"]["status"] == "unknown"
    assert "core GigabitEthernet0/0/4" in missing["measured"]["reason"]
    assert "r4 GigabitEthernet0/0/1" in missing["measured"]["reason"]
    finding = utilisation_findings(report)["missing"]
    assert finding["severity"] == "warning" and "no series" in finding["message"]


def test_a_window_longer_than_the_data_is_an_info_finding(world: dict[str, Any]) -> None:
    report = measured_report(world)
    found = report["findings"]
    info = [f for f in found if f["check"] == "utilization" and f["severity"] == "info"]
    assert len(info) == 1
    assert re.fullmatch(
        r"4 of 5 links have less data than the 3d window \(covered (2d|1d 23h)\); "
        r"their quantiles are over the span covered",
        info[0]["message"],
    )


def test_partial_data_without_allow_partial_is_exit_2(world: dict[str, Any]) -> None:
    result = audit(world, "--prometheus", world["url"])
    assert result.exit_code == 2
    assert "1 of 5 links have no series (first: missing" in result.stderr
    assert "--allow-partial" in result.stderr


def test_the_table_shows_measured_beside_the_snapshot(world: dict[str, Any]) -> None:
    args = ["network", "audit", "-i", str(world["inventory"]), "--snapshot"]
    args += [str(world["snapshot"]), "--window", "3d", "--prometheus", world["url"]]
    result = runner.invoke(app, [*args, "--allow-partial"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    assert rows["spike"][1:3] == ["1G", "95.0%"]
    assert rows["spike"][-1] == f"{hand_quantile(step_rates(spike_rate), 0.95) / 1e9:.1%}"
    assert rows["missing"][-1] == "unknown"


def test_a_query_prometheus_refuses_is_exit_2(world: dict[str, Any], tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text('metrics:\n  matchers: job=~"("\n')
    result = audit(world, "--prometheus", world["url"], "--policy", str(policy))
    assert result.exit_code == 2
    assert f"error: Prometheus at {world['url']} refused the query" in result.stderr


def test_a_url_with_no_api_is_exit_2_and_nothing_listening_is_exit_1(
    world: dict[str, Any],
) -> None:
    result = audit(world, "--prometheus", world["url"] + "/nothing/here")
    assert result.exit_code == 2
    assert "no query API there (404)" in result.stderr
    result = audit(world, "--prometheus", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert "is unreachable" in result.stderr
    result = audit(world, "--prometheus", "ftp://prometheus")
    assert result.exit_code == 2 and "give an http(s) URL" in result.stderr


def test_the_url_comes_from_the_environment(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVOPS_PROMETHEUS_URL", world["url"])
    result = audit(world, "--allow-partial")
    assert result.exit_code == 0, result.output
    assert links_of(json.loads(result.stdout))["peak"]["measured"]["status"] == "measured"
