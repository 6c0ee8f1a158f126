"""Where a population of tracked items stands: the ratio with its denominator, exempt apart,
per status, per group, overdue items, and the burn-down of items not yet done."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govops import clock
from govops.inventory.models import Inventory
from govops.lifecycle.engine import Progress, burndown, progress
from govops.lifecycle.model import ItemState, Move
from govops.lifecycle.tracked import Tracked


@dataclass(frozen=True)
class TrackedStatus:
    kind: str
    today: date
    total: Progress
    out_of_scope: list[dict[str, Any]]
    items: list[dict[str, Any]]
    groups: dict[str, dict[str, dict[str, Any]]]  # grouping -> key -> counts
    burndown: list[tuple[date, int]]
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific (rooms ready to close)

    def as_dict(self) -> dict[str, Any]:
        t = self.total
        return {
            "kind": self.kind,
            "today": self.today.isoformat(),
            "ratio": None if t.ratio is None else round(t.ratio, 4),
            "denominator": t.total,
            "done": t.done,
            "exempt": t.exempt,
            "by_status": t.by_status,
            "overdue": t.overdue,
            "out_of_scope": self.out_of_scope,
            "groups": self.groups,
            "items": self.items,
            "burndown": [[d.isoformat(), n] for d, n in self.burndown],
            **self.extra,
        }


def build_status(
    tracked: Tracked,
    inv: Inventory,
    current: Mapping[str, ItemState],
    log: Sequence[Move],
    today: date,
) -> TrackedStatus:
    life = tracked.life
    scoped = {k: st for k, st in current.items() if tracked.out_of_scope(inv, k) is None}
    counted = {k: st for k, st in scoped.items() if tracked.not_counted(inv, k) is None}
    names = tracked.names(inv)
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for grouping in tracked.groupings:
        keyed: dict[str, list[ItemState]] = {}
        for key, st in counted.items():
            keyed.setdefault(tracked.groups(inv, key)[grouping], []).append(st)
        groups[grouping] = {
            k: _counts(progress(life, sts, today)) for k, sts in sorted(keyed.items())
        }
    starts = {k: tracked.items(inv)[k] for k in counted}
    return TrackedStatus(
        kind=life.kind,
        today=today,
        total=progress(life, list(counted.values()), today),
        out_of_scope=[
            {
                "id": k,
                "name": names.get(k, ""),
                "why": tracked.out_of_scope(inv, k) or tracked.not_counted(inv, k),
            }
            for k in current
            if k not in counted
        ],
        items=[_item(st, names.get(k, ""), life.done, k in counted) for k, st in scoped.items()],
        groups=groups,
        burndown=burndown(life, starts, [m for m in log if m.item in counted]),
    )


def _counts(p: Progress) -> dict[str, Any]:
    ratio = None if p.ratio is None else round(p.ratio, 4)
    return {"total": p.total, "done": p.done, "exempt": p.exempt, "overdue": len(p.overdue),
            "ratio": ratio}  # fmt: skip


def _item(st: ItemState, name: str, done: frozenset[str], counted: bool) -> dict[str, Any]:
    return {
        "counted": counted,
        "id": st.item,
        "name": name,
        "status": st.status,
        "since": clock.for_json(st.since),
        "deadline": st.deadline.isoformat() if st.deadline else None,
        "done": st.status in done,
        "reason": st.reason,
        "evidence": list(st.evidence),
    }
