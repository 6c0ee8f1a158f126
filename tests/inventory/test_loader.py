"""The loader: valid inventories load; each broken one reports file:line: field: message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from govops.errors import InventoryError
from govops.inventory import load_inventory
from govops.inventory.models import Tier

BASE = """\
sites:
  - {id: sn, name: 陕西省电子政务外网省中心, level: province, code: "610000"}
  - {id: sn-xa, name: 西安市, level: city, parent: sn}
  - {id: xa-lt, name: 临潼区, level: county, parent: sn-xa}
devices:
  - {name: sn-core-1, site: sn, host: 10.1.0.1, platform: huawei}
  - {name: xa-agg-1, site: sn-xa, host: 10.1.1.1, platform: hp_comware}
  - {name: lt-r1, site: xa-lt, host: 10.1.2.1, port: 2222, platform: cisco_ios}
links:
  - id: sn-xa-1
    a: {device: sn-core-1, interface: Eth-Trunk11}
    b: {device: xa-agg-1, interface: Bridge-Aggregation1}
  - id: xa-lt-1
    a: {device: xa-agg-1, interface: Ten-GigabitEthernet1/0/1}
    b: {device: lt-r1, interface: TenGigabitEthernet0/1/0}
    tier: city-county
    contracted: 2Gbps
clouds:
  - {id: prov, kind: provincial, name: 省级政务云, openstack_cloud: sn-prov}
systems:
  - id: SYS-0001
    name: 社会保险业务系统
    department: 省人力资源和社会保障厅
    level: province
    target_cloud: prov
    resources: {vcpu: 16, ram_gb: 64, disk_gb: 2000}
    depends_on: [SYS-0002]
    deadline: 2022-06-30
    bandwidth_demand: 200M
  - {id: SYS-0002, name: 人事考试系统, department: 省人力资源和社会保障厅, level: province}
