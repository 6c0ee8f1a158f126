"""The scorecard as Markdown and as one self-contained HTML file with inline SVG charts."""

from __future__ import annotations

from html import escape
from typing import Any

from govops.scorecard import svg
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


def charts(card: Scorecard, lang: str) -> list[str]:
    ev = card.evidence
    out: list[str] = []
    levels: dict[str, Any] = (ev.audit_summary or {}).get("levels", {})
    if levels:
        coverage = [
            (label(lv, lang), levels[lv].get("coverage_ratio")) for lv in LEVELS if lv in levels
        ]
        out.append(svg.bar_chart(label("coverage", lang), coverage, target=0.95))
        ipv6 = [
            (label(lv, lang), levels[lv].get("ipv6_ready_ratio")) for lv in LEVELS if lv in levels
        ]
        out.append(svg.bar_chart(label("ipv6", lang), ipv6, target=1.0))
    if ev.audit is not None:
        out.append(
            svg.bar_chart(label("bandwidth_by_city", lang), city_compliance(card), target=1.0)
        )
    if ev.burndown:
        lines = [(label("actual", lang), [(d, float(n)) for d, n in ev.burndown])]
        if ev.projection:
            lines.append((label("planned", lang), [(d, float(n)) for d, n in ev.projection]))
        first = ev.deadlines[0] if ev.deadlines else None
        markers = [(first, f"{label('deadline', lang)} {first}")] if first else []
        out.append(svg.time_chart(label("burndown", lang), lines, markers))
    if ev.sla_monthly:
        out.append(
            svg.line_chart(
                label("sla", lang), list(ev.sla_monthly), y_max=1.0, target=0.99, percent=True
            )
        )
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


STYLE = """body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
td:nth-child(n+2):not(:last-child),th{white-space:nowrap}th{background:#f0f3f8}
.met{color:#1e7e34}.miss{color:#c0392b}.charts svg{margin:1em 1em 0 0;vertical-align:top}"""


def to_html(card: Scorecard, lang: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers(card, lang))
    body = []
    for row, cells in zip(card.rows, table_rows(card, lang), strict=True):
        status = [m for m in row.met.values() if m is not None]
        css = "" if not status else ("met" if all(status) else "miss")
        body.append(
            f'<tr class="{css}">' + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
        )
    title = f"{card.province} · {label('title', lang)}"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(label('plan', lang))}: {escape(card.plan)} · "
        f"{escape(label('generated', lang))}: {escape(card.generated_at)}</p>"
        f'<table id="scorecard"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        f'</table><div class="charts">{"".join(charts(card, lang))}</div></body></html>\n'
    )
