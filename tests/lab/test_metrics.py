"""govops lab metrics: OpenMetrics that promtool backfills, shaped as the links intend."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from govops.cli import app
from govops.inventory import load_inventory
from govops.lab.metrics import daily_shape, effective_bps, if_name, link_rates
from tests.network.promlab import backfill

runner = CliRunner()
END = 1_790_000_100  # a Unix time on a 5-minute boundary


def test_the_curve_peaks_at_the_intended_load_near_11_beijing(demo_inventory: Path) -> None:
    assert daily_shape(3 * 3600) == 1.0  # 03:00 UTC is 11:00 in Beijing
    assert daily_shape(15 * 3600) < 0.21
    link = load_inventory([demo_inventory]).links["sn-xa-1"]
    rate = link_rates(link, seed=0)
    peak = max(rate(t) for t in range(0, 86400, 300) if rate(t) < 0.96 * effective_bps(link))
    assert abs(peak - 0.45 * 20e9) < 0.04 * 0.45 * 20e9  # 2 x 10G members at 45%


def test_cisco_interfaces_carry_ciscos_short_ifname() -> None:
    assert if_name("cisco_ios", "GigabitEthernet0/0/1") == "Gi0/0/1"
    assert if_name("huawei", "GigabitEthernet0/0/1") == "GigabitEthernet0/0/1"


def test_lab_metrics_writes_openmetrics_promtool_backfills(
    demo_inventory: Path, tmp_path: Path
) -> None:
    out = tmp_path / "m.om"
    result = runner.invoke(
        app,
        ["lab", "metrics", "-i", str(demo_inventory), "-o", str(out), "--days", "0.05",
         "--end", str(END)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    links = len(load_inventory([demo_inventory]).links)
    assert f"{4 * links} series" in result.stderr
    text = out.read_text()
    assert text.endswith("# EOF\n")
    sample = re.compile(r'^ifHC(In|Out)Octets\{instance="[^"]+",ifName="[^"]+"\} \d+ \d+$')
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert all(sample.match(line) for line in lines)
    assert len(lines) == 4 * links * 15  # 72 minutes: END-70min, END-65min, ..., END
    assert any(b.is_dir() for b in backfill(out, tmp_path / "data").iterdir())


def test_lab_metrics_refuses_a_bad_step(demo_inventory: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "m")
    result = runner.invoke(
        app, ["lab", "metrics", "-i", str(demo_inventory), "-o", out, "--step", "1s"]
    )
    assert result.exit_code == 2
    assert "--step 1s: give between 10s and 1h" in result.stderr


def test_recorded_rates_give_the_same_figures_as_the_subquery(
    demo_inventory: Path, tmp_path: Path
) -> None:
    """The policy's in_rate/out_rate read recorded rates: same answer, no subquery."""
    import json
    import time

    from tests.network.promlab import PrometheusServer

    end = int(time.time()) // 300 * 300
    out = tmp_path / "m.om"
    result = runner.invoke(
        app,
        ["lab", "metrics", "-i", str(demo_inventory), "-o", str(out), "--days", "0.5",
         "--end", str(end), "--recorded"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    from govops.lab.snapshot import write_lab_snapshot

    write_lab_snapshot(load_inventory([demo_inventory]), tmp_path / "snap")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "metrics:\n  in_rate: instance_ifName:ifHCInOctets:rate5m\n"
        "  out_rate: instance_ifName:ifHCOutOctets:rate5m\n"
    )
    server = PrometheusServer(backfill(out, tmp_path / "data")).start()
    try:
        base = ["network", "audit", "-i", str(demo_inventory), "--snapshot", str(tmp_path / "snap"),
                "--prometheus", server.url, "--window", "12h", "--format", "json"]  # fmt: skip
        reports = [runner.invoke(app, base), runner.invoke(app, [*base, "--policy", str(policy)])]
    finally:
        server.stop()
    assert [r.exit_code for r in reports] == [0, 0], [r.output for r in reports]
    computed, recorded = ({x["id"]: x for x in json.loads(r.stdout)["links"]} for r in reports)
    assert computed.keys() == recorded.keys()
    for lid, link in computed.items():
        # the audit reads the end whose busier direction is higher; the two ends of a link
        # carry the same two rates mirrored (one's in is the other's out), and which end wins a
        # near-tie may differ between the two sources: compare each pair of directions
        for pair in (("in_bps", "out_bps"), ("max_in_bps", "max_out_bps")):
            mine = sorted(link["measured"][f] for f in pair)
            theirs = sorted(recorded[lid]["measured"][f] for f in pair)
            for a, b in zip(mine, theirs, strict=True):
                assert abs(a - b) <= 0.005 * max(a, 1), (lid, pair, mine, theirs)
