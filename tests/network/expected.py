"""The shortfalls built into inventories/demo (see its README): what every audit must find."""

DEGRADED = {
    "sn-yl",
    "sn-sl",
    "xa-zhouzhi",
    "xa-lantian",
    "tc-yijun",
    "bj-qishan-t1",
    "ak-ziyang-t2",
    "xy-liquan-t1",
    "wn-pucheng-t3",
    "dept-zrzyt",
    "dept-mzt",
}
NON_COMPLIANT = {"hz-yangxian", "wn-pucheng-t2"}
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
PARTIAL_COUNTIES = {"xy-qianxian", "wn-fuping", "ylq-yangling"}
IPV4_ONLY_TOWNSHIPS = {f"{c}-t{n}" for c in IPV4_ONLY_COUNTIES for n in (1, 2, 3)} | {
    "xa-changan-t2",
    "bj-fufeng-t3",
    "ak-hanyin-t1",
    "sl-luonan-t2",
}
IPV4_ONLY_DEPARTMENTS = {"dept-sthjt", "dept-jtyst"}
IPV4_ONLY = IPV4_ONLY_COUNTIES | IPV4_ONLY_TOWNSHIPS | IPV4_ONLY_DEPARTMENTS
PARTIAL = PARTIAL_COUNTIES | {"sn"}  # the province's cores end two IPv4-only department links
BELOW_TARGET = {"sn-sl-1", "tc-yijun-2", "xy-liquan-t1-2", "dept-mzt-2"}
DOWN = {
    "sn-yl-2",
    "xa-lantian-2",
    "bj-qishan-t1-1",
    "ak-ziyang-t2-2",
    "hz-yangxian-1",
    "hz-yangxian-2",
    "wn-pucheng-t2-1",
    "wn-pucheng-t2-2",
}
#: aggregate links with fewer members up than their `members: N` (one finding per end)
SHORT_AGGREGATES = {
    ("sn-ak-2", "sn-core-2 Eth-Trunk9: 1 of 2 members up"),
    ("sn-ak-2", "ak-agg-2 Port-channel1: 1 of 2 members up"),
}
ZTE_DEVICES = {"xa-lintong-r1", "yl-shenmu-r1", "ak-shiquan-r1"}
RUIJIE_DEVICES = {"xa-lintong-t1-r1", "bj-meixian-t2-r1", "hz-nanzheng-t3-r1"}
HOT = {
    "sn-ya-1": "critical",
    "sl-danfeng-t1-1": "critical",
    "yl-fugu-1": "warning",
    "dept-czt-1": "warning",
}


def sites_with(report: dict, key: str, value: str) -> set[str]:
    return {s["id"] for s in report["sites"] if s[key] == value}
