"""Expected records of every real sample in ../shared/device-output, read off the text by hand.

One line per interface: name, oper_status, speed_bps, bandwidth_bps, in_bps, out_bps,
rate_window_s, ipv4, members. Where a sample repeats one shape (24 idle ports), the
repetition is written as a loop over the names the text lists.
"""

from __future__ import annotations

from typing import Any

G = 10**9
M = 10**6
W5 = 300  # "Last 300 seconds" / "5 minute"


def rec(
    name: str,
    status: str,
    speed: int | None,
    bandwidth: int | None,
    in_bps: int | None,
    out_bps: int | None,
    window: int | None,
    ipv4: tuple[str, ...] = (),
    members: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "name": name,
        "oper_status": status,
        "speed_bps": speed,
        "bandwidth_bps": bandwidth,
        "in_bps": in_bps,
        "out_bps": out_bps,
        "rate_window_s": window,
        "ipv4": list(ipv4),
        "members": list(members),
    }


def _huawei_s_switch() -> list[dict[str, Any]]:
    records = [
        # Eth-Trunk0: "Maximal BW: 40G, Current BW: 0M" mid-line; 0 UP ports in trunk
        rec("Eth-Trunk0", "down", 0, None, 0, 0, W5, members=("40GE0/0/1", "40GE0/0/2")),
        rec("LoopBack1", "up", None, None, 0, 0, W5, ("169.254.1.1/32",)),  # UP (spoofing)
        rec("MEth0/0/1", "down", 10 * M, None, 0, 0, W5, ("192.168.1.253/24",)),
        rec("NULL0", "up", None, None, 0, 0, W5),  # the Realtime 42 seconds lines are not kept
        rec("Vlanif1", "down", None, None, None, None, None),  # UP, line protocol DOWN
        rec("Vlanif10", "up", None, None, None, None, None, ("10.10.10.1/24",)),
        rec("Vlanif20", "up", None, None, None, None, None, ("10.10.20.1/24",)),
        rec("Vlanif30", "up", None, None, None, None, None, ("10.10.30.1/24",)),
        rec("XGigabitEthernet0/0/1", "up", G, None, 440, 1840, W5),  # Speed : 1000
    ]
    records += [
        rec(f"XGigabitEthernet0/0/{n}", "down", 10 * G, None, 0, 0, W5) for n in range(2, 25)
    ]
    records += [rec(f"40GE0/0/{n}", "down", 40 * G, None, 0, 0, W5) for n in range(1, 7)]
    return records


HUAWEI_AR_ROUTER = [
    rec("Cellular0/0/0", "down", None, None, 0, 0, W5),  # "0 bytes/sec 0 bits/sec" is 0
    rec("Dialer1", "up", None, None, None, None, None, ("192.214.198.156/32",)),  # negotiated
    rec("Dialer1:0", "up", None, None, None, None, None),  # the bound channel, "UP ,"
    rec("Ethernet0/0/0", "down", None, None, 0, 0, W5),  # VDSL, no speed line
    rec("GigabitEthernet0/0/0", "down", 10 * M, None, 0, 0, W5),  # "Speed :   10"
    rec("GigabitEthernet0/0/1", "down", G, None, 0, 0, W5),
    rec("GigabitEthernet0/0/2", "up", G, None, 488, 488, W5),
    rec("GigabitEthernet0/0/3", "down", G, None, 0, 0, W5),
    rec("GigabitEthernet0/0/4", "down", G, None, 4816, 7656, W5),  # UP, protocol DOWN
    rec("GigabitEthernet0/0/5", "down", G, None, 36064, 0, W5),  # UP, protocol DOWN
    rec("NULL0", "up", None, None, 0, 0, W5),
    rec("Vlanif1", "up", None, None, None, None, None, ("192.168.1.1/24",)),
    rec("Vlanif2", "down", None, None, None, None, None, ("192.168.120.1/24",)),
    rec("Vlanif100", "up", None, None, None, None, None, ("100.95.15.241/30",)),
    rec("Wlan-Bss1", "up", None, None, 0, 0, W5),
    rec("Wlan-Bss7", "up", None, None, 0, 0, W5),
    rec("Wlan-Radio0/0/0", "up", None, None, 0, 0, W5),  # "0 bytes/sec, 0 bits/sec"
    rec("Wlan-Radio0/0/1", "up", None, None, 0, 0, W5),
    rec("Tunnel0/0/2", "up", None, None, 0, 0, W5),  # "300 seconds input rate" (no "Last")
    rec("Virtual-Ethernet0/0/1", "up", None, None, None, None, None),
]

