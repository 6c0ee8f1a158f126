"""The scorecard as Markdown and as one self-contained HTML file with inline SVG charts."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from govops.scorecard import charts
from govops.scorecard.i18n import label, translate_basis
from govops.scorecard.scorecard import Row, Scorecard

LEVELS = ("province", "city", "county", "township", "village", "department")


def format_value(row: Row, value: float | None, lang: str) -> str:
    if value is None:
        return label("unmeasured" if not row.measurable else "no_value", lang)
    if row.indicator.unit == "count":
        return f"{value:,.0f}"
    if row.indicator.unit == "milestone":
        return label("achieved" if value >= 1 else "not_yet", lang)
    return f"{value:.1%}"


def name_of(row: Row, lang: str) -> str:
    return row.indicator.name if lang == "zh" else f"{row.indicator.name_en} ({row.indicator.name})"


def verdict(row: Row, year: int, lang: str) -> str:
    met = row.met.get(year)
    target = row.indicator.targets.get(year)
    if target is None:
        return "-"
    shown = format_value(row, target, lang)
    if met is None:
        return shown
    return f"{shown} {'✓' if met else '✗'}"


def table_rows(card: Scorecard, lang: str) -> list[list[str]]:
    """The rows every tabular form shares: indicator, value, targets per year, basis."""
    rows = []
    for row in card.rows:
        basis = row.measurement.detail or (row.measurement.reason or "")
        if not row.measurable:
            zh = row.indicator.unmeasured_zh if lang == "zh" else None
            basis = zh or row.measurement.reason or ""
        rows.append(
            [
                name_of(row, lang),
                format_value(row, row.measurement.value, lang),
                *[verdict(row, year, lang) for year in card.years],
                translate_basis(basis, lang),
            ]
        )
    return rows


def headers(card: Scorecard, lang: str) -> list[str]:
    years = [label("target", lang, year=y) for y in card.years]
    return [label("indicator", lang), label("value", lang), *years, label("detail", lang)]


def to_markdown(card: Scorecard, lang: str) -> str:
    head = headers(card, lang)
    lines = [
        f"# {card.province} · {label('title', lang)}",
        "",
        f"{label('plan', lang)}: {card.plan} · {label('generated', lang)}: {card.generated_at}",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for cells in table_rows(card, lang):
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def figures(card: Scorecard, lang: str) -> list[Any]:
    """The report's charts: coverage, IPv6, bandwidth per city, burn-down, SLA by month."""
    ev = card.evidence
    words = chart_words(lang)
    out: list[Any] = []
    levels: dict[str, Any] = (ev.audit_summary or {}).get("levels", {})
    if levels:
        for key, ratio, measure in (
            ("coverage", "coverage_ratio", "network.coverage"),
            ("ipv6", "ipv6_ready_ratio", "network.ipv6"),
        ):
            bars = [(label(lv, lang), levels[lv].get(ratio)) for lv in LEVELS if lv in levels]
            target = chart_target(card, measure, lang)
            out.append(charts.bar_chart(label(key, lang), bars, target=target, labels=words))
    if ev.audit is not None:
        target = chart_target(card, "network.bandwidth_compliance", lang)
        out.append(
            charts.bar_chart(
                label("bandwidth_by_city", lang), city_compliance(card), target=target,
                labels=words,
            )
        )  # fmt: skip
    if ev.burndown:
        out.append(burndown_chart(card, lang, words))
    if ev.sla_monthly:
        out.append(
            charts.ratio_line_chart(
                label("sla", lang), list(ev.sla_monthly), series_name=label("sla_series", lang),
                target=chart_target(card, "sla.timely_resolution", lang, category="network"),
            )
        )  # fmt: skip
    return out


def chart_words(lang: str) -> dict[str, str]:
    keys = ("measured", "below_target", "no_data", "plan_target", "deadline")
    return {k: label(k, lang) for k in keys}


def target_year(targets: dict[int, float], year: int) -> int | None:
    """The target a chart shows: this year's or the next one's, else the plan's last."""
    ahead = [y for y in targets if y >= year]
    return min(ahead) if ahead else max(targets, default=None)


def chart_target(
    card: Scorecard, measure: str, lang: str, category: str | None = None
) -> tuple[float, str] | None:
    """The target line for a chart, from the targets file's indicator with that measure."""
    for row in card.rows:
        ind = row.indicator
        if ind.measure != measure or ind.unit != "ratio":
            continue
        if category is not None and category not in ind.params.get("categories", [category]):
            continue
        year = target_year(ind.targets, card.evidence.now.year)
        if year is not None:
            value = ind.targets[year]
            return value, label("target_line", lang, year=year, value=f"{value:.0%}")
    return None


