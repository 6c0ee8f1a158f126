"""部门专网整合, 机房关停 and 两网整合 through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
MOVES = ROOT / "inventories" / "demo-private-networks.csv"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("state_url")
def test_private_networks_import_twice_status_and_history() -> None:
    assert run("network", "private", "import", MOVES, "-i", DEMO) == (
        0, "", "27 rows applied, 0 already applied, 0 rejected\n"
    )  # fmt: skip
    assert run("network", "private", "import", MOVES, "-i", DEMO) == (
        0, "", "0 rows applied, 27 already applied, 0 rejected\n"
    )  # fmt: skip
    code, out, _ = run("network", "private", "status", "-i", DEMO, "--as-of", "2026-11-27",
                       "-f", "json")  # fmt: skip
    assert code == 0
    report = json.loads(out)
    # 17 non-classified networks below province: 7 integrated + 1 retired; 1 exempt stays in
    assert (report["done"], report["denominator"], report["exempt"]) == (8, 17, 1)
    assert report["ratio"] == round(8 / 17, 4)
    assert report["overdue"] == [
        "pn-ak-rsj", "pn-hz-rsj", "pn-sl-ybj", "pn-xa-changan-rsj", "pn-yl-nyj", "pn-ylq-rsj"
    ]  # fmt: skip
    apart = {i["id"]: i["why"] for i in report["out_of_scope"]}
    assert set(apart) == {"pn-sn-gat", "pn-xa-gaj", "pn-sn-rst"}
    assert report["groups"]["city"]["sn-xa"] == {
        "total": 4, "done": 3, "exempt": 0, "overdue": 1, "ratio": 0.75
    }  # fmt: skip
    assert report["burndown"][0] == ["2022-03-01", 17] and report["burndown"][-1][1] == 9
    _, out, _ = run("network", "private", "history", "pn-xa-rsj", "-f", "json")
    moves = json.loads(out)
    assert [(m["from"], m["to"]) for m in moves] == [
        ("inventoried", "planned"), ("planned", "cutover"), ("cutover", "integrated")
    ]  # fmt: skip
    assert moves[-1]["at"] == "2022-11-01T10:00:00+08:00" and moves[-1]["by"] == "西安市大数据局"
    assert moves[-1]["evidence"] == ["验收单XA-2022-031"]


@pytest.mark.usefixtures("state_url")
def test_private_network_moves_are_checked() -> None:
    assert run("network", "private", "move", "pn-ak-rsj", "integrated", "-i", DEMO) == (
        1, "", "error: `pn-ak-rsj` cannot move from inventoried to integrated; from "
        "inventoried it can move to: exempt, planned, retired\n",
    )  # fmt: skip
    code, _, err = run("network", "private", "move", "pn-xa-gaj", "planned", "-i", DEMO)
    assert code == 1 and "classified (涉密): out of scope" in err
    code, _, err = run("network", "private", "move", "pn-ak-rsj", "retired", "-i", DEMO)
    assert (code, err) == (1, "error: `pn-ak-rsj`: retired needs a reason (--reason)\n")
    code, _, err = run("network", "private", "move", "pn-ak-rsj", "planned", "-i", DEMO,
                       "--at", "2099-01-01 00:00")  # fmt: skip
    assert code == 2 and "is in the future" in err
    assert run("network", "private", "move", "pn-ak-rsj", "planned", "-i", DEMO, "--at",
               "2025-02-20 09:00", "--by", "省大数据局")[0] == 0  # fmt: skip
    code, _, err = run("network", "private", "move", "pn-ak-rsj", "cutover", "-i", DEMO,
                       "--at", "2024-01-01 00:00")  # fmt: skip
    assert code == 1 and "is before its last move (2025-02-20 09:00)" in err
    code, _, err = run("network", "private", "move", "pn-nope", "planned", "-i", DEMO)
    assert (code, err) == (
        2, "error: unknown private network `pn-nope`: it is not in the inventory\n"
    )  # fmt: skip


def test_a_room_closes_only_once_its_systems_have_moved(state_url: str, tmp_path: Path) -> None:
    code, _, err = run("cloud", "room", "move", "room-bj-zwfw", "closed", "-i", DEMO)
    assert code == 1
    assert (
        err == "error: `room-bj-zwfw` cannot move to closed: 1 systems still run there (SYS-0165)\n"
    )
    sheet = tmp_path / "moved.csv"
    sheet.write_text(
        "system,status,at,evidence\nSYS-0165,migrated,2026-09-01,ticket:BJ-1\n", encoding="utf-8"
    )
    assert run("cloud", "import", sheet, "-i", DEMO)[0] == 0
    _, out, _ = run("cloud", "room", "status", "-i", DEMO, "-f", "json")
    rooms = json.loads(out)
    assert "room-bj-zwfw" in rooms["ready_to_close"]
    assert rooms["holding"]["room-hrss"] == [
        "SYS-0004", "SYS-0005", "SYS-0007", "SYS-0008", "SYS-0010", "SYS-0012"
    ]  # fmt: skip
    assert run("cloud", "room", "move", "room-bj-zwfw", "closed", "-i", DEMO, "--evidence",
               "验收单BJ-2026-05")[0] == 0  # fmt: skip
    _, out, _ = run("cloud", "room", "status", "-i", DEMO, "-f", "json")
    rooms = json.loads(out)
    assert (rooms["done"], rooms["denominator"]) == (1, 23)
    assert "room-bj-zwfw" not in rooms["ready_to_close"]


def test_milestones_and_the_scorecard_rows_they_feed(state_url: str) -> None:
    shaanxi = ROOT / "playbooks" / "targets" / "shaanxi.yaml"
    code, out, _ = run("scorecard", "-i", DEMO, "-t", shaanxi, "-f", "json")
    rows = {r["id"]: r for r in json.loads(out)["indicators"]}
    assert rows["two-networks-merged"]["value"] == 0.0
    assert rows["two-networks-merged"]["met"] == {"2023": False}
    code, _, err = run("milestone", "record", "two-networks-merged", "--at", "2022-09-30",
                       "--evidence", "两网整合验收报告", "--by", "省大数据局")  # fmt: skip
    assert (code, err) == (0, "two-networks-merged: achieved 2022-09-30 (recorded by 省大数据局)\n")
    code, _, err = run("milestone", "record", "two-networks-merged", "--at", "2999-01-01",
                       "--evidence", "x")  # fmt: skip
    assert code == 2 and "is in the future" in err
    run("network", "private", "import", MOVES, "-i", DEMO)
    code, out, _ = run("scorecard", "-i", DEMO, "-t", shaanxi, "-f", "json")
    rows = {r["id"]: r for r in json.loads(out)["indicators"]}
    merged = rows["two-networks-merged"]
    assert (merged["value"], merged["met"]) == (1.0, {"2023": True})
    assert merged["detail"] == "achieved 2022-09-30: 两网整合验收报告"
    pn = rows["private-network-merge"]
    assert pn["value"] == pytest.approx(8 / 17)
    assert pn["detail"] == (
        "8 of 17 non-classified networks merged or retired (1 exempt, 6 overdue)"
    )
    assert rows["server-rooms-closed"]["detail"] == "0 of 23 server rooms closed"
    _, out, _ = run("milestone", "list", "-f", "json")
    assert json.loads(out)[0]["at"] == "2022-09-30T00:00:00+08:00"


@pytest.mark.usefixtures("state_url")
def test_a_ledger_with_chinese_headings_imports(tmp_path: Path) -> None:
    """台账 arrive with Chinese column names, often saved by Excel as GBK."""
    rows = MOVES.read_text(encoding="utf-8").splitlines()
    chinese = "编号,状态,时间,原因,备注,佐证,操作人"
    sheet = tmp_path / "专网台账.csv"
    sheet.write_text("\n".join([chinese, *rows[1:4]]) + "\n", encoding="gb18030")
    assert run("network", "private", "import", sheet, "-i", DEMO) == (
        0, "", "3 rows applied, 0 already applied, 0 rejected\n"
    )  # fmt: skip
    _, out, _ = run("network", "private", "history", "pn-xa-rsj", "-f", "json")
    moves = json.loads(out)
    assert [m["to"] for m in moves] == ["planned", "cutover", "integrated"]
    assert moves[-1]["by"] == "西安市大数据局" and moves[-1]["evidence"] == ["验收单XA-2022-031"]
