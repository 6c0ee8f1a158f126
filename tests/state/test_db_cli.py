"""`govops db status|upgrade|copy|check` through the CLI, on real SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.sla import faults
from govops.sla.models import Policy
from govops.state import HEAD
from govops.state.engine import dispose_all
from tests.pg import PgServer
from tests.state.test_migrations import build_legacy

runner = CliRunner()
NOW = 1_795_435_200.0


def seed(db: str) -> None:
    engine = faults.open_store(db)
    policy = Policy()
    for n in range(30):
        opened = NOW - n * 3000.0
        resolved = opened + n * 700.0 if n % 3 else None
        new = faults.NewFault("network" if n % 2 else "platform", "major", f"f{n}", opened,
                              resolved_at=resolved, external_key=f"k{n}")  # fmt: skip
        faults.open_fault(engine, policy, new)


def test_status_upgrade_copy_check_round_trip(tmp_path: Path, postgres: PgServer) -> None:
    sqlite_db = str(tmp_path / "laptop.db")
    seed(sqlite_db)
    team = postgres.create_database("team")
    before = runner.invoke(app, ["db", "status", "--db", team, "-f", "json"])
    assert before.exit_code == 0, before.stderr
    assert json.loads(before.stdout)["revision"] is None
    early = runner.invoke(app, ["fault", "list", "--db", team])
    assert early.exit_code == 1 and "run `govops db upgrade" in early.stderr
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", team])
    assert upgraded.exit_code == 0
    assert f"from revision none to {HEAD}" in upgraded.stderr
    copied = runner.invoke(app, ["db", "copy", "--from", sqlite_db, "--to", team])
    assert copied.exit_code == 0, copied.stderr
    assert "verified: SLA aggregates equal a recomputation from the fault rows" in copied.stderr
    status = json.loads(runner.invoke(app, ["db", "status", "--db", team, "-f", "json"]).stdout)
    assert status["rows"]["faults"] == 30 and status["current"] is True
    assert status["url"] == team.replace(f":{postgres.password}@", "@")
    again = runner.invoke(app, ["db", "copy", "--from", sqlite_db, "--to", team])
    assert again.exit_code == 1 and "--force" in again.stderr
    # and back the other way, into a file that already holds other faults
    other = str(tmp_path / "other.db")
    seed(other)
    back = runner.invoke(app, ["db", "copy", "--from", team, "--to", other, "--force"])
    assert back.exit_code == 0, back.stderr
    dispose_all()
    assert faults.list_faults(faults.open_store(other)) == faults.list_faults(
        faults.open_store(sqlite_db)
    )
    new = faults.open_fault(
        faults.open_store(team), Policy(), faults.NewFault("network", "minor", "x", NOW)
    )
    assert new.id == 31  # the sequence moved past the copied ids
    for command in (before, upgraded, copied, again, back):
        assert postgres.password not in command.stdout + command.stderr
    checked = runner.invoke(app, ["db", "check", "--db", team])
    assert checked.exit_code == 0 and "no problems found" in checked.stderr


def test_check_reports_rows_older_versions_let_in(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    build_legacy(path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO faults(id, category, severity, summary, opened_at, resolved_at, source, "
        "target, outcome) VALUES (?, 'network', 'major', 's', ?, ?, 'import', 10800, ?)",
        [(7, -1e15, None, None), (8, -62135596800.0, -62135590000.0, "met"),
         (9, NOW, NOW - 10, "met")],
    )  # fmt: skip
    conn.commit()
    conn.close()
    result = runner.invoke(app, ["db", "check", "--db", str(path), "-f", "json"])
    assert result.exit_code == 1
    assert "14 problems in the state database" in result.stderr
    problems = json.loads(result.stdout)
    assert [(p["row"], p["message"]) for p in problems if p["table"] == "faults"] == [
        ("id 7", "opened_at -1000000000000000.0 is before 1970"),
        ("id 8", "opened_at -62135596800.0 is before 1970"),
        ("id 8", "resolved_at -62135590000.0 is before 1970"),
        ("id 9", "resolved_at is before opened_at"),
    ]
    # the rows were written around the aggregates, which the check recomputes
    aggregates = [p["message"] for p in problems if p["table"] == "sla aggregates"]
    assert "counter opened network/major: stored 0, rows give 3" in aggregates
    assert len(aggregates) == 10


@pytest.mark.parametrize("command", [["db", "status"], ["db", "check"], ["fault", "list"]])
def test_an_unreachable_database_is_exit_1_without_the_password(command: list[str]) -> None:
    from tests.pg import free_port

    url = f"postgresql://ops:hunter2@127.0.0.1:{free_port()}/govops"
    result = runner.invoke(app, [*command, "--db", url])
    assert result.exit_code == 1, result.stdout
    assert "cannot open state database `postgresql://ops@127.0.0.1" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