HP_COMWARE_BAGG_V7 = [
    rec("Vlan-interface2000", "up", None, 10 * G, 56, 128, W5, ("10.1.1.1/24",)),
    # "40Gbps-speed mode"; "929430 bytes/sec" and "5945156 bytes/sec" x 8
    rec("Bridge-Aggregation20", "up", 40 * G, 40 * G, 7435440, 47561248, W5),
    rec("GigabitEthernet1/1/0/31", "down", None, G, 0, 0, W5),  # Unknown-speed mode
    rec("Ten-GigabitEthernet1/0/1", "down", None, 100 * M, 0, 0, W5),  # "Last 300 second input"
]

HP_COMWARE_V5_ROUTER = [
    # "1000M, Full"; state UP but line protocol DOWN; bits/sec printed beside bytes/sec
    rec("GigabitEthernet0/0/0", "down", G, None, 20421624, 96372832, W5),
    # "Tunnel bandwidth 64 (kbps)"; "input:  0 bytes/sec", "output:  10375 bytes/sec"
    rec("Tunnel100", "up", None, 64_000, 0, 10375 * 8, W5, ("10.1.1.1/30",)),
]

HP_COMWARE_RAGG = [
    {
        "name": "Route-Aggregation1",
        "oper_status": "up",  # both ports S (selected)
        "members": ["GigabitEthernet0/0/0", "GigabitEthernet0/0/1"],
        "members_up": ["GigabitEthernet0/0/0", "GigabitEthernet0/0/1"],
    }
]

CISCO_PO_MEMBERS = [
    # two "Member N : TenGigabitEthernet0/0/N , Full-duplex, 10000Mb/s" lines: 2 x 10G
    rec(
        "Port-channel1",
        "up",
        20 * G,
        None,
        1792809000,
        1798430000,
        W5,
        members=("TenGigabitEthernet0/0/0", "TenGigabitEthernet0/0/1"),
    ),
    rec("Port-channel1.13", "up", None, 20 * G, None, None, None, ("192.168.1.1/24",)),
]

ZTE_ZXROS = [
    # "Hardware is XXVGigabit Ethernet" (25G port), "BW 10 Gbit/s", "Rate period : 30 s"
    rec("xxvgei-1/1/0/24", "up", 25 * G, 10 * G, 54070488, 181452736, 30, ("10.206.185.2/31",)),
    rec("xxvgei-1/1/0/32", "admin_down", 25 * G, 25 * G, 0, 0, 30),  # address unassigned
    rec("mgmt_eth", "down", None, 100 * M, 0, 0, 30, ("192.168.1.11/24",)),
    rec("loopback0", "up", None, 8 * G, None, None, None, ("10.10.10.108/32",)),
]


