"""Target files (playbooks/targets/*.yaml): a province's plan indicators and their targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govops.errors import Problem, ProblemsError, validation_message
from govops.i18n import M_
from govops.inventory.yamlsrc import (
    LineDict,
    LineList,
    line_of,
    read_yaml_file,
)


class TargetsError(ProblemsError):
    """A targets file has one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, "targets file")


class IndicatorSpec(BaseModel):
    """One row of a plan's indicator table."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)  # the Chinese indicator name users know
    name_en: str = Field(min_length=1)
    meaning: str = ""
    measure: str | None = None
    params: dict[str, Any] = {}
    unit: Literal["ratio", "count", "milestone"] = "ratio"  # milestone: achieved or not yet
    baseline_2020: str | None = None
    targets: dict[int, float] = {}
    comparison: Literal[">=", ">"] = ">="
    unmeasured: str | None = None  # why govops cannot measure it
    unmeasured_zh: str | None = None


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    province: str
    plan: str
    indicators: list[IndicatorSpec]

    def years(self) -> list[int]:
        return sorted({year for ind in self.indicators for year in ind.targets})


def load_targets(path: str | Path, known_measures: frozenset[str]) -> Targets:
    """Load and check a targets file; every problem is reported as file:line: field: message."""
    name = str(path)
    document, problem = read_yaml_file(Path(path))
    if problem is not None:
        raise TargetsError([problem])
    if not isinstance(document, LineDict):
        raise TargetsError([Problem(name, 1, "file", M_("expected province, plan, indicators"))])
    try:
        targets = Targets.model_validate(document)
    except ValidationError as exc:
        raise TargetsError(_problems(name, document, exc)) from exc
    problems = [
        Problem(
            name,
            _indicator_line(document, i, "measure"),
            f"indicators[{ind.id}].measure",
            M_(
                "unknown measure {measure}; known: {known}",
                measure=repr(ind.measure),
                known=", ".join(sorted(known_measures)),
            ),
        )
        for i, ind in enumerate(targets.indicators)
        if ind.measure is not None and ind.measure not in known_measures
    ]
    if problems:
        raise TargetsError(problems)
    return targets


def _indicator_line(document: LineDict, index: int, field: str) -> int:
    items = document.get("indicators")
    item = items[index] if isinstance(items, LineList) and index < len(items) else None
    return line_of(item, field, line_of(items, index, 1))


def _problems(name: str, document: LineDict, exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        node: Any = document
        line = 1
        for part in error["loc"]:
            line = line_of(node, part, line)
            node = _child(node, part)
        field = ".".join(str(p) for p in error["loc"])
        extra = error["type"] == "extra_forbidden"
        message = M_("unknown field") if extra else validation_message(error, limit=10_000)
        problems.append(Problem(name, line, field, message))
    return problems


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None
