"""Firing alerts of a group-commit batch stored in as few statements as the backend allows.

Most webhook traffic is firing alerts: new ones, and Alertmanager's repeats of them. For
a batch made only of those (each key once), what each alert would add to the aggregates
if it is new (+1 opened, +1 open in its deadline hour) is computed here, in Python, as
the general path computes it; the database inserts the rows (``INSERT ... ON CONFLICT
(external_key) DO NOTHING``) and adds the contributions of the rows it actually inserted,
in the same transaction. So two replicas taking the same alert store and count it once.

- PostgreSQL: one statement (data-modifying CTEs over arrays, prepared once), run in
  autocommit: one round trip a batch, its row locks taken and released inside the server.
- SQLite: ``BEGIN IMMEDIATE``, one INSERT per alert, the two aggregate upserts, ``COMMIT``
  on the driver connection (no round trips; the write lock is held for microseconds).

Statements are built with SQLAlchemy Core and compiled once per dialect. Any other batch
(a resolved alert, a key twice) takes the general path in :mod:`govops.sla.group_commit`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from govops.sla.aggregates import deadline_hour, shard
from govops.sla.intake import OPERATOR, alert_key, is_own_alert, new_fault
from govops.sla.models import Policy, Source

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: Columns an alert fills, in the order of the PostgreSQL statement's arrays.
_TEXT = ("category", "severity", "site", "level", "summary", "external_key", "cloud")
_FLOAT = ("opened_at", "target", "deadline")


@dataclass(frozen=True)
class Plan:
    """The rows to insert, and for each request of the batch the keys of its alerts."""

    rows: list[dict[str, Any]]
    keys: list[list[str]]
    ignored: list[int]


def plan(policy: Policy, docs: list[Any]) -> Plan | None:
    """The batch's rows when every alert is firing and every key distinct, else None."""
    from govops.state.dialect import storable_row

    rows: list[dict[str, Any]] = []
    keys: list[list[str]] = []
    ignored: list[int] = []
    seen: set[str] = set()
    for doc in docs:
        mine: list[str] = []
        alerts = [a for a in doc.alerts if not is_own_alert(a.labels)]
        for alert in alerts:
            if alert.status == "resolved":
                return None
            key = alert_key(alert.fingerprint, alert.startsAt)
            if key in seen:
                return None
            seen.add(key)
            mine.append(key)
            new = new_fault(policy, alert, key, None)
            target = policy.target(new.category, new.severity)
            row = storable_row({
                "category": new.category, "severity": new.severity, "site": new.site,
                "level": new.level, "summary": new.summary, "opened_at": new.opened_at,
                "external_key": key, "target": target, "deadline": new.opened_at + target,
                "outage": new.outage, "cloud": new.cloud,
            })  # fmt: skip
            row["hour"] = deadline_hour(row["deadline"])
            rows.append(row)
        keys.append(mine)
        ignored.append(len(doc.alerts) - len(alerts))
    return Plan(rows, keys, ignored)


def store(conn: Connection, batch: Plan, *, begun: bool = False) -> set[str]:
    """Insert and count the batch, committed on return; the keys that were new.

    ``begun``: on SQLite, the caller already holds the write lock (BEGIN IMMEDIATE).
    """
    if conn.dialect.name == "postgresql":
        return _store_postgresql(conn, batch.rows) if batch.rows else set()
    return _store_sqlite(conn, batch.rows, begun)


