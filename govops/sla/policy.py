"""Load the SLA policy (``playbooks/sla.yaml``) into a :class:`Policy`.

Lookup: the flag, else GOVOPS_SLA_POLICY, else ``playbooks/sla.yaml`` in the working
directory, else the built-in defaults (3 h for everything, 95% from 2023, 99% from 2025).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from govops import config
from govops.errors import InputError, reason, validation_message
from govops.i18n import M_
from govops.sla.models import Policy
from govops.units import parse_duration


def load_policy(path: str | Path | None = None) -> Policy:
    """The policy at ``path`` (or found by the lookup above)."""
    chosen = _locate(path)
    if chosen is None:
        return Policy()
    from govops.inventory.yamlsrc import read_yaml_file

    raw, problem = read_yaml_file(chosen)
    if problem is not None:
        raise InputError(M_("SLA policy {problem}", problem=problem.text()))
    return policy_from_mapping(raw or {}, str(chosen))


def _locate(path: str | Path | None) -> Path | None:
    if path:
        return Path(path)
    from_env = os.environ.get(config.ENV_SLA_POLICY)
    if from_env:
        return Path(from_env)
    local = Path("playbooks") / "sla.yaml"
    return local if local.is_file() else None


def policy_from_mapping(raw: Any, source: str = "<policy>") -> Policy:
    """Validate a parsed policy document; errors name the file and the field."""
    from pydantic import ValidationError

    from govops.sla.schema import PolicyDoc

    try:
        doc = PolicyDoc.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise InputError(
            M_(
                "{file}: {field}: {problem}",
                file=source,
                field=where,
                problem=validation_message(first),
            )
        ) from exc
    try:
        return _to_policy(doc)
    except ValueError as exc:
        raise InputError(M_("{file}: {problem}", file=source, problem=reason(exc))) from exc


def _to_policy(doc: Any) -> Policy:
    categories, severities = tuple(doc.categories), tuple(doc.severities)
    if doc.alertmanager.default_category not in categories:
        raise ValueError(
            M_("alertmanager.default_category: not one of {choices}", choices=list(categories))
        )
    if doc.alertmanager.default_severity not in severities:
        raise ValueError(
            M_("alertmanager.default_severity: not one of {choices}", choices=list(severities))
        )
    return Policy(
        default_target=parse_duration(doc.default_target),
        at_risk_before=parse_duration(doc.at_risk_before),
        categories=categories,
        severities=severities,
        targets=_per_pair(doc.targets, categories, severities, "targets"),
        acknowledge=_per_pair(
            {k: v for k, v in doc.acknowledge.items() if k != "default"},
            categories,
            severities,
            "acknowledge",
        ),
        acknowledge_default=(
            parse_duration(doc.acknowledge["default"]) if "default" in doc.acknowledge else None
        ),
        objectives=dict(doc.objectives),
        windows=tuple(parse_duration(w) for w in doc.windows),
        label_map=doc.alertmanager.labels,
        default_category=doc.alertmanager.default_category,
        default_severity=doc.alertmanager.default_severity,
    )


def _per_pair(
    table: dict[str, Any], categories: tuple[str, ...], severities: tuple[str, ...], name: str
) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for category, value in table.items():
        if category not in categories:
            raise ValueError(
                M_(
                    "{table}.{category}: not one of the categories {choices}",
                    table=name,
                    category=category,
                    choices=list(categories),
                )
            )
        if not isinstance(value, dict):
            for severity in severities:
                out[(category, severity)] = parse_duration(value)
            continue
        for severity, duration in value.items():
            if severity not in severities:
                raise ValueError(
                    M_(
                        "{table}.{category}.{severity}: not one of the severities {choices}",
                        table=name,
                        category=category,
                        severity=severity,
                        choices=list(severities),
                    )
                )
            out[(category, severity)] = parse_duration(duration)
    return out
