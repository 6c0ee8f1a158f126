"""Import historical faults from CSV or JSON. Every bad row is reported; a file with
any bad row imports nothing, so a fixed file can simply be imported again. Rows whose
``external_key`` is already in the store are skipped, which makes re-imports safe; a row
without one is keyed by its content (``import:<sha256>``) for the same reason."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govops import clock
from govops.errors import InputError, Problem, validation_message
from govops.i18n import M_
from govops.sla import faults as store
from govops.sla.models import Policy, Source

#: Columns `fault list -f xlsx|json` writes that an import ignores (they are recomputed,
#: or, for the operators, recorded anew as whoever runs the import).
DERIVED = ("id", "source", "target", "outcome", "deadline", "opened_by", "acknowledged_by",
           "resolved_by")  # fmt: skip

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped_existing: int


class BadImportFile(InputError):
    """An import file has bad rows; all of them are listed."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            M_("`{path}` has {n} bad rows; nothing was imported", path=path, n=len(problems))
        )

    def details(self) -> list[str]:
        return [p.shown() for p in self.problems]


def import_faults(
    engine: Engine,
    policy: Policy,
    path: str | Path,
    *,
    now: float,
    encoding: str | None = None,
    sheet: str | None = None,
    by: str | None = None,
) -> ImportResult:
    """Validate every row of ``path`` (.csv in UTF-8/GBK, .xlsx, or .json), then record
    them in one transaction. Times without an offset are in GOVOPS_TZ; ``by`` is the
    operator recorded as having opened them."""
    name = str(path)
    rows = _json_rows(name, path) if name.endswith(".json") else _table_rows(path, encoding, sheet)
    problems: list[Problem] = []
    good = [new for line, raw in rows if (new := _check(name, line, raw, policy, now, problems))]
    _duplicates(name, rows, problems)
    if problems:
        raise BadImportFile(name, problems)
    good = [replace(_keyed(n), opened_by=by) for n in good]

    def work(conn: Connection, deltas: Any) -> int:
        # a key already stored (by an earlier import, or a concurrent one) is skipped
        return store.insert_many(conn, policy, good, deltas)

    imported = store.write(engine, work)
    return ImportResult(imported=imported, skipped_existing=len(good) - imported)


def _keyed(new: store.NewFault) -> store.NewFault:
    """A row without external_key gets one from its content, so re-imports skip it."""
    if new.external_key:
        return new
    content = "\x1f".join(
        str(v) for v in (new.category, new.severity, new.site, new.summary, new.opened_at)
    )
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return replace(new, external_key=f"import:{digest}")


def _table_rows(path: str | Path, encoding: str | None, sheet: str | None) -> list[tuple[int, Any]]:
    from govops.tabular import read_table
    from govops.xlsx_headings import key_of

    return list(read_table(path, encoding=encoding, sheet=sheet, keys=key_of).rows)


def _json_rows(name: str, path: str | Path) -> list[tuple[int, Any]]:
    from govops.bounds import read_text

    return list(_json_items(name, read_text(path, "fault file")))


def _json_items(name: str, text: str) -> Iterator[tuple[int, Any]]:
    """Each item of a top-level JSON array with the line it starts on."""
    decoder = json.JSONDecoder()
    index = _skip(text, 0)
    if not text.startswith("[", index):
        raise InputError(M_("{file}:1: expected a JSON array of fault objects", file=name))
    index = _skip(text, index + 1)
    while index < len(text) and text[index] != "]":
        try:
            item, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise InputError(
                M_(
                    "{file}:{line}: invalid JSON: {reason}",
                    file=name,
                    line=exc.lineno,
                    reason=exc.msg,
                )
            ) from exc
        except RecursionError:
            line = text.count("\n", 0, index) + 1
            raise InputError(
                M_("{file}:{line}: JSON nested too deeply", file=name, line=line)
            ) from None
        yield text.count("\n", 0, index) + 1, item
        index = _skip(text, end)
        if text.startswith(",", index):
            index = _skip(text, index + 1)


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _check(
    name: str, line: int, raw: Any, policy: Policy, now: float, problems: list[Problem]
) -> store.NewFault | None:
    from pydantic import ValidationError

    from govops.bounds import event_time_problem
    from govops.sla.schema import ImportRow

    if isinstance(raw, dict):  # a file `fault list` wrote: its derived columns are not input
        raw = {k: v for k, v in raw.items() if k not in DERIVED}
    try:
        row = ImportRow.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            field = ".".join(str(p) for p in err["loc"]) or "(row)"
            problems.append(Problem(name, line, field, validation_message(err)))
        return None
    except RecursionError:
        problems.append(Problem(name, line, "(row)", M_("nested too deeply")))
        return None
    new = store.NewFault(
        category=row.category,
        severity=row.severity,
        summary=row.summary,
        opened_at=row.opened_at,
        acknowledged_at=row.acknowledged_at,
        resolved_at=row.resolved_at,
        site=row.site,
        level=row.level,
        source=Source.IMPORT,
        external_key=row.external_key,
        outage=row.outage,
        cloud=row.cloud,
    )
    try:
        store.check_new(policy, new)
        for field in ("opened_at", "acknowledged_at", "resolved_at"):
            at = getattr(new, field)
            if at is not None and (problem := event_time_problem(at, now)):
                raise InputError(
                    M_(
                        "{field} {at} {problem}",
                        field=field,
                        at=clock.for_json(at),
                        problem=problem,
                    )
                )
    except InputError as exc:
        problems.append(Problem(name, line, _field_of(exc.message), exc.message))
        return None
    return new


def _field_of(message: str) -> str:
    for field in ("category", "severity", "acknowledged_at", "resolved_at", "opened_at"):
        if message.startswith(field):
            return field
    return "(row)"


def _duplicates(name: str, rows: list[tuple[int, Any]], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for line, raw in rows:
        key = raw.get("external_key") if isinstance(raw, dict) else None
        if not key or not isinstance(key, str):
            continue
        if key in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    "external_key",
                    M_("`{key}` repeats line {line}", key=key, line=seen[key]),
                )
            )
        seen.setdefault(key, line)
