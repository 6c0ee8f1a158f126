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
runner = CliRunner()


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
    assert ["合计", "200", "198", "187", "150", "99.0%", "93.5%", "75.0%"] in rows
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
