"""Error lines in the reader's language: the same failure through the real CLI under
GOVOPS_LANG=zh and =en. The `error:` prefix stays for scripts; ids, paths and values stay."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from tests.cli.test_cloud import TINY

POLICY = Path(__file__).resolve().parents[2] / "playbooks" / "sla.yaml"


@pytest.fixture(autouse=True)
def _policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_SLA_POLICY", str(POLICY))


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def both(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> dict[str, tuple[int, str]]:
    """lang -> (exit code, stderr) of one command run under GOVOPS_LANG=zh, then =en."""
    out = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("GOVOPS_LANG", lang)
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert result.stdout == ""
        out[lang] = (result.exit_code, result.stderr)
    return out


def test_unknown_fault_id(monkeypatch: pytest.MonkeyPatch) -> None:
    assert both(monkeypatch, "fault", "show", "42") == {
        "zh": (2, "error: 没有故障 42（见 `govops fault list`）\n"),
        "en": (2, "error: no fault 42 (see `govops fault list`)\n"),
    }


def test_illegal_transition(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    assert both(monkeypatch, "cloud", "move", "SYS-A", "cutover", "-i", tiny) == {
        "zh": (1, "error: `SYS-A` 不能从 inventoried 变为 cutover；inventoried 状态下可变为："
                  "assessed, blocked, exempt, retired\n"),
        "en": (1, "error: `SYS-A` cannot move from inventoried to cutover; from inventoried it "
                  "can move to: assessed, blocked, exempt, retired\n"),
    }  # fmt: skip


def test_bad_at_time(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("fault", "open", "x", "-c", "network", "--at", "tomorrow")
    assert both(monkeypatch, *args) == {
        "zh": (2, "error: --at `tomorrow`：不是时间（如 2026-11-23 08:30，"
                  "或 2026-11-23T08:30+08:00）\n"),
        "en": (2, "error: --at `tomorrow`: not a time (e.g. 2026-11-23 08:30, "
                  "or 2026-11-23T08:30+08:00)\n"),
    }  # fmt: skip


def test_bad_state_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_DB", "mysql://ops:secret@db.example/govops")
    assert both(monkeypatch, "fault", "list") == {
        "zh": (2, "error: 状态数据库 `mysql://ops@db.example/govops`：不支持 `mysql://`；"
                  "请给出文件路径（SQLite）或 postgresql://user@host:port/dbname 形式的 URL"
                  "（GOVOPS_DB 或 --db）\n"),
        "en": (2, "error: state database `mysql://ops@db.example/govops`: `mysql://` is "
                  "not supported; give a file path (SQLite) or a "
                  "postgresql://user@host:port/dbname URL (GOVOPS_DB or --db)\n"),
    }  # fmt: skip


def test_state_database_newer_than_this_govops(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from govops.state import HEAD
    from govops.state.engine import dispose_all

    db = tmp_path / "govops.db"
    assert CliRunner().invoke(app, ["fault", "list"]).exit_code == 0  # creates the file
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    dispose_all()  # the engine the first run kept has checked the revision already
    assert both(monkeypatch, "fault", "list") == {
        "zh": (1, f"error: 状态数据库 `{db}` 的版本为 9999_from_the_future，比本版 govops "
                  f"所知的更新（本版写入 {HEAD}）；请升级 govops\n"),
        "en": (1, f"error: state database `{db}` is at revision 9999_from_the_future, newer "
                  f"than this govops knows (it writes {HEAD}); upgrade govops\n"),
    }  # fmt: skip


def test_cloud_import_problems(monkeypatch: pytest.MonkeyPatch, tiny: Path, tmp_path: Path) -> None:
    csv = tmp_path / "moves.csv"
    csv.write_text("system,status,reason\nSYS-Q,assessed,\nSYS-B,blocked,\n", encoding="utf-8")
    rejected = tmp_path / "moves.rejected.csv"
    monkeypatch.setenv("GOVOPS_LANG", "zh")
    assert CliRunner().invoke(app, ["cloud", "import", str(csv), "-i", str(tiny)]).exit_code == 2
    assert rejected.read_text(encoding="utf-8").splitlines() == [  # read by people: Chinese
        "system,status,reason,error",
        "SYS-Q,assessed,,第 2 行：未知系统 `SYS-Q`：台账中没有",
        "SYS-B,blocked,,第 3 行：`SYS-B`：标记受阻需要原因（--reason）",
    ]
    got = both(monkeypatch, "cloud", "import", csv, "-i", tiny)
    assert got["zh"][0] == got["en"][0] == 2
    assert got["zh"][1].splitlines()[1:] == [
        f"{csv}:2: system: 未知系统 `SYS-Q`：台账中没有",
        f"{csv}:3: status: `SYS-B`：标记受阻需要原因（--reason）",
        f"error: 2 行被拒绝；请在 `{rejected}` 中修正后重新导入该文件",
    ]
    assert got["en"][1].splitlines()[1:] == [
        f"{csv}:2: system: unknown system `SYS-Q`: it is not in the inventory",
        f"{csv}:3: status: `SYS-B`: blocked needs a reason (--reason)",
        f"error: 2 rows rejected; fix them in `{rejected}` and import that file again",
    ]


def test_fault_import_problems_and_pydantic_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "faults.csv"
    path.write_text(
        "category,severity,summary,opened_at,outage\n"
        "network,sev9,bad,2026-11-01T00:00:00Z,\n"
        "network,critical,bad,never,\n"
        "network,critical,bad,2026-11-01T00:00:00Z,maybe\n"
        "network,critical,,2026-11-01T00:00:00Z,\n",
        encoding="utf-8",
    )
    got = both(monkeypatch, "fault", "import", path)
    assert got["zh"] == (2, (
        f"{path}:2: severity: 级别 `sev9` 不在 ['critical', 'major', 'minor'] 之中\n"
        f"{path}:3: opened_at: 不是 ISO-8601 时间：'never'\n"
        f"{path}:4: outage: 应为布尔值，无法识别输入\n"
        f"{path}:5: summary: 至少应有 1 个字符\n"
        f"error: `{path}` 有 4 行有误；未导入任何数据\n"
    ))  # fmt: skip
    assert got["en"] == (2, (
        f"{path}:2: severity: severity `sev9` is not one of ['critical', 'major', 'minor']\n"
        f"{path}:3: opened_at: not an ISO-8601 time: 'never'\n"
        f"{path}:4: outage: Input should be a valid boolean, unable to interpret input\n"
        f"{path}:5: summary: String should have at least 1 character\n"
        f"error: `{path}` has 4 bad rows; nothing was imported\n"
    ))  # fmt: skip


def test_the_interrupt_net(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("govops.sla.faults.get_fault", interrupted)
    assert both(monkeypatch, "fault", "show", "1") == {
        "zh": (130, "error: 已中断\n"),
        "en": (130, "error: interrupted\n"),
    }


def test_joined_reasons_stay_translatable() -> None:
    from govops.errors import joined
    from govops.i18n import M_

    reasons = joined([M_("no wave"), "SYS-9 is down", M_("wave {n}", n=3)])
    assert reasons == "no wave; SYS-9 is down; wave 3"
    assert reasons.tr("zh") == "未分批；SYS-9 is down；第 3 批"  # type: ignore[attr-defined]
    assert joined([M_("a wave (--wave)"), M_("no wave")], " and ") == "a wave (--wave) and no wave"
    assert joined(["only"]) == "only" and joined([]) == ""


def test_exporter_start_up_refusals_are_for_people(monkeypatch: pytest.MonkeyPatch) -> None:
    assert both(monkeypatch, "exporter", "serve", "--listen", "9877") == {
        "zh": (2, "error: --listen `9877`：请写成 HOST:PORT，如 127.0.0.1:9877\n"),
        "en": (2, "error: --listen `9877`: write HOST:PORT, e.g. 127.0.0.1:9877\n"),
    }
    monkeypatch.setenv("GOVOPS_WEBHOOK_TOKEN", "  ")
    assert both(monkeypatch, "exporter", "serve")["zh"] == (
        2, "error: GOVOPS_WEBHOOK_TOKEN 已设置但为空：请设置令牌，或取消设置以接受无认证的推送\n"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["--bogus"], "没有这个选项：--bogus", "No such option: --bogus"),
        (
            ["fault", "list", "--formt", "json"],
            "没有这个选项：--formt（可能是：--format）",
            "No such option: --formt (Possible options: --format)",
        ),
        (
            ["network", "parse", "x.txt", "--command", "display interface"],
            "缺少选项 '--platform'。",
            "Missing option '--platform'.",
        ),
        (
            ["fault", "ack", "0"],
            "'FAULT_ID' 的值无效：应大于或等于 1",
            "Invalid value for 'FAULT_ID': Input should be greater than or equal to 1",
        ),
        (
            ["fault", "list", "--format", "csv"],
            "'--format' / '-f' 的值无效：'csv' 不在可选值之中：'table', 'json', 'xlsx'。",
            "Invalid value for '--format' / '-f': 'csv' is not one of 'table', 'json', 'xlsx'.",
        ),
    ],
)
def test_command_line_refusals_in_the_readers_language(
    monkeypatch: pytest.MonkeyPatch, args: list[str], zh: str, en: str
) -> None:
    """Click's refusals, rebuilt from what each one carries (option, parameter, the
    validation error), not read back from Click's English."""
    said = both(monkeypatch, *args)
    assert said["zh"][0] == said["en"][0] == 2
    assert said["zh"][1].splitlines()[-1] == f"error: {zh}"
    assert said["en"][1].splitlines()[-1] == f"error: {en}"
