"""Labels of the scorecard and its report in Chinese and English."""

from __future__ import annotations

import locale
import os
import re

from govops import config

LABELS: dict[str, dict[str, str]] = {
    "title": {
        "zh": "数字政府基础设施指标评估",
        "en": "Digital government infrastructure scorecard",
    },
    "indicator": {"zh": "指标", "en": "Indicator"},
    "value": {"zh": "当前值", "en": "Measured"},
    "detail": {"zh": "依据", "en": "Basis"},
    "target": {"zh": "{year}年目标", "en": "{year} target"},
    "met": {"zh": "达标", "en": "met"},
    "not_met": {"zh": "未达标", "en": "not met"},
    "gap": {"zh": "差距", "en": "gap"},
    "unmeasured": {"zh": "无法测量", "en": "not measurable"},
    "no_value": {"zh": "暂无数据", "en": "no data"},
    "coverage": {"zh": "各层级覆盖率", "en": "Coverage per level"},
    "bandwidth_by_city": {"zh": "各市带宽达标率", "en": "Bandwidth compliance per city"},
    "ipv6": {"zh": "IPv6双栈进度", "en": "IPv6 dual-stack progress"},
    "burndown": {
        "zh": "上云燃尽图（未迁移系统数）",
        "en": "Migration burn-down (systems not migrated)",
    },
    "sla": {"zh": "故障及时处置率（按月）", "en": "Faults cleared in time, by month"},
    "generated": {"zh": "生成时间", "en": "Generated"},
    "plan": {"zh": "规划", "en": "Plan"},
    "why": {"zh": "原因", "en": "why"},
    "province": {"zh": "省", "en": "province"},
    "city": {"zh": "市", "en": "city"},
    "county": {"zh": "县", "en": "county"},
    "township": {"zh": "乡镇", "en": "township"},
    "village": {"zh": "村", "en": "village"},
    "department": {"zh": "省直部门", "en": "department"},
    "deadline": {"zh": "截止日期", "en": "deadline"},
    "actual": {"zh": "实际", "en": "actual"},
    "planned": {"zh": "按迁移批次计划", "en": "planned waves"},
}


def default_lang() -> str:
    """GOVOPS_LANG if set, else the locale: zh for a Chinese locale, en otherwise."""
    explicit = os.environ.get(config.ENV_LANG)
    if explicit in ("zh", "en"):
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = locale.getlocale()[0] or ""
    return "zh" if current.lower().startswith("zh") else "en"


def label(key: str, lang: str, **values: object) -> str:
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    return text.format(**values) if values else text


#: Chinese for the measures' English basis lines (counts behind a value, or why none).
_ZH_BASIS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), t)
    for p, t in (
        (r"^(\d+) of (\d+) sites connected$", "已接入站点 {0}/{1}"),
        (r"^(\d+) of (\d+) sites at tier rate$", "带宽达标站点 {0}/{1}"),
        (r"^(\d+) of (\d+) sites dual stack$", "双栈站点 {0}/{1}"),
        (r"^(\d+) of (\d+) sites with two uplinks up$", "双上联均在线站点 {0}/{1}"),
        (r"^(\d+) of (\d+) devices read$", "可采集设备 {0}/{1}"),
        (r"^(\d+) of (\d+) systems with bandwidth to spare$", "带宽满足需求的系统 {0}/{1}"),
        (r"^(\d+) of (\d+) in-scope systems$", "已上云 {0}/{1}（非涉密、在范围内）"),
        (r"^(\d+) of (\d+) cloud platforms with an API govops reads$", "统一纳管云平台 {0}/{1}"),
        (r"^(\d+) of (\d+) faults cleared in time this year$", "本年及时处置 {0}/{1}"),
        (r"^(\d+) systems migrated$", "已迁移系统 {0} 个"),
        (r"^(\d+) vCPU \(inventory capacity\)$", "{0} 核（清单登记容量）"),
        (r"^([\d.]+) h down of (\d+) h$", "停机 {0} 小时 / 本年已过 {1} 小时"),
        (r"^no network audit yet", "尚无网络审计：请加 --snapshot 或先运行 govops network audit"),
        (r"^no migration state", "尚无迁移状态：请先运行 govops cloud status"),
        (r"^no fault records", "故障库中尚无记录"),
        (r"^no cloud capacity known$", "云容量未知"),
        (r"^no (.+) to count$", "无可统计对象"),
    )
]


def translate_basis(text: str, lang: str) -> str:
    """The basis line in ``lang``; English, and anything not in the table, unchanged."""
    if lang != "zh":
        return text
    for pattern, template in _ZH_BASIS:
        match = pattern.match(text)
        if match:
            return template.format(*match.groups())
    return text
