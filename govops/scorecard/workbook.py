"""The scorecard as a workbook for leadership: indicators with numbers Excel can chart,
then the monthly SLA and the migration burn-down behind them."""

from __future__ import annotations

from govops.scorecard.i18n import translate_basis
from govops.scorecard.render import name_of
from govops.scorecard.scorecard import Row, Scorecard
from govops.xlsx import RATIO_FORMAT, Formatted, Sheet

COUNT_FORMAT = "#,##0"


def scorecard_sheets(card: Scorecard, lang: str) -> list[Sheet]:
    zh = lang == "zh"
    years = [str(y) for y in card.years]
    target = "{}年目标" if zh else "{} target"
    met = "{}年达标" if zh else "{} met"
    columns = [
        "指标" if zh else "indicator",
        "实测值" if zh else "value",
        *[c for y in years for c in (target.format(y), met.format(y))],
        "依据" if zh else "detail",
    ]
    rows = [_row(card, row, lang) for row in card.rows]
    sheets = [Sheet("指标" if zh else "scorecard", columns, rows)]
    monthly = card.evidence.sla_monthly
    if monthly:
        month_columns = ["月份" if zh else "month", "及时处置率" if zh else "cleared in time"]
        sheets.append(Sheet("故障及时处置率（按月）" if zh else "SLA by month", month_columns,
                            [[m, Formatted(r, RATIO_FORMAT)] for m, r in monthly]))  # fmt: skip
    if card.evidence.burndown:
        burn_columns = ["日期" if zh else "date", "未上云系统" if zh else "systems not migrated"]
        sheets.append(Sheet("上云燃尽" if zh else "burn-down", burn_columns,
                            [[d, n] for d, n in card.evidence.burndown]))  # fmt: skip
    return sheets


def _row(card: Scorecard, row: Row, lang: str) -> list[object]:
    fmt = COUNT_FORMAT if row.indicator.unit == "count" else RATIO_FORMAT
    basis = row.measurement.detail or row.measurement.reason or ""
    if not row.measurable:
        basis = (row.indicator.unmeasured_zh if lang == "zh" else None) or basis
    cells: list[object] = [name_of(row, lang), Formatted(row.measurement.value, fmt)]
    for year in card.years:
        goal = row.indicator.targets.get(year)
        done = row.met.get(year)
        cells += [Formatted(goal, fmt), None if done is None else ("✓" if done else "✗")]
    return [*cells, translate_basis(basis, lang)]
