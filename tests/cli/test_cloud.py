"""govops cloud through the CLI: exit codes, stdout and stderr exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.lab.openstack import LabOpenStack
from tests.cloud.conftest import _loopback_without_proxy, clouds_yaml, demo_inv, lab

__all__ = ["_loopback_without_proxy", "clouds_yaml", "demo_inv", "lab"]  # fixtures used here
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning:openstack"),
    pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:openstack"),
]

runner = CliRunner()

TINY = """\
clouds:
  - {id: prov, kind: provincial, name: 省级政务云, openstack_cloud: sn-prov,
     capacity: {vcpu: 40, ram_gb: 160, disk_gb: 4000}}
systems:
  - {id: SYS-A, name: 社保, department: 人社厅, level: province, target_cloud: prov,
     deadline: 2026-03-31, resources: {vcpu: 16, ram_gb: 64, disk_gb: 500}}
  - {id: SYS-B, name: 就业, department: 人社厅, level: province, target_cloud: prov,
     deadline: 2026-01-31, resources: {vcpu: 16, ram_gb: 64, disk_gb: 500}, depends_on: [SYS-A]}
  - {id: SYS-C, name: 考试, department: 教育厅, level: province, target_cloud: prov,
     deadline: 2026-06-30, resources: {vcpu: 16, ram_gb: 64, disk_gb: 500}}
  - {id: SYS-D, name: 户籍, department: 公安厅, level: province, classification: classified}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["cloud", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_move_and_refusals(tiny: Path) -> None:
    assert run("move", "SYS-A", "assessed", "-i", tiny) == (
        0,
        "",
        "SYS-A: inventoried -> assessed\n",
    )
    assert run("move", "SYS-A", "cutover", "-i", tiny) == (
        1, "", "error: `SYS-A` cannot move from assessed to cutover; from assessed it can move "
        "to: blocked, exempt, planned, retired\n",
    )  # fmt: skip
    assert run("move", "SYS-A", "planned", "-i", tiny) == (
        1, "", "error: `SYS-A`: planned needs a wave (--wave)\n")  # fmt: skip
    assert run("move", "SYS-D", "assessed", "-i", tiny)[0] == 0
    assert run("move", "SYS-D", "planned", "--wave", "1", "-i", tiny) == (
        1,
        "",
        "error: `SYS-D` is classified (涉密): it is never planned onto the government cloud\n",
    )
    assert run("move", "SYS-X", "assessed", "-i", tiny) == (
        2, "", "error: unknown system `SYS-X`: it is not in the inventory\n")  # fmt: skip
    assert run("move", "SYS-A", "planned", "--wave", "1", "--deadline", "soon", "-i", tiny) == (
        2, "", "error: --deadline: `soon` is not a date (YYYY-MM-DD)\n")  # fmt: skip
    assert run("move", "SYS-A", "ready", "-i", tiny)[0] == 1  # not planned yet


def test_history_lists_every_move(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "zhang.wei")
    monkeypatch.setenv("LOGNAME", "zhang.wei")
    run("move", "SYS-A", "assessed", "-i", tiny, "--note", "评估完成")
    run("move", "SYS-A", "blocked", "-i", tiny, "--reason", "等待等保测评")
    code, out, err = run("history", "SYS-A", "--format", "json")
    events = json.loads(out)
    assert code == 0 and err == ""
    assert [
        (e["from_status"], e["to_status"], e["actor"], e["note"], e["reason"]) for e in events
    ] == [
        ("inventoried", "assessed", "zhang.wei", "评估完成", ""),
        ("assessed", "blocked", "zhang.wei", "", "等待等保测评"),
    ]
    assert run("history", "SYS-Z") == (
        2,
        "",
        "error: no migration history for `SYS-Z` (check the id)\n",
    )


def test_status_table(tiny: Path) -> None:
    run("move", "SYS-A", "assessed", "-i", tiny)
    run("move", "SYS-B", "migrated", "--evidence", "ticket:9", "-i", tiny)
    code, out, err = run("status", "-i", tiny, "--as-of", "2026-02-15", "--by", "department")
    assert code == 0
    assert out == (
        "cloud migration on 2026-02-15                                                   \n"
        "                                                                                \n"
        " indicator               value   detail                                         \n"
        " ────────────────────────────────────────────────────────────────────────────── \n"
        " 上云率 migrated share   33.3%   1 of 3 non-classified in scope (exempt in,     \n"
        "                                 retired out)                                   \n"
        " 上云率 without exempt   33.3%   1 of 3 (exempt out)                            \n"
        " on time                  0.0%   0 of 1 migrated systems with a deadline        \n"
        " overdue                     0   not migrated, deadline passed                  \n"
        " at risk                     0   planned cutover after the deadline             \n"
        " blocked                     0                                                  \n"
        " stale (30 days)             0   no update for that long                        \n"
        " classified                  1   out of scope (涉密)                            \n"
        "                                                                                \n"
        "by department                                                           \n"
        "                                                                        \n"
        " department   scope   done   上云率   exempt   overdue   risk   blocked \n"
        " ────────────────────────────────────────────────────────────────────── \n"
        " 人社厅           2      1    50.0%        0         0      0         0 \n"
        " 教育厅           1      0     0.0%        0         0      0         0 \n"
        "                                                                        \n"
    )
    assert err == "by status: assessed 1, inventoried 2, migrated 1\n"


def test_status_json_and_the_stored_summary(tiny: Path) -> None:
    from govops import store

    run("move", "SYS-C", "migrated", "--evidence", "vm:1", "-i", tiny)
    code, out, _ = run("status", "-i", tiny, "--as-of", "2026-07-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["migration_ratio"], data["totals"]["overdue"]) == (0.3333, 2)
    assert [o["system"] for o in data["overdue"]] == ["SYS-A", "SYS-B"]
    doc = store.get_document(store.connect(), "cloud.migration_summary")
    assert {k: doc[k] for k in ("migration_ratio", "in_scope", "migrated")} == {
        "migration_ratio": 0.3333, "in_scope": 3, "migrated": 1}  # fmt: skip
    assert doc["systems"] == [
        {"status": "inventoried", "target_cloud": "", "count": 1},
        {"status": "inventoried", "target_cloud": "prov", "count": 2},
        {"status": "migrated", "target_cloud": "prov", "count": 1},
    ]


def test_plan_table_and_apply(tiny: Path) -> None:
    for sid in ("SYS-A", "SYS-B", "SYS-C"):
        run("move", sid, "assessed", "-i", tiny)
    args = ("plan", "-i", tiny, "--start", "2026-01-01", "--wave-days", "14", "--max-per-wave", "1")
    code, out, err = run(*args)
    assert code == 0
    assert out == (
        "2 waves from 2026-01-01, every 14 days, max 1 per wave    \n"
        "                                                          \n"
        " wave   cutover      n   vCPU   RAM GB   clouds   systems \n"
        " ──────────────────────────────────────────────────────── \n"
        " 1      2026-01-15   1     16       64        1   SYS-A   \n"
        " 2      2026-01-29   1     16       64        1   SYS-B   \n"
        "                                                          \n"
        "capacity shortfalls (demand/headroom)              \n"
        "                                                   \n"
        " cloud    vCPU    RAM GB     disk GB   not planned \n"
        " ───────────────────────────────────────────────── \n"
        " prov    48/40   192/160   1500/4000   SYS-C       \n"
        "                                                   \n"
    )
    # SYS-B is due first but needs SYS-A: SYS-A inherits its deadline and goes first
    assert err == (
        "not planned: SYS-C: no headroom: 16 vCPU needed, 8 left on prov; "
        "64 GB RAM needed, 32 left on prov\n"
    )
    code, _, err = run(*args, "--apply")
    assert err.endswith("recorded planned waves for 2 systems\n")
    _, out, _ = run("history", "SYS-B", "--format", "json")
    last = json.loads(out)[-1]
    assert (last["to_status"], last["wave"], last["wave_date"]) == ("planned", 2, "2026-01-29")


def test_import_reports_bad_rows_and_exits_2(tiny: Path, tmp_path: Path) -> None:
    csv = tmp_path / "moves.csv"
    csv.write_text("system,status,reason\nSYS-A,assessed,\nSYS-Q,assessed,\nSYS-B,blocked,\n")
    code, out, err = run("import", csv, "-i", tiny)
    assert (code, out) == (2, "")
    assert err == (
        "1 rows applied, 2 rejected\n"
        f"{csv}:3: system: unknown system `SYS-Q`: it is not in the inventory\n"
        f"{csv}:4: status: `SYS-B`: blocked needs a reason (--reason)\n"
        f"error: 2 rows rejected; fix them in `{tmp_path / 'moves.rejected.csv'}` and import "
        "that file again\n"
    )


def test_sync_and_capacity_against_the_lab(lab: LabOpenStack, clouds_yaml: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "inventories" / "demo"
    code, out, err = run("sync", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml)
    assert code == 0
    assert out == (
        "sync findings (1)                                                  \n"
        "                                                                   \n"
        " finding      system     cloud     detail                          \n"
        " ───────────────────────────────────────────────────────────────── \n"
        " not marked   SYS-0149   city-xa   inventoried, 1 ACTIVE server(s) \n"
        "                                                                   \n"
    )  # SYS-0145's server is SHUTOFF: not running, so not migrated
    assert err == (
        "read 1 of 1 clouds\n"
        "DR copies (govops:role=dr): 12 seen, 12 ACTIVE; `govops cloud status` weighs them "
        "against each system's DR need\n"
        "1 servers name no system (no metadata govops:system_id, no tag)\n"
    )
    code, out, err = run(
        "sync", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml, "--apply"
    )
    assert err.endswith("recorded migrated: 1 systems\n")
    _, out, _ = run("history", "SYS-0149", "--format", "json")
    assert json.loads(out)[0]["evidence"][0].startswith("openstack:city-xa/")
    run("move", "SYS-0146", "assessed", "-i", demo)
    run("move", "SYS-0146", "planned", "--wave", "1", "-i", demo)
    code, out, err = run("capacity", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml)
    assert (code, err) == (0, "")
    assert out == (
        "headroom/capacity (Placement) less the planned systems                   \n"
        "                                                                         \n"
        " cloud        vCPU     RAM GB   disk TB   planned   left   plan          \n"
        " ─────────────────────────────────────────────────────────────────────── \n"
        " city-xa   246/320   908/1280     57/60         1    238   quota xa-zwfw \n"
        "                                                                         \n"
    )
    code, out, err = run("move", "SYS-0146", "ready", "-i", demo, "--clouds-yaml", clouds_yaml)
    assert (code, out) == (1, "")
    assert err == (
        "error: `SYS-0146` is not ready: quota of `xa-zwfw` has 0 cores left, needs 8; "
        "quota of `xa-zwfw` has 0 MiB RAM left, needs 65536; "
        "quota of `xa-zwfw` has 0 GB volume left, needs 500\n"
    )
    run("move", "SYS-0001", "assessed", "-i", demo)
    run("move", "SYS-0001", "planned", "--wave", "1", "-i", demo)
    assert run("move", "SYS-0001", "ready", "-i", demo, "--clouds-yaml", clouds_yaml) == (
        0, "", "SYS-0001: planned -> ready\n")  # fmt: skip


def test_sync_says_which_cloud_it_could_not_read(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "inventories" / "demo"
    empty = tmp_path / "clouds.yaml"
    empty.write_text("clouds: {}\n")
    code, _, err = run("sync", "-i", demo, "--cloud", "ind-edu", "--clouds-yaml", empty)
    assert code == 1
    assert err.startswith("ind-edu: not read: ")
    assert "sn-edu" in err


def test_dr_coverage_from_the_copies_sync_saw(lab: LabOpenStack, clouds_yaml: Path) -> None:
    """两地三中心: 25 demo systems need DR copies on Xi'an's (same city) and Yulin's (remote)
    clouds; the lab leaves out the copies of every third system in the inventory's order."""
    demo = Path(__file__).resolve().parents[2] / "inventories" / "demo"
    run("sync", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml)
    _, out, _ = run("status", "-i", demo, "--format", "json")
    dr = json.loads(out)["dr"]
    # only Xi'an read: the five same-city-only systems (省卫健委, SYS-0025..29) but SYS-0027
    assert (dr["needed"], dr["met"]) == (25, 4)
    met = {r["system"] for r in dr["systems"] if r["met"]}
    assert met == {"SYS-0025", "SYS-0026", "SYS-0028", "SYS-0029"}
    run("sync", "-i", demo, "--cloud", "city-yl", "--clouds-yaml", clouds_yaml)
    code, out, _ = run("status", "-i", demo, "--format", "json")
    dr = json.loads(out)["dr"]
    unmet = {r["system"]: r["missing"] for r in dr["systems"] if not r["met"]}
    assert unmet == {
        "SYS-0003": ["same-city copy on city-xa", "remote copy on city-yl"],
        "SYS-0027": ["same-city copy on city-xa"],
        "SYS-0063": ["same-city copy on city-xa", "remote copy on city-yl"],
        "SYS-0123": ["remote copy on city-yl"],
        "SYS-0135": ["remote copy on city-yl"],
    }
    assert (dr["needed"], dr["met"]) == (25, 20)
    # a DR copy is never taken for the migration itself, nor for a misplaced server
    _, out, _ = run("sync", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml,
                    "--apply", "--format", "json")  # fmt: skip
    synced = json.loads(out)
    assert synced["recorded"] == ["SYS-0149"] and synced["misplaced"] == []
    assert len(synced["dr_copies"]) == 12
    code, out, _ = run("status", "-i", demo)
    assert code == 0 and "DR needs not met (5)" in out


def test_import_an_xlsx_with_excel_times_in_beijing_time(tiny: Path, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "迁移台账"
    sheet.append(["system", "status", "note", "at"])
    sheet.append(["SYS-A", "assessed", "评估完成", datetime(2026, 1, 1, 7, 0)])
    sheet.append(["SYS-C", "assessed", None, "2026-01-02"])
    path = tmp_path / "moves.xlsx"
    book.save(path)
    code, out, err = run("import", path, "-i", tiny, "--sheet", "迁移台账")
    assert (code, out, err) == (0, "", "2 rows applied, 0 rejected\n")
    _, out, _ = run("history", "SYS-A", "--format", "json")
    assert json.loads(out)[0]["at"] == "2026-01-01T07:00:00+08:00"
    _, out, _ = run("history", "SYS-C", "--format", "json")
    assert json.loads(out)[0]["at"] == "2026-01-02T00:00:00+08:00"
    code, _, err = run("import", path, "-i", tiny, "--sheet", "Sheet9")
    assert (code, err) == (2, f"error: `{path}` has no sheet `Sheet9`; it has 迁移台账\n")


def test_import_a_gbk_csv_and_move_at_a_beijing_time(tiny: Path, tmp_path: Path) -> None:
    path = tmp_path / "moves.csv"
    path.write_bytes(
        "system,status,note,at\nSYS-A,assessed,评估完成,2026-01-01 07:00\n".encode("gbk")
    )
    assert run("import", path, "-i", tiny) == (0, "", "1 rows applied, 0 rejected\n")
    code, _, err = run(
        "move", "SYS-A", "blocked", "--reason", "等保", "--at", "2026-01-01 06:00", "-i", tiny
    )
    assert (code, err) == (
        2, "error: --at 2026-01-01 06:00 is before SYS-A's last event (2026-01-01 07:00)\n"
    )  # fmt: skip
    assert (
        run("move", "SYS-A", "blocked", "--reason", "等保", "--at", "2026-01-03 09:30", "-i", tiny)[
            0
        ]
        == 0
    )
    code, out, _ = run("history", "SYS-A")
    assert "2026-01-03 09:30" in out and "2026-01-01 07:00" in out
    path.write_bytes(b"system,status\nSYS-A,\xff\xfe\n")
    code, _, err = run("import", path, "-i", tiny)
    assert (code, err) == (
        2, f"error: {path}:2: column 2: byte 0xff is neither UTF-8 nor GB18030 text (save the "
        "file as CSV UTF-8, or give --encoding)\n",
    )  # fmt: skip


def test_import_twice_reports_rows_already_applied_and_exits_0(tiny: Path, tmp_path: Path) -> None:
    csv = tmp_path / "moves.csv"
    csv.write_text("system,status,note\nSYS-A,assessed,\nSYS-C,assessed,\n")
    assert run("import", csv, "-i", tiny) == (0, "", "2 rows applied, 0 rejected\n")
    assert run("import", csv, "-i", tiny) == (
        0, "", "0 rows applied, 2 already applied, 0 rejected\n"
    )  # fmt: skip
    _, out, _ = run("history", "SYS-A", "--format", "json")
    assert len(json.loads(out)) == 1


def test_import_never_writes_rejects_over_its_input(tiny: Path, tmp_path: Path) -> None:
    csv = tmp_path / "moves.csv"
    text = "system,status\nSYS-A,assessed\nSYS-Q,assessed\n"
    csv.write_text(text)
    code, _, err = run("import", csv, "-i", tiny, "--rejected", csv)
    assert (code, err) == (
        2, f"error: --rejected `{csv}` is the file being imported; name another file\n"
    )  # fmt: skip
    assert csv.read_text() == text
    # refused before any row was applied
    assert run("history", "SYS-A")[0] == 2


def test_sync_with_a_reader_role_account(lab: LabOpenStack, tmp_path: Path) -> None:
    from govops.lab.openstack import LAB_READER

    demo = Path(__file__).resolve().parents[2] / "inventories" / "demo"
    reader = lab.write_clouds_yaml(tmp_path / "reader.yaml", user=LAB_READER)
    code, out, err = run("sync", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", reader)
    assert code == 0
    assert " not marked   SYS-0149   city-xa   inventoried, 1 ACTIVE server(s) " in out
    assert err == (
        "read 1 of 1 clouds\n"
        "city-xa: this account may not read projects; synced without them\n"
        "DR copies (govops:role=dr): 12 seen, 12 ACTIVE; `govops cloud status` weighs them "
        "against each system's DR need\n"
        "1 servers name no system (no metadata govops:system_id, no tag)\n"
    )


def test_sync_and_capacity_in_chinese(lab: LabOpenStack, clouds_yaml: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "inventories" / "demo"
    code, out, err = run(
        "sync", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml, "--lang", "zh"
    )
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == ["同步发现（1）"]
    assert ["发现", "系统", "云平台", "说明"] in rows
    assert ["未登记迁移", "SYS-0149", "city-xa", "已登记，运行中云主机", "1", "台"] in rows
    assert err == (
        "已读取云平台 1/1\n"
        "发现灾备副本（govops:role=dr）12台，其中运行中12台；"
        "`govops cloud status` 按各系统灾备需求核对\n"
        "1 台云主机未标明所属系统（无 govops:system_id 元数据或标签）\n"
    )
    code, out, _ = run(
        "capacity", "-i", demo, "--cloud", "city-xa", "--clouds-yaml", clouds_yaml, "--lang", "zh"
    )
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == ["余量/总量（Placement）扣除计划迁移系统后"]
    assert ["云平台", "vCPU", "内存", "GB", "磁盘", "TB", "已计划", "剩余", "计划"] in rows
    assert [r[:4] for r in rows if r and r[0] == "city-xa"] == [
        ["city-xa", "246/320", "908/1280", "57/60"]
    ]
