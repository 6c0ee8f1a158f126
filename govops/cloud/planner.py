"""The wave planner: must-move-together groups, dependency order, capacity, deadlines.

Pure and deterministic: plain items in, a ``Plan`` out. Systems that must move together
(a dependency cycle, or a must-comigrate link, which counts as a dependency both ways)
are one strongly connected component of the dependency graph (Tarjan). Groups are
scheduled dependencies first, earliest deadline first, a group inheriting the earliest
deadline of what depends on it; each goes into the first wave at or after its
dependencies' waves that is under the per-wave limit, if every cloud it lands on still
has headroom (vCPU, RAM, disk) for it. Headroom is consumed for good: migrated systems
stay.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from govops.cloud.graph import strongly_connected
from govops.errors import joined
from govops.i18n import M_

NEVER = date.max
RESOURCES = ("vcpu", "ram_gb", "disk_gb")


@dataclass(frozen=True)
class PlanItem:
    id: str
    cloud: str
    demand: tuple[int, int, int]  # vcpu, ram_gb, disk_gb
    deadline: date | None = None
    depends_on: tuple[str, ...] = ()
    comigrate: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanProblem:
    kind: str  # missed_deadline | capacity | spans_clouds | classified_dependency | ...
    subject: str
    message: str


@dataclass(frozen=True)
class Wave:
    number: int
    date: date
    systems: tuple[str, ...]
    demand: dict[str, tuple[int, int, int]]  # cloud -> vcpu, ram_gb, disk_gb


@dataclass(frozen=True)
class Shortfall:
    cloud: str
    headroom: tuple[int, int, int]
    demand: tuple[int, int, int]
    unplaced: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    start: date
    wave_days: int
    max_per_wave: int
    waves: tuple[Wave, ...]
    groups: tuple[tuple[str, ...], ...]  # must-move-together groups of two or more
    unplaced: dict[str, str]  # system -> why
    problems: tuple[PlanProblem, ...]
    shortfalls: tuple[Shortfall, ...] = field(default=())

    def wave_of(self) -> dict[str, Wave]:
        return {sid: w for w in self.waves for sid in w.systems}


@dataclass
class _Group:
    members: list[int]
    deadline: date
    demand: dict[str, list[int]]
    deps: set[int] = field(default_factory=set)
    wave: int = 0
    placed: bool = False


def plan_waves(
    items: Sequence[PlanItem],
    headroom: Mapping[str, tuple[int, int, int]],
    *,
    start: date,
    wave_days: int = 14,
    max_per_wave: int = 20,
    satisfied: frozenset[str] = frozenset(),
    off_cloud: Mapping[str, str] | None = None,
) -> Plan:
    """Plan ``items`` into waves. ``satisfied``: already migrated; ``off_cloud``: systems
    that will never be on the cloud (id -> why: classified, exempt, retired)."""
    ordered = sorted(items, key=lambda it: it.id)
    index = {it.id: i for i, it in enumerate(ordered)}
    problems: list[PlanProblem] = []
    edges = _edges(ordered, index, satisfied, off_cloud or {}, problems)
    comp = strongly_connected(len(ordered), edges)
    groups = _groups(ordered, comp, edges, problems)
    _inherit_deadlines(groups)
    left = {c: list(v) for c, v in headroom.items()}
    placed_waves: dict[int, list[int]] = {}
    unplaced: dict[str, str] = {}
    for g in _order(groups):
        _place(g, groups, ordered, left, placed_waves, max_per_wave, unplaced, problems)
    waves = _waves(ordered, groups, comp, placed_waves, start, wave_days)
    _deadlines(ordered, waves, start, problems)
    return Plan(
        start=start, wave_days=wave_days, max_per_wave=max_per_wave, waves=waves,
        groups=tuple(tuple(ordered[m].id for m in g.members) for g in groups if len(g.members) > 1),
        unplaced=dict(sorted(unplaced.items())),
        problems=tuple(sorted(problems, key=lambda p: (p.kind, p.subject, p.message))),
        shortfalls=_shortfalls(ordered, headroom, unplaced),
    )  # fmt: skip


def _edges(
    items: Sequence[PlanItem], index: Mapping[str, int], satisfied: frozenset[str],
    off_cloud: Mapping[str, str], problems: list[PlanProblem],
) -> list[list[int]]:  # fmt: skip
    """i -> j: i cannot move before j. Comigrate links point both ways."""
    edges: list[list[int]] = [[] for _ in items]
    for i, it in enumerate(items):
        for kind, targets in ((M_("depends on"), it.depends_on),
                              (M_("must move with"), it.comigrate)):  # fmt: skip
            for dep in targets:
                j = index.get(dep)
                if j is not None:
                    edges[i].append(j)
                    if kind == "must move with":
                        edges[j].append(i)
                elif dep in off_cloud:
                    problems.append(PlanProblem(
                        f"{off_cloud[dep]}_dependency", it.id,
                        M_("{id} {relation} {dep}, which is {status} and will not move onto "
                           "the government cloud",
                           id=it.id, relation=kind, dep=dep, status=M_(off_cloud[dep])),
                    ))  # fmt: skip
                elif dep not in satisfied:
                    problems.append(PlanProblem(
                        "unplanned_dependency", it.id,
                        M_("{id} {relation} {dep}, which is neither migrated nor being planned",
                           id=it.id, relation=kind, dep=dep),
                    ))  # fmt: skip
    return edges


def _groups(
    items: Sequence[PlanItem], comp: Sequence[int], edges: Sequence[Sequence[int]],
    problems: list[PlanProblem],
) -> list[_Group]:  # fmt: skip
    groups = [_Group([], NEVER, {}) for _ in range(max(comp, default=-1) + 1)]
    for i, it in enumerate(items):
        g = groups[comp[i]]
        g.members.append(i)
        g.deadline = min(g.deadline, it.deadline or NEVER)
        d = g.demand.setdefault(it.cloud, [0, 0, 0])
        for k in range(3):
            d[k] += it.demand[k]
        for j in edges[i]:
            if comp[j] != comp[i]:
                g.deps.add(comp[j])
    for g in groups:
        if len(g.demand) > 1:
            names = ", ".join(items[m].id for m in g.members)
            problems.append(PlanProblem(
                "spans_clouds", items[g.members[0]].id,
                M_("systems that must move together ({names}) target different clouds: {clouds}",
                   names=names, clouds=", ".join(sorted(g.demand))),
            ))  # fmt: skip
    return groups


def _inherit_deadlines(groups: list[_Group]) -> None:
    """A group is due when the earliest group that depends on it is due."""
    for g in reversed(groups):  # dependents come after their dependencies in Tarjan order
        for d in g.deps:
            if g.deadline < groups[d].deadline:
                groups[d].deadline = g.deadline


def _order(groups: list[_Group]) -> list[_Group]:
    """Dependencies first; among the groups free to go, earliest deadline, then lowest id."""
    waiting = [len(g.deps) for g in groups]
    dependents: list[list[int]] = [[] for _ in groups]
    for gi, g in enumerate(groups):
        for d in g.deps:
            dependents[d].append(gi)
    heap = [(g.deadline, g.members[0], gi) for gi, g in enumerate(groups) if not waiting[gi]]
    heapq.heapify(heap)
    out = []
    while heap:
        _, _, gi = heapq.heappop(heap)
        out.append(groups[gi])
        for dep in dependents[gi]:
            waiting[dep] -= 1
            if not waiting[dep]:
                heapq.heappush(heap, (groups[dep].deadline, groups[dep].members[0], dep))
    return out


def _place(
    g: _Group, groups: list[_Group], items: Sequence[PlanItem], left: dict[str, list[int]],
    waves: dict[int, list[int]], limit: int, unplaced: dict[str, str],
    problems: list[PlanProblem],
) -> None:  # fmt: skip
    ids = [items[m].id for m in g.members]
    why = _cannot_place(g, groups, items, left)
    if why:
        unplaced.update(dict.fromkeys(ids, why))
        return
    for c, d in g.demand.items():
        for k in range(3):
            left[c][k] -= d[k]
    wave = max((groups[d].wave for d in g.deps), default=1)
    if len(ids) > limit:
        problems.append(PlanProblem(
            "oversized_group", ids[0],
            M_("{n} systems must move together, more than the per-wave limit of {limit}; "
               "they get a wave of their own", n=len(ids), limit=limit),
        ))  # fmt: skip
        while waves.get(wave):
            wave += 1
    else:
        while len(waves.get(wave, ())) + len(ids) > limit:
            wave += 1
    waves.setdefault(wave, []).extend(g.members)
    g.wave, g.placed = wave, True


def _cannot_place(
    g: _Group, groups: list[_Group], items: Sequence[PlanItem], left: dict[str, list[int]]
) -> str | None:
    """Why the group cannot go: a dependency left out, or a cloud without headroom."""
    blocker = next((groups[d] for d in sorted(g.deps) if not groups[d].placed), None)
    if blocker is not None:
        return M_("depends on {id}, which could not be planned", id=items[blocker.members[0]].id)
    short = [
        M_(
            "{need} {unit} needed, {room} left on {cloud}",
            need=d[k],
            unit=unit,
            room=room[k],
            cloud=c,
        )
        for c, d in sorted(g.demand.items())
        for room in (left.get(c, [0, 0, 0]),)
        for k, unit in enumerate((M_("vCPU"), M_("GB RAM"), M_("GB disk")))
        if d[k] > room[k]
    ]
    return M_("no headroom: {short}", short=joined(short)) if short else None


def _waves(
    items: Sequence[PlanItem], groups: list[_Group], comp: Sequence[int],
    placed: dict[int, list[int]], start: date, wave_days: int,
) -> tuple[Wave, ...]:  # fmt: skip
    waves = []
    for number in sorted(placed):
        members = placed[number]
        demand: dict[str, list[int]] = {}
        for m in members:
            d = demand.setdefault(items[m].cloud, [0, 0, 0])
            for k in range(3):
                d[k] += items[m].demand[k]
        waves.append(Wave(
            number, start + timedelta(days=wave_days * number),
            tuple(items[m].id for m in members),
            {c: (v[0], v[1], v[2]) for c, v in sorted(demand.items())},
        ))  # fmt: skip
    return tuple(waves)


def _deadlines(
    items: Sequence[PlanItem], waves: Sequence[Wave], start: date, problems: list[PlanProblem]
) -> None:
    deadline = {it.id: it.deadline for it in items}
    for w in waves:
        for sid in w.systems:
            due = deadline[sid]
            if due is None or w.date <= due:
                continue
            late = (w.date - due).days
            kind = "overdue" if due < start else "missed_deadline"
            problems.append(PlanProblem(
                kind, sid, M_("{id} due {due}, wave {wave} cuts over {date}: {late} days late",
                              id=sid, due=due.isoformat(), wave=w.number,
                              date=w.date.isoformat(), late=late),
            ))  # fmt: skip


def _shortfalls(
    items: Sequence[PlanItem], headroom: Mapping[str, tuple[int, int, int]],
    unplaced: Mapping[str, str],
) -> tuple[Shortfall, ...]:  # fmt: skip
    demand: dict[str, list[int]] = {}
    for it in items:
        d = demand.setdefault(it.cloud, [0, 0, 0])
        for k in range(3):
            d[k] += it.demand[k]
    out = []
    for cloud, d in sorted(demand.items()):
        room = headroom.get(cloud, (0, 0, 0))
        if any(d[k] > room[k] for k in range(3)):
            left_out = tuple(it.id for it in items if it.cloud == cloud and it.id in unplaced)
            out.append(Shortfall(cloud, room, (d[0], d[1], d[2]), left_out))
    return tuple(out)
