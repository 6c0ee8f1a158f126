"""Network, policy and cloud files under hostile bytes and hostile structure."""

from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DEMO
from tests.fuzz.conftest import SETTINGS, assert_clean, invoke, table_rows

nested = st.integers(min_value=1, max_value=50_000)
texts = st.one_of(
    st.text(max_size=400),
    st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["GigabitEthernet0/0/1 current state : UP\n", "接口描述 上行\n"]),
)
raw = st.one_of(
    st.binary(max_size=500),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    texts.map(lambda t: t.encode("gbk", "replace")),
    texts.map(lambda t: t.encode("utf-16")),
    nested.map(lambda n: ("- " * n + "x\n").encode()),
    nested.map(lambda n: ("[" * n).encode()),
)


@SETTINGS
@given(data=raw, platform=st.sampled_from(["huawei", "hp_comware", "cisco_ios", "nope"]))
def test_network_parse_any_output(tmp_path: Path, data: bytes, platform: str) -> None:
    path = tmp_path / "out.txt"
    path.write_bytes(data)
    command = {"huawei": "display interface", "hp_comware": "display interface"}.get(
        platform, "show interfaces"
    )
    code, out, err = invoke("network", "parse", path, "--platform", platform, "--command", command)
    assert_clean("network parse file", code, err)
    if code == 0:
        json.loads(out)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
trees = st.recursive(
    scalars,
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=12), kids, max_size=3)
    ),
    max_leaves=12,
)
devices = st.one_of(
    trees,
    st.dictionaries(
        st.sampled_from(["sn-core-1", "../etc", "xa-agg-1", ".", "a/b", ""]),
        st.one_of(
            trees,
            st.fixed_dictionaries(
                {
                    "platform": scalars,
                    "ok": scalars,
                    "error": scalars,
                    "commands": st.one_of(
                        trees,
                        st.dictionaries(
                            st.sampled_from(["display interface", "show interfaces", "x"]),
                            st.sampled_from(
                                ["display_interface.txt", "show_interfaces.txt", "../x"]
                            ),
                        ),
                    ),
                }
            ),
        ),
        max_size=3,
    ),
)
manifests = st.one_of(
    st.fixed_dictionaries(
        {
            "format": st.sampled_from(["govops-snapshot/1", "x", 1]),
            "created_at": scalars,
            "devices": devices,
        }
    ).map(lambda d: json.dumps(d, allow_nan=True).encode()),
    raw,
)


@SETTINGS
@given(manifest=manifests, as_dir=st.booleans(), outputs=st.binary(max_size=200))
def test_network_audit_any_snapshot(
    tmp_path: Path, manifest: bytes, as_dir: bool, outputs: bytes
) -> None:
    snap = tmp_path / f"snap{time.monotonic_ns()}"
    (snap / "sn-core-1").mkdir(parents=True)
    (snap / "sn-core-1" / "display_interface.txt").write_bytes(outputs)
    if as_dir:
        (snap / "manifest.json").mkdir()
    else:
        (snap / "manifest.json").write_bytes(manifest)
    db = tmp_path / f"a{time.monotonic_ns()}.db"
    code, _, err = invoke(
        "network",
        "audit",
        "-i",
        DEMO,
        "--snapshot",
        snap,
        "--format",
        "json",
        env={"GOVOPS_DB": str(db)},
    )
    assert_clean("network audit snapshot", code, err)
    if code != 0:
        assert table_rows(db, "documents") == 0  # a refused audit stores no summary


policies = st.one_of(
    raw,
    trees.map(lambda t: json.dumps(t, allow_nan=True).encode()),  # JSON is YAML
    st.fixed_dictionaries(
        {
            "default_target": scalars,
            "at_risk_before": scalars,
            "objectives": st.dictionaries(st.integers(), scalars, max_size=2),
            "windows": st.lists(scalars, max_size=2),
            "tiers": trees,
            "utilization": trees,
        }
    ).map(lambda d: json.dumps(d, allow_nan=True).encode()),
)


