"""Import moves of tracked items from a table (.csv in UTF-8/GBK or .xlsx), one move a row.

Columns: ``id``, ``status`` and optionally ``at``, ``reason``, ``note``, ``evidence``
(space separated), ``by``. Rows apply in file order, so a file may carry an item's whole
history. A row whose move is already in the log (same item, status and time; or, with no
time, the item already in that status) is reported as already applied, so importing the
same file twice changes nothing. Bad rows are reported with their line and written, with
an ``error`` column, to a file to fix and import again; good rows are applied.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from govops import clock
from govops.errors import DomainError, InputError, Problem
from govops.i18n import M_, localize
from govops.lifecycle.model import ItemState, Move, MoveRequest

COLUMNS = ("id", "status", "at", "reason", "note", "evidence", "by")
IGNORED = ("error",)
#: Records one move: (item start, request, time or None) -> the stored move.
Recorder = Callable[[ItemState, MoveRequest, datetime | None], Move]


@dataclass(frozen=True)
class ImportResult:
    applied: list[tuple[int, str, str]]  # line, item, status
    already: list[tuple[int, str, str]]
    rejected: list[Problem]
    rejected_file: Path | None


class Rejections(Protocol):
    """What an import reports of its rejected rows (cloud's import and this one)."""

    @property
    def rejected(self) -> list[Problem]: ...

    @property
    def rejected_file(self) -> Path | None: ...


class RowsRejected(InputError):
    """Some rows were rejected: each is a detail line; the message says what to do."""

    def __init__(self, result: Rejections) -> None:
        super().__init__(
            M_(
                "{n} rows rejected; fix them in `{path}` and import that file again",
                n=len(result.rejected),
                path=result.rejected_file,
            )
        )
        self.result = result

    def details(self) -> list[str]:
        return [p.shown() for p in self.result.rejected]


def column_of(heading: str) -> str:
    """The column a heading names: an English column, or its Chinese heading as govops
    writes it (编号, 状态, 时间 ...; 操作人 for ``by``, as in the history sheets)."""
    from govops.xlsx_headings import key_of

    key = key_of(heading)
    return "by" if key == "actor" else key


def import_moves(
    path: Path,
    items: Mapping[str, ItemState],
    log: Callable[[str], list[Move]],
    record: Recorder,
    *,
    noun: str,
    rejected_path: Path | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Apply each row of ``path`` as one move of an item in ``items``."""
    from govops.tabular import check_header, read_table

    out = rejected_path or path.with_name(path.stem + ".rejected.csv")
    if out.resolve() == path.resolve():
        raise InputError(
            M_("--rejected `{path}` is the file being imported; name another file", path=out)
        )
    table = read_table(path, encoding=encoding, sheet=sheet, keys=column_of)
    check_header(path, table.header, COLUMNS[:2], COLUMNS[2:], IGNORED)
    applied, already, problems, bad = [], [], [], []
    for line, row in table.rows:
        item = row.get("id", "")
        try:
            start, req, at = _request(row, items, noun)
            if _already(log(item), req, at):
                already.append((line, item, req.to))
                continue
            record(start, req, at)
            applied.append((line, item, req.to))
        except (InputError, DomainError) as exc:
            problems.append(Problem(str(path), line, getattr(exc, "field", "status"), exc.message))
            # the rejected file is read by people: its error column in their language
            why = M_("line {line}: {problem}", line=line, problem=exc.message)
            bad.append({**row, "error": localize(why)})
    if bad:
        _write(out, [*[h for h in table.header if h not in IGNORED], "error"], bad)
    return ImportResult(applied, already, problems, out if bad else None)


class _RowError(InputError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _request(
    row: Mapping[str, str], items: Mapping[str, ItemState], noun: str
) -> tuple[ItemState, MoveRequest, datetime | None]:
    item = row.get("id", "")
    if item not in items:
        raise _RowError(
            "id", M_("unknown {noun} `{id}`: it is not in the inventory", noun=M_(noun), id=item)
        )
    if not row.get("status"):
        raise _RowError("status", M_("empty status"))
    at = None
    if row.get("at"):
        try:
            at = clock.parse(row["at"]).astimezone(UTC)
        except (ValueError, InputError):
            raise _RowError(
                "at",
                M_(
                    "`{value}` is not a date or time (2026-11-22 08:00 in GOVOPS_TZ, or ISO-8601)",
                    value=row["at"],
                ),
            ) from None
        if at.timestamp() > clock.now().timestamp() + 300:
            raise _RowError("at", M_("`{value}` is in the future", value=row["at"]))
        if at.year < 1970:
            raise _RowError("at", M_("`{value}` is before 1970", value=row["at"]))
    req = MoveRequest(
        item=item, to=row["status"], note=row.get("note", ""), reason=row.get("reason", ""),
        evidence=tuple(row.get("evidence", "").split()), actor=row.get("by", ""),
    )  # fmt: skip
    return items[item], req, at


def _already(moves: list[Move], req: MoveRequest, at: datetime | None) -> bool:
    if at is None:
        return bool(moves) and moves[-1].to_status == req.to
    stamp = at.isoformat(timespec="seconds")
    return any(m.to_status == req.to and m.at == stamp for m in moves)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InputError(
            M_("cannot write rejected rows to `{path}`: {reason}", path=path, reason=why)
        ) from None