def _store_postgresql(conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
    sql, params = _postgresql_sql()
    params = params | {name: [r[name] for r in rows] for name in (*_TEXT, *_FLOAT)}
    params["outage"] = [r["outage"] for r in rows]
    params["hour"] = [r["hour"] for r in rows]
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.autocommit = True
    try:
        with driver.cursor() as cursor:
            cursor.execute(sql, params, prepare=True)
            return {str(key) for (key,) in cursor.fetchall()}
    finally:
        driver.autocommit = False


def _store_sqlite(conn: Connection, rows: list[dict[str, Any]], begun: bool) -> set[str]:
    (insert, fixed), (counters, _), (hours, _) = _sqlite_sql()
    driver = conn.connection.driver_connection
    assert driver is not None
    if not begun:
        driver.execute("BEGIN IMMEDIATE")
    try:
        inserted = []
        for row in rows:
            if (stored := driver.execute(insert, fixed | row).fetchone()) is not None:
                inserted.append((row, shard(stored[0])))
        opened = Counter((r["category"], r["severity"], p) for r, p in inserted)
        per_hour = Counter((r["category"], r["severity"], r["hour"], p) for r, p in inserted)
        driver.executemany(counters, [
            {"name": "opened", "category": c, "severity": s, "outcome": "", "shard": p,
             "value": float(n)}
            for (c, s, p), n in sorted(opened.items())
        ])  # fmt: skip
        driver.executemany(hours, [
            {"category": c, "severity": s, "hour": h, "shard": p, "count": n}
            for (c, s, h, p), n in sorted(per_hour.items())
        ])  # fmt: skip
        driver.execute("COMMIT")
    except BaseException:
        if driver.in_transaction:
            driver.execute("ROLLBACK")
        raise
    return {r["external_key"] for r, _ in inserted}


def _fixed_columns() -> dict[str, Any]:
    return {"source": Source.ALERTMANAGER.value, "opened_by": OPERATOR}


def _compiled(statement: Any, dialect: Any) -> tuple[str, dict[str, Any]]:
    """The statement's SQL for ``dialect`` and the values of the literals it binds."""
    compiled = statement.compile(dialect=dialect)
    return str(compiled), {k: v for k, v in compiled.params.items() if v is not None}


@cache
def _sqlite_sql() -> tuple[tuple[str, dict[str, Any]], ...]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id, and the two increments (``:name``)."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import sqlite

    from govops.sla.tables import faults, sla_counters, sla_open_deadlines
    from govops.state.dialect import upsert_add_statement

    dialect = sqlite.dialect(paramstyle="named")
    values: dict[str, Any] = {name: sa.bindparam(name) for name in (*_TEXT, *_FLOAT, "outage")}
    values.update({k: sa.literal(v) for k, v in _fixed_columns().items()})
    insert = (
        sqlite.insert(faults).values(values)
        .on_conflict_do_nothing(index_elements=["external_key"]).returning(faults.c.id)
    )  # fmt: skip
    counters = upsert_add_statement(
        "sqlite", sla_counters, ("name", "category", "severity", "outcome", "shard"), ("value",)
    )
    hours = upsert_add_statement(
        "sqlite", sla_open_deadlines, ("category", "severity", "hour", "shard"), ("count",)
    )
    return tuple(_compiled(s, dialect) for s in (insert, counters, hours))


@cache
def _postgresql_sql() -> tuple[str, dict[str, Any]]:
    """One statement: unnest the arrays, insert, add the inserted rows' contributions."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg
    from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

    from govops.sla.tables import SHARDS, faults, sla_counters, sla_open_deadlines

    types: dict[str, Any] = {"outage": sa.Boolean(), "hour": sa.Integer()}
    types.update({name: sa.Text() for name in _TEXT})
    types.update({name: sa.Double() for name in _FLOAT})
    src = sa.select(*(
        sa.func.unnest(sa.bindparam(name, type_=pg.ARRAY(kind))).label(name)
        for name, kind in types.items()
    )).cte("src")  # fmt: skip
    columns = [*_TEXT, *_FLOAT, "outage"]
    fixed = _fixed_columns()
    chosen = sa.select(*(src.c[name] for name in columns), *(sa.literal(v) for v in fixed.values()))
    ins = (
        pg.insert(faults)
        .from_select([*columns, *fixed], chosen.order_by(src.c.external_key))
        .on_conflict_do_nothing(index_elements=["external_key"])
        .returning(faults.c.id, faults.c.external_key, faults.c.category, faults.c.severity)
        .cte("ins")
    )
    added = (
        sa.select(ins.c.category, ins.c.severity, src.c.hour, (ins.c.id % SHARDS).label("shard"))
        .join_from(ins, src, ins.c.external_key == src.c.external_key)
        .subquery("added")
    )
    cs = (added.c.category, added.c.severity)
    opened = _pg_add(
        sla_counters, ["name", "category", "severity", "outcome", "shard"], "value",
        sa.select(sa.literal("opened"), *cs, sa.literal(""), added.c.shard,
                  sa.cast(sa.func.count(), sa.Double))
        .group_by(*cs, added.c.shard).order_by(*cs, added.c.shard),
    )  # fmt: skip
    hours = _pg_add(
        sla_open_deadlines, ["category", "severity", "hour", "shard"], "count",
        sa.select(*cs, added.c.hour, added.c.shard, sa.func.count())
        .group_by(*cs, added.c.hour, added.c.shard).order_by(*cs, added.c.hour, added.c.shard),
    )  # fmt: skip
    statement = sa.select(ins.c.external_key).add_cte(opened.cte("opened"), hours.cte("hours"))
    return _compiled(statement, psycopg_dialect())  # type: ignore[no-untyped-call]


def _pg_add(table: Any, keys: list[str], column: str, rows: Any) -> Any:
    """INSERT ... SELECT ... ON CONFLICT (keys) DO UPDATE SET column = column + excluded."""
    from sqlalchemy.dialects import postgresql as pg

    statement = pg.insert(table).from_select([*keys, column], rows)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={column: table.c[column] + statement.excluded[column]}
    )
