from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from govops.sla import faults
from govops.sla.importer import BadImportFile, import_faults
from govops.sla.models import Policy
from tests.sla.conftest import NOW

CSV = """category,severity,summary,opened_at,acknowledged_at,resolved_at,site,level,external_key
network,critical,Eth-Trunk11 down,2026-11-01T01:00:00Z,2026-11-01T01:10:00Z,\
2026-11-01T03:00:00Z,sn-xa,city,T-1
platform,major,cloud API slow,2026-11-02T01:00:00Z,,2026-11-02T05:00:00Z,,,T-2
security,minor,weak password,2026-11-03T01:00:00Z,,,,,
"""


def test_csv_import_then_reimport_is_idempotent(
    conn: Engine, policy: Policy, tmp_path: Path
) -> None:
    path = tmp_path / "faults.csv"
    path.write_text(CSV)
    assert import_faults(conn, policy, path, now=NOW).imported == 3
    again = import_faults(conn, policy, path, now=NOW)
    # the row without a key is keyed by its content, so it is not imported twice either
    assert (again.imported, again.skipped_existing) == (0, 3)
    outcomes = sorted((f.external_key or "", f.outcome or "") for f in faults.list_faults(conn))
    assert outcomes[:2] == [("T-1", "met"), ("T-2", "breached")]
    assert outcomes[2][0].startswith("import:") and len(outcomes) == 3


def test_every_bad_row_is_reported_and_nothing_imported(
    conn: Engine, policy: Policy, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "category,severity,summary,opened_at,resolved_at,external_key\n"
        "network,critical,ok row,2026-11-01T01:00:00Z,,K1\n"
        "power,critical,bad category,2026-11-01T01:00:00Z,,K2\n"
        "network,critical,,2026-11-01T01:00:00Z,,K3\n"
        "network,critical,bad time,yesterday,,K4\n"
        "network,critical,ends first,2026-11-01T01:00:00Z,2026-10-01T00:00:00Z,K5\n"
        "network,critical,future,2027-01-01T00:00:00Z,,K6\n"
        "network,critical,dup,2026-11-01T01:00:00Z,,K1\n"
    )
    with pytest.raises(BadImportFile) as caught:
        import_faults(conn, policy, path, now=NOW)
    lines = caught.value.details()
    assert [line.split(": ")[0] for line in lines] == [
        f"{path}:3",
        f"{path}:4",
        f"{path}:5",
        f"{path}:6",
        f"{path}:7",
        f"{path}:8",
    ]
    assert "category `power`" in lines[0]
    assert f"{path}:4: summary:" in lines[1]
    assert f"{path}:5: opened_at:" in lines[2]
    assert f"{path}:6: resolved_at:" in lines[3]
    assert "in the future" in lines[4]
    assert "repeats line 2" in lines[5]
    assert faults.list_faults(conn) == []


def test_json_import_reports_lines(conn: Engine, policy: Policy, tmp_path: Path) -> None:
    rows = [
        {
            "category": "network",
            "severity": "major",
            "summary": "a",
            "opened_at": "2026-11-01T01:00:00Z",
            "resolved_at": "2026-11-01T02:00:00Z",
        },
        {"category": "network", "severity": "major", "summary": "b", "opened": "x"},
    ]
    path = tmp_path / "faults.json"
    path.write_text(json.dumps(rows, indent=1))
    with pytest.raises(BadImportFile) as caught:
        import_faults(conn, policy, path, now=NOW)
    details = caught.value.details()
    assert any(d.startswith(f"{path}:9: opened_at:") for d in details)
    assert any(d.startswith(f"{path}:9: opened:") for d in details)
    path.write_text(json.dumps(rows[:1]))
    assert import_faults(conn, policy, path, now=NOW).imported == 1
