"""Write inventories/demo/: a simulated province, realistic in shape, with built-in shortfalls.

Deterministic: running it again writes the same files. The shortfalls it builds in are
listed in inventories/demo/README.md; tests assert that audits find exactly those.

    python scripts/make_demo_inventory.py [OUT_DIR]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

# city id, name, 行政区划代码, counties (id suffix, name)
CITIES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "xa",
        "西安市",
        "610100",
        [
            ("changan", "长安区"),
            ("lintong", "临潼区"),
            ("lantian", "蓝田县"),
            ("zhouzhi", "周至县"),
            ("huyi", "鄠邑区"),
        ],
    ),
    (
        "tc",
        "铜川市",
        "610200",
        [("yaozhou", "耀州区"), ("yijun", "宜君县"), ("wangyi", "王益区"), ("yintai", "印台区")],
    ),
    (
        "bj",
        "宝鸡市",
        "610300",
        [
            ("fengxiang", "凤翔区"),
            ("qishan", "岐山县"),
            ("fufeng", "扶风县"),
            ("meixian", "眉县"),
            ("longxian", "陇县"),
        ],
    ),
    (
        "xy",
        "咸阳市",
        "610400",
        [("sanyuan", "三原县"), ("jingyang", "泾阳县"), ("qianxian", "乾县"), ("liquan", "礼泉县")],
    ),
    (
        "wn",
        "渭南市",
        "610500",
        [
            ("huazhou", "华州区"),
            ("tongguan", "潼关县"),
            ("dali", "大荔县"),
            ("pucheng", "蒲城县"),
            ("fuping", "富平县"),
        ],
    ),
    (
        "ya",
        "延安市",
        "610600",
        [("yanchuan", "延川县"), ("zichang", "子长市"), ("ansai", "安塞区"), ("zhidan", "志丹县")],
    ),
    (
        "hz",
        "汉中市",
        "610700",
        [
            ("nanzheng", "南郑区"),
            ("chenggu", "城固县"),
            ("yangxian", "洋县"),
            ("xixiang", "西乡县"),
        ],
    ),
    (
        "yl",
        "榆林市",
        "610800",
        [("shenmu", "神木市"), ("fugu", "府谷县"), ("hengshan", "横山区"), ("jingbian", "靖边县")],
    ),
    (
        "ak",
        "安康市",
        "610900",
        [("hanyin", "汉阴县"), ("shiquan", "石泉县"), ("ningshan", "宁陕县"), ("ziyang", "紫阳县")],
    ),
    (
        "sl",
        "商洛市",
        "611000",
        [
            ("luonan", "洛南县"),
            ("danfeng", "丹凤县"),
            ("shangnan", "商南县"),
            ("shanyang", "山阳县"),
        ],
    ),
    ("ylq", "杨凌示范区", "610403", [("yangling", "杨陵区")]),
]

TOWNSHIPS = [
    "城关街道",
    "东关镇",
    "西街镇",
    "南关镇",
    "北关街道",
    "太平镇",
    "新集镇",
    "石门镇",
    "柳林镇",
    "高桥镇",
    "马渡镇",
    "王家镇",
    "青山镇",
    "河口镇",
    "双庙镇",
    "龙泉镇",
]

# department id suffix, name, systems name prefix
DEPARTMENTS = [
    (
        "hrss",
        "省人力资源和社会保障厅",
        ["社会保险业务", "就业服务", "人事考试", "劳动监察", "技能人才评价"],
    ),
    ("gat", "省公安厅", ["户籍管理", "出入境业务", "交通管理", "治安管理", "网上办事"]),
    (
        "wjw",
        "省卫生健康委员会",
        ["全民健康信息平台", "电子健康卡", "疾病预防控制", "卫生监督", "妇幼健康"],
    ),
    ("jyt", "省教育厅", ["教育管理信息", "学籍管理", "招生考试", "教师管理", "资助管理"]),
    ("mzt", "省民政厅", ["社会救助", "婚姻登记", "养老服务", "社会组织管理", "殡葬管理"]),
    ("czt", "省财政厅", ["预算管理一体化", "国库集中支付", "非税收入", "政府采购", "资产管理"]),
    (
        "zrzyt",
        "省自然资源厅",
        ["不动产登记", "国土空间规划", "地质灾害监测", "测绘地理信息", "矿产管理"],
    ),
    ("sthjt", "省生态环境厅", ["环境监测", "排污许可", "环境执法", "固废管理", "生态保护红线"]),
    ("jtyst", "省交通运输厅", ["综合交通运输", "公路管理", "道路运输", "交通执法", "出行服务"]),
    ("scjgj", "省市场监督管理局", ["企业登记", "信用监管", "食品安全", "特种设备", "知识产权"]),
    ("ybj", "省医疗保障局", ["医保结算", "医保基金监管", "药品招采", "医保公共服务", "异地就医"]),
    (
        "fgw",
        "省发展和改革委员会",
        ["投资项目在线审批", "价格监测", "信用信息共享", "能耗监测", "重点项目管理"],
    ),
]
CITY_SYSTEMS = [
    "政务服务网",
    "12345热线",
    "不动产登记",
    "公积金管理",
    "城市管理",
    "智慧社区",
    "应急指挥",
    "电子证照",
]
SUFFIXES = ["系统", "平台", "管理系统", "服务平台"]

# Platforms by role; the city aggregation layer mixes vendors city by city.
CITY_PLATFORMS = ["huawei", "hp_comware", "cisco_ios"]
MODELS = {"huawei": "NE40E-X8A", "hp_comware": "S12508X-AF", "cisco_ios": "ISR4451-X"}
ACCESS_MODELS = {
    "huawei": "AR6280",
    "hp_comware": "MSR3660",
    "cisco_ios": "ISR4331",
    "zte_zxros": "ZXR10 M6000-2S4",
    "ruijie_os": "RG-RSR20-X",
}
AGG = {
    "huawei": "Eth-Trunk",
    "hp_comware": "Bridge-Aggregation",
    "cisco_ios": "Port-channel",
    "zte_zxros": "smartgroup",
    "ruijie_os": "AggregatePort ",
}
TEN_GE = {
    "huawei": "XGigabitEthernet0/0/",
    "hp_comware": "Ten-GigabitEthernet1/0/",
    "cisco_ios": "TenGigabitEthernet0/1/",
    "zte_zxros": "xgei-0/1/0/",
    "ruijie_os": "TenGigabitEthernet 0/",
}
GE = {
    "huawei": "GigabitEthernet0/0/",
    "hp_comware": "GigabitEthernet1/0/",
    "cisco_ios": "GigabitEthernet0/0/",
    "zte_zxros": "gei-0/1/1/",
    "ruijie_os": "GigabitEthernet 0/",
}
# A few county routers are ZTE ZXROS and a few township routers Ruijie RGOS, as in
# provinces that bought domestic routers for the lower tiers.
ZTE_ROUTERS = {"xa-lintong-r1", "yl-shenmu-r1", "ak-shiquan-r1"}
RUIJIE_ROUTERS = {"xa-lintong-t1-r1", "bj-meixian-t2-r1", "hz-nanzheng-t3-r1"}

# ---- the built-in shortfalls (see README.md) ----
SINGLE_UPLINK = {"xa-zhouzhi", "dept-zrzyt", "wn-pucheng-t3"}
LINK_DOWN = {"sn-yl-2", "xa-lantian-2", "bj-qishan-t1-1", "ak-ziyang-t2-2"}
ALL_DOWN_SITES = {"hz-yangxian", "wn-pucheng-t2"}
UNDER_RATED = {"sn-sl-1": "5G", "tc-yijun-2": "1G", "xy-liquan-t1-2": "100M"}
SLOW_PORT = {"dept-mzt-2": "1G"}
MEMBER_DOWN = {"sn-ak-2"}  # one of two members down: still 10G, still compliant
HOT = {"sn-ya-1": 0.93, "yl-fugu-1": 0.78, "sl-danfeng-t1-1": 0.95, "dept-czt-1": 0.74}
IPV4_ONLY_COUNTIES = {
    "xa-zhouzhi",
    "tc-yijun",
    "tc-yintai",
    "bj-longxian",
    "wn-tongguan",
    "ya-zhidan",
    "hz-yangxian",
    "yl-jingbian",
    "ak-ningshan",
    "sl-shanyang",
}
PARTIAL_COUNTIES = {"xy-qianxian", "wn-fuping", "ylq-yangling"}  # second uplink IPv4 only
IPV4_ONLY_DEPTS = {"dept-sthjt", "dept-jtyst"}
IPV4_ONLY_TOWNSHIPS = {"xa-changan-t2", "bj-fufeng-t3", "ak-hanyin-t1", "sl-luonan-t2"}


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(610000)
        self.sites: list[dict[str, Any]] = []
        self.devices: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.ports: dict[str, int] = {}
        self.aggs: dict[str, int] = {}
        self.host = 0

    def site(
        self, sid: str, name: str, level: str, parent: str | None, code: str | None = None
    ) -> None:
        record: dict[str, Any] = {"id": sid, "name": name, "level": level}
        if parent:
            record["parent"] = parent
        if code:
            record["code"] = code
        self.sites.append(record)

    def device(self, name: str, site: str, platform: str, model: str) -> None:
        self.host += 1
        host = f"10.{200 + self.host // 65536}.{self.host // 256 % 256}.{self.host % 256}"
        self.devices.append(
            {"name": name, "site": site, "host": host, "platform": platform, "model": model}
        )

    def platform(self, device: str) -> str:
        return next(d["platform"] for d in self.devices if d["name"] == device)

    def port(self, device: str, speed: str, members: int) -> str:
        platform = self.platform(device)
        if members:
            self.aggs[device] = self.aggs.get(device, 0) + 1
            return f"{AGG[platform]}{self.aggs[device]}"
        self.ports[device] = self.ports.get(device, 0) + 1
        prefix = TEN_GE[platform] if speed in ("10G", "100G") else GE[platform]
        return f"{prefix}{self.ports[device]}"

    def link(
        self,
        lid: str,
        a: str,
        b: str,
        *,
        speed: str,
        members: int = 0,
        contracted: str | None = None,
        ipv6: bool = True,
        state: str = "up",
    ) -> None:
        intended: dict[str, Any] = {"speed": speed}
        if members:
            intended["members"] = members
        if lid in MEMBER_DOWN:
            intended["members_up"] = members - 1
        if lid in LINK_DOWN or state == "down":
            intended["state"] = "down"
        intended["load"] = HOT.get(lid, round(self.rng.uniform(0.08, 0.55), 2))
        if not ipv6:
            intended["ipv6"] = False
        record: dict[str, Any] = {
            "id": lid,
            "a": {"device": a, "interface": self.port(a, speed, members)},
            "b": {"device": b, "interface": self.port(b, speed, members)},
        }
        if lid in UNDER_RATED:
            contracted = UNDER_RATED[lid]
        if contracted:
            record["contracted"] = contracted
        if members:
            record["members"] = members  # what audits compare the members up to
        record["intended"] = intended
        self.links.append(record)

    def uplinks(self, site: str, prefix: str, upper: list[str], lower: str, **kw: Any) -> None:
        """Two uplinks from ``lower`` to the upper devices, or one for single-homed sites."""
        count = 1 if site in SINGLE_UPLINK else 2
        for n in range(count):
            ipv6 = kw.pop("ipv6_each", [True, True])[n] if "ipv6_each" in kw else True
            state = "down" if site in ALL_DOWN_SITES else "up"
            self.link(
                f"{prefix}-{n + 1}",
                upper[n % len(upper)],
                lower,
                state=state,
                ipv6=ipv6 and kw.get("ipv6", True),
                **{k: v for k, v in kw.items() if k not in ("ipv6", "ipv6_each")},
            )


def build_network(b: Builder) -> None:
    b.site("sn", "陕西省电子政务外网省中心", "province", None, "610000")
    for n in (1, 2):
        b.device(f"sn-core-{n}", "sn", "huawei", "NE40E-X16A")
    for index, (cid, cname, code, counties) in enumerate(CITIES):
        city = f"sn-{cid}"
        platform = CITY_PLATFORMS[index % len(CITY_PLATFORMS)]
        b.site(city, cname, "city", "sn", code)
        aggs = [f"{cid}-agg-{n}" for n in (1, 2)]
        for agg in aggs:
            b.device(agg, city, platform, MODELS[platform])
        for n in (1, 2):
            lid = f"sn-{cid}-{n}"
            members = 0 if lid in UNDER_RATED else 2
            b.link(lid, f"sn-core-{n}", aggs[n - 1], speed="10G", members=members)
        for k, (suffix, county_name) in enumerate(counties):
            build_county(b, cid, aggs, f"{cid}-{suffix}", county_name, k)
    for k, (did, dname, _) in enumerate(DEPARTMENTS):
        site = f"dept-{did}"
        b.site(site, dname, "department", "sn")
        b.device(f"{site}-sw1", site, "huawei", "CE6881-48S6CQ" if k % 2 else "S6730-H48X6C")
        ipv6 = site not in IPV4_ONLY_DEPTS
        count = 1 if site in SINGLE_UPLINK else 2
        for n in range(1, count + 1):
            lid = f"{site}-{n}"
            b.link(
                lid,
                f"sn-core-{n}",
                f"{site}-sw1",
                speed=SLOW_PORT.get(lid, "10G"),
                contracted="2G",
                ipv6=ipv6,
            )


def build_county(b: Builder, cid: str, aggs: list[str], county: str, name: str, k: int) -> None:
    b.site(county, name, "county", f"sn-{cid}")
    router = f"{county}-r1"
    platform = (
        "zte_zxros"
        if router in ZTE_ROUTERS
        else ["huawei", "hp_comware", "huawei", "cisco_ios"][k % 4]
    )
    b.device(router, county, platform, ACCESS_MODELS[platform])
    v4_only = county in IPV4_ONLY_COUNTIES
    count = 1 if county in SINGLE_UPLINK else 2
    for n in range(1, count + 1):
        lid = f"{county}-{n}"
        ipv6 = not v4_only and not (county in PARTIAL_COUNTIES and n == 2)
        state = "down" if county in ALL_DOWN_SITES else "up"
        b.link(lid, aggs[n - 1], router, speed="10G", contracted="2G", ipv6=ipv6, state=state)
    for t in range(1, 4):
        township = f"{county}-t{t}"
        tname = name[:-1] + TOWNSHIPS[(k * 3 + t) % len(TOWNSHIPS)]
        b.site(township, tname, "township", county)
        trouter = f"{township}-r1"
        tplatform = ["huawei", "hp_comware", "cisco_ios"][(k + t) % 3]
        tplatform = "ruijie_os" if trouter in RUIJIE_ROUTERS else tplatform
        b.device(trouter, township, tplatform, ACCESS_MODELS[tplatform])
        ipv6 = not v4_only and township not in IPV4_ONLY_TOWNSHIPS
        tcount = 1 if township in SINGLE_UPLINK else 2
        for n in range(1, tcount + 1):
            state = "down" if township in ALL_DOWN_SITES else "up"
            b.link(
                f"{township}-{n}",
                router,
                trouter,
                speed="1G",
                contracted="200M",
                ipv6=ipv6,
                state=state,
            )


def build_clouds() -> list[dict[str, Any]]:
    clouds: list[dict[str, Any]] = [
        {
            "id": "prov",
            "kind": "provincial",
            "name": "陕西省级政务云",
            "openstack_cloud": "sn-prov",
            "region": "RegionOne",
            "capacity": {"vcpu": 2400, "ram_gb": 9600, "disk_gb": 400000},
            "reliability_target": 0.99,
        }
    ]
    for cid, cname, _, _ in CITIES:
        clouds.append(
            {
                "id": f"city-{cid}",
                "kind": "city",
                "name": f"{cname}政务云",
                "openstack_cloud": f"sn-{cid}",
                "region": "RegionOne",
                "capacity": {"vcpu": 320, "ram_gb": 1280, "disk_gb": 60000},
                "reliability_target": 0.99,
            }
        )
    for iid, iname in (("health", "卫生健康行业云"), ("edu", "教育行业云")):
        clouds.append(
            {
                "id": f"ind-{iid}",
                "kind": "industry",
                "name": iname,
                "openstack_cloud": f"sn-{iid}",
                "region": "RegionOne",
                "capacity": {"vcpu": 480, "ram_gb": 1920, "disk_gb": 120000},
                "reliability_target": 0.99,
            }
        )
    return clouds


DEADLINES = ["2022-06-30", "2022-06-30", "2025-12-31", "2026-12-31", "2027-06-30", "2027-12-31"]


def build_systems(rng: random.Random) -> list[dict[str, Any]]:
    systems: list[dict[str, Any]] = []
    number = 0
    for did, dname, topics in DEPARTMENTS:
        cloud = {"wjw": "ind-health", "ybj": "ind-health", "jyt": "ind-edu"}.get(did, "prov")
        first = len(systems)
        for i in range(12):
            number += 1
            topic = topics[i % len(topics)]
            name = topic + (SUFFIXES[i // len(topics)] if i >= len(topics) else "系统")
            if i >= len(topics):
                name = f"{topic}{['数据共享', '移动办公', '统计分析'][i % 3]}{SUFFIXES[i % 4]}"
            system = new_system(
                rng, number, name, dname, "province", cloud, f"dept-{did}", f"sn-{did}"
            )
            if did == "gat" and i in (0, 3, 6, 8):
                system["classification"] = "classified"
                system.pop("target_cloud")
                system["hosting"] = "涉密专用机房"
            add_dependencies(rng, system, systems[first:])
            systems.append(system)
    for cid, cname, _, _ in CITIES:
        first = len(systems)
        for topic in CITY_SYSTEMS:
            number += 1
            system = new_system(
                rng,
                number,
                f"{cname}{topic}系统",
                f"{cname}政务服务数据管理局",
                "city",
                f"city-{cid}",
                f"sn-{cid}",
                f"{cid}-zwfw",
            )
            add_dependencies(rng, system, systems[first:])
            systems.append(system)
    add_special_cases(systems)
    return systems


def new_system(
    rng: random.Random,
    number: int,
    name: str,
    dept: str,
    level: str,
    cloud: str,
    site: str,
    project: str,
) -> dict[str, Any]:
    vcpu = rng.choice([4, 8, 8, 16, 16, 32, 64])
    return {
        "id": f"SYS-{number:04d}",
        "name": name,
        "department": dept,
        "level": level,
        "classification": "non_classified",
        "hosting": rng.choice(["部门自建机房", "部门自建机房", "运营商IDC", "托管机房"]),
        "target_cloud": cloud,
        "project": project,
        "resources": {
            "vcpu": vcpu,
            "ram_gb": vcpu * rng.choice([2, 4, 4, 8]),
            "disk_gb": rng.choice([200, 500, 1000, 2000, 4000]),
        },
        "strategy": rng.choice(["rehost", "rehost", "rehost", "replatform", "refactor"]),
        "deadline": rng.choice(DEADLINES),
        "site": site,
        "bandwidth_demand": rng.choice(["10M", "20M", "50M", "100M", "200M", "300M"]),
    }


def add_dependencies(
    rng: random.Random, system: dict[str, Any], earlier: list[dict[str, Any]]
) -> None:
    candidates = [s["id"] for s in earlier if s.get("classification") != "classified"]
    count = min(len(candidates), rng.choice([0, 0, 1, 1, 2]))
    if count:
        system["depends_on"] = sorted(rng.sample(candidates, count))


def add_special_cases(systems: list[dict[str, Any]]) -> None:
    """Cycles, must-comigrate pairs, a dependency on a classified system, exemptions."""
    by_id = {s["id"]: s for s in systems}
    # dependency cycles: each pair must move as one group
    for x, y in (("SYS-0003", "SYS-0005"), ("SYS-0040", "SYS-0043")):
        by_id[x].setdefault("depends_on", [])
        by_id[x]["depends_on"] = sorted({*by_id[x]["depends_on"], y})
        by_id[y]["depends_on"] = sorted({*by_id[y].get("depends_on", []), x})
    by_id["SYS-0062"]["comigrate"] = ["SYS-0064"]
    by_id["SYS-0150"]["comigrate"] = ["SYS-0151"]
    # a group that spans two clouds: provincial finance system with the health cloud
    by_id["SYS-0070"]["comigrate"] = ["SYS-0030"]
    # a non-classified system that depends on a classified one
    by_id["SYS-0020"]["depends_on"] = sorted({*by_id["SYS-0020"].get("depends_on", []), "SYS-0013"})
    for sid, reason in (
        ("SYS-0057", "实时工控系统，经省大数据局批准暂缓上云"),
        ("SYS-0118", "依赖专用硬件加密卡，已列入豁免清单"),
    ):
        by_id[sid]["exemption"] = reason
    for system in systems:
        if "depends_on" in system:
            system["depends_on"] = [d for d in system["depends_on"] if d != system["id"]]


# ---- the plan's remaining indicators: villages, private networks, server rooms, DR ----
# township -> villages (suffix, name); a village without a device is not connected yet.
VILLAGES = {
    "xa-changan-t1": [("v1", "东大村"), ("v2", "西留村"), ("v3", "南堡村")],
    "bj-fengxiang-t1": [("v1", "柳林村"), ("v2", "陈村")],
}
VILLAGE_UNCONNECTED = {"xa-changan-t1-v3"}
VILLAGE_LINK_DOWN = {"bj-fengxiang-t1-v2-1"}


def build_villages(b: Builder) -> None:
    """五级覆盖: a sample of villages, one 100M circuit each to the township router."""
    for township, villages in VILLAGES.items():
        tname = next(s["name"] for s in b.sites if s["id"] == township)
        for suffix, vname in villages:
            village = f"{township}-{suffix}"
            b.site(village, tname + vname, "village", township)
            if village in VILLAGE_UNCONNECTED:
                continue
            router = f"{village}-r1"
            b.device(router, village, "huawei", "AR161")
            lid = f"{village}-1"
            state = "down" if lid in VILLAGE_LINK_DOWN else "up"
            b.link(lid, f"{township}-r1", router, speed="1G", contracted="100M", state=state)


# (id suffix, name, department, level, site, classified, deadline)
Y23, Y24, Y25, Y26 = "2023-12-31", "2024-06-30", "2025-12-31", "2026-12-31"
PRIVATE_NETWORKS: list[tuple[str, str, str, str, str, bool, str | None]] = [
    ("sn-gat", "省公安视频专网", "省公安厅", "province", "sn", True, None),
    ("sn-rst", "省人社业务专网", "省人力资源和社会保障厅", "province", "sn", False, Y23),
    ("xa-rsj", "西安市人社业务专网", "西安市人力资源和社会保障局", "city", "sn-xa", False, Y23),
    ("xa-ybj", "西安市医保专网", "西安市医疗保障局", "city", "sn-xa", False, Y23),
    ("xa-gaj", "西安市公安信息网", "西安市公安局", "city", "sn-xa", True, None),
    ("tc-rsj", "铜川市人社业务专网", "铜川市人力资源和社会保障局", "city", "sn-tc", False, Y23),
    ("bj-ybj", "宝鸡市医保专网", "宝鸡市医疗保障局", "city", "sn-bj", False, Y23),
    ("xy-mzj", "咸阳市民政业务专网", "咸阳市民政局", "city", "sn-xy", False, Y23),
    ("wn-rsj", "渭南市人社业务专网", "渭南市人力资源和社会保障局", "city", "sn-wn", False, Y24),
    ("ya-ybj", "延安市医保专网", "延安市医疗保障局", "city", "sn-ya", False, Y24),
    ("hz-rsj", "汉中市人社业务专网", "汉中市人力资源和社会保障局", "city", "sn-hz", False, Y24),
    ("yl-nyj", "榆林市农业农村专网", "榆林市农业农村局", "city", "sn-yl", False, Y25),
    ("ak-rsj", "安康市人社业务专网", "安康市人力资源和社会保障局", "city", "sn-ak", False, Y25),
    ("sl-ybj", "商洛市医保专网", "商洛市医疗保障局", "city", "sn-sl", False, Y25),
    (
        "ylq-rsj",
        "杨凌示范区人社业务专网",
        "杨凌示范区人力资源和社会保障局",
        "city",
        "sn-ylq",
        False,
        Y25,
    ),
    (
        "xa-changan-rsj",
        "长安区人社业务专网",
        "长安区人力资源和社会保障局",
        "county",
        "xa-changan",
        False,
        Y25,
    ),
    ("bj-qishan-ybj", "岐山县医保专网", "岐山县医疗保障局", "county", "bj-qishan", False, Y26),
    ("hz-chenggu-mzj", "城固县民政业务专网", "城固县民政局", "county", "hz-chenggu", False, Y26),
    ("yl-shenmu-nyj", "神木市农业农村专网", "神木市农业农村局", "county", "yl-shenmu", False, Y26),
    (
        "xa-changan-t1-mz",
        "长安区城关街道民政服务专线",
        "长安区民政局",
        "township",
        "xa-changan-t1",
        False,
        None,
    ),
]


def build_private_networks() -> list[dict[str, Any]]:
    networks = []
    for suffix, name, dept, level, site, classified, deadline in PRIVATE_NETWORKS:
        record: dict[str, Any] = {
            "id": f"pn-{suffix}", "name": name, "department": dept, "level": level, "site": site,
        }  # fmt: skip
        if classified:
            record["classified"] = True
        if deadline:
            record["deadline"] = deadline
        networks.append(record)
    return networks


#: City rooms already down to one system, which the demo's migration spreadsheet
#: (inventories/demo-migration.csv) records as migrated: these rooms are ready to close.
LAST_IN_ROOM = {"bj": "SYS-0165", "xy": "SYS-0173", "ya": "SYS-0189"}


def build_server_rooms(systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each provincial department's own room holds its systems hosted in 部门自建机房."""
    rooms = []
    for did, dname, _ in DEPARTMENTS:
        held = [
            s["id"]
            for s in systems
            if s["site"] == f"dept-{did}" and s["hosting"] == "部门自建机房"
            and s["classification"] != "classified"
        ]  # fmt: skip
        if held:
            rooms.append(
                {"id": f"room-{did}", "name": f"{dname}自建机房", "department": dname,
                 "site": f"dept-{did}", "systems": held, "deadline": "2025-12-31"}
            )  # fmt: skip
    for cid, cname, _, _ in CITIES:
        # a city's old room, down to its last system (the others moved or went elsewhere)
        site = f"sn-{cid}"
        held = [s["id"] for s in systems if s["site"] == site and s["hosting"] == "部门自建机房"]
        held = [LAST_IN_ROOM[cid]] if cid in LAST_IN_ROOM else held
        if held:
            rooms.append(
                {"id": f"room-{cid}-zwfw", "name": f"{cname}政务服务数据管理局自建机房",
                 "department": f"{cname}政务服务数据管理局", "site": f"sn-{cid}",
                 "systems": held, "deadline": "2026-06-30"}
            )  # fmt: skip
    return rooms


