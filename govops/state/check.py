"""`govops db check`: rows an older govops let in, and aggregates that disagree with rows.

Every problem is reported (with the table and row id) instead of crashing on it; nothing
is changed. Times outside 1970 .. now + 1 day, a resolution before its opening, a stored
deadline that is not opened_at + target, documents that are not JSON, and SLA aggregates
that differ from a recomputation over the fault rows.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govops.i18n import M_
from govops.state.engine import open_engine, read

FUTURE_SLACK = 86400.0


@dataclass(frozen=True)
class Problem:
    table: str
    row: str
    message: str

    def __str__(self) -> str:
        return f"{self.table} {self.row}: {self.message}"


def check(db: str | Path | None = None, *, now: float | None = None) -> list[Problem]:
    """Every problem found in the state database (an empty list when there is none)."""
    from govops.sla.recompute import aggregate_differences

    moment = time.time() if now is None else now
    with read(open_engine(db)) as conn:
        problems = [*_faults(conn, moment), *_events(conn), *_documents(conn), *_history(conn)]
        problems += [Problem("sla aggregates", "-", d) for d in aggregate_differences(conn)]
    return problems


def _bad_time(value: object, now: float) -> str | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or not math.isfinite(value):
        return M_("{value} is not a time", value=repr(value))
    if value < 0:
        return M_("{value} is before 1970", value=repr(value))
    if value > now + FUTURE_SLACK:
        return M_("{value} is in the future", value=repr(value))
    return None


def _faults(conn: Connection, now: float) -> list[Problem]:
    from govops.sla.tables import faults

    problems = []
    query = sa.select(
        faults.c.id, faults.c.opened_at, faults.c.acknowledged_at, faults.c.resolved_at,
        faults.c.target, faults.c.deadline, faults.c.outcome,
    ).order_by(faults.c.id)  # fmt: skip
    for fid, opened, acked, resolved, target, deadline, outcome in conn.execute(query):
        row = f"id {fid}"
        for name, value in (("opened_at", opened), ("acknowledged_at", acked),
                            ("resolved_at", resolved)):  # fmt: skip
            bad = _bad_time(value, now)
            if bad:
                problems.append(
                    Problem("faults", row, M_("{field} {problem}", field=name, problem=bad))
                )
        if not isinstance(target, int | float) or not target > 0:
            problems.append(
                Problem(
                    "faults", row, M_("target {value} is not a positive time", value=repr(target))
                )
            )
        elif isinstance(opened, int | float) and deadline != opened + target:
            problems.append(
                Problem(
                    "faults",
                    row,
                    M_("deadline {value} is not opened_at + target", value=repr(deadline)),
                )
            )
        for name, value in (("acknowledged_at", acked), ("resolved_at", resolved)):
            if _ordered(opened, value):
                problems.append(
                    Problem("faults", row, M_("{field} is before opened_at", field=name))
                )
        if (resolved is None) != (outcome is None) or outcome not in (None, "met", "breached"):
            problems.append(
                Problem(
                    "faults",
                    row,
                    M_("outcome {value} does not fit resolved_at", value=repr(outcome)),
                )
            )
    return problems


def _ordered(opened: object, later: object) -> bool:
    numbers = isinstance(opened, int | float) and isinstance(later, int | float)
    return numbers and later < opened  # type: ignore[operator]


def _events(conn: Connection) -> list[Problem]:
    from govops.lifecycle.tables import lifecycle_events as events

    problems = []
    for eid, at in conn.execute(sa.select(events.c.id, events.c.at)):
        try:
            datetime.fromisoformat(at)
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    "lifecycle_events",
                    f"id {eid}",
                    M_("at {value} is not ISO-8601", value=repr(at)),
                )
            )
    return problems


def _documents(conn: Connection) -> list[Problem]:
    from govops.state.tables import documents

    problems = []
    for key, body in conn.execute(sa.select(documents.c.key, documents.c.body)):
        if not _is_json(body):
            problems.append(Problem("documents", f"key {key}", M_("body is not JSON")))
    return problems


def _history(conn: Connection) -> list[Problem]:
    from govops.state.tables import history

    problems = []
    query = sa.select(history.c.kind, history.c.seq, history.c.meta, history.c.body)
    for kind, seq, *texts in conn.execute(query):
        if not all(_is_json(text) for text in texts):
            problems.append(Problem("history", f"{kind} {seq}", M_("meta or body is not JSON")))
    return problems


def _is_json(text: object) -> bool:
    try:
        json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True
