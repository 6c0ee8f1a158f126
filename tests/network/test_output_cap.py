"""Saved device output over the cap (64 MB) is refused with its size, before it is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.errors import InputError
from govops.network.output_file import MAX_OUTPUT_BYTES
from govops.network.snapshot import FORMAT, read_snapshot

runner = CliRunner()


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_network_parse_refuses_a_file_over_the_cap(tmp_path: Path) -> None:
    big = _sparse(tmp_path / "display_interface.txt", MAX_OUTPUT_BYTES + 1)
    result = runner.invoke(
        app,
        ["network", "parse", str(big), "--platform", "huawei", "--command", "display interface"],
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: device output `{big}` is 67,108,865 bytes; the limit is 67,108,864"
    )


def test_a_snapshot_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sn-core-1").mkdir()
    _sparse(tmp_path / "sn-core-1" / "display_interface.txt", MAX_OUTPUT_BYTES + 1)
    manifest = {
        "format": FORMAT,
        "created_at": "2026-01-01T00:00:00Z",
        "devices": {
            "sn-core-1": {
                "platform": "huawei",
                "ok": True,
                "commands": {"display interface": "display_interface.txt"},
            }
        },
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InputError, match="is 67,108,865 bytes; the limit is 67,108,864"):
        read_snapshot(tmp_path)
