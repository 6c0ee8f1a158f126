"""Everything a scrape reads, in one statement: one round trip, one consistent snapshot.

One ``UNION ALL`` of small queries, each reading an aggregate table or searching an
index, never walking fault rows:

- ``c`` counters and ``b`` histogram buckets, shards summed;
- ``h`` open faults per (category, severity): in all, and for each threshold T those in
  whole deadline hours before T's hour (``sla_open_deadlines``);
- ``x`` the open faults of T's own hour up to T, counted exactly (covering partial index);
- ``o`` the oldest open fault's opening time (partial index);
- ``d`` resolved / met per category in whole days since each window's start (daily
  table), and ``p`` in the part-day at its start, exactly (partial index on resolutions);
- ``doc`` the documents other parts publish.

Rows share one shape: ``kind, t1, t2, t3, t4, n, v1 .. v4`` (texts, an integer, doubles).
The statement is built and compiled once per dialect and policy window count; a scrape
binds its times and runs it on the collector's own connection (autocommit).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from govops.sla.aggregates import DAY, HOUR, deadline_hour

TEXTS = 4
VALUES = 4
#: The thresholds a scrape splits open faults by (the collector passes exactly these many).
THRESHOLDS = 3


@dataclass
class Read:
    """The statement's rows, sorted by kind."""

    counters: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    buckets: dict[tuple[str, str, int], int] = field(default_factory=dict)
    open_totals: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: for each threshold index, open faults per pair whose deadline <= the threshold
    open_before: list[Counter[tuple[str, str]]] = field(default_factory=list)
    oldest_open: float | None = None
    #: for each window index, per category: (resolved, met)
    windows: list[dict[str, tuple[int, int]]] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)


def params(thresholds: tuple[float, ...], starts: list[float]) -> dict[str, Any]:
    """The values a scrape binds: threshold hours and edges, window days and edges."""
    out: dict[str, Any] = {}
    for k, threshold in enumerate(thresholds):
        hour = deadline_hour(threshold)
        out[f"hour_{k}"] = hour
        out[f"low_{k}"], out[f"high_{k}"] = float(hour * HOUR), threshold
    out["x_low"] = min(out[f"low_{k}"] for k in range(len(thresholds)))
    out["x_high"] = max(thresholds)
    for k, start in enumerate(starts):
        first = math.ceil(start / DAY)
        out[f"day_{k}"] = first
        out[f"start_{k}"], out[f"end_{k}"] = start, float(first * DAY)
    return out


def parse(rows: list[Any], windows: int) -> Read:
    read = Read(
        open_before=[Counter() for _ in range(THRESHOLDS)],
        windows=[{} for _ in range(windows)],
    )
    tallies: list[Counter[tuple[str, str]]] = [Counter() for _ in range(windows)]
    for kind, t1, t2, t3, t4, n, v1, v2, v3, v4 in rows:
        if kind == "c":
            read.counters[t1, t2, t3, t4] = float(v1)
        elif kind == "b":
            read.buckets[t1, t2, int(n)] = int(v1)
        elif kind in ("h", "x"):
            if kind == "h":
                read.open_totals[t1, t2] += int(v1)
            for k, value in enumerate((v2, v3, v4)):
                read.open_before[k][t1, t2] += int(value or 0)
        elif kind == "o":
            read.oldest_open = None if v1 is None else float(v1)
        elif kind in ("d", "p"):
            tallies[int(n)][t1, "resolved"] += int(v1 or 0)
            tallies[int(n)][t1, "met"] += int(v2 or 0)
        elif kind == "doc":
            read.documents[t1] = t2
    for k, tally in enumerate(tallies):
        categories = sorted({category for category, _ in tally})
        read.windows[k] = {c: (tally[c, "resolved"], tally[c, "met"]) for c in categories}
    return read


