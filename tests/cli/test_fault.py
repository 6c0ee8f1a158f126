from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app

runner = CliRunner()
NOW = "2025-03-10T12:00:00Z"
POLICY = Path(__file__).resolve().parents[2] / "playbooks" / "sla.yaml"


@pytest.fixture(autouse=True)
def _policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped policy: 3 h targets, 30 min to acknowledge, 99% from 2025."""
    monkeypatch.setenv("GOVOPS_SLA_POLICY", str(POLICY))


def govops(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def open_fault(summary: str, at: str, *extra: str) -> int:
    code, out, err = govops(
        "fault",
        "open",
        summary,
        "-c",
        "network",
        "-s",
        "critical",
        "--at",
        at,
        "-f",
        "json",
        *extra,
    )
    assert code == 0, err
    return int(json.loads(out)["id"])


def test_open_ack_resolve_show() -> None:
    fault_id = open_fault("Eth-Trunk11 down", "2025-03-10T08:00:00Z", "--site", "sn-xa")
    assert govops("fault", "ack", str(fault_id), "--at", "2025-03-10T08:10:00Z")[0] == 0
    code, out, _ = govops(
        "fault", "resolve", str(fault_id), "--at", "2025-03-10T10:00:00Z", "-f", "json"
    )
    assert code == 0
    shown = json.loads(out)
    assert (shown["outcome"], shown["resolved_at"], shown["deadline"]) == (
        "met",
        "2025-03-10T18:00:00+08:00",  # JSON carries GOVOPS_TZ (Beijing time) with its offset
        "2025-03-10T19:00:00+08:00",
    )
    code, _, err = govops("fault", "resolve", str(fault_id))
    assert code == 1
    assert err == "error: fault 1 was resolved at 2025-03-10T18:00:00+08:00\n"


def test_report_json_counts_overdue_open_faults() -> None:
    a = open_fault("met", "2025-03-10T01:00:00Z")
    b = open_fault("late", "2025-03-10T01:00:00Z")
    open_fault("overdue", "2025-03-09T12:00:00Z")
    open_fault("at risk", "2025-03-10T09:30:00Z")
    govops("fault", "resolve", str(a), "--at", "2025-03-10T02:00:00Z")
    govops("fault", "resolve", str(b), "--at", "2025-03-10T06:00:00Z")
    code, out, err = govops("fault", "report", "--as-of", NOW, "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    total = report["total"]
    assert (total["met"], total["resolved"], total["open_overdue"]) == (1, 2, 1)
    assert total["compliance_ratio"] == 1 / 3
    assert total["median_resolve_seconds"] == 3 * 3600
    assert report["meets_objective"] is False
    states = [(o["summary"], o["sla_state"], o["seconds_left"]) for o in report["open"]]
    assert states == [("overdue", "overdue", -21 * 3600), ("at risk", "at_risk", 1800)]


def test_report_table_and_verdict_on_stderr() -> None:
    fault_id = open_fault("x", "2025-03-10T01:00:00Z")
    govops("fault", "resolve", str(fault_id), "--at", "2025-03-10T02:00:00Z")
    code, out, err = govops("fault", "report", "--as-of", NOW, "--by", "severity")
    assert code == 0
    assert "critical" in out and "100.0%" in out
    assert err == (
        "acknowledged within target: 0 of 1\ncompliance 100.0% meets the objective 99.0%\n"
    )


def test_bad_arguments_exit_2() -> None:
    assert govops("fault", "report", "--by", "colour")[0] == 2
    assert govops("fault", "report", "--window", "soon")[0] == 2
    code, _, err = govops("fault", "open", "x", "-c", "network", "--at", "tomorrow")
    assert (code, err) == (
        2,
        "error: --at `tomorrow`: not a time (e.g. 2026-11-23 08:30, or 2026-11-23T08:30+08:00)\n",
    )
    code, _, err = govops("fault", "open", "x", "-c", "network", "--at", "2999-01-01T00:00:00Z")
    assert (code, err) == (2, "error: --at `2999-01-01T00:00:00Z` is in the future\n")
    code, _, err = govops("fault", "open", "x", "-c", "power")
    assert code == 2 and "category `power`" in err
    assert govops("fault", "show", "42")[0] == 2


def test_import_reports_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "faults.csv"
    path.write_text(
        "category,severity,summary,opened_at\n"
        "network,critical,ok,2026-11-01T00:00:00Z\n"
        "network,sev9,bad,2026-11-01T00:00:00Z\n"
        "network,critical,bad,never\n"
    )
    code, out, err = govops("fault", "import", str(path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{path}:3: severity: severity `sev9` is not one of ['critical', 'major', 'minor']",
        f"{path}:4: opened_at: not an ISO-8601 time: 'never'",
        f"error: `{path}` has 2 bad rows; nothing was imported",
    ]
    path.write_text(
        "category,severity,summary,opened_at\nnetwork,critical,ok,2026-11-01T00:00:00Z\n"
    )
    code, _, err = govops("fault", "import", str(path))
    assert code == 0 and "imported 1 faults" in err
    code, out, _ = govops("fault", "list", "--as-of", "2026-11-02T00:00:00Z", "-f", "json")
    assert [f["source"] for f in json.loads(out)] == ["import"]


def test_a_fault_opened_at_7_on_new_years_day_beijing_time_counts_in_2026() -> None:
    """2026-01-01 07:00 in Beijing is 2025-12-31 23:00 UTC: the plan counts it in 2026."""
    fault_id = open_fault("new year", "2026-01-01 07:00")
    govops("fault", "resolve", str(fault_id), "--at", "2026-01-01 08:00")
    _, out, _ = govops("fault", "show", str(fault_id), "-f", "json")
    assert json.loads(out)["opened_at"] == "2026-01-01T07:00:00+08:00"
    later = ("--as-of", "2026-03-01 00:00", "-f", "json")
    _, january, _ = govops("fault", "report", "--month", "2026-01", *later)
    _, december, _ = govops("fault", "report", "--month", "2025-12", *later)
    resolved = (json.loads(january)["total"]["resolved"], json.loads(december)["total"]["resolved"])
    assert resolved == (1, 0)
    assert json.loads(january)["objective_ratio"] == 0.99  # the 2025+ objective in force
    _, out, _ = govops("fault", "list", "--as-of", "2026-01-02 00:00", "-f", "json")
    assert [(f["opened_at"], f["resolved_at"]) for f in json.loads(out)] == [
        ("2026-01-01T07:00:00+08:00", "2026-01-01T08:00:00+08:00")
    ]


def test_month_must_be_a_calendar_month_that_has_begun() -> None:
    code, _, err = govops("fault", "report", "--month", "2026-13")
    assert (code, err) == (2, "error: --month `2026-13`: use YYYY-MM, e.g. 2026-11\n")
    code, _, err = govops("fault", "report", "--month", "2999-01")
    assert (code, err) == (2, "error: --month `2999-01` has not begun\n")


def test_import_a_gbk_csv_saved_by_excel(tmp_path: Path) -> None:
    path = tmp_path / "故障台账.csv"
    path.write_bytes(
        "category,severity,summary,opened_at,resolved_at,external_key\r\n"
        "network,major,西安至咸阳链路中断,2026-01-01 07:00,2026-01-01 08:30,GD-1\r\n".encode("gbk")
    )
    code, _, err = govops("fault", "import", str(path))
    assert (code, err) == (0, f"imported 1 faults from {path}; 0 already in the store\n")
    _, out, _ = govops("fault", "list", "--as-of", "2026-01-02 00:00", "-f", "json")
    fault = json.loads(out)[0]
    assert (fault["summary"], fault["opened_at"], fault["outcome"]) == (
        "西安至咸阳链路中断", "2026-01-01T07:00:00+08:00", "met",
    )  # fmt: skip
    code, _, err = govops("fault", "import", str(path), "--encoding", "utf-8")
    assert code == 2
    assert err.startswith(f"error: {path}:2: column 3: byte 0xce is not utf-8 text")
