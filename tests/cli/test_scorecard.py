from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govops import store
from govops.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / "playbooks" / "targets"


def test_scorecard_json_uses_stored_documents(demo_inventory: Path) -> None:
    conn = store.connect()
    store.put_document(
        conn,
        "cloud.migration_summary",
        {"migrated": 150, "in_scope": 200, "systems": [], "migration_ratio": 0.75},
    )
    result = runner.invoke(
        app,
        [
            "scorecard",
            "-i",
            str(demo_inventory),
            "-t",
            str(TARGETS / "guangdong.yaml"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)["indicators"]}
    assert rows["cloud-migration"]["value"] == 0.75
    assert rows["cloud-migration"]["met"] == {"2025": False}
    assert rows["cloud-migration"]["gap"] == {"2025": 0.25}
    assert rows["systems-migrated"]["value"] == 150
    assert rows["cloud-cores"]["detail"] == "6880 vCPU (inventory capacity)"
    assert rows["extranet-availability"]["value"] is None
    stored = store.get_document(conn, "scorecard.last")  # what the exporter publishes
    assert stored["indicators"][-1]["id"] == "cloud-migration"
    assert stored["indicators"][-1]["targets"] == {"2025": 1.0}


def test_scorecard_html_and_markdown_files(demo_inventory: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        [
            "scorecard",
            "-i",
            str(demo_inventory),
            "-t",
            str(TARGETS / "shaanxi.yaml"),
            "--format",
            "html",
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out}\n"
    assert '<table id="scorecard">' in out.read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "scorecard",
            "-i",
            str(demo_inventory),
            "-t",
            str(TARGETS / "guizhou.yaml"),
            "--format",
            "markdown",
            "--lang",
            "zh",
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("# 贵州省 · 数字政府基础设施指标评估\n")
    assert "| 省市县乡村五级全覆盖 | 暂无数据 | 100.0% |" in result.stdout


def test_scorecard_bad_targets_file(demo_inventory: Path, tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("province: x\nplan: y\nindicators: [{id: A!, name: n, name_en: e}]\n")
    result = runner.invoke(app, ["scorecard", "-i", str(demo_inventory), "-t", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{bad}:3: indicators.0.id: String should")
    assert result.stderr.splitlines()[-1] == "error: targets file has 1 problem"
    assert "Traceback" not in result.output
