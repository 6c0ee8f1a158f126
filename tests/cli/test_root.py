from __future__ import annotations

import subprocess
import sys

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
    assert "No such command" in result.stderr


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