def sql(dialect: str, windows: int, keys: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    """The statement compiled for ``dialect`` (``:name`` or ``%(name)s`` parameters) and
    the values of the literals it binds; merge them with :func:`params`."""
    return _compiled(dialect, windows, keys)


@cache
def _compiled(dialect: str, windows: int, keys: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

        compiler: Any = psycopg_dialect()  # type: ignore[no-untyped-call]
    else:
        from sqlalchemy.dialects import sqlite

        compiler = sqlite.dialect(paramstyle="named")
    compiled = statement(windows, keys).compile(dialect=compiler)
    return str(compiled), {k: v for k, v in compiled.params.items() if v is not None}


def statement(windows: int, keys: tuple[str, ...]) -> Any:
    import sqlalchemy as sa

    parts = [
        *_aggregates(), *_open_faults(), *_resolutions(windows), _documents(keys),
    ]  # fmt: skip
    return sa.union_all(*parts)


def _row(
    kind: str, texts: tuple[Any, ...] = (), n: Any = None, values: tuple[Any, ...] = ()
) -> list[Any]:
    """One select's columns in the shared shape, typed NULLs where it has nothing."""
    import sqlalchemy as sa

    out: list[Any] = [sa.literal(kind, sa.Text).label("kind")]
    for i in range(TEXTS):
        text = texts[i] if i < len(texts) else sa.null()
        out.append(sa.cast(text, sa.Text).label(f"t{i + 1}"))
    out.append(sa.cast(sa.null() if n is None else n, sa.Integer).label("n"))
    for i in range(VALUES):
        value = values[i] if i < len(values) else sa.null()
        out.append(sa.cast(value, sa.Double).label(f"v{i + 1}"))
    return out


def _aggregates() -> list[Any]:
    import sqlalchemy as sa

    from govops.sla.tables import sla_buckets, sla_counters

    named = [sla_counters.c[n] for n in ("name", "category", "severity", "outcome")]
    counters = sa.select(
        *_row("c", tuple(named), values=(sa.func.sum(sla_counters.c.value),))
    ).group_by(*named)
    pair = (sla_buckets.c.category, sla_buckets.c.severity)
    buckets = sa.select(
        *_row("b", pair, sla_buckets.c.bucket, (sa.func.sum(sla_buckets.c.count),))
    ).group_by(*pair, sla_buckets.c.bucket)
    return [counters, buckets]


def _open_faults() -> list[Any]:
    import sqlalchemy as sa

    from govops.sla.tables import faults, sla_open_deadlines

    hours = sla_open_deadlines.c
    before = tuple(
        sa.func.sum(sa.case((hours.hour < sa.bindparam(f"hour_{k}", type_=sa.Integer),
                             hours.count), else_=0))
        for k in range(THRESHOLDS)
    )  # fmt: skip
    per_hour = sa.select(
        *_row("h", (hours.category, hours.severity), values=(sa.func.sum(hours.count), *before))
    ).group_by(hours.category, hours.severity)
    deadline = faults.c.deadline
    ranges = [
        sa.and_(deadline >= sa.bindparam(f"low_{k}", type_=sa.Double),
                deadline <= sa.bindparam(f"high_{k}", type_=sa.Double))
        for k in range(THRESHOLDS)
    ]  # fmt: skip
    exact = tuple(sa.func.sum(sa.case((r, 1), else_=0)) for r in ranges)
    pair = (faults.c.category, faults.c.severity)
    this_hour = (  # one range over the thresholds' hours: an index-only scan
        sa.select(*_row("x", pair, values=(sa.literal(0), *exact)))
        .where(
            faults.c.resolved_at.is_(None),
            deadline >= sa.bindparam("x_low", type_=sa.Double),
            deadline <= sa.bindparam("x_high", type_=sa.Double),
        )
        .group_by(*pair)
    )
    oldest = sa.select(*_row("o", values=(sa.func.min(faults.c.opened_at),))).where(
        faults.c.resolved_at.is_(None)
    )
    return [per_hour, this_hour, oldest]


def _resolutions(windows: int) -> list[Any]:
    import sqlalchemy as sa

    from govops.sla.tables import faults, sla_resolved_daily

    daily = sla_resolved_daily.c
    out = []
    for k in range(windows):
        whole = (
            sa.select(*_row("d", (daily.category,), sa.literal(k),
                            (sa.func.sum(daily.resolved), sa.func.sum(daily.met))))
            .where(daily.day >= sa.bindparam(f"day_{k}", type_=sa.Integer))
            .group_by(daily.category)
        )  # fmt: skip
        resolved_at = faults.c.resolved_at
        met = sa.func.sum(sa.case((faults.c.outcome == "met", 1), else_=0))
        part = (
            sa.select(*_row("p", (faults.c.category,), sa.literal(k), (sa.func.count(), met)))
            .where(resolved_at >= sa.bindparam(f"start_{k}", type_=sa.Double),
                   resolved_at < sa.bindparam(f"end_{k}", type_=sa.Double))
            .group_by(faults.c.category)
        )  # fmt: skip
        out += [whole, part]
    return out


def _documents(keys: tuple[str, ...]) -> Any:
    import sqlalchemy as sa

    from govops.state.tables import documents

    return sa.select(*_row("doc", (documents.c.key, documents.c.body))).where(
        sa.or_(*(documents.c.key == sa.literal(key, sa.Text) for key in keys))
    )
