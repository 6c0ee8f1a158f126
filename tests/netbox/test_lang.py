"""What NetBox's import reports, in Chinese and English, through the CLI against the lab NetBox."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from govops.cli import app
from govops.lab.netbox import LabNetbox

runner = CliRunner()


def _import(netbox: LabNetbox, mapping: Path, out: Path, lang: str) -> tuple[int, list[str]]:
    args = ["inventory", "import-netbox", netbox.url, "--token-env", "NB_TOKEN"]
    env = {"NB_TOKEN": netbox.token, "GOVOPS_LANG": lang}
    result = runner.invoke(app, [*args, "--mapping", str(mapping), "-o", str(out)], env=env)
    return result.exit_code, result.stderr.splitlines()


def test_unmapped_platform_and_region_in_both_languages(netbox: LabNetbox, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "levels:\n  region_depth: {0: province, 1: city, 2: county}\n"
        "platforms: {huawei-vrp: huawei, cisco-ios: cisco_ios}\n",
        encoding="utf-8",
    )
    region = netbox.data.get("region", "xa-changan-t1")["id"]
    platform = netbox.data.get("platform", "h3c-comware")["id"]
    zh_code, zh = _import(netbox, mapping, tmp_path / "zh", "zh")
    en_code, en = _import(netbox, mapping, tmp_path / "en", "en")
    assert zh_code == en_code == 2
    assert (
        f"dcim.region:{region}: level: 区域 `xa-changan-t1`（深度 3；站点 `xa-changan-t1`）"
        "没有对应的层级：请在 levels.regions 或 levels.region_depth 下添加"
    ) in zh
    assert (
        f"dcim.platform:{platform}: slug: 平台 `h3c-comware`（设备 `tc-agg-1`, `tc-agg-2`, "
        "`tc-yijun-r1` 等（另有 13 个））没有对应的 netmiko device_type：请在 platforms 下添加"
    ) in zh
    assert zh[-1].startswith("error: NetBox 导入有 ") and zh[-1].endswith(" 处问题")
    assert (
        f"dcim.platform:{platform}: slug: platform `h3c-comware` (devices `tc-agg-1`, "
        "`tc-agg-2`, `tc-yijun-r1` and 13 more) maps to no netmiko device_type: "
        "add it under platforms"
    ) in en
    assert en[-1].startswith("error: NetBox import has ") and en[-1].endswith(" problems")
    assert len(zh) == len(en)
    assert not (tmp_path / "zh").exists() and not (tmp_path / "en").exists()


def test_a_refused_token_in_chinese(netbox: LabNetbox, tmp_path: Path) -> None:
    args = ["inventory", "import-netbox", netbox.url, "--token-env", "NB_TOKEN"]
    env = {"NB_TOKEN": "not-the-token", "GOVOPS_LANG": "zh"}
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "inv")], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {netbox.url} 的 NetBox 拒绝了令牌（403")
    assert result.stderr.rstrip().endswith("）；请检查令牌及其读取权限")
    assert "not-the-token" not in result.stderr
