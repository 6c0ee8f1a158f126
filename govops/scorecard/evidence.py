"""What the scorecard measures from: plain data gathered from the other parts of govops."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from govops.inventory.models import Inventory
from govops.sla.models import Fault


@dataclass(frozen=True)
class Evidence:
    inventory: Inventory
    now: datetime
    audit: Mapping[str, Any] | None = None  # a full audit report (design.md JSON shape)
    audit_summary: Mapping[str, Any] | None = None  # its summary, or the stored last one
    audit_at: str | None = None
    migration: Mapping[str, Any] | None = None  # the cloud.migration_summary document
    faults: Sequence[Fault] | None = None  # faults open or resolved this year
    cloud_cores: int | None = None
    cloud_cores_source: str = ""
    burndown: Sequence[tuple[date, int]] = field(default_factory=tuple)  # in scope, not done
    projection: Sequence[tuple[date, int]] = field(default_factory=tuple)  # by planned waves
    deadlines: Sequence[date] = field(default_factory=tuple)
    sla_monthly: Sequence[tuple[str, float]] = field(default_factory=tuple)
    #: indicator id -> (day, value) from the stored scorecards, oldest first
    trends: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)
