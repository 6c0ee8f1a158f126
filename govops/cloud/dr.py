"""两地三中心: which systems need a disaster-recovery copy, and which copies OpenStack runs.

A DR copy is a server carrying metadata ``govops:role=dr`` (and the system's id); ``cloud
sync`` collects them and never counts one as the migration itself. A need is met when an
ACTIVE copy runs on the cloud the system names for it (any cloud but the target, if none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from govops.i18n import M_
from govops.inventory.models import DrNeed, Inventory, System

ROLE_KEY = "govops:role"
DR_ROLE = "dr"
DR_DOCUMENT = "cloud.dr_copies"

#: The copies each need asks for.
WANTED = {
    DrNeed.NONE: (),
    DrNeed.SAME_CITY: ("same_city",),
    DrNeed.REMOTE: ("remote",),
    DrNeed.BOTH: ("same_city", "remote"),
}


@dataclass(frozen=True)
class DrCopy:
    system: str
    cloud: str
    server: str
    status: str


@dataclass(frozen=True)
class DrCoverage:
    """One system's DR need against the copies seen; ``copies`` maps a kind to cloud/server."""

    system: str
    need: str
    rpo: str | None
    rto: str | None
    copies: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict[str, Any]:
        return {"system": self.system, "need": self.need, "rpo": self.rpo, "rto": self.rto,
                "copies": self.copies, "missing": list(self.missing), "met": self.met}  # fmt: skip


def coverage(inv: Inventory, copies: Iterable[DrCopy]) -> list[DrCoverage]:
    """Every system with a DR need other than none, against the ACTIVE copies seen."""
    active: dict[str, list[DrCopy]] = {}
    for copy in copies:
        if copy.status == "ACTIVE":
            active.setdefault(copy.system, []).append(copy)
    return [
        _one(system, active.get(system.id, []))
        for system in inv.systems.values()
        if system.dr is not None and system.dr.need is not DrNeed.NONE
    ]


def _one(system: System, copies: list[DrCopy]) -> DrCoverage:
    assert system.dr is not None
    found: dict[str, str] = {}
    missing: list[str] = []
    free = list(copies)
    for kind in WANTED[system.dr.need]:
        named = system.dr.same_city_cloud if kind == "same_city" else system.dr.remote_cloud
        match = next(
            (c for c in free if (c.cloud == named if named else c.cloud != system.target_cloud)),
            None,
        )
        if match is None:
            missing.append(_missing(kind, named))
            continue
        free.remove(match)
        found[kind] = f"{match.cloud}/{match.server}"
    return DrCoverage(system.id, system.dr.need.value, system.dr.rpo, system.dr.rto, found,
                      tuple(missing))  # fmt: skip


def _missing(kind: str, cloud: str | None) -> str:
    if kind == "same_city":
        return M_("same-city copy on {cloud}", cloud=cloud) if cloud else M_("same-city copy")
    return M_("remote copy on {cloud}", cloud=cloud) if cloud else M_("remote copy")


@dataclass(frozen=True)
class DrSummary:
    needed: int
    met: int
    rows: list[DrCoverage]

    @property
    def ratio(self) -> float | None:
        return self.met / self.needed if self.needed else None

    def as_dict(self) -> dict[str, Any]:
        return {"needed": self.needed, "met": self.met, "ratio": self.ratio,
                "systems": [r.as_dict() for r in self.rows]}  # fmt: skip


def summarize(rows: list[DrCoverage]) -> DrSummary:
    return DrSummary(needed=len(rows), met=sum(r.met for r in rows), rows=rows)


def copies_from_document(doc: Mapping[str, Any] | None) -> list[DrCopy]:
    """The copies ``cloud sync`` stored (document ``cloud.dr_copies``)."""
    if not doc:
        return []
    return [
        DrCopy(str(c["system"]), str(c["cloud"]), str(c["server"]), str(c["status"]))
        for c in doc.get("copies", [])
    ]