def _cisco_genie() -> list[dict[str, Any]]:
    vlan_up = {  # Vlan101-120: up/up, address, input and output rate (bits/sec)
        101: ("172.16.205.1/24", 29000, 5000),
        102: ("172.16.106.1/24", 29000, 5000),
        103: ("172.16.9.1/24", 29000, 5000),
        104: ("172.16.169.1/24", 30000, 5000),
        105: ("172.16.76.1/24", 29000, 5000),
        106: ("172.16.240.1/24", 30000, 6000),
        107: ("172.16.151.1/24", 30000, 6000),
        108: ("172.16.64.1/24", 31000, 6000),
        109: ("172.16.234.1/24", 30000, 6000),
        110: ("172.16.151.1/24", 31000, 6000),
        111: ("172.16.70.1/24", 31000, 6000),
        112: ("172.16.246.1/24", 30000, 6000),
        113: ("172.16.169.1/24", 31000, 6000),
        114: ("172.16.94.1/24", 30000, 6000),
        115: ("172.16.21.1/24", 31000, 6000),
        116: ("172.16.205.1/24", 30000, 6000),
        117: ("172.16.136.1/24", 30000, 6000),
        118: ("172.16.69.1/24", 31000, 6000),
        119: ("172.16.4.1/24", 30000, 6000),
        120: ("172.16.196.1/24", 30000, 6000),
    }
    vlan_down = {  # Vlan121-140: up, line protocol down, idle
        121: "172.16.135.1/24", 122: "172.16.76.1/24", 123: "172.16.19.1/24",
        124: "172.16.219.1/24", 125: "172.16.166.1/24", 126: "172.16.115.1/24",
        127: "172.16.66.1/24", 128: "172.16.19.1/24", 129: "172.16.229.1/24",
        130: "172.16.186.1/24", 131: "172.16.145.1/24", 132: "172.16.106.1/24",
        133: "172.16.69.1/24", 134: "172.16.34.1/24", 135: "172.16.1.1/24",
        136: "172.16.225.1/24", 137: "172.16.196.1/24", 138: "172.16.169.1/24",
        139: "172.16.144.1/24", 140: "172.16.121.1/24",
    }  # fmt: skip
    sub35 = [  # HundredGigE1/0/35.N: up/up, BW 100 Gbit, no rate lines
        (1, "172.16.19.1/24"), (2, "172.16.76.1/24"), (3, "172.16.135.1/24"),
        (4, "172.16.196.1/24"), (5, "172.16.4.1/24"), (6, "172.16.69.1/24"),
        (7, "172.16.136.1/24"), (8, "172.16.205.1/24"), (9, "172.16.21.1/24"),
        (10, "172.16.94.1/24"), (11, "172.16.169.1/24"), (12, "172.16.246.1/24"),
        (13, "172.16.70.1/24"), (14, "172.16.151.1/24"), (15, "172.16.234.1/24"),
        (16, "172.16.64.1/24"), (17, "172.16.151.1/24"), (18, "172.16.240.1/24"),
        (19, "172.16.76.1/24"), (20, "172.16.169.1/24"), (101, "192.168.9.1/24"),
        (102, "192.168.106.1/24"), (103, "192.168.205.1/24"), (104, "192.168.51.1/24"),
        (105, "192.168.154.1/24"), (106, "192.168.4.1/24"), (107, "192.168.111.1/24"),
        (108, "192.168.220.1/24"), (109, "192.168.76.1/24"), (110, "192.168.189.1/24"),
    ]  # fmt: skip
    sub48 = [
        (1, "192.168.51.1/24"), (2, "192.168.205.1/24"), (3, "192.168.106.1/24"),
        (4, "192.168.9.1/24"), (5, "192.168.169.1/24"), (6, "192.168.76.1/24"),
        (7, "192.168.240.1/24"), (8, "192.168.151.1/24"), (9, "192.168.64.1/24"),
        (10, "192.168.234.1/24"),
    ]  # fmt: skip
    tunnels = [  # Tunnel0-10: up/up, BW 100 Kbit/sec
        None, "172.16.25.1/24", "172.16.121.1/24", "172.16.219.1/24", "172.16.64.1/24",
        "172.16.166.1/24", "172.16.15.1/24", "172.16.121.1/24", "172.16.229.1/24",
        "172.16.84.1/24", "172.16.186.1/24",
    ]  # fmt: skip
    r = [
        rec("Vlan1", "admin_down", None, G, 0, 0, W5),
        rec("Vlan15", "down", None, G, 0, 0, W5),
    ]
    r += [rec(f"Vlan{v}", "up", None, G, i, o, W5, (a,)) for v, (a, i, o) in vlan_up.items()]
    r += [rec(f"Vlan{v}", "down", None, G, 0, 0, W5, (a,)) for v, a in vlan_down.items()]
    r.append(rec("GigabitEthernet0/0", "up", G, G, 818000, 0, W5, ("10.9.1.20/16",)))
    forty = {2: (293000, 58000), 4: (102000, 329000)}
    for n in range(1, 33):
        name = f"FortyGigabitEthernet1/0/{n}"
        if n in forty:
            r.append(rec(name, "up", 40 * G, 40 * G, *forty[n], W5))  # "Full-duplex, 40Gb/s"
        else:
            r.append(rec(name, "down", None, 40 * G, 0, 0, W5))  # Auto-speed
    hu = "HundredGigE1/0/"
    r += [rec(f"{hu}{n}", "down", None, 100 * G, 0, 0, W5) for n in (33, 34)]
    r.append(rec(f"{hu}35", "up", 100 * G, 100 * G, 0, 25000, W5))
    r += [rec(f"{hu}35.{n}", "up", None, 100 * G, None, None, None, (a,)) for n, a in sub35]
    r += [rec(f"{hu}{n}", "down", None, 100 * G, 0, 0, W5) for n in range(36, 41)]
    # load-interval 30: "30 second input rate 39000 bits/sec"
    r.append(rec(f"{hu}41", "up", 100 * G, 100 * G, 39000, 35000, 30, ("172.16.4.2/24",)))
    r += [rec(f"{hu}{n}", "down", None, 100 * G, 0, 0, W5) for n in range(42, 48)]
    r.append(rec(f"{hu}48", "up", 100 * G, 100 * G, 330000, 301000, 30, ("172.16.94.2/24",)))
    r += [rec(f"{hu}48.{n}", "up", None, 100 * G, None, None, None, (a,)) for n, a in sub48]
    r.append(rec("Bluetooth0/4", "admin_down", None, G, 0, 0, W5))  # "Unknown, Unknown"
    members = ("FortyGigabitEthernet1/0/2", "FortyGigabitEthernet1/0/4")
    # BW 80000000 Kbit/sec: the two bundled 40G members
    r.append(rec("Port-channel2", "up", 80 * G, None, 389000, 385000, W5, members=members))
    r.append(rec("Loopback1", "up", None, 8 * G, 0, 0, W5, ("192.168.154.1/32",)))
    r.append(rec("Loopback10", "up", None, 8 * G, 0, 0, W5))
    r.append(rec("Loopback101", "up", None, 8 * G, 0, 0, W5, ("10.204.1.2/32",)))
    r.append(rec("Loopback102", "up", None, 8 * G, 0, 0, W5, ("10.154.1.2/32",)))
    for n, address in enumerate(tunnels):
        rates = (53000, 16000) if n == 10 else (0, 0)
        r.append(rec(f"Tunnel{n}", "up", None, 100_000, *rates, W5, (address,) if address else ()))
    return r