"""


def write(tmp_path: Path, text: str, name: str = "inv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    prefix = f"{path}:"
    return [str(p).removeprefix(prefix) for p in info.value.problems]


def test_valid_inventory_loads_with_rates_and_tiers(tmp_path: Path) -> None:
    inv = load_inventory(write(tmp_path, BASE))
    assert list(inv.sites) == ["sn", "sn-xa", "xa-lt"]
    assert inv.links["xa-lt-1"].contracted == 2_000_000_000
    assert inv.tiers == {"sn-xa-1": Tier.PROVINCE_CITY, "xa-lt-1": Tier.CITY_COUNTY}
    assert inv.systems["SYS-0001"].bandwidth_demand == 200_000_000
    assert inv.devices["lt-r1"].port == 2222
    assert [link.id for link in inv.uplinks("xa-lt")] == ["xa-lt-1"]
    assert inv.sites["sn"].code == "610000"


def test_inventory_split_across_files_merges(tmp_path: Path) -> None:
    head, _, rest = BASE.partition("links:")
    write(tmp_path, head, "a.yaml")
    write(tmp_path, "links:" + rest, "b.yaml")
    inv = load_inventory(tmp_path)
    assert len(inv.links) == 2 and len(inv.systems) == 2
    assert inv.sources == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]


def test_unknown_references_are_all_reported(tmp_path: Path) -> None:
    text = BASE.replace("device: lt-r1", "device: lt-r9").replace(
        "city, parent: sn}", "city, parent: nx}"
    )
    text = text.replace("target_cloud: prov", "target_cloud: city-xx")
    text = text.replace("depends_on: [SYS-0002]", "depends_on: [SYS-0404]")
    assert problems(tmp_path, text) == [
        "3: sites[sn-xa].parent: unknown site 'nx' (not in sites)",
        "12: links[sn-xa-1].b.device: sn-xa's parent is 'nx', not 'sn'",
        "15: links[xa-lt-1].b.device: unknown device 'lt-r9' (not in devices)",
        "25: systems[SYS-0001].target_cloud: unknown cloud 'city-xx' (not in clouds)",
        "27: systems[SYS-0001].depends_on: unknown system 'SYS-0404' (not in systems)",
    ]


def test_schema_errors_name_line_and_field(tmp_path: Path) -> None:
    text = BASE.replace("platform: huawei", "platform: junos").replace(
        "contracted: 2Gbps", "contracted: fast"
    )
    text = text.replace("level: county", "level: district")
    text = text.replace("host: 10.1.1.1, ", "host: 10.1.1.1, colour: red, ")
    assert problems(tmp_path, text) == [
        "4: sites[xa-lt].level: Input should be 'province', 'city', 'county', 'township', "
        "'village' or 'department'",
        "6: devices[sn-core-1].platform: platform 'junos' cannot be collected; supported: huawei, "
        "huawei_vrpv8, hp_comware, cisco_ios, ruijie_os, zte_zxros",
        "7: devices[xa-agg-1].colour: unknown field",
        "17: links[xa-lt-1].contracted: not a rate: 'fast' (write e.g. 10G, 200M, 2Gbps, "
        "10000Mbps or bits/s)",
    ]


def test_duplicates_and_missing_fields(tmp_path: Path) -> None:
    text = BASE + "  - {id: SYS-0002, name: 重复, department: 某厅, level: province}\n"
    text += "  - {id: SYS-0003, department: 某厅, level: province}\n"
    assert problems(tmp_path, text) == [
        "31: systems[SYS-0002].id: duplicate id 'SYS-0002' (first at {f}:30)".format(
            f=tmp_path / "inv.yaml"
        ),
        "32: systems[SYS-0003].name: required field is missing",
    ]


def test_parent_cycle(tmp_path: Path) -> None:
    text = BASE.replace(
        "  - {id: sn-xa, name: 西安市, level: city, parent: sn}",
        "  - {id: sn-xa, name: 西安市, level: city, parent: xa-lt}",
    )
    found = problems(tmp_path, text)
    assert "3: sites[sn-xa].parent: a city site cannot hang under 'xa-lt', a county site" in found
    assert any("parent cycle: " in p for p in found)


def test_tier_mismatch_and_reversed_link(tmp_path: Path) -> None:
    text = BASE.replace("tier: city-county", "tier: province-city")
    text = text.replace(
        "a: {device: sn-core-1, interface: Eth-Trunk11}\n    b: {device: xa-agg-1,",
        "a: {device: xa-agg-1, interface: Eth-Trunk11}\n    b: {device: sn-core-1,",
    )
    assert problems(tmp_path, text) == [
        "11: links[sn-xa-1].a: a must be the upper-level end; sn-xa is city, sn is province",
        "16: links[xa-lt-1].tier: tier province-city does not match its sites "
        "(sn-xa: city, xa-lt: county -> city-county)",
    ]


def test_classified_system_on_government_cloud(tmp_path: Path) -> None:
    text = BASE.replace(
        "level: province\n    target_cloud",
        "level: province\n    classification: classified\n    target_cloud",
    )
    assert problems(tmp_path, text) == [
        "26: systems[SYS-0001].target_cloud: a classified system may not be placed on the "
        "government cloud",
    ]


def test_interface_used_by_two_links(tmp_path: Path) -> None:
    text = BASE.replace("interface: Ten-GigabitEthernet1/0/1", "interface: Bridge-Aggregation1")
    assert problems(tmp_path, text) == [
        "14: links[xa-lt-1].a.interface: xa-agg-1 Bridge-Aggregation1 already ends link 'sn-xa-1'",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sites: [\n  {id: a\n", "yaml: malformed YAML: "),
        ("- just\n- a list\n", "1: file: expected a mapping with keys sites, devices, links"),
        ("routers: []\n", "1: routers: unknown key; expected sites, devices, links, clouds"),
        ("sites: {id: a}\n", "1: sites: expected a list"),
        ("sites:\n  - just-a-string\n", "2: sites[0]: expected a mapping"),
        ("sites:\n  - {id: a, id: b}\n", "yaml: malformed YAML: duplicate key 'id'"),
        ("systems:\n  - {id: a,\n     deadline: 2022-02-30}\n", "3: yaml: malformed YAML: day is"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, expected: str) -> None:
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert expected in found[0]


def test_not_utf8_and_missing_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"sites:\n  - {id: \xff\xfe}\n")
    with pytest.raises(InventoryError) as info:
        load_inventory([bad, tmp_path / "nope"])
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'nope'}:0: path: no such file or directory"
    ]
    with pytest.raises(InventoryError) as info:
        load_inventory(bad)
    assert str(info.value.problems[0]).startswith(f"{bad}:1: file: not UTF-8 text")


def test_demo_inventory_validates(demo_inventory: Path) -> None:
    inv = load_inventory(demo_inventory)
    levels = [s.level.value for s in inv.sites.values()]
    assert levels.count("city") == 11
    assert levels.count("county") >= 40
    assert levels.count("township") >= 120
    assert levels.count("department") >= 12
    assert len(inv.systems) >= 200
    assert {d.platform for d in inv.devices.values()} >= {"huawei", "hp_comware", "cisco_ios"}
    kinds = [c.kind.value for c in inv.clouds.values()]
    assert (kinds.count("provincial"), kinds.count("city"), kinds.count("industry")) == (1, 11, 2)
    assert len(inv.devices_at("sn")) == 2
    assert all(len(inv.devices_at(s.id)) == 2 for s in inv.sites.values() if s.level == "city")
    assert any(s.depends_on for s in inv.systems.values())


def test_alias_bomb_and_deep_nesting_end_in_problems_quickly(tmp_path: Path) -> None:
    """A billion-laughs document (aliases are shared, never expanded) and nesting 100,000
    deep are each a problem with its line, in well under a second."""
    import time

    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    bomb = "x:\n" + "".join(f"  {line}\n" for line in laughs.splitlines()) + "sites: *i\n"
    started = time.perf_counter()  # PyYAML shares aliases: nothing expands
    found = problems(tmp_path, bomb)
    assert found[0].startswith("1: x: unknown key; expected sites, devices, links")
    # sites is list i (line 10); its items are list h, written on line 9
    assert found[1:] == [f"9: sites[{n}]: expected a mapping" for n in range(9)]
    deep = problems(tmp_path, "sites: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert len(deep) == 1 and deep[0].startswith("1: ")
    assert "nest" in deep[0]
    assert time.perf_counter() - started < 5
