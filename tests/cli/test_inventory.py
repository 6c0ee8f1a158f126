from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govops.cli import app

runner = CliRunner()


def test_validate_demo_prints_summary(demo_inventory: Path) -> None:
    result = runner.invoke(app, ["inventory", "validate", str(demo_inventory)])
    assert result.exit_code == 0, result.stderr
    assert "sites" in result.stdout and "province 1  city 11  county 44" in result.stdout
    assert "cisco_ios" in result.stdout and "prov 104" in result.stdout
    assert result.stderr == "inventory is valid (5 files)\n"


def test_validate_json(demo_inventory: Path) -> None:
    result = runner.invoke(app, ["inventory", "validate", str(demo_inventory), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["sites_by_level"]["township"] == 132
    assert data["systems_by_classification"] == {"non_classified": 228, "classified": 4}


def test_validate_broken_reports_every_problem_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sites:\n"
        "  - {id: sn, name: 省中心, level: province}\n"
        "  - {id: sn-xa, name: 西安市, level: city, parent: sn-xx}\n"
        "devices:\n"
        "  - {name: d1, site: sn, host: 10.0.0.1, platform: junos}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["inventory", "validate", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:5: devices[d1].platform: platform 'junos' cannot be collected; supported: huawei, "
        "huawei_vrpv8, hp_comware, cisco_ios, ruijie_os, zte_zxros",
        f"{bad}:3: sites[sn-xa].parent: unknown site 'sn-xx' (not in sites)",
        "error: inventory has 2 problems",
    ]
    assert "Traceback" not in result.output


def test_validate_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inventory", "validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_show_json_section(demo_inventory: Path) -> None:
    result = runner.invoke(
        app, ["inventory", "show", str(demo_inventory), "--format", "json", "--section", "links"]
    )
    assert result.exit_code == 0
    links = json.loads(result.stdout)["links"]
    first = links[0]
    assert first["id"] == "sn-xa-1" and first["tier"] == "province-city"
    assert next(x for x in links if x["id"] == "xa-changan-1")["contracted"] == 2_000_000_000


def test_show_table_and_unknown_section(demo_inventory: Path) -> None:
    result = runner.invoke(app, ["inventory", "show", str(demo_inventory), "--section", "clouds"])
    assert result.exit_code == 0
    assert "陕西省级政务云" in result.stdout and "clouds (14)" in result.stdout
    result = runner.invoke(app, ["inventory", "show", str(demo_inventory), "--section", "routers"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: unknown section `routers`; choose one of sites, devices, links, clouds, systems\n"
    )
