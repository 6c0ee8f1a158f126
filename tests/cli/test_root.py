from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from govops import __version__
from govops.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"govops {__version__}\n"


def test_help_lists_groups() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "inventory" in result.stdout
    assert "GOVOPS_DB" in result.stdout


def test_unknown_command_is_usage_error() -> None:
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Usage: govops [OPTIONS] COMMAND [ARGS]...",
        "Try 'govops -h' for help.",
        "error: No such command 'frobnicate'.",
    ]


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["--bogus"], "govops [OPTIONS] COMMAND [ARGS]...", "No such option: --bogus"),
        (
            ["fault", "ack", "0"],
            "govops fault ack [OPTIONS] FAULT_ID",
            "Invalid value for 'FAULT_ID': Input should be greater than or equal to 1",
        ),
        (
            ["network", "parse", "x.txt", "--command", "display interface"],
            "govops network parse [OPTIONS] FILE",
            "Missing option '--platform'.",
        ),
    ],
)
def test_click_usage_errors_end_in_one_error_line(
    args: list[str], usage: str, message: str
) -> None:
    """Click's own refusals read like govops' errors: usage, hint, `error: ...`, exit 2."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"Usage: {usage}"
    assert lines[-1] == f"error: {message}"
    assert not any(line.startswith("Error:") for line in lines)


def test_a_group_alone_still_prints_its_help() -> None:
    result = runner.invoke(app, ["fault"])
    assert "Commands:" in result.stdout + result.stderr
    assert "error:" not in result.stdout + result.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from govops.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = [m for m in ('netmiko', 'openstack', 'prometheus_client', 'fakenos', 'pydantic',"
        " 'paramiko', 'textfsm', 'openpyxl') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
