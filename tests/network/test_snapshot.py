from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govops.errors import InputError
from govops.network.models import DeviceResult
from govops.network.snapshot import read_snapshot, slug, write_snapshot


def test_slug() -> None:
    assert slug("display interface") == "display_interface"
    assert slug("display link-aggregation verbose") == "display_link_aggregation_verbose"
    assert slug("Show IPv6 Interface  Brief") == "show_ipv6_interface_brief"


def test_round_trip_and_manifest_shape(tmp_path: Path) -> None:
    results = [
        DeviceResult("r1", "huawei", {"display interface": "x\n"}),
        DeviceResult(
            "r2", "cisco_ios", error="auth refused: the device refused the login", attempts=2
        ),
    ]
    write_snapshot(tmp_path, results, datetime(2026, 1, 2, tzinfo=UTC))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest == {
        "format": "govops-snapshot/1",
        "created_at": "2026-01-02T00:00:00+00:00",
        "devices": {
            "r1": {
                "platform": "huawei",
                "ok": True,
                "error": None,
                "commands": {"display interface": "display_interface.txt"},
                "attempts": 1,
            },
            "r2": {
                "platform": "cisco_ios",
                "ok": False,
                "error": "auth refused: the device refused the login",
                "commands": {},
                "attempts": 2,
            },
        },
    }
    assert (tmp_path / "r1" / "display_interface.txt").read_text() == "x\n"
    assert read_snapshot(tmp_path) == results


@pytest.mark.parametrize("name", ["../evil", "a/b", "..", "/etc"])
def test_device_names_cannot_escape_the_snapshot(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="not a plain identifier"):
        write_snapshot(tmp_path, [DeviceResult(name, "huawei", {"display interface": ""})])
    (tmp_path / "manifest.json").write_text(
        json.dumps({"format": "govops-snapshot/1", "devices": {name: {"commands": {}}}})
    )
    with pytest.raises(InputError, match="not a plain identifier"):
        read_snapshot(tmp_path)


def test_a_missing_or_foreign_manifest_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no manifest"):
        read_snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(InputError, match="format"):
        read_snapshot(tmp_path)


def test_a_failed_device_keeps_what_it_said(tmp_path: Path) -> None:
    garbage = DeviceResult("r1", "huawei", {"display interface": "noise\n"}, "garbage answer: x")
    write_snapshot(tmp_path, [garbage])
    assert read_snapshot(tmp_path) == [garbage]