# 两地三中心: the provincial cloud in Xi'an, its same-city copy on Xi'an's cloud, the remote
# copy on Yulin's. Departments whose systems need which copies (the first five of each).
DR_NEEDS = {"hrss": "both", "czt": "both", "ybj": "remote", "wjw": "same_city", "fgw": "remote"}


def add_dr_needs(systems: list[dict[str, Any]]) -> None:
    for did, need in DR_NEEDS.items():
        dept = next(name for d, name, _ in DEPARTMENTS if d == did)
        for system in [s for s in systems if s["department"] == dept][:5]:
            dr: dict[str, Any] = {"need": need, "rpo": "15m", "rto": "4h"}
            if need in ("same_city", "both"):
                dr["same_city_cloud"] = "city-xa"
            if need in ("remote", "both"):
                dr["remote_cloud"] = "city-yl"
            system["dr"] = dr


HEADER = "# Generated by scripts/make_demo_inventory.py; edit that script, not this file.\n"


def write(out: Path, name: str, key: str, items: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump(
        {key: items}, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110
    )
    (out / name).write_text(HEADER + text, encoding="utf-8")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "inventories/demo")
    out.mkdir(parents=True, exist_ok=True)
    b = Builder()
    build_network(b)
    build_villages(b)
    write(out, "sites.yaml", "sites", b.sites)
    write(out, "devices.yaml", "devices", b.devices)
    write(out, "links.yaml", "links", b.links)
    write(out, "cloud-layout.yaml", "clouds", build_clouds())
    systems = build_systems(random.Random(2022))
    add_dr_needs(systems)
    write(out, "systems.yaml", "systems", systems)
    write(out, "private-networks.yaml", "private_networks", build_private_networks())
    write(out, "server-rooms.yaml", "server_rooms", build_server_rooms(systems))


if __name__ == "__main__":
    main()
