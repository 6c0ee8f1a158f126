"""The scorecard: every indicator of a targets file, measured, against its 2023/2025 targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govops.i18n import M_
from govops.scorecard.evidence import Evidence
from govops.scorecard.measures import MEASURES, Measurement
from govops.scorecard.targets import IndicatorSpec, Targets


@dataclass(frozen=True)
class Row:
    indicator: IndicatorSpec
    measurement: Measurement
    met: dict[int, bool | None]  # per target year; None when there is no value
    gap: dict[int, float | None]  # target - value, > 0 when short

    @property
    def measurable(self) -> bool:
        return self.indicator.measure is not None

    def as_dict(self) -> dict[str, Any]:
        ind = self.indicator
        return {
            "id": ind.id,
            "name": ind.name,
            "name_en": ind.name_en,
            "meaning": ind.meaning,
            "unit": ind.unit,
            "measure": ind.measure,
            "value": self.measurement.value,
            "detail": self.measurement.detail,
            "reason": self.measurement.reason if ind.measure else ind.unmeasured,
            "measurable": self.measurable,
            "baseline_2020": ind.baseline_2020,
            "targets": {str(y): t for y, t in sorted(ind.targets.items())},
            "met": {str(y): m for y, m in sorted(self.met.items())},
            "gap": {str(y): g for y, g in sorted(self.gap.items())},
        }


@dataclass(frozen=True)
class Scorecard:
    province: str
    plan: str
    generated_at: str
    years: list[int]
    rows: list[Row]
    evidence: Evidence

    def as_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "plan": self.plan,
            "generated_at": self.generated_at,
            "years": self.years,
            "indicators": [row.as_dict() for row in self.rows],
        }


def build_scorecard(targets: Targets, evidence: Evidence) -> Scorecard:
    """Measure every indicator of ``targets`` from ``evidence``."""
    rows = [_row(ind, evidence) for ind in targets.indicators]
    return Scorecard(
        province=targets.province,
        plan=targets.plan,
        generated_at=evidence.now.isoformat(timespec="seconds"),
        years=targets.years(),
        rows=rows,
        evidence=evidence,
    )


def _row(ind: IndicatorSpec, evidence: Evidence) -> Row:
    if ind.measure is None:
        measurement = Measurement(None, reason=ind.unmeasured or M_("govops has no measure for it"))
    else:
        measurement = MEASURES[ind.measure](evidence, ind.params)
    value = measurement.value
    met: dict[int, bool | None] = {}
    gap: dict[int, float | None] = {}
    for year, target in ind.targets.items():
        if value is None:
            met[year], gap[year] = None, None
            continue
        met[year] = value > target if ind.comparison == ">" else value >= target
        gap[year] = round(target - value, 6)
    return Row(ind, measurement, met, gap)
