"""Parsing per platform on real output shapes: aggregates, sub-rate circuits, admin-down
ports, missing rates, both Huawei layouts, IPv4 and IPv6 forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.errors import InputError
from govops.network.models import Interface, OperStatus
from govops.network.parsing import device_rate, normalise_ipv6, parse_device, parse_output

DATA = Path(__file__).parent / "data"
G = 10**9
M = 10**6


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def by_name(records: list[Interface]) -> dict[str, Interface]:
    return {r.name: r for r in records}


@pytest.mark.parametrize(
    ("text", "bps"),
    [
        ("10G", 10 * G),
        ("2Gbps", 2 * G),
        ("1000000 Kbit/sec", G),
        ("10000M", 10 * G),
        ("10000", 10 * G),
        ("10Gb/s", 10 * G),
        ("1000Mbps", G),
        ("200000 kbps", 200 * M),
        ("auto", None),
        ("Unknown", None),
        ("", None),
    ],
)
def test_device_rates_become_bits_per_second(text: str, bps: int | None) -> None:
    assert device_rate(text) == bps


def test_ipv6_is_compressed_lower_case_and_link_local_is_dropped() -> None:
    assert normalise_ipv6("2001:0DB8:0005:0000:0000:0000:0000:0002") == "2001:db8:5::2"
    assert normalise_ipv6("2001:DB8:176:0:0:0:0:2/64") == "2001:db8:176::2/64"
    assert normalise_ipv6("FE80::2E0:FCFF:FE12:3456") is None
    assert normalise_ipv6("Unassigned") is None


def test_huawei_router_layout() -> None:
    records = by_name(
        parse_device(
            "huawei",
            {
                "display interface": read("huawei_router_display_interface.txt"),
                "display ipv6 interface brief": read(
                    "huawei_router_display_ipv6_interface_brief.txt"
                ),
                "display ipv6 neighbors": read("huawei_display_ipv6_neighbors.txt"),
            },
        )
    )
    trunk = records["Eth-Trunk11"]
    assert trunk.members == ("GigabitEthernet1/0/0", "GigabitEthernet1/0/1")
    assert trunk.speed_bps == 10 * G  # Current BW: the up members' sum
    assert (trunk.in_bps, trunk.out_bps) == (2310457312, 4100003072)
    assert trunk.ipv4 == ("10.64.0.1/30",)
    assert trunk.ipv6 == ("2001:db8:1::1",)
    assert trunk.ipv6_neighbors == ("2001:db8:1::2",)
    assert records["GigabitEthernet0/3/0"].ipv6_neighbors == ()  # link-local neighbours only
    assert records["GigabitEthernet1/0/1"].oper_status is OperStatus.DOWN
    circuit = records["GigabitEthernet0/3/0"]
    assert (circuit.speed_bps, circuit.bandwidth_bps) == (G, 200 * M)
    assert circuit.ipv4 == ("10.64.0.21/30", "10.80.0.1/24")
    assert circuit.ipv6 == ()  # link-local only
    spare = records["GigabitEthernet0/3/7"]
    assert spare.oper_status is OperStatus.ADMIN_DOWN
    assert (spare.in_bps, spare.out_bps) == (None, None)
    loopback = records["LoopBack0"]
    assert loopback.ipv6 == ("2001:db8:ffff::1", "2001:db8:ffff::100")
    assert loopback.speed_bps is None


def test_huawei_ce_switch_layout() -> None:
    records = by_name(
        parse_device(
            "huawei",
            {
                "display interface": read("huawei_ce_display_interface.txt"),
                "display ipv6 interface brief": read("huawei_ce_display_ipv6_interface_brief.txt"),
            },
        )
    )
    port = records["10GE1/0/1"]
    assert port.oper_status is OperStatus.UP
    assert port.speed_bps == 10 * G  # Speed: 10000 (Mbit/s)
    assert (port.in_bps, port.out_bps) == (987654321, 543210987)
    assert port.ipv6 == ("2001:db8:175::2/64",)
    assert records["10GE1/0/2"].ipv6 == ("2001:db8:176::2/64",)
    assert records["10GE1/0/2"].oper_status is OperStatus.DOWN
    assert records["10GE1/0/3"].oper_status is OperStatus.ADMIN_DOWN
    assert records["10GE1/0/3"].speed_bps is None
    trunk = records["Eth-Trunk2"]
    assert trunk.members == ("10GE1/0/5", "10GE1/0/6")
    assert trunk.speed_bps == 20 * G


def test_hp_comware() -> None:
    records = by_name(
        parse_device(
            "hp_comware",
            {
                "display interface": read("hp_comware_display_interface.txt"),
                "display ipv6 interface brief": read("hp_comware_display_ipv6_interface_brief.txt"),
                "display link-aggregation verbose": read(
                    "hp_comware_display_link-aggregation_verbose.txt"
                ),
                "display ipv6 neighbors all": read("hp_comware_display_ipv6_neighbors_all.txt"),
            },
        )
    )
    bagg = records["Bridge-Aggregation1"]
    assert bagg.members == ("Ten-GigabitEthernet1/0/49", "Ten-GigabitEthernet1/0/50")
    assert bagg.speed_bps == 20 * G
    assert (bagg.in_bps, bagg.out_bps) == (475000000 * 8, 261250000 * 8)  # bytes/sec on Comware
    assert bagg.ipv6 == ("2001:db8:2a::2",)
    assert bagg.ipv6_neighbors == ("2001:db8:2a::1",)
    assert records["GigabitEthernet1/0/1"].ipv6_neighbors == ("2001:db8:5::1",)
    circuit = records["GigabitEthernet1/0/1"]
    assert (circuit.speed_bps, circuit.bandwidth_bps) == (G, 200 * M)
    assert circuit.ipv4 == ("10.64.0.22/30", "10.81.0.1/24")
    assert circuit.ipv6 == ("2001:db8:5::2",)
    spare = records["GigabitEthernet1/0/47"]
    assert spare.oper_status is OperStatus.ADMIN_DOWN
    assert (spare.speed_bps, spare.in_bps) == (None, None)
    assert records["LoopBack0"].ipv4 == ("10.255.0.6/32",)


def test_cisco_ios() -> None:
    records = by_name(
        parse_device(
            "cisco_ios",
            {
                "show interfaces": read("cisco_ios_show_interfaces.txt"),
                "show ipv6 interface brief": read("cisco_ios_show_ipv6_interface_brief.txt"),
                "show ipv6 neighbors": read("cisco_ios_show_ipv6_neighbors.txt"),
            },
        )
    )
    channel = records["Port-channel1"]
    assert channel.members == ("TenGigabitEthernet0/2/0", "TenGigabitEthernet0/2/1")
    assert channel.speed_bps == 20 * G  # BW of a Port-channel: its bundled members
    assert channel.ipv6 == ("2001:db8:4c::2",)
    assert channel.ipv6_neighbors == ("2001:db8:4c::1",)  # ntc-templates' parser, Po1 expanded
    assert records["TenGigabitEthernet0/1/0"].ipv6_neighbors == ()
    circuit = records["TenGigabitEthernet0/1/0"]
    assert (circuit.speed_bps, circuit.bandwidth_bps) == (10 * G, 2 * G)
    assert circuit.ipv6 == ("2001:db8:4e::1", "2001:db8:4e:1::1")  # as printed
    assert records["Tunnel0"].ipv6_neighbors == ()
    spare = records["GigabitEthernet0/0/2"]
    assert spare.oper_status is OperStatus.ADMIN_DOWN
    assert spare.speed_bps is None
    tunnel = records["Tunnel0"]
    assert (tunnel.in_bps, tunnel.out_bps, tunnel.speed_bps) == (None, None, None)
    assert tunnel.ipv6 == ()


def test_one_output_alone_parses_through_the_same_parser() -> None:
    v6 = parse_output(
        "hp_comware",
        "display ipv6 interface brief",
        read("hp_comware_display_ipv6_interface_brief.txt"),
    )
    assert [r.name for r in v6 if r.ipv6] == [
        "Bridge-Aggregation1",
        "GigabitEthernet1/0/1",
        "LoopBack0",
    ]


def test_unknown_platform_and_command_are_input_errors() -> None:
    with pytest.raises(InputError, match=r"juniper_junos.*supported: .*zte_zxros"):
        parse_output("juniper_junos", "show interfaces", "")
    with pytest.raises(InputError, match="no parser"):
        parse_output("huawei", "display version", "")


def test_hp_comware_v5_layout() -> None:
    records = by_name(
        parse_output("hp_comware", "display interface", read("hp_comware_v5_display_interface.txt"))
    )
    port = records["GigabitEthernet1/0/1"]
    assert (port.oper_status, port.speed_bps) == (OperStatus.UP, G)
    assert (port.in_bps, port.out_bps) == (282 * 8, 290 * 8)
    assert port.ipv4 == ("10.64.0.22/30",)
    assert records["GigabitEthernet1/0/2"].oper_status is OperStatus.ADMIN_DOWN


def test_hp_comware_msr_router_prints_bits() -> None:
    (port,) = parse_output(
        "hp_comware", "display interface", read("hp_comware_msr_display_interface.txt")
    )
    assert (port.in_bps, port.out_bps) == (46015696, 25316688)
    assert (port.speed_bps, port.bandwidth_bps) == (G, 200 * M)
    assert port.ipv4 == ("10.64.0.26/30",)


def test_every_platform_the_inventory_accepts_has_a_command_set_and_parser() -> None:
    from govops.inventory.models import PLATFORMS
    from govops.network.parsing import FAMILY, commands_for

    assert set(FAMILY) == set(PLATFORMS)
    for platform in PLATFORMS:
        assert parse_output(platform, commands_for(platform)[0], "") == []


def test_output_is_utf8_else_gb18030_and_no_byte_is_dropped() -> None:
    from govops.network.output_file import decode_output
    from govops.network.parsing import stream_decoder

    chinese = "Description: 省政务外网核心\n"
    assert decode_output(chinese.encode("utf-8"), "x") == chinese
    assert decode_output(chinese.encode("gb18030"), "x") == chinese
    decoder = stream_decoder()
    data = ("GE1/0/1 up\n" + chinese).encode("gb18030")
    assert "".join(decoder.decode(data[i : i + 7]) for i in range(0, len(data), 7)) == (
        "GE1/0/1 up\n" + chinese
    )


@pytest.mark.parametrize(
    ("platform", "aggregate", "member"),
    [
        ("zte_zxros", "smartgroup1", "xgei-0/1/0/"),
        ("ruijie_os", "AggregatePort 1", "TenGigabitEthernet 0/"),
    ],
)
def test_zte_and_ruijie_aggregates_with_one_member_down(
    platform: str, aggregate: str, member: str
) -> None:
    from govops.inventory.models import Device
    from govops.lab.ports import Port
    from govops.lab.render import RENDERERS

    members = (
        Port(f"{member}1", True, 10 * G, in_bps=5, out_bps=6),
        Port(f"{member}2", False, 10 * G, in_bps=0, out_bps=0),
    )
    trunk = Port(aggregate, True, 10 * G, None, 5, 6, "10.64.0.1/30", None, members)
    device = Device(name="d", site="s", host="127.0.0.1", platform=platform)
    outputs = RENDERERS[platform](device, [*members, trunk])
    records = by_name(parse_device(platform, outputs))
    record = records[aggregate]
    assert record.members == (f"{member}1", f"{member}2")
    assert record.members_up == (f"{member}1",)
    assert (record.oper_status, record.in_bps, record.out_bps) == (OperStatus.UP, 5, 6)
    assert record.ipv4 == ("10.64.0.1/30",)
    assert records[f"{member}2"].oper_status is OperStatus.DOWN
    assert records[f"{member}1"].speed_bps == 10 * G
