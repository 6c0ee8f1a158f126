"""--format xlsx -o PATH on every command that has --format: one workbook, frozen headers,
typed cells, Chinese headings under --lang zh / GOVOPS_LANG=zh."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govops.cli import app
from tests.cli.test_cloud import TINY
from tests.cli.test_network import snapshot  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
DATA = ROOT / "tests" / "network" / "data"
runner = CliRunner()


def govops(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def workbook(path: Path) -> dict[str, list[list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def formats(path: Path, sheet: str, row: int) -> list[str]:
    from openpyxl import load_workbook

    return [c.number_format for c in load_workbook(path)[sheet][row]]


@pytest.fixture
def faults() -> None:
    for summary, category, at in (
        ("西安至咸阳链路中断", "network", "2026-11-22 08:00"),
        ('=HYPERLINK("http://x")', "platform", "2026-11-23 09:00"),
    ):
        assert govops("fault", "open", summary, "-c", category, "--at", at)[0] == 0
    assert govops("fault", "resolve", "1", "--at", "2026-11-22 10:30")[0] == 0


def test_fault_list_xlsx_has_local_times_and_inert_text(faults: None, tmp_path: Path) -> None:
    out = tmp_path / "faults.xlsx"
    code, stdout, err = govops(
        "fault", "list", "--as-of", "2026-11-24 00:00", "-f", "xlsx", "-o", out
    )
    assert (code, stdout, err) == (0, "", f"wrote {out}\n")
    sheet = workbook(out)["faults"]
    assert sheet[0][:7] == ["id", "category", "severity", "site", "level", "summary", "opened_at"]
    assert sheet[2][5:9] == ["西安至咸阳链路中断", datetime(2026, 11, 22, 8, 0), None,
                             datetime(2026, 11, 22, 10, 30)]  # fmt: skip
    assert sheet[1][5] == '=HYPERLINK("http://x")'  # text, not a formula
    from openpyxl import load_workbook

    assert load_workbook(out)["faults"]["F2"].data_type == "s"
    assert formats(out, "faults", 3)[6] == "yyyy-mm-dd hh:mm"


def test_fault_report_xlsx_in_chinese(
    faults: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVOPS_LANG", "zh")
    out = tmp_path / "sla.xlsx"
    assert govops("fault", "report", "--as-of", "2026-11-24 00:00", "-f", "xlsx", "-o", out)[0] == 0
    book = workbook(out)
    assert list(book) == ["故障处置SLA报告", "分组统计", "未处置"]
    groups = book["分组统计"]
    assert groups[0][:7] == [
        "分组",
        "新增",
        "已处置",
        "及时处置",
        "未处置",
        "超时未处置",
        "及时处置率",
    ]
    assert groups[1][:7] == ["network", 1, 1, 1, 0, 0, 1]
    assert formats(out, "分组统计", 2)[6] == "0.0%"


def test_an_xlsx_written_by_fault_list_imports_elsewhere(
    faults: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVOPS_LANG", "zh")  # Chinese headings read back too
    out = tmp_path / "台账.xlsx"
    govops("fault", "list", "--as-of", "2026-11-24 00:00", "-f", "xlsx", "-o", out)
    monkeypatch.setenv("GOVOPS_DB", str(tmp_path / "other.db"))
    code, _, err = govops("fault", "import", out)
    assert (code, err) == (0, f"已从 {out} 导入 2 条故障；0 条已在库中\n")  # narration in zh too
    _, listed, _ = govops("fault", "list", "--as-of", "2026-11-24 00:00", "-f", "json")
    assert [(f["summary"], f["opened_at"], f["outcome"]) for f in json.loads(listed)] == [
        ('=HYPERLINK("http://x")', "2026-11-23T09:00:00+08:00", None),
        ("西安至咸阳链路中断", "2026-11-22T08:00:00+08:00", "met"),
    ]


def test_xlsx_needs_a_file_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from govops.cli import _terminal
    from govops.errors import InputError

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", Terminal())
        with pytest.raises(InputError, match="--format xlsx writes a file: give -o/--output"):
            _terminal.write_xlsx(None, [])
    code, stdout, _ = govops("fault", "list", "-f", "xlsx")  # a pipe takes the bytes
    assert code == 0 and stdout.startswith("PK")


def test_json_and_tables_follow_output_too(faults: None, tmp_path: Path) -> None:
    out = tmp_path / "f.json"
    assert govops("fault", "show", "1", "-f", "json", "-o", out) == (0, "", f"wrote {out}\n")
    assert json.loads(out.read_text())["opened_at"] == "2026-11-22T08:00:00+08:00"
    text = tmp_path / "f.txt"
    assert govops("fault", "show", "1", "-o", text)[0] == 0
    assert "2026-11-22 08:00" in text.read_text()


@pytest.mark.parametrize(
    ("args", "sheets"),
    [
        (["inventory", "validate", DEMO], ["inventory"]),
        (["inventory", "show", DEMO, "--section", "sites"], ["sites"]),
        (
            [
                "network",
                "parse",
                DATA / "cisco_ios_show_interfaces.txt",
                "--platform",
                "cisco_ios",
                "--command",
                "show interfaces",
            ],
            ["records"],
        ),
        (
            ["network", "audit", "-i", DEMO, "--snapshot", "SNAP"],
            ["summary", "sites", "links", "devices", "interfaces", "findings"],
        ),
        (["network", "ipv6", "-i", DEMO, "--snapshot", "SNAP"], ["IPv6", "by_level", "by_city"]),
        (
            [
                "scorecard",
                "-i",
                DEMO,
                "-t",
                ROOT / "playbooks" / "targets" / "shaanxi.yaml",
                "--snapshot",
                "SNAP",
            ],
            ["scorecard"],
        ),
    ],
    ids=["validate", "show", "parse", "audit", "ipv6", "scorecard"],
)
def test_every_format_command_writes_a_workbook(
    args: list[Any],
    sheets: list[str],
    snapshot: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.xlsx"
    args = [snapshot if a == "SNAP" else a for a in args]
    code, stdout, err = govops(*args, "-f", "xlsx", "-o", out)
    assert (code, stdout) == (0, ""), err
    book = workbook(out)
    assert list(book)[: len(sheets)] == sheets
    assert all(len(rows) >= 1 for rows in book.values())


def test_cloud_commands_write_workbooks(tmp_path: Path) -> None:
    inv = tmp_path / "tiny.yaml"
    inv.write_text(TINY, encoding="utf-8")
    govops("cloud", "move", "SYS-A", "assessed", "-i", inv, "--at", "2026-01-01 07:00")
    for args, first in (
        (["cloud", "history", "SYS-A"], "history"),
        (["cloud", "status", "-i", inv, "--as-of", "2026-02-01"], "status report"),
        (["cloud", "plan", "-i", inv, "--start", "2026-03-01"], "migration plan"),
    ):
        out = tmp_path / f"{args[1]}.xlsx"
        code, _, err = govops(*args, "-f", "xlsx", "-o", out)
        assert code == 0, err
        assert next(iter(workbook(out))) == first
    history = workbook(tmp_path / "history.xlsx")["history"]
    assert history[1][history[0].index("at")] == datetime(2026, 1, 1, 7, 0)


def test_an_empty_fault_list_is_a_header_to_fill_in(tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    assert govops("fault", "list", "-f", "xlsx", "-o", out)[0] == 0
    assert workbook(out)["faults"][0][:7] == [
        "id", "category", "severity", "site", "level", "summary", "opened_at",
    ]  # fmt: skip
    assert govops("fault", "import", out) == (
        0, "", f"imported 0 faults from {out}; 0 already in the store\n"
    )  # fmt: skip
