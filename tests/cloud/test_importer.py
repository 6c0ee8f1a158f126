from __future__ import annotations

from pathlib import Path

import pytest

from govops import store
from govops.cloud.history import states
from govops.cloud.importer import import_csv
from govops.cloud.models import Status
from govops.errors import InputError
from govops.inventory import Inventory

GOOD_AND_BAD = """\
system,status,note,reason,wave,deadline,evidence
SYS-0001,assessed,评估完成,,,,
SYS-0002,planned,,,2,,
SYS-9999,assessed,,,,,
SYS-0003,flying,,,,,
SYS-0004,blocked,,,,,
SYS-0006,assessed,,,x,,
SYS-0007,assessed,,,,2026-13-01,
SYS-0001,exempt,,again,,,
SYS-0013,migrated,,,,,ticket:1
SYS-0008,migrated,割接完成,,,,ticket:88 vm:abc
"""


def test_bad_rows_are_reported_good_rows_applied_rejects_written(
    demo_inv: Inventory, tmp_path: Path
) -> None:
    path = tmp_path / "moves.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    conn = store.connect()
    result = import_csv(conn, demo_inv.systems, path)
    assert result.applied == [(2, "SYS-0001", "assessed"), (11, "SYS-0008", "migrated")]
    assert [str(p) for p in result.rejected] == [
        f"{path}:3: status: `SYS-0002` cannot move from inventoried to planned; from "
        "inventoried it can move to: assessed, blocked, exempt, retired",
        f"{path}:4: system: unknown system `SYS-9999`: it is not in the inventory",
        f"{path}:5: status: unknown status `flying`; choose one of inventoried, assessed, "
        "planned, ready, migrating, testing, cutover, migrated, decommissioned, blocked, "
        "rolled_back, exempt, retired",
        f"{path}:6: status: `SYS-0004`: blocked needs a reason (--reason)",
        f"{path}:7: wave: `x` is not a wave number (1, 2, ...)",
        f"{path}:8: deadline: `2026-13-01` is not a date (YYYY-MM-DD)",
        f"{path}:9: system: `SYS-0001` already imported on line 2 (one row per system)",
        f"{path}:10: status: `SYS-0013` is classified (涉密): it is never migrated onto the "
        "government cloud",
    ]
    current = states(conn, demo_inv.systems)
    assert current["SYS-0008"].evidence == ("ticket:88", "vm:abc")
    assert current["SYS-0002"].status is Status.INVENTORIED
    # the rejected rows, with their reasons, re-import as they are once fixed
    rejected = result.rejected_file
    assert rejected == tmp_path / "moves.rejected.csv"
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "system,status,note,reason,wave,deadline,evidence,error"
    assert len(lines) == 9 and lines[1].startswith('SYS-0002,planned,,,2,,,"line 3: ')
    fixed = rejected.read_text(encoding="utf-8").replace(
        "SYS-0004,blocked,,", "SYS-0004,blocked,,等待测评"
    )
    rejected.write_text(fixed, encoding="utf-8")
    again = import_csv(conn, demo_inv.systems, rejected, rejected_path=tmp_path / "still.csv")
    # SYS-0001 exempt was a duplicate in the first file; alone in this one it applies
    assert [a[1] for a in again.applied] == ["SYS-0004", "SYS-0001"]
    assert len(again.rejected) == 6


def test_header_problems_stop_the_import(demo_inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("system,state,colour\nSYS-0001,assessed,red\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_csv(store.connect(), demo_inv.systems, path)
    assert exc.value.message.startswith(
        f"{path}:1: header: missing column(s) status; unknown column(s) state, colour"
    )


def test_excel_bom_is_accepted(demo_inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("system,status\nSYS-0001,assessed\n".encode("utf-8-sig"))
    assert import_csv(store.connect(), demo_inv.systems, path).applied == [
        (2, "SYS-0001", "assessed")
    ]


def test_unknown_target_cloud_is_a_row_error(demo_inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("system,status,target_cloud\nSYS-0001,assessed,city-zz\n", encoding="utf-8")
    result = import_csv(store.connect(), demo_inv.systems, path, clouds=list(demo_inv.clouds))
    assert [p.field for p in result.rejected] == ["target_cloud"]
    assert result.rejected[0].message.startswith(
        "unknown cloud `city-zz`; the inventory has city-ak"
    )
