"""Fault files, fault options and webhook bodies under hostile input."""

from __future__ import annotations

import csv
import io
import json
import math
import time
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import SETTINGS, assert_clean, invoke, table_rows

FIELDS = ["category", "severity", "summary", "opened_at", "acknowledged_at", "resolved_at",
          "site", "level", "external_key", "x"]  # fmt: skip
times = st.one_of(
    st.sampled_from(
        [
            "2026-11-01T01:00:00Z",
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T23:59:59",
            "2099-01-01",
            "1969-12-31T23:59:59Z",
            "-1e15",
            "NaN",
            "Infinity",
            "",
            " ",
            "now",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=30),
)
values = st.one_of(
    times,
    st.sampled_from(["network", "platform", "security", "critical", "major", "minor", "city"]),
    st.text(max_size=40),
    st.tuples(st.sampled_from('ab\x1b\n,"\x00'), st.integers(100_000, 210_000)).map(
        lambda t: t[0] * t[1]
    ),  # huge fields
    st.none(),
    st.booleans(),
)
rows = st.lists(st.dictionaries(st.sampled_from(FIELDS), values, max_size=10), max_size=4)
nested = st.integers(min_value=1, max_value=100_000).map(lambda n: "[" * n + "]" * n)


def _csv(items: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for item in items:
        writer.writerow({k: "" if v is None else v for k, v in item.items()})
    return out.getvalue().encode("utf-8", "surrogatepass")


encodings = st.sampled_from(["utf-8", "gbk", "utf-16", "latin-1"])
raw_files = st.one_of(
    rows.map(_csv),
    st.tuples(rows, encodings).map(
        lambda t: _csv(t[0]).decode("utf-8", "replace").encode(t[1], "replace")
    ),
    st.binary(max_size=300),
    nested.map(str.encode),
)


@SETTINGS
@given(data=raw_files, suffix=st.sampled_from([".csv", ".json", ".xlsx", ""]))
def test_fault_import_any_file(tmp_path: Path, data: bytes, suffix: str) -> None:
    db = tmp_path / f"f{time.monotonic_ns()}.db"
    path = tmp_path / f"faults{suffix}"
    path.write_bytes(data)
    code, _, err = invoke("fault", "import", path, "--db", db)
    assert_clean("fault import file", code, err)
    if code != 0:
        assert table_rows(db, "faults") == 0  # nothing half-imported


@SETTINGS
@given(items=st.lists(st.dictionaries(st.sampled_from(FIELDS), values, max_size=10), max_size=3))
def test_fault_import_any_json(tmp_path: Path, items: list[dict[str, Any]]) -> None:
    db = tmp_path / f"j{time.monotonic_ns()}.db"
    path = tmp_path / "faults.json"
    path.write_text(json.dumps(items, allow_nan=True), encoding="utf-8")
    code, _, err = invoke("fault", "import", path, "--db", db)
    assert_clean("fault import json", code, err)
    if code != 0:
        assert table_rows(db, "faults") == 0


ids = st.one_of(st.integers(min_value=-(2**80), max_value=2**80).map(str), st.text(max_size=12))
whens = st.one_of(times.map(str), st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()))


@SETTINGS
@given(command=st.sampled_from(["ack", "resolve", "show"]), fault_id=ids, at=whens)
def test_fault_options(state: Path, command: str, fault_id: str, at: str) -> None:
    code, _, err = invoke("fault", "open", "link down", "-c", "network", "--db", state)
    assert code == 0, err
    when = [] if command == "show" else ["--at", at]
    code, _, err = invoke("fault", command, *when, "--db", state, "--", fault_id)
    assert_clean(f"fault {command}", code, err, (0, 1, 2))
    for listing in (["list"], ["report"], ["list", "--open"]):
        assert invoke("fault", *listing, "--db", state)[0] == 0  # the state still reads


@SETTINGS
@given(at=whens, summary=st.text(max_size=3000), window=st.text(max_size=12))
def test_fault_open_and_list(state: Path, at: str, summary: str, window: str) -> None:
    before = table_rows(state, "faults")
    code, _, err = invoke(
        "fault", "open", "--at", at, "-c", "network", "--db", state, "--", summary
    )
    assert_clean("fault open", code, err)
    assert table_rows(state, "faults") == before + (code == 0)
    code, out, err = invoke("fault", "list", "--window", window, "--db", state)
    assert_clean("fault list --window", code, err)
    assert "\x1b" not in out


bodies = st.one_of(
    st.binary(max_size=200),
    nested.map(str.encode),
    st.fixed_dictionaries(
        {
            "version": st.sampled_from(["4", "3", 4]),
            "status": st.sampled_from(["firing", "resolved", "x"]),
            "alerts": st.lists(
                st.fixed_dictionaries(
                    {
                        "status": st.sampled_from(["firing", "resolved"]),
                        "labels": st.dictionaries(
                            st.sampled_from(["alertname", "category", "severity", "site", "level"]),
                            st.text(max_size=300),
                        ),
                        "annotations": st.dictionaries(st.sampled_from(["summary"]), st.text()),
                        "startsAt": times,
                        "endsAt": times,
                        "fingerprint": st.text(max_size=200),
                    }
                ),
                max_size=3,
            ),
        }
    ).map(lambda d: json.dumps(d, allow_nan=True).encode()),
)


@SETTINGS
@given(body=bodies)
def test_webhook_body(conn: Any, policy: Any, body: bytes) -> None:
    from govops.errors import InputError
    from govops.sla import faults
    from govops.sla.intake import apply_webhook

    before = len(faults.list_faults(conn))
    try:
        apply_webhook(conn, policy, body, now=time.time())
    except InputError:
        assert len(faults.list_faults(conn)) == before  # a refused post changes nothing
    from tests.fuzz.conftest import COUNTS

    COUNTS["webhook body"] += 1
    for fault in faults.list_faults(conn):  # whatever was stored is within bounds
        assert 0 <= fault.opened_at <= time.time() + 300
        assert math.isfinite(fault.opened_at)
