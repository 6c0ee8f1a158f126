"""Column and sheet headings of the .xlsx output, by JSON key.

English headings are the JSON keys themselves, so a sheet written by one command is a file
another imports. Chinese ones come from this table, else from the message catalogue
(govops.i18n), else the key; importers read either (:func:`key_of`).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # faults and the SLA report
    "id": "编号",
    "category": "类别",
    "severity": "级别",
    "site": "站点",
    "level": "层级",
    "summary": "摘要",
    "opened_at": "发生时间",
    "acknowledged_at": "响应时间",
    "resolved_at": "处置完成时间",
    "source": "来源",
    "external_key": "外部编号",
    "target": "处置时限（秒）",
    "outcome": "结果",
    "deadline": "截止时间",
    "faults": "故障",
    "generated_at": "生成时间",
    "window_seconds": "统计窗口（秒）",
    "by": "分组",
    "objective_ratio": "目标达标率",
    "meets_objective": "是否达标",
    "group": "分组",
    "groups": "分组统计",
    "total": "合计",
    "opened": "新增",
    "resolved": "已处置",
    "met": "及时处置",
    "open": "未处置",
    "open_overdue": "超时未处置",
    "compliance_ratio": "及时处置率",
    "median_resolve_seconds": "处置时长中位数（秒）",
    "p90_resolve_seconds": "处置时长P90（秒）",
    "ack_due": "应响应",
    "ack_within": "及时响应",
    "seconds_left": "剩余时间（秒）",
    "sla_state": "SLA状态",
    "fault": "故障",
    "opened_by": "登记人",
    "acknowledged_by": "响应人",
    "resolved_by": "处置人",
    "outage": "服务中断",
    # cloud migration
    "system": "系统",
    "systems": "系统",
    "from_status": "原状态",
    "to_status": "新状态",
    "at": "时间",
    "actor": "操作人",
    "note": "备注",
    "reason": "原因",
    "evidence": "佐证",
    "wave": "批次",
    "waves": "迁移批次",
    "wave_date": "批次日期",
    "target_cloud": "目标云",
    "status": "状态",
    "name": "名称",
    "department": "部门",
    "in_scope": "纳入范围",
    "migrated": "已迁移",
    "migration_ratio": "上云率",
    "on_time_ratio": "按期完成率",
    "overdue": "已逾期",
    "at_risk": "有逾期风险",
    "blocked": "受阻",
    "stale": "久未更新",
    "exempt": "豁免",
    "today": "日期",
    "since": "起始",
    "age_days": "天数",
    "date": "日期",
    "history": "迁移记录",
    "vcpu": "vCPU",
    "ram_gb": "内存（GB）",
    "disk_gb": "磁盘（GB）",
    "cloud": "云平台",
    "clouds": "云平台",
    "error": "错误",
    "count": "数量",
    "capacity": "容量",
    "headroom": "余量",
    "start": "开始日期",
    "wave_days": "批次间隔（天）",
    "max_per_wave": "每批上限",
    "missed": "错过截止",
    "shortfall": "容量缺口",
    # network audit
    "sites": "站点",
    "links": "链路",
    "devices": "设备",
    "findings": "发现",
    "tier": "链路层级",
    "a": "A端",
    "b": "B端",
    "required_bps": "要求带宽（bps）",
    "effective_bps": "有效带宽（bps）",
    "utilization": "利用率",
    "parent": "上级",
    "uplinks_up": "在用上联",
    "uplinks_required": "要求上联",
    "bandwidth_status": "带宽状态",
    "ipv6_status": "IPv6状态",
    "connected": "已接入",
    "platform": "平台",
    "reachable": "可达",
    "interfaces": "接口",
    "check": "检查项",
    "subject": "对象",
    "message": "说明",
    "expected": "应接入",
    "bandwidth_compliant": "带宽达标",
    "ipv6_ready": "IPv6就绪",
    "coverage_ratio": "覆盖率",
    "bandwidth_compliance_ratio": "带宽达标率",
    "ipv6_ready_ratio": "IPv6就绪率",
    "key": "项",
    "value": "值",
    "device": "设备",
    "interface": "接口",
    "oper_status": "运行状态",
    "speed_bps": "端口速率（bps）",
    "bandwidth_bps": "配置带宽（bps）",
    "in_bps": "入速率（bps）",
    "out_bps": "出速率（bps）",
    "members": "成员接口",
    "ipv4": "IPv4地址",
    "ipv6": "IPv6地址",
    "rate_window_s": "速率窗口（秒）",
    # scorecard
    "indicator": "指标",
    "indicators": "指标",
    "rows": "指标",
    "plan": "规划",
    "province": "省份",
    "years": "目标年份",
    "measurement": "实测",
    "detail": "依据",
    "gap": "差距",
    "targets": "目标",
    # inventory
    "file": "文件",
    "line": "行",
    "field": "字段",
    "problems": "问题",
    "ok": "通过",
    # sheet titles
    "SLA report": "故障处置SLA报告",
    "audit": "网络审计",
    "records": "接口记录",
    "status report": "上云进度",
    "sync": "云上核对",
    "migration plan": "迁移计划",
}


def heading(key: str, lang: str) -> str:
    """The heading of a column (``total.opened``) or a sheet, in ``lang``."""
    if lang != "zh":
        return key
    return "·".join(_zh(part) for part in key.split("."))


def key_of(text: str) -> str:
    """The JSON key of a heading: a Chinese heading of the table above, or the text itself."""
    return _REVERSE.get(text, text)


_REVERSE: dict[str, str] = {}
for _key, _text in ZH.items():
    _REVERSE.setdefault(_text, _key)


def _zh(part: str) -> str:
    if part in ZH:
        return ZH[part]
    from govops.i18n import tr

    return tr("zh", part)