def burndown_chart(card: Scorecard, lang: str, words: dict[str, str]) -> Any:
    """Systems not yet migrated, with the plan's targets (the share migrated by each target
    year's end, as systems left) and its deadline: the first year it asks for all of them."""
    ev = card.evidence
    lines = [(label("actual", lang), [(d, float(n)) for d, n in ev.burndown])]
    if ev.projection:
        lines.append((label("planned", lang), [(d, float(n)) for d, n in ev.projection]))
    in_scope = (ev.migration or {}).get("in_scope")
    plan, markers = [], []
    row = next((r for r in card.rows if r.indicator.measure == "cloud.migration"), None)
    if row is not None and isinstance(in_scope, int):
        targets = row.indicator.targets
        for year, ratio in sorted(targets.items()):
            text = label("plan_point", lang, year=year, value=f"{ratio:.0%}")
            plan.append((date(year, 12, 31), in_scope * (1 - ratio), text))
        full = [y for y, r in sorted(targets.items()) if r >= 1.0] or sorted(targets)[-1:]
        if full:
            markers.append((date(full[0], 12, 31), label("plan_deadline", lang, year=full[0])))
    return charts.time_chart(
        label("burndown", lang), lines, plan=plan, markers=markers, labels=words
    )


def trend_charts(card: Scorecard, lang: str) -> list[Any]:
    """One line per ratio indicator over the stored scorecards (and this one)."""
    out = []
    today = card.evidence.now.date().isoformat()
    for row in card.rows:
        if row.indicator.unit != "ratio" or not row.measurable:
            continue
        points = list(card.evidence.trends.get(row.indicator.id, []))
        if row.measurement.value is not None:
            points.append((today, row.measurement.value))
        if len(points) < 2:
            continue
        target = None
        year = target_year(row.indicator.targets, card.evidence.now.year)
        if year is not None:
            value = row.indicator.targets[year]
            target = (value, label("target_line", lang, year=year, value=f"{value:.0%}"))
        title = label("trend", lang, name=name_of(row, lang))
        out.append(
            charts.ratio_line_chart(
                title, points, target=target, series_name=label("measured", lang),
                kind="trend-chart", width=360,
            )
        )  # fmt: skip
    return out


def city_compliance(card: Scorecard) -> list[tuple[str, float | None]]:
    """Per city: the share of the city's sites and everything under it at the tier's rate."""
    inv = card.evidence.inventory
    audit = card.evidence.audit or {}
    status = {s["id"]: s["bandwidth_status"] for s in audit.get("sites", [])}

    def city_of(site_id: str) -> str | None:
        current: str | None = site_id
        while current is not None and current in inv.sites:
            if inv.sites[current].level == "city":
                return current
            current = inv.sites[current].parent
        return None

    counts: dict[str, list[int]] = {}
    for site_id, state in status.items():
        city = city_of(site_id)
        if city is not None:
            tally = counts.setdefault(city, [0, 0])
            tally[0] += state == "compliant"
            tally[1] += 1
    return [
        (inv.sites[c].name, met / total if total else None) for c, (met, total) in counts.items()
    ]


def generated_line(card: Scorecard, lang: str) -> str:
    """When the report was made, in Beijing time (the plans count in it)."""
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(card.generated_at).astimezone(ZoneInfo("Asia/Shanghai"))
    shown = f"{moment:%Y年%m月%d日 %H:%M}" if lang == "zh" else f"{moment:%Y-%m-%d %H:%M}"
    return label("generated_beijing", lang, time=shown)


def to_html(card: Scorecard, lang: str) -> str:
    """One self-contained HTML file (no scripts, nothing fetched) from report.html.j2."""
    rows = []
    for row, cells in zip(card.rows, table_rows(card, lang), strict=True):
        status = [m for m in row.met.values() if m is not None]
        rows.append({"css": "" if not status else ("met" if all(status) else "miss"),
                     "cells": cells})  # fmt: skip
    trends = trend_charts(card, lang)
    page: str = (
        templates()
        .get_template("report.html.j2")
        .render(
            lang=lang,
            title=f"{card.province} · {label('title', lang)}",
            plan_line=label("plan_line", lang, plan=card.plan),
            generated_line=generated_line(card, lang),
            headers=headers(card, lang),
            rows=rows,
            charts_heading=label("charts", lang),
            figures=figures(card, lang),
            trends_heading=label("trends", lang),
            trends=trends,
            trend_note=None if trends else label("no_trend", lang),
        )
    )
    return page


@cache
def templates() -> Any:
    """The report templates, autoescaped; an undefined name is an error, not blank."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("govops.scorecard", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
