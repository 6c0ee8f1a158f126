"""Error lines and problem lines through the real CLI, in Chinese (GOVOPS_LANG=zh) and English.

The ``error:`` prefix and the ``file:line: field:`` location stay as they are (scripts look
for them); the message after them is the catalogue's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "inventories" / "demo"
PLATFORMS = "huawei, huawei_vrpv8, hp_comware, cisco_ios, ruijie_os, zte_zxros"

runner = CliRunner()


def run(lang: str, args: list[str]) -> tuple[int, list[str]]:
    result = runner.invoke(app, args, env={"GOVOPS_LANG": lang})
    return result.exit_code, result.stderr.splitlines()


@pytest.fixture
def bad_inventory(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "sites:\n"
        "  - {id: xa, name: 西安, level: city, parent: nope}\n"
        "  - {id: yl, level: city}\n"
        "devices:\n"
        "  - {name: xa-r1, site: xa, host: 192.0.2.1, platform: junos, port: 0}\n",
        encoding="utf-8",
    )
    return path


def test_inventory_problems_in_chinese(bad_inventory: Path) -> None:
    code, lines = run("zh", ["inventory", "validate", str(bad_inventory)])
    where = str(bad_inventory)
    assert code == 2
    assert lines == [
        f"{where}:3: sites[yl].name: 缺少必填字段",
        f"{where}:5: devices[xa-r1].port: 应大于或等于 1",
        f"{where}:5: devices[xa-r1].platform: 平台 'junos' 无法采集；支持：{PLATFORMS}",
        f"{where}:2: sites[xa].parent: 未知站点 'nope'（不在 sites 中）",
        "error: 台账有 4 处问题",
    ]


def test_inventory_problems_in_english(bad_inventory: Path) -> None:
    code, lines = run("en", ["inventory", "validate", str(bad_inventory)])
    where = str(bad_inventory)
    assert code == 2
    assert lines == [
        f"{where}:3: sites[yl].name: required field is missing",
        f"{where}:5: devices[xa-r1].port: Input should be greater than or equal to 1",
        f"{where}:5: devices[xa-r1].platform: platform 'junos' cannot be collected; "
        f"supported: {PLATFORMS}",
        f"{where}:2: sites[xa].parent: unknown site 'nope' (not in sites)",
        "error: inventory has 4 problems",
    ]


def test_netbox_mapping_problems_in_both_languages(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("platforms: {h3c: junos}\nlevels: {by_tag: {}}\n", encoding="utf-8")
    # the mapping is read before NetBox is asked: no server needed
    args = ["inventory", "import-netbox", "http://127.0.0.1:9", "--token-env", "HOME"]
    args += ["--mapping", str(mapping), "-o", str(tmp_path / "inv")]
    zh_code, zh = run("zh", args)
    en_code, en = run("en", args)
    assert zh_code == en_code == 2
    assert zh == [
        f"{mapping}:2: mapping.levels.by_tag: 未知字段",
        f"{mapping}:1: mapping.platforms: h3c：未知平台 'junos'；应为以下之一：{PLATFORMS}",
        "error: 映射文件有 2 处问题",
    ]
    assert en == [
        f"{mapping}:2: mapping.levels.by_tag: unknown field",
        f"{mapping}:1: mapping.platforms: h3c: unknown platform 'junos'; "
        f"expected one of {PLATFORMS}",
        "error: mapping file has 2 problems",
    ]


def test_csv_in_the_wrong_encoding_in_both_languages(tmp_path: Path) -> None:
    csv = tmp_path / "faults.csv"
    # 中文 in GBK: D6 D0 CE C4, which is not UTF-8
    csv.write_bytes(
        b"category,severity,summary,opened_at\nnetwork,major,\xd6\xd0\xce\xc4,2026-11-22 08:00\n"
    )
    args = ["fault", "import", str(csv), "--encoding", "utf-8", "--db", str(tmp_path / "s.db")]
    zh_code, zh = run("zh", args)
    en_code, en = run("en", args)
    assert zh_code == en_code == 2
    assert zh == [
        f"error: {csv}:2：第 3 列：字节 0xd6 不是 utf-8 文本"
        "（请将文件另存为 CSV UTF-8，或用 --encoding 指定编码）"
    ]
    assert en == [
        f"error: {csv}:2: column 3: byte 0xd6 is not utf-8 text "
        "(save the file as CSV UTF-8, or give --encoding)"
    ]


def test_a_csv_header_problem_in_chinese(tmp_path: Path) -> None:
    csv = tmp_path / "faults.csv"
    csv.write_text("category,severity,category\nnetwork,major,network\n", encoding="utf-8")
    code, lines = run("zh", ["fault", "import", str(csv), "--db", str(tmp_path / "s.db")])
    assert code == 2
    assert lines == [f"error: {csv}:1：第 3 列：`category` 出现了两次"]


def test_file_bounds_in_both_languages(tmp_path: Path) -> None:
    snapshot = tmp_path / "snap"
    (snapshot / "manifest.json").mkdir(parents=True)
    args = ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot)]
    zh_code, zh = run("zh", args)
    en_code, en = run("en", args)
    manifest = snapshot / "manifest.json"
    assert zh_code == en_code == 2
    assert zh == [f"error: 快照清单 `{manifest}` 是目录；请指定文件"]
    assert en == [f"error: snapshot manifest `{manifest}` is a directory; name a file"]


def test_an_output_directory_that_is_a_file_in_chinese(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    args = ["network", "snapshot", "merge", str(tmp_path / "a"), str(tmp_path / "b")]
    code, lines = run("zh", [*args, "-o", str(taken)])
    assert code == 2
    assert lines == [f"error: -o `{taken}` 已存在且不是目录"]


def test_json_keeps_english_messages(bad_inventory: Path) -> None:
    from govops.errors import InventoryError
    from govops.i18n import reset_lang, use_lang
    from govops.inventory import load_inventory

    token = use_lang("zh")
    try:
        with pytest.raises(InventoryError) as caught:
            load_inventory(bad_inventory)
    finally:
        reset_lang(token)
    messages = [p.message for p in caught.value.problems]
    # the problem's message is its English text, whatever the reader's language
    assert "unknown site 'nope' (not in sites)" in messages
    assert str(caught.value) == "inventory has 4 problems"


def test_device_errors_read_from_a_snapshot_show_translated(tmp_path: Path) -> None:
    import json

    from govops.inventory import load_inventory
    from govops.lab.snapshot import write_lab_snapshot

    manifest = write_lab_snapshot(load_inventory(DEMO), tmp_path / "snap")
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    failures = {
        "ak-agg-1": "timeout: no prompt in time",
        "ak-agg-2": "unreachable: Connection refused",
        "ak-hanyin-r1": "auth refused: the device refused the login",
    }
    for name, error in failures.items():
        doc["devices"][name] = {"platform": "huawei", "error": error, "attempts": 1}
    manifest.write_text(json.dumps(doc), encoding="utf-8")
    args = ["network", "audit", "-i", str(DEMO), "--snapshot", str(tmp_path / "snap")]
    table = runner.invoke(app, args, env={"GOVOPS_LANG": "zh", "COLUMNS": "200"}).stdout
    as_json = runner.invoke(app, [*args, "-f", "json"], env={"GOVOPS_LANG": "zh"}).stdout
    rows = [line.split() for line in table.splitlines()]
    assert ["严重", "可达性", "ak-agg-1", "超时：未及时出现提示符"] in rows
    assert ["严重", "可达性", "ak-agg-2", "不可达：连接被拒绝"] in rows
    assert ["严重", "可达性", "ak-hanyin-r1", "认证被拒绝：设备拒绝登录"] in rows
    found = {f["subject"]: f["message"] for f in json.loads(as_json)["findings"]}
    assert {name: found[name] for name in failures} == failures  # JSON stays English
