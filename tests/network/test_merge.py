"""Per-city snapshots merged at the centre: same audit as one collected whole; conflicts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govops.cli import app
from govops.inventory import Inventory, load_inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.collect import select_devices
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
runner = CliRunner()


@pytest.fixture(scope="module")
def demo() -> Inventory:
    return load_inventory(DEMO)


@pytest.fixture(scope="module")
def results(demo: Inventory) -> list[DeviceResult]:
    """What every demo device says (the lab's own renderers), two of them unreachable."""
    found = []
    for name, device in demo.devices.items():
        if name in ("tc-yaozhou-r1", "ak-agg-2"):
            found.append(DeviceResult(name, device.platform, error="timeout: no SSH banner"))
            continue
        outputs = RENDERERS[device.platform](device, device_ports(demo, device))
        found.append(DeviceResult(name, device.platform, outputs))
    return found


def _parts(demo: Inventory, results: list[DeviceResult], root: Path) -> list[Path]:
    """One snapshot per city (--under CITY), one for the province centre and departments."""
    by_name = {r.name: r for r in results}
    cities = sorted(s.id for s in demo.sites.values() if str(s.level) == "city")
    taken: set[str] = set()
    paths = []
    for hour, city in enumerate(cities):
        names = [d.name for d in select_devices(demo, under=[city])]
        taken.update(names)
        path = root / city
        write_snapshot(path, [by_name[n] for n in names], datetime(2026, 3, 1, hour, tzinfo=UTC))
        paths.append(path)
    rest = [r for r in results if r.name not in taken]
    write_snapshot(root / "centre", rest, datetime(2026, 3, 1, 20, tzinfo=UTC))
    return [*paths, root / "centre"]


def _audit(snapshot: Path) -> dict[str, Any]:
    out = runner.invoke(
        app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(snapshot), "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_the_audit_of_merged_city_snapshots_equals_the_audit_of_the_whole(
    demo: Inventory, results: list[DeviceResult], tmp_path: Path
) -> None:
    write_snapshot(tmp_path / "whole", results)
    parts = _parts(demo, results, tmp_path / "parts")
    merged = tmp_path / "merged"
    out = runner.invoke(app, ["network", "snapshot", "merge", *map(str, parts), "-o", str(merged)])
    assert out.exit_code == 0, out.output
    assert out.stdout == f"{merged}\n"
    assert f"{len(results)} devices merged into {merged}" in out.stderr
    assert _audit(merged) == _audit(tmp_path / "whole")
    manifest = json.loads((merged / "manifest.json").read_text())
    assert manifest["format"] == "govops-snapshot/1"
    assert manifest["created_at"] == "2026-03-01T20:00:00+00:00"  # the newest source's
    xa = next(s for s in manifest["sources"] if s["path"].endswith("/sn-xa"))
    assert xa == {
        "path": str((tmp_path / "parts" / "sn-xa").resolve()),
        "created_at": "2026-03-01T06:00:00+00:00",  # sn-xa is the 7th city in order
        "devices": 24,  # 2 aggregation + 5 counties x (1 + 3 townships) + 2 village routers
        "taken": 24,
    }
    assert manifest["devices"]["xa-agg-1"]["source"] == xa["path"]
    assert manifest["devices"]["ak-agg-2"]["error"] == "timeout: no SSH banner"


def test_a_device_in_two_snapshots_is_refused_or_the_newest_is_kept(
    results: list[DeviceResult], tmp_path: Path
) -> None:
    old, new = results[0], DeviceResult(results[0].name, results[0].platform, error="timeout: x")
    write_snapshot(tmp_path / "a", [old, results[1]], datetime(2026, 3, 1, tzinfo=UTC))
    write_snapshot(tmp_path / "b", [new, results[2]], datetime(2026, 3, 2, tzinfo=UTC))
    args = ["network", "snapshot", "merge", str(tmp_path / "b"), str(tmp_path / "a")]
    refused = runner.invoke(app, [*args, "--out", str(tmp_path / "m1")])
    assert refused.exit_code == 2
    assert f"device `{old.name}` is in {tmp_path / 'b'} and {tmp_path / 'a'}" in refused.stderr
    assert "--newest-wins" in refused.stderr and not (tmp_path / "m1").exists()
    kept = runner.invoke(app, [*args, "-o", str(tmp_path / "m2"), "--newest-wins"])
    assert kept.exit_code == 0, kept.output
    assert "1 devices were in several snapshots; kept the newest" in kept.stderr
    devices = json.loads((tmp_path / "m2" / "manifest.json").read_text())["devices"]
    assert devices[old.name]["error"] == "timeout: x"  # from b, the newer
    assert sorted(devices) == sorted(r.name for r in results[:3])


def test_merge_refuses_a_non_empty_output_and_a_single_source(
    results: list[DeviceResult], tmp_path: Path
) -> None:
    write_snapshot(tmp_path / "a", results[:1])
    write_snapshot(tmp_path / "b", results[1:2])
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    busy = runner.invoke(
        app,
        [
            "network",
            "snapshot",
            "merge",
            str(tmp_path / "a"),
            str(tmp_path / "b"),
            "-o",
            str(tmp_path / "full"),
        ],
    )
    assert busy.exit_code == 2 and "exists and is not an empty directory" in busy.stderr
    one = runner.invoke(app, ["network", "snapshot", "merge", str(tmp_path / "a"), "-o", "m"])
    assert one.exit_code == 2 and "at least two snapshots" in one.stderr


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_entry = st.fixed_dictionaries(
    {},
    optional={
        "platform": _json,
        "ok": _json,
        "error": _json,
        "attempts": _json,
        "commands": _json | st.dictionaries(st.text(max_size=12), st.text(max_size=12), max_size=2),
    },
)
_manifest = st.fixed_dictionaries(
    {
        "format": st.sampled_from(["govops-snapshot/1", "govops-snapshot/2"]) | _json,
        "created_at": st.sampled_from(["2026-03-01T00:00:00+00:00", "2026-03-01", "x"]) | _json,
        "devices": st.dictionaries(st.text(max_size=10), _entry, max_size=3) | _json,
    }
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(manifest=_manifest | _json, raw=st.none() | st.binary(max_size=30))
def test_a_malformed_manifest_is_a_clean_error_exit_2(
    tmp_path: Path, manifest: Any, raw: bytes | None
) -> None:
    """Any manifest merges cleanly or fails with `error: ...` and exit 2, never a traceback."""
    import shutil

    root = tmp_path / "fuzz"
    shutil.rmtree(root, ignore_errors=True)
    good = root / "good"
    write_snapshot(good, [DeviceResult("r0", "huawei", error="timeout: x")])
    bad = root / "bad"
    bad.mkdir()
    body = raw if raw is not None else json.dumps(manifest).encode()
    (bad / "manifest.json").write_bytes(body)
    out = runner.invoke(
        app, ["network", "snapshot", "merge", str(good), str(bad), "-o", str(root / "m")]
    )
    assert out.exit_code in (0, 2), out.output
    assert "Traceback" not in out.output
    if out.exit_code == 2:
        assert out.stderr.startswith("error: ")


def test_a_city_audit_is_stored_as_partial_and_the_merged_one_as_full(
    demo: Inventory, results: list[DeviceResult], tmp_path: Path
) -> None:
    from govops import history
    from govops.network.history import KIND
    from govops.store import connect, get_document

    parts = _parts(demo, results, tmp_path / "parts")
    xa = next(p for p in parts if p.name == "sn-xa")
    city = runner.invoke(app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(xa)])
    assert city.exit_code == 0, city.output
    assert "(partial, taken" in city.stderr
    with connect() as conn:
        assert get_document(conn, "network.last_audit_summary") is None
        assert [e.scope for e in history.entries(conn, KIND)] == ["partial"]
    merged = tmp_path / "merged"
    runner.invoke(app, ["network", "snapshot", "merge", *map(str, parts), "-o", str(merged)])
    whole = runner.invoke(app, ["network", "audit", "-i", str(DEMO), "--snapshot", str(merged)])
    assert whole.exit_code == 0 and "(full, taken" in whole.stderr
    with connect() as conn:
        assert [e.scope for e in history.entries(conn, KIND)] == ["partial", "full"]
        assert get_document(conn, "network.last_audit_summary") is not None