@SETTINGS
@given(data=policies, as_dir=st.booleans())
def test_sla_policy_file(tmp_path: Path, data: bytes, as_dir: bool) -> None:
    path = tmp_path / f"sla{time.monotonic_ns()}.yaml"
    if as_dir:
        path.mkdir()
    else:
        path.write_bytes(data)
    code, _, err = invoke("fault", "report", "--policy", path)
    assert_clean("sla policy file", code, err)


@SETTINGS
@given(data=policies, as_dir=st.booleans())
def test_network_policy_file(tmp_path: Path, data: bytes, as_dir: bool) -> None:
    path = tmp_path / f"policy{time.monotonic_ns()}.yaml"
    if as_dir:
        path.mkdir()
    else:
        path.write_bytes(data)
    code, _, err = invoke(
        "network", "audit", "-i", DEMO, "--snapshot", tmp_path / "none", "--policy", path
    )
    assert_clean("network policy file", code, err)


COLUMNS = ["system", "status", "note", "reason", "wave", "wave_date", "target_cloud",
           "deadline", "evidence", "actor", "at", "error", "x"]  # fmt: skip
cells = st.one_of(
    st.sampled_from(
        [
            "SYS-0001",
            "SYS-0002",
            "assessed",
            "planned",
            "blocked",
            "migrated",
            "0001-01-01",
            "9999-12-31",
            "2026-01-01 08:00",
            "99999999999999999999",
            "prov",
            "-1",
            "",
        ]
    ),
    st.text(max_size=30),
)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@SETTINGS
@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True),
    rows=st.lists(st.lists(cells, max_size=6), max_size=4),
    encoding=st.sampled_from(["utf-8", "gbk", "utf-16"]),
    twice=st.booleans(),
)
def test_cloud_import_any_csv(
    tmp_path: Path, header: list[str], rows: list[list[str]], encoding: str, twice: bool
) -> None:
    path = tmp_path / f"moves{time.monotonic_ns()}.csv"
    data = _csv(header, rows).encode(encoding, "replace")
    path.write_bytes(data)
    env = {"GOVOPS_DB": str(tmp_path / f"c{time.monotonic_ns()}.db")}
    code, _, err = invoke("cloud", "import", path, "-i", DEMO, env=env)
    assert_clean("cloud import file", code, err)
    if twice and code == 0:
        code, _, err = invoke("cloud", "import", path, "-i", DEMO, env=env)
        assert (code, err.endswith(" 0 rejected\n")) == (0, True)  # a re-run is clean too
    assert path.read_bytes() == data  # the input is never rewritten


@SETTINGS
@given(
    option=st.sampled_from(["--start", "--wave-days", "--max-per-wave"]),
    value=st.one_of(cells, st.integers(-(2**70), 2**70).map(str), st.dates().map(str)),
)
def test_cloud_plan_options(tmp_path: Path, option: str, value: str) -> None:
    env = {"GOVOPS_DB": str(tmp_path / f"p{time.monotonic_ns()}.db")}
    code, _, err = invoke("cloud", "plan", "-i", DEMO, option, value, env=env)
    assert_clean("cloud plan options", code, err)


@SETTINGS
@given(
    option=st.sampled_from(["--at", "--wave", "--wave-date", "--deadline", "--note"]),
    value=st.one_of(cells, st.integers(-(2**70), 2**70).map(str), st.dates().map(str)),
    status=st.sampled_from(["assessed", "planned", "blocked"]),
)
def test_cloud_move_options(tmp_path: Path, option: str, value: str, status: str) -> None:
    env = {"GOVOPS_DB": str(tmp_path / f"m{time.monotonic_ns()}.db")}
    code, _, err = invoke(
        "cloud", "move", "SYS-0001", status, "-i", DEMO, "--reason", "r", option, value, env=env
    )
    assert_clean("cloud move options", code, err, (0, 1, 2))
    assert invoke("cloud", "status", "-i", DEMO, env=env)[0] == 0  # the state still reads
