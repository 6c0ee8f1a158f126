"""run_audit over the demo province's device output (rendered by the lab, no SSH here)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from govops.errors import InputError
from govops.inventory import Inventory, load_inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.audit import run_audit
from govops.network.models import DeviceResult
from govops.network.policy import Policy, load_policy
from tests.network import expected as want

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo() -> Inventory:
    return load_inventory(ROOT / "inventories" / "demo")


@pytest.fixture(scope="module")
def outputs(demo: Inventory) -> list[DeviceResult]:
    return [
        DeviceResult(d.name, d.platform, RENDERERS[d.platform](d, device_ports(demo, d)))
        for d in demo.devices.values()
    ]


@pytest.fixture(scope="module")
def report(demo: Inventory, outputs: list[DeviceResult]) -> dict:
    policy = load_policy(ROOT / "playbooks" / "bandwidth-tiers.yaml")
    return run_audit(demo, outputs, policy).to_json()


def test_site_statuses_are_exactly_the_built_in_shortfalls(report: dict) -> None:
    assert want.sites_with(report, "bandwidth_status", "degraded") == want.DEGRADED
    assert want.sites_with(report, "bandwidth_status", "non_compliant") == want.NON_COMPLIANT
    assert want.sites_with(report, "bandwidth_status", "unknown") == set()


def test_links(report: dict) -> None:
    links = {link["id"]: link for link in report["links"]}
    assert {i for i, link in links.items() if link["status"] == "below_target"} == want.BELOW_TARGET
    assert {i for i, link in links.items() if link["status"] == "down"} == want.DOWN
    assert links["sn-ak-2"]["status"] == "compliant"  # 1 of 2 x 10GE up is still 10G
    assert links["sn-ak-2"]["effective_bps"] == 10 * 10**9
    assert links["xa-changan-1"]["effective_bps"] == 2 * 10**9  # 2G circuit on 10GE
    hot = {f["subject"]: f["severity"] for f in report["findings"] if f["check"] == "utilization"}
    assert hot == want.HOT


def test_ipv6_statuses(report: dict) -> None:
    assert want.sites_with(report, "ipv6_status", "ipv4_only") == want.IPV4_ONLY
    assert want.sites_with(report, "ipv6_status", "partial") == want.PARTIAL
    county = report["summary"]["levels"]["county"]
    assert (county["ipv6_ready"], county["expected"]) == (31, 44)
    devices = {d["name"]: d["ipv6_status"] for d in report["devices"]}
    assert devices["xa-zhouzhi-r1"] == "ipv4_only"
    assert devices["xa-changan-r1"] == "partial"  # its link to the IPv4-only t2
    assert devices["xa-huyi-r1"] == "dual_stack"


def test_summary_has_the_contract_shape(report: dict) -> None:
    keys = {
        "expected",
        "connected",
        "bandwidth_compliant",
        "ipv6_ready",
        "coverage_ratio",
        "bandwidth_compliance_ratio",
        "ipv6_ready_ratio",
    }
    assert keys <= set(report["summary"]["total"])
    for level in report["summary"]["levels"].values():
        assert keys <= set(level)
    county = report["summary"]["levels"]["county"]
    assert county["connected"] == 43 and county["coverage_ratio"] == round(43 / 44, 4)


def test_policy_totals_set_expected_coverage(demo: Inventory, outputs: list[DeviceResult]) -> None:
    policy = Policy(expected={"county": 107})  # type: ignore[dict-item]
    county = run_audit(demo, outputs, policy).summary["levels"]["county"]
    assert county["expected"] == 107
    assert county["coverage_ratio"] == round(43 / 107, 4)


def test_same_input_gives_byte_identical_json(demo: Inventory, outputs: list[DeviceResult]) -> None:
    first = json.dumps(run_audit(demo, outputs, Policy()).to_json(), indent=2)
    second = json.dumps(run_audit(demo, list(reversed(outputs)), Policy()).to_json(), indent=2)
    assert first == second


def test_unreadable_devices_make_sites_unknown(
    demo: Inventory, outputs: list[DeviceResult]
) -> None:
    broken = {"xa-huyi-r1", "xa-agg-1", "xa-agg-2"}
    mangled = [
        replace(r, outputs={}, error="timeout: no SSH answer in time") if r.name in broken else r
        for r in outputs
    ]
    garbage = [
        replace(
            r, outputs={"display interface": "%%%% garbage", "display ipv6 interface brief": ""}
        )
        if r.name == "tc-wangyi-r1"
        else r
        for r in mangled
    ]
    report = run_audit(demo, garbage, Policy()).to_json()
    sites = {s["id"]: s for s in report["sites"]}
    assert sites["xa-huyi"]["bandwidth_status"] == "unknown"
    assert sites["xa-huyi"]["ipv6_status"] == "unknown"
    assert sites["xa-huyi-t1"]["bandwidth_status"] == "compliant"  # its own end still answers
    devices = {d["name"]: d for d in report["devices"]}
    assert devices["tc-wangyi-r1"]["error"].startswith("unreadable output")
    reach = {f["subject"] for f in report["findings"] if f["check"] == "reachability"}
    assert broken | {"tc-wangyi-r1"} <= reach


def test_bad_policy_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("tiers:\n  city-county: {rate: fast}\n")
    with pytest.raises(InputError, match=r"policy.yaml: tiers.city-county.rate"):
        load_policy(bad)


def test_an_aggregate_short_of_its_members_is_a_finding(report: dict) -> None:
    short = {(f["subject"], f["message"]) for f in report["findings"] if f["check"] == "aggregate"}
    assert short == want.SHORT_AGGREGATES
    assert all(f["severity"] == "warning" for f in report["findings"] if f["check"] == "aggregate")


def test_every_finding_names_a_check_that_network_checks_lists(report: dict) -> None:
    from govops.network.checklist import checks

    listed = {c.id for c in checks(Policy())}
    assert {f["check"] for f in report["findings"]} <= listed


def test_zte_and_ruijie_devices_are_audited_like_the_others(report: dict) -> None:
    devices = {d["name"]: d for d in report["devices"]}
    for name in want.ZTE_DEVICES | want.RUIJIE_DEVICES:
        assert devices[name]["reachable"] and devices[name]["error"] is None
    zte = {i["name"]: i for i in devices["xa-lintong-r1"]["interfaces"]}
    uplink = zte["xgei-0/1/0/1"]  # 2G circuit on a 10GE port: BW is the configured rate
    assert (uplink["oper_status"], uplink["speed_bps"], uplink["bandwidth_bps"]) == (
        "up",
        10 * 10**9,
        2 * 10**9,
    )
    # the 11th link of links.yaml: 2001:DB8:B::/64 in the lab, "Rate period : 30 s"
    assert uplink["rate_window_s"] == 30 and uplink["ipv6"] == ["2001:db8:b::2/64"]
    ruijie = {i["name"]: i for i in devices["xa-lintong-t1-r1"]["interfaces"]}
    port = ruijie["GigabitEthernet 0/1"]
    assert (port["speed_bps"], port["bandwidth_bps"], port["rate_window_s"]) == (
        10**9,
        200 * 10**6,
        10,
    )
    links = {link["id"]: link for link in report["links"]}
    assert links["xa-lintong-t1-1"]["status"] == "compliant"
    assert links["xa-lintong-t1-1"]["effective_bps"] == 200 * 10**6
    assert devices["xa-lintong-r1"]["ipv6_status"] == "dual_stack"


def test_without_members_the_previous_audit_gives_the_count(
    demo: Inventory, outputs: list[DeviceResult]
) -> None:
    from govops.network.checks import members_seen

    links = {k: v.model_copy(update={"members": None}) for k, v in demo.links.items()}
    bare = replace(demo, links=links)
    assert not [f for f in run_audit(bare, outputs, Policy()).findings if f.check == "aggregate"]
    # the previous audit saw sn-ak-2's trunk with both members (a healthy day)
    seen = members_seen(run_audit(demo, outputs, Policy()).to_json())
    assert seen[("sn-core-2", "Eth-Trunk9")] == 2  # VRP lists every member with its state
    assert seen[("ak-agg-2", "Port-channel1")] == 1  # IOS lists the bundled ones only
    seen[("ak-agg-2", "Port-channel1")] = 2
    short = [
        (f.subject, f.message)
        for f in run_audit(bare, outputs, Policy(), seen_members=seen).findings
        if f.check == "aggregate"
    ]
    then = "(as many as the previous audit saw)"
    assert short == [
        ("sn-ak-2", f"ak-agg-2 Port-channel1: 1 of 2 members up {then}"),
        ("sn-ak-2", f"sn-core-2 Eth-Trunk9: 1 of 2 members up {then}"),
    ]
