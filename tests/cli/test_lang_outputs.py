"""--lang zh beyond the audit: history, diff (stored audits re-read in Chinese), inventory,
tracked items, milestones, the state database, and the narration on stderr."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops import history, store
from govops.cli import app
from govops.inventory import load_inventory
from govops.network.snapshot import write_snapshot
from govops.network.ssh import Credentials, SshOptions, read_device
from tests.network.test_history import DOWN, lab_results

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
MOVES = ROOT / "inventories" / "demo-private-networks.csv"
runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], terminal_width=200)
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()]


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("snaps")
    before, after = root / "snapshot-a", root / "snapshot-b"
    write_snapshot(before, lab_results(), datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    write_snapshot(after, lab_results([DOWN]), datetime(2026, 11, 21, 2, 0, tzinfo=UTC))
    return before, after


def audit(snapshot: Path, *extra: str) -> tuple[int, str, str]:
    return run("network", "audit", "-i", DEMO, "--snapshot", snapshot, "-f", "json", *extra)


def test_audit_narration_history_and_diff_in_chinese(snapshots: tuple[Path, Path]) -> None:
    code, _, err = audit(snapshots[0], "--lang", "zh")
    assert (code, err) == (0, "已保存为审计 1（全量，采集于 2026-11-20 10:00）\n")
    assert audit(snapshots[1])[2] == "stored as audit 2 (full, taken 2026-11-21 10:00)\n"
    code, out, _ = run("network", "history", "--lang", "zh")
    assert code == 0
    assert ["编号", "时间", "范围", "严重/警告", "覆盖率", "IPv6率", "快照"] in rows(out)
    first = ["1", "2026-11-20", "10:00", "全量", "6/28", "98.0%", "75.1%", str(snapshots[0])]
    assert first in rows(out)
    code, out, _ = run("network", "diff", "--lang", "zh")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "从 审计 1（2026-11-20 10:00，全量）"
    assert lines[1] == "  到 审计 2（2026-11-21 10:00，全量）"
    table = rows(out)
    # the stored findings of audit 2, re-read in Chinese from their msgid and parameters
    assert ["严重", "冗余", "hz-yangxian-t1", "没有在线的上联"] in table
    assert ["警告", "冗余", "hz-yangxian-t1-1", "链路中断"] in table
    assert ["hz-yangxian-t1-1", "县-乡镇", "达标", "中断"] in table  # a link whose status changed
    assert ["hz-yangxian-t1", "乡镇", "已接入", "是", "否"] in table
    assert "已修复：无" in lines
    assert ["层级", "覆盖", "带宽", "IPv6"] in table
    assert "New findings" not in out and "link is down" not in out
    english = run("network", "diff", "--lang", "en")[1]
    assert "New findings (" in english and "no uplink is up" in english
    assert ["hz-yangxian-t1-1", "county-township", "compliant", "down"] in rows(english)
    assert ["hz-yangxian-t1", "township", "connected", "True", "False"] in rows(english)


def test_stored_findings_keep_their_msgid_and_json_stays_english(
    snapshots: tuple[Path, Path],
) -> None:
    code, out, _ = audit(snapshots[1], "--lang", "zh")
    assert code == 0
    finding = next(f for f in json.loads(out)["findings"] if f["subject"] == "tc-yijun-2")
    assert finding == {
        "severity": "warning",
        "check": "bandwidth",
        "subject": "tc-yijun-2",
        "message": "effective 1G below the city-county tier's 2G",
        "message_id": "effective {effective} below the {tier} tier's {required}",
        "message_params": {
            "effective": "1G",
            "tier": {"message_id": "city-county", "message_params": {}},
            "required": "2G",
        },
    }
    stored = history.load(store.connect(), "network.audit", 1)
    assert stored is not None and finding in stored.body["findings"]
    audit(snapshots[0])
    diff = json.loads(run("network", "diff", "1", "2", "-f", "json", "--lang", "zh")[1])
    assert diff["from"] == "audit 1 (2026-11-21 10:00, full)"  # JSON stays English
    assert all(f["message"].isascii() for f in diff["new_findings"] + diff["fixed_findings"])


def test_an_audit_stored_before_message_ids_reads_in_english(
    snapshots: tuple[Path, Path],
) -> None:
    """Old audits carry only the English message: it is shown as it was stored."""
    audit(snapshots[0])
    code, out, _ = audit(snapshots[1])
    old = json.loads(out)
    for finding in old["findings"]:
        del finding["message_id"], finding["message_params"]
    conn = store.connect()
    history.record(conn, "network.audit", "2026-11-22T02:00:00+00:00", old, scope="full")
    code, out, _ = run("network", "diff", "1", "3", "--lang", "zh")
    assert code == 0
    table = rows(out)
    assert ["严重", "冗余", "hz-yangxian-t1", "no", "uplink", "is", "up"] in table
    assert ["警告", "冗余", "hz-yangxian-t1-1", "link", "is", "down"] in table


def test_inventory_tables_in_chinese() -> None:
    code, out, _ = run("inventory", "show", DEMO, "--section", "links", "--lang", "zh")
    assert code == 0
    table = rows(out)
    assert out.startswith("链路 (399)")
    assert ["编号", "链路层级", "A端", "B端", "合同带宽"] in table
    sn_sl = ["sn-sl-1", "省-市", "sn-core-1", "XGigabitEthernet0/0/1", "sl-agg-1"]
    assert [*sn_sl, "XGigabitEthernet0/0/1", "5G"] in table
    code, out, _ = run("inventory", "show", DEMO, "--section", "private_networks", "--lang", "zh")
    assert out.startswith("部门专网 (20)")
    assert ["pn-sn-gat", "省公安视频专网", "省公安厅", "省", "sn", "是", "-"] in rows(out)
    english = run("inventory", "show", DEMO, "--section", "private_networks", "--lang", "en")[1]
    assert english.startswith("private_networks (20)")
    assert ["pn-sn-gat", "省公安视频专网", "省公安厅", "province", "sn", "True", "-"] in rows(
        english
    )
    code, out, err = run("inventory", "validate", DEMO, "--lang", "zh")
    assert (code, err) == (0, "清单有效（7 个文件）\n")
    assert ["部门专网", "20", "省", "2", "市", "13", "县", "4", "乡镇", "1"] in rows(out)
    assert ["机房", "23", "机房", "23"] in rows(out)
    assert ["灾备", "同城和异地", "10", "灾备", "异地", "10", "灾备", "同城", "5"] in rows(out)


@pytest.mark.usefixtures("state_url")
def test_private_networks_rooms_and_milestones_in_chinese() -> None:
    code, _, err = run("network", "private", "import", MOVES, "-i", DEMO, "--lang", "zh")
    assert (code, err) == (0, "已应用 27 行，0 行此前已应用，拒绝 0 行\n")
    code, out, err = run("network", "private", "status", "-i", DEMO, "--as-of", "2026-11-27",
                         "--by", "level", "--lang", "zh")  # fmt: skip
    assert code == 0
    assert err.splitlines()[0] == (
        "已完成 8/17（47.1%），豁免 1 个（计入分母）；"
        "已登记 5, 已计划 2, 割接 1, 已整合 7, 已退役 1, 豁免 1"
    )
    assert "不在范围内：pn-sn-gat 省公安视频专网：涉密：不在专网整合范围内" in err.splitlines()
    table = rows(out)
    assert ["层级", "合计", "已完成", "完成率", "豁免", "已超时"] in table
    assert ["市", "12", "7", "58.3%", "0", "5"] in table
    assert ["pn-hz-rsj", "汉中市人社业务专网", "割接", "2024-06-30", "已超时"] in table
    out = run("network", "private", "history", "pn-xa-rsj", "--lang", "zh")[1]
    assert ["时间", "状态变化", "操作人", "原因", "/", "佐证"] in rows(out)
    last = ["2022-11-01", "10:00", "割接", "->", "已整合", "西安市大数据局"]
    assert [*last, "割接完成，业务经政务外网承载"] in rows(out)
    code, out, err = run("cloud", "room", "status", "-i", DEMO, "--as-of", "2026-11-27",
                         "--by", "department", "--lang", "zh")  # fmt: skip
    assert ["部门", "合计", "已完成", "完成率", "豁免", "已超时"] in rows(out)
    assert err.startswith("已完成 0/23（0.0%）；")
    assert "仍有业务系统：room-ak-zwfw (3)," in err
    code, _, err = run("milestone", "record", "two-networks-merged", "--at", "2022-09-30",
                       "--evidence", "验收报告", "--by", "省大数据局", "--lang", "zh")  # fmt: skip
    assert (code, err) == (0, "two-networks-merged：已于 2022-09-30 完成（记录人 省大数据局）\n")
    out = run("milestone", "list", "--lang", "zh")[1]
    assert ["里程碑", "已完成", "佐证", "操作人"] in rows(out)
    assert ["two-networks-merged", "2022-09-30", "验收报告", "省大数据局"] in rows(out)
    assert ["milestone", "achieved", "evidence", "by"] in rows(run("milestone", "list")[1])


def test_db_status_and_check_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    run("milestone", "list", "--db", db)  # creates the file
    code, out, _ = run("db", "status", "--db", db, "--lang", "zh")
    assert code == 0
    table = rows(out)
    assert ["字段", "值"] in table and ["后端", "sqlite"] in table
    assert ["表", "行数"] in table and ["milestones", "0"] in table
    assert any(r[:1] == ["版本"] and r[-1] == "(最新)" for r in table)
    code, out, err = run("db", "check", "--db", db, "--lang", "zh")
    assert (code, out, err) == (0, "", "未发现问题\n")
    assert run("db", "check", "--db", db)[2] == "no problems found\n"


def test_prune_and_fault_import_narration_in_chinese(tmp_path: Path) -> None:
    code, _, err = run("network", "prune", tmp_path, "--keep", "2", "--dry-run", "--lang", "zh")
    assert (code, err) == (0, f"将删除 0 个快照；保留 {tmp_path} 中最新的 2 个\n")
    faults = tmp_path / "faults.csv"
    faults.write_text(
        "category,severity,summary,opened_at\nnetwork,major,链路中断,2026-11-20 08:00\n",
        encoding="utf-8",
    )
    code, _, err = run("fault", "import", faults, "--lang", "zh")
    assert (code, err) == (0, f"已从 {faults} 导入 1 条故障；0 条已在库中\n")


def test_probe_table_in_chinese(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nothing listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    services = tmp_path / "services.yaml"
    services.write_text(
        "services:\n  - name: 西安市人民政府门户网站\n    department: 西安市人民政府办公厅\n"
        f"    url: http://www.xa.gov.cn:{port}/\n",
        encoding="utf-8",
    )
    args = ["network", "probe", services, "--resolve", "www.xa.gov.cn=127.0.0.1", "--timeout", "2"]
    code, out, err = run(*args, "--lang", "zh")
    assert (code, err) == (0, "")
    table = rows(out)
    assert ["业务", "部门", "IPv6", "IPv4", "AAAA", "IPv6", "毫秒", "IPv4", "毫秒"] in table
    assert [
        "西安市人民政府门户网站",
        "西安市人民政府办公厅",
        "无地址",
        "连接被拒绝",
        "0",
        "-",
        "-",
    ] in table
    assert out.splitlines()[-2:] == [
        "1 个业务中 0 个可通过 IPv6 访问（0.0%）；0 个有 IPv6 地址",
        "1 个业务中 0 个可通过 IPv4 访问（0.0%）；1 个有 IPv4 地址",
    ]
    english = run(*args, "--lang", "en")[1]
    assert [
        "西安市人民政府门户网站",
        "西安市人民政府办公厅",
        "no",
        "address",
        "refused",
        "0",
        "-",
        "-",
    ] in rows(english)
    assert english.splitlines()[-1] == (
        "0 of 1 services reachable over IPv4 (0.0%); 1 with an IPv4 address"
    )


def test_fault_show_labels_every_field_in_chinese() -> None:
    opened = ["fault", "open", "-c", "platform", "-s", "critical", "政务云存储中断", "--outage"]
    code, _, _ = run(*opened, "--cloud", "prov", "--at", "2026-11-27 08:00", "--by", "值班员")
    assert code == 0
    run("fault", "resolve", "1", "--at", "2026-11-27 09:00", "--by", "值班员")
    table = rows(run("fault", "show", "1", "--lang", "zh")[1])
    for row in (["来源", "手工登记"], ["结果", "达标"], ["登记人", "值班员"], ["处置人", "值班员"],
                ["服务中断", "是"], ["云平台", "prov"]):  # fmt: skip
        assert row in table
    english = rows(run("fault", "show", "1", "--lang", "en")[1])
    assert ["source", "manual"] in english and ["outage", "True"] in english


def test_checks_thresholds_in_chinese() -> None:
    table = rows(run("network", "checks", "--lang", "zh")[1])
    flat = " ".join(" ".join(r) for r in table)
    assert "检查项" in flat and "每条链路两端均为up" in flat
    assert "市-县上联数: 2 (plan-targets.md)" in flat and "警告: 70% (plan-targets.md)" in flat
    english = " ".join(" ".join(r) for r in rows(run("network", "checks", "--lang", "en")[1]))
    assert "city-county uplinks: 2 (plan-targets.md)" in english


def test_a_device_that_never_answers_is_a_chinese_finding(tmp_path: Path) -> None:
    """The error of a real SSH attempt keeps its msgid through the snapshot into the audit."""
    inventory = load_inventory(DEMO)
    name = "xa-lintong-t1-r1"
    with socket.socket() as silent:  # accepts the TCP connection, never sends an SSH banner
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        device = inventory.devices[name].model_copy(update={"host": "127.0.0.1", "port": port})
        options = SshOptions(connect_timeout=0.5, insecure_host_keys=True)
        failed = read_device(device, Credentials("govops", "x"), options)
    assert failed.error == "timeout: no SSH banner within 0.5s"
    results = [r if r.name != name else failed for r in lab_results()]
    write_snapshot(tmp_path / "snap", results, datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["devices"][name]["error_id"] == "{failure}: {detail}"
    code, out, _ = run("network", "audit", "-i", DEMO, "--snapshot", tmp_path / "snap",
                       "--lang", "zh")  # fmt: skip
    assert code == 0
    assert ["严重", "可达性", name, "超时：0.5", "秒内没有收到", "SSH", "标识"] in rows(out)
    code, out, _ = run("network", "audit", "-i", DEMO, "--snapshot", tmp_path / "snap", "-f",
                       "json")  # fmt: skip
    finding = next(f for f in json.loads(out)["findings"] if f["subject"] == name)
    assert finding["message"] == "timeout: no SSH banner within 0.5s"
    assert finding["message_params"]["failure"] == {"message_id": "timeout", "message_params": {}}


def test_collect_narrates_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_SSH_USER", "govops")
    monkeypatch.setenv("GOVOPS_SSH_PASSWORD", "lab-only-password")
    with socket.socket() as silent:  # a device that takes the connection and says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        inventory = tmp_path / "one.yaml"
        inventory.write_text(
            "sites:\n  - {id: sn, name: 省中心, level: province}\n"
            f"devices:\n  - {{name: sn-core-1, site: sn, host: 127.0.0.1, port: {port}, "
            "platform: huawei}\n",
            encoding="utf-8",
        )
        code, out, err = run("network", "collect", "-i", inventory, "-o", tmp_path / "snap",
                             "--connect-timeout", "0.5", "--retries", "0",
                             "--insecure-host-keys", "--lang", "zh")  # fmt: skip
    assert (code, out) == (1, f"{tmp_path / 'snap'}\n")
    lines = err.splitlines()
    assert lines[0] == "warning: 未校验主机密钥（--insecure-host-keys）"
    assert lines[1] == "正在采集 1 台设备，同时 1 个会话"
    assert lines[-2].endswith("sn-core-1：超时：0.5 秒内没有收到 SSH 标识")  # after the bar
    assert lines[-1] == f"已读取 0/1 台设备；快照在 {tmp_path / 'snap'}"


def test_cloud_status_groups_in_chinese() -> None:
    moves = ROOT / "inventories" / "demo-migration.csv"
    assert run("cloud", "import", moves, "-i", DEMO)[0] == 0
    out = run("cloud", "status", "-i", DEMO, "--by", "department", "--lang", "zh")[1]
    assert ["部门", "范围", "已完成", "上云率", "豁免", "已超时", "风险", "受阻"] in rows(out)
    out = run("cloud", "status", "-i", DEMO, "--by", "wave", "--lang", "zh")[1]
    assert ["按批次"] in rows(out) and any(r[:1] == ["（未分批）"] for r in rows(out))
    out = run("cloud", "status", "-i", DEMO, "--by", "target-cloud", "--lang", "en")[1]
    assert ["by", "target-cloud"] in rows(out)