HUAWEI_S_SWITCH = _huawei_s_switch()
CISCO_GENIE = _cisco_genie()


def v6(name: str, status: str, *addresses: str, tentative: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "oper_status": status,
        "ipv6": list(addresses),
        "ipv6_addresses": [{"address": a, "tentative": tentative} for a in addresses],
    }


HUAWEI_V6_TENTATIVE = [
    v6("100GE1/0/30", "down", "fd00:abcd:1234:5678::/64", tentative=True),
    v6("100GE2/0/30", "down", "fd00:abcd:1234::/48", tentative=True),
    v6("Eth-Trunk1", "up", "fd00:db8:abcd:1::/64"),  # fd00:0db8:abcd:0001::/64, compressed
    v6("Eth-Trunk2", "up", "fd00:abcd:5678::/64"),
    v6("Eth-Trunk3", "up", "fd10:1234:abcd::/48"),
    v6("Eth-Trunk4", "up", "fd01:2345:6789::/64"),
    v6("Eth-Trunk101", "down", "fd12:3456:789a:1234::/64", tentative=True),
    v6("Eth-Trunk102", "down", "fd11:abcd:9876::/48", tentative=True),
    v6("LoopBack0", "up", "fd23:4567:89ab::/64"),  # up / up(s)
    v6("MEth0/0/0", "up"),  # fd01:abcd:efgh::/64 is a sanitised placeholder: dropped
]


