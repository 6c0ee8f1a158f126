"""Measured utilisation without a Prometheus: names, answers, URLs, the file source."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govops.cli import app
from govops.errors import GovopsError, InputError
from govops.network.policy import MetricNames
from govops.network.prometheus import Prometheus, PrometheusError, check_url, parse_vector, redact
from govops.network.utilisation import canonical_interface, interface_pattern
from govops.network.utilisation_file import read_utilisation_file
from govops.network.utilisation_sources import batches, fleet_queries

runner = CliRunner()


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Gi0/1", "GigabitEthernet0/1"),
        ("GE0/0/1", "GigabitEthernet0/0/1"),
        ("XGE1/0/1", "Ten-GigabitEthernet1/0/1"),
        ("XGE0/0/1", "XGigabitEthernet0/0/1"),
        ("Te0/1/1", "TenGigabitEthernet0/1/1"),
        ("BAGG1", "Bridge-Aggregation1"),
        ("RAGG2", "Route-Aggregation2"),
        ("Eth-Trunk1", "Eth-Trunk1"),
        ("Po1", "Port-channel1"),
        ("TenGigabitEthernet 0/1", "TenGigabitEthernet0/1"),
        ("Ag1", "AggregatePort 1"),
        ("FGE1/0/1", "FortyGigE1/0/1"),
        ("100GE1/0/1", "HundredGigE1/0/1"),
        ("Vlanif100", "Vlan-interface100"),
        ("Gi0/0/1.100", "GigabitEthernet0/0/1.100"),
    ],
)
def test_abbreviations_name_the_same_interface(short: str, full: str) -> None:
    assert canonical_interface(short) == canonical_interface(full)


def test_different_interfaces_stay_different() -> None:
    names = ["GE0/0/1", "GE0/0/10", "XGE0/0/1", "Eth-Trunk1", "Eth-Trunk11", "BAGG1", "Po1"]
    assert len({canonical_interface(n) for n in names}) == len(names)


def test_the_interface_pattern_matches_every_spelling_of_the_link_ends_only() -> None:
    import re

    pattern = re.compile(interface_pattern(["GigabitEthernet0/0/1", "Eth-Trunk1", "Po2"]))
    for name in ("GigabitEthernet0/0/1", "Gi0/0/1", "GE0/0/1", "Eth-Trunk1", "Port-channel2",
                 "po2", "GigabitEthernet 0/0/1"):  # fmt: skip
        assert pattern.fullmatch(name), name
    for name in ("GigabitEthernet0/0/10", "GigabitEthernet0/0/2", "Eth-Trunk11", "Vlanif1"):
        assert not pattern.fullmatch(name), name


def test_big_fleets_are_asked_in_batches_under_prometheus_sample_limit(
    demo_inventory: Path,
) -> None:
    from govops.inventory import load_inventory

    inventory = load_inventory([demo_inventory])
    assert len(batches(inventory, 30 * 86400)) == 1
    many = batches(inventory, 400 * 86400)  # 115,200 steps: 173 link ends a query
    assert len(many) == 5
    ends = sum(len(interfaces) for _, interfaces in many)
    assert ends == 2 * len(inventory.links)


def test_fleet_queries_select_every_instance_at_once_with_a_5_minute_subquery() -> None:
    queries = fleet_queries(MetricNames(matchers='job="snmp"'), ["10.0.0.1", "a"], 7 * 86400, 0.95)
    assert len(queries) == 5
    assert queries[("in", "quantile")] == (
        '8 * quantile_over_time(0.95, rate(ifHCInOctets{instance=~"10\\\\.0\\\\.0\\\\.1|a", '
        'job="snmp"}[5m])[604800s:300s])'
    )
    assert queries[("in", "hours")] == (
        'count_over_time(rate(ifHCInOctets{instance=~"10\\\\.0\\\\.0\\\\.1|a", '
        'job="snmp"}[5m])[604800s:3600s])'
    )
    recorded = fleet_queries(MetricNames(in_rate="x:rate5m"), ["a"], 86400, 0.5)
    assert recorded[("in", "max")] == '8 * max_over_time(x:rate5m{instance=~"a"}[86400s])'
    assert recorded[("in", "count")] == 'count_over_time(x:rate5m{instance=~"a"}[86400s])'


def test_urls_are_checked_and_passwords_never_shown() -> None:
    assert check_url("http://prom:9090/") == ("http://prom:9090", None)
    base, auth = check_url("https://u:secret@prom.example/prometheus")
    assert base == "https://prom.example/prometheus" and auth == "Basic dTpzZWNyZXQ="
    assert redact("https://u:secret@prom.example") == "https://u:***@prom.example"
    for bad in ("prom:9090", "ftp://x", "http://", "http://x:99999", "http://x/?q=1"):
        with pytest.raises(InputError) as caught:
            check_url(bad)
        assert "secret" not in caught.value.message


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
)
JSONISH = st.recursive(
    VALUES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_samples_or_a_clean_error(body: bytes) -> None:
    try:
        parse_vector(body)
    except PrometheusError as exc:
        assert exc.exit_code == 1 and "not a query result" in exc.message


@settings(max_examples=300, deadline=None)
@given(JSONISH, JSONISH)
def test_any_json_in_a_success_answer_gives_samples_or_a_clean_error(
    result: object, value: object
) -> None:
    bodies = [
        {"status": "success", "data": {"resultType": "vector", "result": result}},
        {
            "status": "success",
            "data": {"resultType": "vector", "result": [{"metric": {"a": "b"}, "value": value}]},
        },
    ]
    for body in bodies:
        try:
            samples = parse_vector(json.dumps(body).encode())
        except PrometheusError:
            continue
        assert all(isinstance(s.value, float) for s in samples)


def test_non_finite_values_are_left_out_not_reported_as_figures() -> None:
    body = {
        "status": "success",
        "data": {
            "resultType": "vector",
            "result": [
                {"metric": {"i": "1"}, "value": [1.0, "NaN"]},
                {"metric": {"i": "2"}, "value": [1.0, "+Inf"]},
                {"metric": {"i": "3"}, "value": [1.0, "12.5"]},
            ],
        },
    }
    samples = parse_vector(json.dumps(body).encode())
    assert [(dict(s.labels), s.value) for s in samples] == [({"i": "3"}, 12.5)]


class _Answer(http.server.BaseHTTPRequestHandler):
    status = 200
    body = b""
    delay = 0.0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def answering() -> Iterator[type[_Answer]]:
    handler = type("Handler", (_Answer,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("status", "body", "code", "words"),
    [
        (503, b'{"status":"error","error":"too many queries"}', 1, "answered 503: too many"),
        (500, b"<html>oops</html>", 1, "answered 500: <html>oops</html>"),
        (200, b"<html>a login page</html>", 1, "not a query result (not JSON)"),
        (400, b'{"status":"error","errorType":"bad_data","error":"parse error"}', 2, "refused"),
        (401, b"", 1, "refused access (401)"),
    ],
)
def test_http_answers_map_to_exit_codes(
    answering: type[_Answer], status: int, body: bytes, code: int, words: str
) -> None:
    answering.status, answering.body = status, body
    with pytest.raises(GovopsError) as caught:
        Prometheus(answering.url).query("up", 0)  # type: ignore[attr-defined]
    assert caught.value.exit_code == code
    assert words in caught.value.message


def test_a_prometheus_slower_than_the_timeout_is_exit_1_naming_the_cure(
    answering: type[_Answer],
) -> None:
    answering.delay = 1.5
    with pytest.raises(PrometheusError) as caught:
        Prometheus(answering.url, timeout=0.3).query("up", 0)  # type: ignore[attr-defined]
    assert "did not answer within 0.3 s" in caught.value.message
    assert "govops-utilisation.rules.yml" in caught.value.message


def test_a_utilisation_file_is_read_with_abbreviations_units_and_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "esight.csv"
    text = "Device,Interface,In_BPS,Out_BPS,Window\nsn-core-1,GE0/0/1,4.5G,1200000,7d\n"
    text += "10.0.0.2,Eth-Trunk1,100,200,\n"
    path.write_bytes(text.encode("gb18030"))
    found = read_utilisation_file(path, 30 * 86400)
    first = found[("sn-core-1", canonical_interface("GigabitEthernet0/0/1"))]
    assert (first.in_bps, first.out_bps, first.window_s) == (4.5e9, 1.2e6, 7 * 86400)
    assert found[("10.0.0.2", "eth-trunk1")].window_s == 30 * 86400


def test_a_bad_utilisation_file_names_every_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("device,interface,in_bps,out_bps,window\n,GE0/0/1,fast,-1,1y\nx,y,,,\n")
    with pytest.raises(GovopsError) as caught:
        read_utilisation_file(path, 86400)
    assert caught.value.exit_code == 2
    assert caught.value.details() == [
        f"{path}:2: device: empty",
        f"{path}:2: in_bps: not a rate: 'fast' (write e.g. 10G, 200M, 2Gbps, 10000Mbps or bits/s)",
        f"{path}:2: out_bps: not a rate: '-1'",
        f"{path}:2: window: not a duration: '1y' (write e.g. 90s, 30m, 3h, 30d)",
        f"{path}:3: in_bps: no in_bps or out_bps figure",
    ]
    missing = tmp_path / "missing.csv"
    missing.write_text("device,interface,in\n")
    with pytest.raises(InputError, match="missing column"):
        read_utilisation_file(missing, 86400)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_file_is_read_or_refused_cleanly(tmp_path_factory: pytest.TempPathFactory,
                                              body: bytes) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("fuzz") / "u.csv"
    path.write_bytes(b"device,interface,in_bps,out_bps,window\n" + body)
    try:
        read_utilisation_file(path, 86400)
    except GovopsError as exc:
        assert exc.exit_code == 2


def test_audit_from_a_utilisation_file(tmp_path: Path, demo_inventory: Path) -> None:
    from govops.inventory import load_inventory
    from govops.lab.snapshot import write_lab_snapshot

    inventory = load_inventory([demo_inventory])
    write_lab_snapshot(inventory, tmp_path / "snap")
    rows = ["device,interface,in_bps,out_bps,window"]
    for link in inventory.links.values():
        rows.append(f"{link.a.device},{link.a.interface},1M,2M,30d")
    first = sorted(inventory.links)[0]
    link = inventory.links[first]
    rows.append(f"{link.b.device},{link.b.interface},1900M,1G,30d")
    (tmp_path / "u.csv").write_text("\n".join(rows) + "\n")
    result = runner.invoke(
        app,
        ["network", "audit", "-i", str(demo_inventory), "--snapshot", str(tmp_path / "snap"),
         "--utilisation-from", str(tmp_path / "u.csv"), "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    audited = {x["id"]: x for x in report["links"]}[first]
    assert audited["measured"]["device"] == link.b.device
    assert audited["measured"]["in_bps"] == 1_900_000_000
    assert audited["utilization"] == round(1.9e9 / audited["effective_bps"], 4)
    assert audited["measured"]["source"] == f"file {tmp_path / 'u.csv'}"


def test_both_sources_at_once_is_exit_2(tmp_path: Path, demo_inventory: Path) -> None:
    result = runner.invoke(
        app,
        ["network", "audit", "-i", str(demo_inventory), "--snapshot", str(tmp_path),
         "--utilisation-from", "x.csv", "--prometheus", "http://p:9090"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "give --prometheus or --utilisation-from, not both" in result.stderr


def test_the_shipped_recording_rules_check_and_pass_their_promtool_tests() -> None:
    import subprocess

    from tests.network.promlab import need

    promtool = need("promtool")
    deploy = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
    checked = subprocess.run(
        [promtool, "check", "rules", "govops-utilisation.rules.yml"],
        cwd=deploy, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run(
        [promtool, "test", "rules", "govops-utilisation.test.yml"],
        cwd=deploy / "tests", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert tested.returncode == 0 and "SUCCESS" in tested.stdout, tested.stdout + tested.stderr


def test_a_utilisation_sheet_from_excel_is_read(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["device", "interface", "in_bps", "out_bps", "window"])
    sheet.append(["sn-core-1", "XGE0/0/1", 1500000000, "2G", "7d"])
    book.save(tmp_path / "imc.xlsx")
    found = read_utilisation_file(tmp_path / "imc.xlsx", 86400)
    figures = found[("sn-core-1", canonical_interface("XGigabitEthernet0/0/1"))]
    assert (figures.in_bps, figures.out_bps, figures.window_s) == (1.5e9, 2e9, 7 * 86400)
