from __future__ import annotations

import random
from datetime import date

from govops.cloud.planner import PlanItem, plan_waves

START = date(2026, 1, 1)
ROOM = {"a": (1000, 4000, 100000), "b": (1000, 4000, 100000)}


def item(sid: str, *, cloud: str = "a", deps: tuple[str, ...] = (), co: tuple[str, ...] = (),
         due: date | None = None, vcpu: int = 8) -> PlanItem:  # fmt: skip
    return PlanItem(sid, cloud, (vcpu, vcpu * 4, 100), due, deps, co)


def waves(plan: object) -> list[tuple[str, ...]]:
    return [w.systems for w in plan.waves]  # type: ignore[attr-defined]


def test_cycle_moves_as_one_group_after_what_it_depends_on() -> None:
    items = [item("A", deps=("B",)), item("B", deps=("A", "C")), item("C")]
    plan = plan_waves(items, ROOM, start=START, max_per_wave=2)
    assert plan.groups == (("A", "B"),)
    assert waves(plan) == [("C",), ("A", "B")]


def test_comigrate_is_a_group_even_without_dependencies() -> None:
    items = [item("A", co=("D",)), item("B"), item("C"), item("D")]
    plan = plan_waves(items, ROOM, start=START, max_per_wave=2)
    assert ("A", "D") in plan.groups
    assert any(set(w) == {"A", "D"} for w in waves(plan))


def test_dependencies_first_then_earliest_deadline() -> None:
    items = [
        item("LATE", due=date(2027, 1, 1)),
        item("SOON", due=date(2026, 2, 1)),
        item("NONE"),
        item("CHILD", deps=("NONE",), due=date(2026, 1, 20)),
    ]
    plan = plan_waves(items, ROOM, start=START, max_per_wave=1, wave_days=7)
    # NONE inherits CHILD's deadline (2026-01-20), so it goes before SOON
    assert waves(plan) == [("NONE",), ("CHILD",), ("SOON",), ("LATE",)]


def test_missed_deadline_is_reported_with_days_late() -> None:
    items = [item("A", due=date(2026, 1, 10)), item("B", due=date(2026, 1, 10))]
    plan = plan_waves(items, ROOM, start=START, max_per_wave=1, wave_days=7)
    assert [(p.kind, p.message) for p in plan.problems] == [
        ("missed_deadline", "B due 2026-01-10, wave 2 cuts over 2026-01-15: 5 days late")
    ]


def test_capacity_packing_leaves_out_what_does_not_fit_and_its_dependents() -> None:
    room = {"a": (20, 1000, 10000)}
    items = [
        item("A", vcpu=8, due=date(2026, 3, 1)),
        item("B", vcpu=8, due=date(2026, 4, 1)),
        item("C", vcpu=8, due=date(2026, 5, 1)),
        item("D", deps=("C",), vcpu=2),
    ]
    plan = plan_waves(items, room, start=START)
    assert waves(plan) == [("A", "B")]
    assert plan.unplaced == {"C": "no headroom: 8 vCPU needed, 4 left on a",
                             "D": "depends on C, which could not be planned"}  # fmt: skip
    (short,) = plan.shortfalls
    assert (short.cloud, short.demand[0], short.headroom[0], short.unplaced) == (
        "a",
        26,
        20,
        ("C", "D"),
    )


def test_per_wave_limit_and_oversized_group() -> None:
    items = [item(f"S{i}") for i in range(5)] + [item("X", co=("Y", "Z")), item("Y"), item("Z")]
    plan = plan_waves(items, ROOM, start=START, max_per_wave=2)
    assert all(len(w) <= 2 for w in waves(plan) if set(w) != {"X", "Y", "Z"})
    assert [p.kind for p in plan.problems] == ["oversized_group"]
    assert sum(len(w) for w in waves(plan)) == 8


def test_group_spanning_clouds_and_dependency_on_classified() -> None:
    items = [item("A", co=("B",)), item("B", cloud="b"), item("C", deps=("SECRET", "GONE"))]
    plan = plan_waves(items, ROOM, start=START, off_cloud={"SECRET": "classified"},
                      satisfied=frozenset({"GONE"}))  # fmt: skip
    assert [(p.kind, p.subject) for p in plan.problems] == [
        ("classified_dependency", "C"),
        ("spans_clouds", "A"),
    ]
    assert "target different clouds: a, b" in plan.problems[1].message


def test_output_is_deterministic_whatever_the_input_order() -> None:
    rng = random.Random(7)
    items = [item(f"S{i:03d}", cloud="ab"[i % 2], due=date(2026, 1 + i % 12, 1),
                  deps=tuple(f"S{j:03d}" for j in rng.sample(range(200), 3) if j != i))
             for i in range(200)]  # fmt: skip
    first = plan_waves(items, ROOM, start=START, max_per_wave=15)
    rng.shuffle(items)
    again = plan_waves(items, ROOM, start=START, max_per_wave=15)
    assert first == again
    placed = first.wave_of()
    for it in items:  # nothing moves before what it depends on
        for dep in it.depends_on:
            if it.id in placed and dep in placed:
                assert placed[dep].number <= placed[it.id].number


def test_systems_already_overdue_at_the_start_are_told_apart() -> None:
    items = [item("OLD", due=date(2022, 6, 30)), item("NEW", due=date(2026, 1, 2))]
    plan = plan_waves(items, ROOM, start=START, max_per_wave=1, wave_days=7)
    assert [(p.kind, p.subject) for p in plan.problems] == [
        ("missed_deadline", "NEW"),
        ("overdue", "OLD"),
    ]
