"""Whatever the graph, the plan keeps its promises."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from govops.cloud.planner import PlanItem, plan_waves

START = date(2026, 1, 1)


@st.composite
def systems(draw: st.DrawFn) -> tuple[list[PlanItem], dict[str, tuple[int, int, int]], int]:
    n = draw(st.integers(1, 40))
    ids = [f"S{i:02d}" for i in range(n)]
    items = []
    for sid in ids:
        deps = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        co = draw(st.lists(st.sampled_from(ids), max_size=1))
        due = START + timedelta(days=draw(st.integers(0, 200)))
        demand = (draw(st.integers(0, 16)), draw(st.integers(0, 64)), draw(st.integers(0, 500)))
        cloud = draw(st.sampled_from(["a", "b"]))
        items.append(PlanItem(sid, cloud, demand, due, tuple(d for d in deps if d != sid),
                              tuple(c for c in co if c != sid)))  # fmt: skip
    room = {c: (draw(st.integers(0, 200)), draw(st.integers(0, 800)), 5000) for c in "ab"}
    return items, room, draw(st.integers(1, 6))


@settings(max_examples=150, deadline=None)
@given(systems())
def test_plan_invariants(case: tuple[list[PlanItem], dict[str, tuple[int, int, int]], int]) -> None:
    items, room, limit = case
    plan = plan_waves(items, room, start=START, wave_days=7, max_per_wave=limit)
    placed = plan.wave_of()
    by_id = {it.id: it for it in items}
    # every system is planned or said why not, never both
    assert set(placed) | set(plan.unplaced) == set(by_id)
    assert not set(placed) & set(plan.unplaced)
    # nothing moves before what it depends on; must-move-together share a wave
    order = {sid: (w.number, w.systems.index(sid)) for sid, w in placed.items()}
    for it in items:
        if it.id not in placed:
            continue
        for dep in it.depends_on:
            assert dep in placed, f"{it.id} planned without its dependency {dep}"
            group = next((g for g in plan.groups if it.id in g), ())
            if dep not in group:
                assert order[dep] < order[it.id]
        for partner in it.comigrate:
            assert placed[partner].number == placed[it.id].number
    # headroom is never exceeded; the per-wave limit holds unless a group is larger
    for cloud, cap in room.items():
        used = [
            sum(by_id[s].demand[k] for s in placed if by_id[s].cloud == cloud) for k in range(3)
        ]
        assert all(used[k] <= cap[k] for k in range(3))
    oversized = any(p.kind == "oversized_group" for p in plan.problems)
    assert oversized or all(len(w.systems) <= limit for w in plan.waves)
