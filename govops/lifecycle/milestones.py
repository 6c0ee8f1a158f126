"""Organisational milestones (两网整合 and the like): achieved on a date, with evidence.

Records are append-only: a correction is a new record, and the newest record of a
milestone is the one that counts. A targets file points an indicator at a milestone
(``measure: plan.milestone``, ``params: {milestone: two-networks-merged}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from govops import clock, config
from govops.errors import InputError
from govops.i18n import M_

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_EVIDENCE = 2000


@dataclass(frozen=True)
class MilestoneRecord:
    id: str
    at: str  # ISO-8601 UTC, when it was achieved
    evidence: str
    actor: str
    recorded_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": clock.for_json(self.at), "evidence": self.evidence,
                "by": self.actor, "recorded_at": clock.for_json(self.recorded_at)}  # fmt: skip


def record_milestone(
    engine: Engine, milestone: str, at: datetime, evidence: str, actor: str | None = None
) -> MilestoneRecord:
    """Record that ``milestone`` was achieved at ``at`` (not in the future, not before 1970)."""
    from govops.lifecycle.tables import milestones
    from govops.state.dialect import storable_row
    from govops.state.engine import run_write

    if not _ID.match(milestone):
        raise InputError(
            M_("milestone id `{id}`: use lower-case letters, digits and '-'", id=milestone)
        )
    at = clock.localize(at)
    if at.timestamp() > clock.now().timestamp() + 300:
        raise InputError(M_("--at {at} is in the future", at=clock.for_table(at)))
    if at.year < 1970:
        raise InputError(M_("--at {at} is before 1970", at=clock.for_table(at)))
    if len(evidence) > MAX_EVIDENCE:
        raise InputError(
            M_("--evidence is {n} characters; at most {most}", n=len(evidence), most=MAX_EVIDENCE)
        )
    rec = MilestoneRecord(
        id=milestone, at=at.astimezone(UTC).isoformat(timespec="seconds"), evidence=evidence,
        actor=config.operator(actor), recorded_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )  # fmt: skip

    def work(conn: Connection) -> None:
        conn.execute(milestones.insert().values(storable_row(dict(
            milestone=rec.id, at=rec.at, evidence=rec.evidence, actor=rec.actor,
            recorded_at=rec.recorded_at,
        ))))  # fmt: skip

    run_write(engine, work)
    return rec


def latest_milestones(db: Engine | Connection) -> dict[str, MilestoneRecord]:
    """The newest record of every milestone."""
    from govops.lifecycle.tables import milestones
    from govops.state.engine import reading

    found: dict[str, MilestoneRecord] = {}
    with reading(db) as conn:
        for row in conn.execute(milestones.select().order_by(milestones.c.id)):
            m: Any = row._mapping
            found[m["milestone"]] = MilestoneRecord(
                m["milestone"], m["at"], m["evidence"], m["actor"], m["recorded_at"]
            )
    return found