def _cisco_v6() -> list[dict[str, Any]]:
    up, down, adm = "up", "down", "admin_down"
    r = [
        v6("TenGigabitEthernet1/1", up, "2a01:3333:3333::5"),
        v6("TenGigabitEthernet2/1", up, "2a01:3333:3333::9"),
    ]
    r += [v6(f"TenGigabitEthernet2/{n}", up) for n in (2, 3, 4, 5)]
    r.append(v6("TenGigabitEthernet2/6", down))  # [up/down]
    r.append(v6("TenGigabitEthernet3/9", up))
    r += [v6(f"TenGigabitEthernet3/{n}", adm) for n in (10, 11)]
    r.append(v6("TenGigabitEthernet3/12", down))  # [down/down]
    r += [v6(f"TenGigabitEthernet3/{n}", adm) for n in (13, 14, 15)]
    r.append(v6("TenGigabitEthernet3/16", up))
    r.append(v6("TenGigabitEthernet4/1", down))
    r += [v6(f"TenGigabitEthernet4/{n}", up) for n in (2, 3)]
    r.append(v6("TenGigabitEthernet4/4", down))
    r += [v6(f"TenGigabitEthernet4/{n}", adm) for n in (5, 6)]
    r += [v6(f"TenGigabitEthernet4/{n}", up) for n in (7, 8, 9, 10)]
    r += [v6(f"TenGigabitEthernet4/{n}", adm) for n in (11, 12, 13, 14, 15)]
    r.append(v6("TenGigabitEthernet4/16", up))
    r += [v6(f"GigabitEthernet5/{n}", adm) for n in (1, 2, 3)]
    r += [v6(f"TenGigabitEthernet5/{n}", adm) for n in (4, 5)]
    r += [v6(f"GigabitEthernet6/{n}", adm) for n in (1, 2, 3)]
    r += [v6(f"TenGigabitEthernet6/{n}", adm) for n in (4, 5)]
    r.append(v6("GigabitEthernet1/1", up))
    r.append(v6("GigabitEthernet1/16", up, "2a01:3333:3333::9a"))  # FE80:: link-local left out
    r.append(v6("GigabitEthernet1/17", up, "2a01:3333:3333::9e"))
    r.append(v6("GigabitEthernet1/18", up, "2a01:3333:3333::a2"))
    r.append(v6("GigabitEthernet1/48", adm))
    r.append(v6("Loopback0", up, "2a01:5a20:1fff::13"))
    r += [v6(f"Port-channel{n}", up) for n in range(1, 12)]
    r.append(v6("Vlan1", adm))
    r.append(v6("Vlan76", up, "2a01:3333:3333:33::1", "2a01:3333:3333:33::2"))
    r.append(v6("Vlan77", up))
    r.append(v6("Vlan100", up, "2a01:3333:3336:100::1", "2a01:3333:3336:100::2"))
    for vlan, net in ((762, 101), (763, 102), (764, 103), (765, 104), (767, 110), (768, 111)):
        r.append(v6(f"Vlan{vlan}", up, f"2a01:3333:3336:{net}::1", f"2a01:3333:3336:{net}::2"))
    for vlan, net in ((769, 112), (770, 113)):
        r.append(v6(f"Vlan{vlan}", up, f"2a01:3333:3336:{net}::1", f"2a01:3333:3336:{net}::2"))
    r += [v6("Vlan771", up), v6("Vlan772", up), v6("Vlan773", adm), v6("Vlan774", adm)]
    r.append(v6("Vlan775", up, "2a01:3333:3336:220::1", "2a01:3333:3336:220::2"))
    r.append(v6("Vlan776", up))
    r.append(v6("Vlan777", up, "2a01:3333:3336:225::1", "2a01:3333:3336:225::2"))
    r.append(v6("Vlan2300", adm))
    return r


CISCO_V6 = _cisco_v6()

#: sample file -> (platform, command, expected records)
SAMPLES: dict[str, tuple[str, str, list[dict[str, Any]]]] = {
    "huawei_display_interface__ntc_s_switch.txt": (
        "huawei",
        "display interface",
        HUAWEI_S_SWITCH,
    ),
    "huawei_display_interface__ntc_ar_router.txt": (
        "huawei",
        "display interface",
        HUAWEI_AR_ROUTER,
    ),
    "huawei_display_ipv6_interface_brief__ntc_tentative.txt": (
        "huawei",
        "display ipv6 interface brief",
        HUAWEI_V6_TENTATIVE,
    ),
    "hp_comware_display_interface__ntc_bagg_v7.txt": (
        "hp_comware",
        "display interface",
        HP_COMWARE_BAGG_V7,
    ),
    "hp_comware_display_interface__ntc_v5_router.txt": (
        "hp_comware",
        "display interface",
        HP_COMWARE_V5_ROUTER,
    ),
    "hp_comware_display_link_aggregation_verbose__ntc_ragg.txt": (
        "hp_comware",
        "display link-aggregation verbose",
        HP_COMWARE_RAGG,
    ),
    "cisco_ios_show_interfaces__genie_cat_po.txt": ("cisco_ios", "show interfaces", CISCO_GENIE),
    "cisco_ios_show_interfaces__ntc_po_members.txt": (
        "cisco_ios",
        "show interfaces",
        CISCO_PO_MEMBERS,
    ),
    "cisco_ios_show_ipv6_interface_brief__ntc.txt": (
        "cisco_ios",
        "show ipv6 interface brief",
        CISCO_V6,
    ),
    "zte_zxros_show_interface__ntc.txt": ("zte_zxros", "show interface", ZTE_ZXROS),
}
