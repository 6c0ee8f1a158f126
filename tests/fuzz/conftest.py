"""The hardening rule, one harness for every input surface.

Every example must end in success or in a clean ``error: ...`` with its exit code, never a
traceback and never a half-written change. Each surface counts the examples it ran; the
counts are printed at the end of the session (``fuzz examples: ...``) so the closing
figures come from the run itself. ``GOVOPS_FUZZ_EXAMPLES`` scales every surface.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from tests.sla.conftest import conn, policy  # noqa: F401 (shared fixtures)

EXAMPLES = int(os.environ.get("GOVOPS_FUZZ_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COUNTS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COUNTS:
        figures = ", ".join(f"{name} {n}" for name, n in sorted(COUNTS.items()))
        terminalreporter.write_line(f"fuzz examples: {figures}; total {sum(COUNTS.values())}")


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `govops ARGS` in process; fails the test on any traceback."""
    from govops.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"govops {' '.join(map(str, args))} raised") from result.exception
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def assert_clean(surface: str, code: int, err: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    """Success, or exit ``allowed`` with a one-line ``error:`` as the last line of stderr
    (option values Click itself refuses, such as an id below 1, too: usage line, then
    ``error: ...``, exit 2)."""
    COUNTS[surface] += 1
    assert code in allowed, (code, err[-500:])
    if code != 0:
        last = err.strip().splitlines()[-1]
        assert last.startswith("error: "), err[-500:]


def table_rows(db: Path, table: str) -> int:
    """Rows in ``table`` of the state at ``db`` (0 when the table is not there)."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as state_db:
        try:
            return int(state_db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "govops.db"
