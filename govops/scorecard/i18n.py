"""The scorecard's labels, by key, as catalogue msgids (govops/locale holds the Chinese)."""

from __future__ import annotations

from govops.i18n import N_, Message, default_lang, tr

__all__ = ["default_lang", "label", "translate_basis"]

LABELS: dict[str, str] = {
    "title": N_("Digital government infrastructure scorecard"),
    "indicator": N_("Indicator"),
    "value": N_("Measured"),
    "detail": N_("Basis"),
    "target": N_("{year} target"),
    "met": N_("met"),
    "not_met": N_("not met"),
    "gap": N_("gap"),
    "unmeasured": N_("not measurable"),
    "no_value": N_("no data"),
    "coverage": N_("Coverage per level"),
    "bandwidth_by_city": N_("Bandwidth compliance per city"),
    "ipv6": N_("IPv6 dual-stack progress"),
    "burndown": N_("Migration burn-down (systems not migrated)"),
    "sla": N_("Faults cleared in time, by month"),
    "generated": N_("Generated"),
    "plan": N_("Plan"),
    "why": N_("why"),
    "province": N_("province"),
    "city": N_("city"),
    "county": N_("county"),
    "township": N_("township"),
    "village": N_("village"),
    "department": N_("department"),
    "deadline": N_("deadline"),
    "actual": N_("actual"),
    "planned": N_("planned waves"),
    "measured": N_("Measured"),
    "below_target": N_("below target"),
    "no_data": N_("no data"),
    "plan_target": N_("plan targets"),
    "target_line": N_("{year} target {value}"),
    "plan_point": N_("plan: {value} migrated by the end of {year}"),
    "plan_deadline": N_("plan deadline: end of {year}"),
    "sla_series": N_("cleared in time, by month"),
    "trend": N_("{name} over time"),
    "trends": N_("Indicators over time"),
    "charts": N_("Charts"),
    "no_trend": N_(
        "Fewer than two stored scorecards: no trend yet (each `govops scorecard` run is kept)."
    ),
    "plan_line": N_("Plan: {plan}"),
    "generated_beijing": N_("Generated {time} (Beijing time)"),
}


def label(key: str, lang: str, **values: object) -> str:
    return tr(lang, LABELS[key], **values)


def translate_basis(text: str, lang: str) -> str:
    """A measure's basis line (a catalogue Message) in ``lang``; plain text unchanged."""
    return text.tr(lang) if isinstance(text, Message) else text
