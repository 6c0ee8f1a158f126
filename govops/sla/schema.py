"""Pydantic models of what comes in from outside: the policy file and imported rows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from govops.i18n import M_
from govops.units import parse_duration


def _duration(value: Any) -> Any:
    if value is not None:
        parse_duration(value)
    return value


_WINDOWS = ("7d", "30d", "365d")


class AlertmanagerDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labels: dict[str, str] = Field(
        default_factory=lambda: {k: k for k in ("category", "severity", "site", "level")}
    )
    default_category: str = "platform"
    default_severity: str = "major"


class PolicyDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    default_target: str | float = "3h"
    at_risk_before: str | float = "1h"
    categories: list[str] = Field(default_factory=lambda: ["network", "platform", "security"])
    severities: list[str] = Field(default_factory=lambda: ["critical", "major", "minor"])
    targets: dict[str, dict[str, str | float] | str | float] = Field(default_factory=dict)
    acknowledge: dict[str, Any] = Field(default_factory=dict)
    objectives: dict[int, float] = Field(default_factory=lambda: {2023: 0.95, 2025: 0.99})
    windows: list[str | float] = Field(default_factory=lambda: list[str | float](_WINDOWS))
    alertmanager: AlertmanagerDoc = Field(default_factory=AlertmanagerDoc)

    _check_default = field_validator("default_target", "at_risk_before")(_duration)

    @field_validator("objectives")
    @classmethod
    def _ratios(cls, value: dict[int, float]) -> dict[int, float]:
        for year, ratio in value.items():
            if not 0 <= ratio <= 1:
                raise ValueError(
                    M_(
                        "objective for {year} must be between 0 and 1, not {ratio}",
                        year=year,
                        ratio=ratio,
                    )
                )
        return value

    @field_validator("windows")
    @classmethod
    def _windows(cls, value: list[str | float]) -> list[str | float]:
        for window in value:
            parse_duration(window)
        return value


def _flag(value: Any) -> Any:
    """An outage column as spreadsheets write it: true/false, yes/no, 1/0, 是/否, or blank."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("", "0", "false", "no", "n", "否"):
            return False
        if text in ("1", "true", "yes", "y", "是"):
            return True
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _timestamp(value: Any) -> Any:
    """Epoch seconds from a number or ISO-8601, within 1970..9999 (see govops.bounds)."""
    from govops.bounds import time_problem
    from govops.sla.models import parse_time

    if value is None:
        return value
    if isinstance(value, str) and not value.strip():
        return None
    given = str(value)[:64]
    if isinstance(value, str):
        try:
            value = parse_time(value[:64])
        except ValueError:
            raise ValueError(M_("not an ISO-8601 time: {given}", given=repr(given))) from None
    if isinstance(value, bool) or not isinstance(value, float | int):
        raise ValueError(M_("not an ISO-8601 time: {given}", given=repr(given)))
    problem = time_problem(float(value))
    if problem:
        raise ValueError(M_("{given} {problem}", given=given, problem=problem))
    return value


def _capped(field: str) -> Any:
    """A validator refusing strings longer than govops.bounds.TEXT_LIMITS[field]."""

    def check(value: Any) -> Any:
        from govops.bounds import text_problem

        if isinstance(value, str) and (problem := text_problem(field, value)):
            raise ValueError(problem)
        return value

    return check


class ImportRow(BaseModel):
    """One historical fault in an import file (CSV columns or JSON keys)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)
    category: str = Field(min_length=1)
    severity: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    opened_at: float
    acknowledged_at: float | None = None
    resolved_at: float | None = None
    site: str | None = None
    level: str | None = None
    external_key: str | None = None
    outage: bool = False
    cloud: str | None = Field(default=None, max_length=128)

    _blank = field_validator(
        "acknowledged_at", "resolved_at", "site", "level", "external_key", "cloud", mode="before"
    )(_blank_to_none)
    _outage = field_validator("outage", mode="before")(_flag)
    _times = field_validator("opened_at", "acknowledged_at", "resolved_at", mode="before")(
        _timestamp
    )
    _summary = field_validator("summary")(_capped("summary"))
    _site = field_validator("site")(_capped("site"))
    _key = field_validator("external_key")(_capped("external_key"))


class AlertDoc(BaseModel):
    """One alert of an Alertmanager webhook (payload version 4)."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)
    status: str = Field(pattern="^(firing|resolved)$")
    labels: dict[str, str]
    annotations: dict[str, str] = Field(default_factory=dict)
    startsAt: float
    endsAt: float | None = None
    fingerprint: str = Field(min_length=1, max_length=128)

    _times = field_validator("startsAt", "endsAt", mode="before")(_timestamp)

    @field_validator("endsAt", mode="before")
    @classmethod
    def _zero_time(cls, value: Any) -> Any:
        # Alertmanager writes the zero time for a firing alert with no end.
        return None if isinstance(value, str) and value.startswith("0001-01-01") else value


class WebhookDoc(BaseModel):
    """An Alertmanager webhook body; only what govops uses is required."""

    model_config = ConfigDict(extra="allow")
    version: str = Field(pattern="^4$")
    status: str = Field(pattern="^(firing|resolved)$")
    alerts: list[AlertDoc]
