"""The audit policy: bandwidth tiers, utilization thresholds, expected sites per level."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govops.errors import InputError, validation_message
from govops.i18n import M_
from govops.inventory.models import Level, Rate, Tier


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TierRule(_Strict):
    rate: Rate
    links: int = Field(default=2, ge=1, le=8)


class Thresholds(_Strict):
    warning: float = Field(default=0.7, gt=0, le=1.5)
    critical: float = Field(default=0.9, gt=0, le=1.5)


_METRIC = r"^[A-Za-z_:][A-Za-z0-9_:]*$"
_LABEL = r"^[A-Za-z_][A-Za-z0-9_]*$"


class MetricNames(_Strict):
    """Where the interface counters are in Prometheus (snmp_exporter's if_mib by default)."""

    in_octets: str = Field(default="ifHCInOctets", pattern=_METRIC)
    out_octets: str = Field(default="ifHCOutOctets", pattern=_METRIC)
    instance_label: str = Field(default="instance", pattern=_LABEL)
    interface_label: str = Field(default="ifName", pattern=_LABEL)
    #: extra label matchers for every query, e.g. 'job="snmp"'
    matchers: str = Field(default="", max_length=500, pattern=r"^[^{}\n]*$")
    #: recorded 5-minute rates in octets/s (deploy/prometheus/govops-utilisation.rules.yml),
    #: evaluated every 5 minutes; used instead of rate() over the counters when set
    in_rate: str | None = Field(default=None, pattern=_METRIC)
    out_rate: str | None = Field(default=None, pattern=_METRIC)


_PLAN = {
    Tier.PROVINCE_CITY: TierRule(rate=10 * 10**9),
    Tier.CITY_COUNTY: TierRule(rate=2 * 10**9),
    Tier.COUNTY_TOWNSHIP: TierRule(rate=200 * 10**6),
    Tier.PROVINCE_DEPARTMENT: TierRule(rate=2 * 10**9),
}  # township-village: no plan target; a tier file may set one (playbooks/ sets 100M x 1)


class Policy(_Strict):
    """Defaults are the plan's (plan-targets.md); playbooks/bandwidth-tiers.yaml spells them out."""

    tiers: dict[Tier, TierRule] = Field(default_factory=lambda: dict(_PLAN))
    utilization: Thresholds = Thresholds()
    expected: dict[Level, int] = Field(default_factory=dict)
    metrics: MetricNames = MetricNames()


def load_policy(path: Path | None) -> Policy:
    """The policy file, or the plan's defaults; InputError names the file and field."""
    if path is None:
        return Policy()
    from govops.inventory.yamlsrc import read_yaml_file

    if not path.exists():
        raise InputError(M_("{path}: no such policy file", path=str(path)))
    data, problem = read_yaml_file(path)
    if problem is not None:
        raise InputError(M_("policy file {problem}", problem=problem.text()))
    try:
        policy = Policy.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            M_(
                "{path}: {where}: {message}",
                path=str(path),
                where=where,
                message=validation_message(first, limit=10_000),
            )
        ) from None
    return policy.model_copy(update={"tiers": {**_PLAN, **policy.tiers}})
