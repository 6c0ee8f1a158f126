"""--lang / GOVOPS_LANG through the CLI: the same run in Chinese and in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops import i18n
from govops.cli import app
from govops.inventory import load_inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
runner = CliRunner(env={"COLUMNS": "200"})  # wide tables: one row per line


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inventory = load_inventory(DEMO)
    root = tmp_path_factory.mktemp("snap")
    write_snapshot(
        root,
        [
            DeviceResult(d.name, d.platform, RENDERERS[d.platform](d, device_ports(inventory, d)))
            for d in inventory.devices.values()
        ],
    )
    return root


def _audit(snapshot: Path, *extra: str) -> list[str]:
    return ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot), *extra]


def test_audit_table_in_chinese(snapshot: Path) -> None:
    result = runner.invoke(app, _audit(snapshot, "--lang", "zh"), terminal_width=200)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "各层级站点" in out and "发现的问题" in out
    rows = [line.split() for line in out.splitlines()]
    assert ["层级", "应接入", "已接入", "带宽达标", "IPv6", "覆盖率", "达标率", "IPv6率"] in rows
    assert ["县", "44", "43", "40", "31", "97.7%", "90.9%", "70.5%"] in rows
    # five villages: three connected and compliant; four dual stack (the down link's too)
    assert ["村", "5", "3", "3", "4", "60.0%", "60.0%", "80.0%"] in rows
    assert ["合计", "205", "201", "190", "154", "98.0%", "92.7%", "75.1%"] in rows
    assert ["严重", "冗余", "hz-yangxian", "没有在线的上联"] in rows
    assert ["警告", "带宽", "sn-sl-1", "有效带宽", "5G，低于省-市层级要求的", "10G"] in rows
    assert "Findings" not in out and "severity" not in out


def test_root_option_and_environment_choose_chinese(
    snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = runner.invoke(app, ["--lang", "zh", *_audit(snapshot, "-f", "markdown")])
    assert root.exit_code == 0, root.stderr
    assert root.stdout.startswith("# 网络审计\n\n## 各层级\n")
    monkeypatch.setenv("GOVOPS_LANG", "zh")
    env = runner.invoke(app, _audit(snapshot, "-f", "markdown"))
    assert env.stdout == root.stdout
    english = runner.invoke(app, _audit(snapshot, "-f", "markdown", "--lang", "en"))
    assert english.stdout.startswith("# Network audit\n\n## Levels\n")
    assert i18n.current_lang() == "zh"  # the environment's, once the runs are over


def test_json_stays_english_under_chinese(snapshot: Path) -> None:
    zh = runner.invoke(app, _audit(snapshot, "-f", "json", "--lang", "zh"))
    en = runner.invoke(app, _audit(snapshot, "-f", "json", "--lang", "en"))
    assert zh.stdout == en.stdout
    messages = {f["message"] for f in json.loads(zh.stdout)["findings"]}
    assert "effective 5G below the province-city tier's 10G" in messages


def test_ipv6_view_in_chinese(snapshot: Path) -> None:
    args = ["network", "ipv6", "-i", str(DEMO), "--snapshot", str(snapshot), "--lang", "zh"]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "县级站点双栈 31/44（70.5%）"
    assert any(line.split() == ["县", "44", "31", "3", "10", "0"] for line in lines)
    assert any(line.split()[:3] == ["sn-xa", "西安市", "双栈"] for line in lines)
    assert lines[-1].startswith("下一步改造（上级已双栈）：ak-hanyin-t1, ak-ningshan,")


def test_unknown_language_is_a_usage_error(snapshot: Path) -> None:
    result = runner.invoke(app, _audit(snapshot, "--lang", "fr"))
    assert result.exit_code == 2
    assert "fr" in result.stderr


def test_fault_list_show_and_report_in_chinese() -> None:
    opened = runner.invoke(
        app,
        ["fault", "open", "-c", "network", "-s", "critical", "西安至长安链路中断",
         "--site", "xa-changan", "--at", "2026-11-27 08:00"],
    )  # fmt: skip
    assert opened.exit_code == 0, opened.stderr
    runner.invoke(app, ["fault", "open", "-c", "platform", "存储告警", "--at", "2026-11-27 14:00"])
    runner.invoke(app, ["fault", "resolve", "2", "--at", "2026-11-27 15:10"])
    listed = runner.invoke(app, ["fault", "list", "--lang", "zh", "--as-of", "2026-11-27 16:00"],
                           terminal_width=200)  # fmt: skip
    rows = [line.split() for line in listed.stdout.splitlines()]
    assert ["编号", "类别", "级别", "站点", "发生", "已处置", "摘要"] in rows
    assert [
        "1",
        "网络",
        "严重",
        "xa-changan",
        "2026-11-27",
        "08:00",
        "-",
        "西安至长安链路中断",
    ] in rows
    report = runner.invoke(
        app, ["fault", "report", "--lang", "zh", "--as-of", "2026-11-27 16:00"], terminal_width=200
    )
    rows = [line.split() for line in report.stdout.splitlines()]
    assert ["类别", "发生", "已处置", "达标", "未关闭", "超时", "及时率", "中位数", "P90"] in rows
    assert ["合计", "2", "1", "1", "1", "1", "50.0%", "1h10m", "1h10m"] in rows
    assert ["1", "网络/严重", "xa-changan", "-5h00m", "已超时", "西安至长安链路中断"] in rows
    assert report.stderr == "按时响应：0/2\n及时处置率 50.0%，低于目标 99.0%\n"
    shown = runner.invoke(app, ["fault", "show", "1", "--lang", "zh"], terminal_width=200)
    rows = [line.split() for line in shown.stdout.splitlines()]
    assert ["发生时间", "2026-11-27", "08:00"] in rows and [
        "截止日期",
        "2026-11-27",
        "11:00",
    ] in rows
    english = runner.invoke(app, ["fault", "report", "--as-of", "2026-11-27 16:00"])
    assert english.stderr == (
        "acknowledged within target: 0 of 2\ncompliance 50.0% is below the objective 99.0%\n"
    )


def test_cloud_status_in_chinese() -> None:
    imported = runner.invoke(
        app, ["cloud", "import", str(ROOT / "inventories" / "demo-migration.csv"), "-i", str(DEMO)]
    )
    assert imported.exit_code == 0, imported.stderr
    result = runner.invoke(app, ["cloud", "status", "-i", str(DEMO), "--lang", "zh"],
                           terminal_width=200)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["指标", "值", "说明"] in rows
    assert ["上云率", "12.8%", "29/227", "非涉密在范围内系统（含豁免，不含下线）"] in rows
    assert rows[rows.index(["系统", "原因", "起始", "天数"]) + 2][:3] == [
        "SYS-0100",
        "数据库许可证未到位",
        "2023-10-12",  # the CSV's day, in Beijing time
    ]
    assert result.stderr.startswith(
        "按状态：已评估 167, 受阻 3, 豁免 2, 已登记 30, 已迁移 29, 已退役 1\n"
    )
