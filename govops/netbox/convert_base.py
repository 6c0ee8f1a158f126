"""The inventory being built from NetBox, and the problems and notes met on the way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from govops.errors import Problem
from govops.inventory.models import ID_PATTERN

IDENT = re.compile(ID_PATTERN)


@dataclass
class Draft:
    """The inventory being built, with the problems and notes met on the way."""

    sites: list[dict[str, Any]] = field(default_factory=list)
    devices: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, kind: str, oid: int, what: str, message: str) -> None:
        self.problems.append(Problem(kind, oid, what, message))
