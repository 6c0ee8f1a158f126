"""Output paths are refused while the options are parsed, before any work is done."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from tests.conftest import DEMO


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("{tmp}", "`{tmp}` is a directory; name a file"),
        (
            "{tmp}/missing/out.json",
            "`{tmp}/missing/out.json`: directory `{tmp}/missing` does not exist",
        ),
    ],
)
def test_a_bad_output_path_is_refused_before_work(tmp_path: Path, where: str, reason: str) -> None:
    output = where.format(tmp=tmp_path)
    result = CliRunner().invoke(
        app, ["cloud", "status", "-i", str(DEMO), "-f", "json", "-o", output]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: Invalid value for '--output' / '-o': {reason.format(tmp=tmp_path)}"
    )
    assert not (tmp_path / "govops.db").exists()  # nothing was read or stored


def test_audit_output_is_checked_before_the_audit(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["network", "audit", "-i", str(DEMO), "--snapshot", str(tmp_path / "none"),
         "--format", "json", "--output", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "is a directory; name a file" in result.stderr
    assert "no manifest" not in result.stderr  # refused before the snapshot was read
