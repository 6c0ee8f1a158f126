"""`govops db copy`: the whole state from one database to another, either direction.

Every table is copied in one target transaction, ids included (so lifecycle moves, faults
and audits keep their numbers), then row counts and the SLA aggregates are verified:
the target's equal the source's, and equal a recomputation from the target's rows.
A target with rows is refused unless ``force`` (then it is emptied first).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from govops.errors import DomainError, InputError
from govops.i18n import M_
from govops.state import HEAD, migrate
from govops.state.engine import connect_check, create_engine, dispose_all, open_engine, read, write
from govops.state.metadata import all_tables
from govops.state.url import StateURL, parse_state_url

BATCH = 5000
_SERIAL = (
    ("faults", "id"), ("history", "id"), ("lifecycle_events", "id"), ("milestones", "id"),
)  # fmt: skip
#: Logs that refuse DELETE (a trigger): emptied with the trigger dropped, then restored.
_APPEND_ONLY = ("lifecycle_events", "milestones")
_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"
)


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    rows: dict[str, int]
    verified: list[str]  # what was checked after the copy


def copy_state(source: str | Path, target: str | Path, *, force: bool = False) -> CopyResult:
    """Copy everything from ``source`` to ``target`` and verify it; see the module doc."""
    src_url, dst_url = parse_state_url(source), parse_state_url(target)
    if src_url.sqlalchemy_url == dst_url.sqlalchemy_url:
        raise InputError(M_("--from and --to are the same database `{db}`", db=src_url.display))
    src = open_engine(source)
    dst = _target_engine(dst_url)
    try:
        with read(src) as reader, write(dst) as writer:
            _refuse_or_empty(writer, dst_url, force)
            rows = {t.name: _copy_table(reader, writer, t) for t in all_tables().sorted_tables}
            _reset_sequences(writer)
        verified = _verify(src, dst, rows)
    finally:
        dst.dispose()
        dispose_all()
    return CopyResult(src_url.display, dst_url.display, rows, verified)


def _target_engine(url: StateURL) -> Engine:
    """The target at the newest schema: an empty database gets it; another revision is
    refused (PostgreSQL is upgraded only by `govops db upgrade`)."""
    engine = create_engine(url)
    found = connect_check(engine, url, migrate.current_revision)
    if found.revision == HEAD:
        return engine
    if url.is_sqlite or (found.revision is None and not found.has_tables):
        migrate.upgrade(engine)
        return engine
    engine.dispose()
    raise DomainError(
        M_(
            "target `{db}` is at revision {revision}, not {head}: "
            "run `govops db upgrade --db TARGET` first",
            db=url.display,
            revision=found.revision or "none",
            head=HEAD,
        )
    )


def _refuse_or_empty(conn: Connection, url: StateURL, force: bool) -> None:
    tables = all_tables().sorted_tables
    filled = [
        t.name
        for t in tables
        if conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
    ]
    if not filled:
        return
    if not force:
        raise DomainError(
            M_(
                "target `{db}` already holds rows ({tables}); "
                "--force replaces them with the source's",
                db=url.display,
                tables=", ".join(filled),
            )
        )
    if conn.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY")
        return
    for name in _APPEND_ONLY:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_no_delete")
    for table in reversed(tables):
        conn.execute(table.delete())
    for name in _APPEND_ONLY:
        conn.exec_driver_sql(_APPEND_ONLY_SQLITE.format(t=name))


def _copy_table(reader: Connection, writer: Connection, table: sa.Table) -> int:
    count = 0
    result = reader.execute(sa.select(table).execution_options(yield_per=BATCH))
    for chunk in result.mappings().partitions(BATCH):
        writer.execute(table.insert(), [dict(row) for row in chunk])
        count += len(chunk)
    return count


def _reset_sequences(conn: Connection) -> None:
    """Explicit ids do not move PostgreSQL's sequences: set each past the largest id."""
    if conn.dialect.name != "postgresql":
        return
    for table, column in _SERIAL:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"coalesce(max({column}), 1), max({column}) IS NOT NULL) FROM {table}"
        )


def _verify(src: Engine, dst: Engine, rows: dict[str, int]) -> list[str]:
    from govops.sla.recompute import aggregate_differences, stored_figures

    checked: list[str] = []
    with read(src) as a, read(dst) as b:
        for table in all_tables().sorted_tables:
            there = int(b.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
            if there != rows[table.name]:
                raise DomainError(
                    M_(
                        "copy check: {table} has {n} rows, source {source}",
                        table=table.name,
                        n=there,
                        source=rows[table.name],
                    )
                )
        checked.append(M_("row counts of every table"))
        if stored_figures(a).differences(stored_figures(b), tolerance=0.0):
            raise DomainError(
                M_("copy check: the target's SLA aggregates differ from the source's")
            )
        differences = aggregate_differences(b)
        checked.append(M_("SLA aggregates equal the source's"))
        if differences:
            checked.append(
                M_(
                    "SLA aggregates differ from the rows in {n} places "
                    "(as in the source: see `govops db check`)",
                    n=len(differences),
                )
            )
        else:
            checked.append(M_("SLA aggregates equal a recomputation from the fault rows"))
    return checked
