"""`govops cloud import FILE.csv`: one row per system, each a validated move.

Every bad row is reported with its line and reason; good rows are applied; the rejected
rows are written, with an ``error`` column, to a file to fix and import again (the
``error`` column is ignored on import).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from govops import clock
from govops.cloud.history import events, record
from govops.cloud.lifecycle import ReadinessGate
from govops.cloud.models import MoveRequest, Status
from govops.errors import DomainError, InputError, Problem
from govops.i18n import M_, localize
from govops.inventory.models import System

REQUIRED = ("system", "status")
OPTIONAL = (
    "note",
    "reason",
    "wave",
    "wave_date",
    "target_cloud",
    "deadline",
    "evidence",
    "actor",
    "at",
)
IGNORED = ("error",)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class ImportResult:
    applied: list[tuple[int, str, str]]  # line, system, status
    rejected: list[Problem]
    rejected_file: Path | None
    #: Rows whose system is already in the row's status (a re-run, or a run interrupted)
    already: list[tuple[int, str, str]] = field(default_factory=list)


def import_csv(
    conn: Engine,
    systems: Mapping[str, System],
    path: Path,
    *,
    gate: ReadinessGate | None = None,
    rejected_path: Path | None = None,
    clouds: Collection[str] | None = None,
    now: datetime | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Apply each row (.csv in UTF-8/GBK, or .xlsx) as one move; a row's ``at`` (a date or
    a time, GOVOPS_TZ unless it has an offset) backdates it."""
    out = _rejected_path(path, rejected_path)  # refused before any row is applied
    rows, header = _read(path, encoding, sheet)
    applied: list[tuple[int, str, str]] = []
    already: list[tuple[int, str, str]] = []
    problems: list[Problem] = []
    bad_rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            req = _request(row, systems, seen, line, clouds)
            if _applied(conn, req):
                already.append((line, req.system, req.to.value))
                continue
            at = _at(conn, row, req.system, now or datetime.now(UTC))
            record(conn, systems[req.system], req, gate=gate, now=at)
            applied.append((line, req.system, req.to.value))
        except (InputError, DomainError) as exc:
            field = exc.field if isinstance(exc, _RowError) else "status"
            problems.append(Problem(str(path), line, field, exc.message))
            # the rejected file is read by people: its error column in their language
            why = M_("line {line}: {problem}", line=line, problem=exc.message)
            bad_rows.append({**row, "error": localize(why)})
    if not bad_rows:
        return ImportResult(applied, problems, None, already)
    _write(out, [*[h for h in header if h not in IGNORED], "error"], bad_rows)
    return ImportResult(applied, problems, out, already)


def _rejected_path(path: Path, given: Path | None) -> Path:
    """Where rejected rows go; never the input file itself, and writable."""
    from govops.bounds import check_output_path

    out = given or path.with_name(path.stem + ".rejected.csv")
    if out.resolve() == path.resolve():
        raise InputError(
            M_("--rejected `{path}` is the file being imported; name another file", path=out)
        )
    return check_output_path(out, "--rejected")


def _applied(conn: Engine, req: MoveRequest) -> bool:
    """The system is already in the row's status: the row was applied before."""
    last = events(conn, req.system)
    return bool(last) and last[-1].to_status == req.to


class _RowError(InputError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _read(
    path: Path, encoding: str | None, sheet: str | None
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    from govops.tabular import check_header, read_table
    from govops.xlsx_headings import key_of

    table = read_table(path, encoding=encoding, sheet=sheet, keys=key_of)
    check_header(path, table.header, REQUIRED, OPTIONAL, IGNORED)
    return table.rows, table.header


def _request(
    row: dict[str, str],
    systems: Mapping[str, System],
    seen: dict[str, int],
    line: int,
    clouds: Collection[str] | None = None,
) -> MoveRequest:
    sid = row.get("system", "")
    if not sid:
        raise _RowError("system", M_("empty system id"))
    if sid not in systems:
        raise _RowError("system", M_("unknown system `{id}`: it is not in the inventory", id=sid))
    if sid in seen:
        raise _RowError(
            "system",
            M_(
                "`{id}` already imported on line {line} (one row per system)",
                id=sid,
                line=seen[sid],
            ),
        )
    seen[sid] = line
    try:
        to = Status(row.get("status", ""))
    except ValueError:
        raise _RowError(
            "status",
            M_(
                "unknown status `{status}`; choose one of {choices}",
                status=row.get("status", ""),
                choices=", ".join(s.value for s in Status),
            ),
        ) from None
    target = row.get("target_cloud") or None
    if target is not None and clouds is not None and target not in clouds:
        raise _RowError(
            "target_cloud",
            M_(
                "unknown cloud `{cloud}`; the inventory has {clouds}",
                cloud=target,
                clouds=", ".join(sorted(clouds)),
            ),
        )
    return MoveRequest(
        system=sid, to=to, note=row.get("note", ""), reason=row.get("reason", ""),
        evidence=tuple(row.get("evidence", "").split()), wave=_int(row, "wave"),
        wave_date=_date(row, "wave_date"), target_cloud=target,
        deadline=_date(row, "deadline"), actor=row.get("actor", ""),
    )  # fmt: skip


def _int(row: dict[str, str], key: str) -> int | None:
    value = row.get(key, "")
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise _RowError(key, M_("`{value}` is not a wave number (1, 2, ...)", value=value))
    return int(value)


def _date(row: dict[str, str], key: str) -> date | None:
    value = row.get(key, "")
    try:
        return clock.parse_date(value) if value else None
    except ValueError:
        raise _RowError(key, M_("`{value}` is not a date (YYYY-MM-DD)", value=value)) from None


def _at(conn: Engine, row: dict[str, str], system: str, now: datetime) -> datetime:
    """When the move happened: the row's `at`, not in the future nor before the last event."""
    value = row.get("at", "")
    if not value:
        return now
    try:
        # a day or a time without an offset is in GOVOPS_TZ; stored in UTC
        at = clock.parse(value).astimezone(UTC)
    except ValueError:
        raise _RowError(
            "at", M_("`{value}` is not a date or time (YYYY-MM-DD[ HH:MM], GOVOPS_TZ)", value=value)
        ) from None
    if at > now:
        raise _RowError("at", M_("`{value}` is in the future", value=value))
    last = events(conn, system)
    if last and at < datetime.fromisoformat(last[-1].at):
        raise _RowError(
            "at",
            M_(
                "`{value}` is before {id}'s last event ({at})",
                value=value,
                id=system,
                at=clock.for_table(last[-1].at),
            ),
        )
    return at


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
