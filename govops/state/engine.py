"""Open the state database the same way for every part, and run transactions on it.

SQLite: WAL with synchronous=FULL (a reported success is on disk), files created 0600,
writes take the lock up front (``BEGIN IMMEDIATE``) so that two writers never deadlock
on a lock upgrade. PostgreSQL: psycopg 3, READ COMMITTED; writes that meet a deadlock
or serialization failure are retried by :func:`run_write`.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import Connection, Engine

from govops.errors import DomainError, InputError
from govops.i18n import M_, localize
from govops.state.url import StateURL, parse_state_url, redact

T = TypeVar("T")
_RETRY_CODES = ("40P01", "40001")  # deadlock detected, serialization failure
ATTEMPTS = 8


class StateEngine(Engine):
    """The engine, usable as ``with store.connect() as conn:`` (code written for the
    sqlite3 connection govops handed out before): entering gives the engine itself and
    leaving does nothing, since every govops write commits its own transaction."""

    def __enter__(self) -> StateEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def create_engine(url: StateURL) -> StateEngine:
    """An engine for ``url`` with govops' connection settings; touches nothing yet."""
    engine = _create_engine(url)
    engine.__class__ = StateEngine  # the same object, with the context manager above
    return engine  # type: ignore[return-value]


def _create_engine(url: StateURL) -> Engine:
    import sqlalchemy as sa

    if not url.is_sqlite:
        return sa.create_engine(
            url.sqlalchemy_url, pool_pre_ping=True, pool_size=8, max_overflow=16,
            connect_args={"connect_timeout": 10, "application_name": "govops"},
        )  # fmt: skip
    if url.path is None:
        engine = sa.create_engine(
            url.sqlalchemy_url, poolclass=sa.pool.StaticPool,
            connect_args={"check_same_thread": False},
        )  # fmt: skip
    else:
        _create_private(url.path)
        engine = sa.create_engine(
            url.sqlalchemy_url, pool_size=8, max_overflow=16,
            connect_args={"timeout": 30, "check_same_thread": False},
        )  # fmt: skip
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _create_private(path: Path) -> None:
    """Create the file (and its folder) readable by its owner only, if it is missing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise InputError(
            M_(
                "cannot create state file `{path}`: {reason} (set GOVOPS_DB or --db)",
                path=path,
                reason=str(exc),
            )
        ) from None


def _sqlite_connect(dbapi_conn: Any, record: Any) -> None:
    # SQLAlchemy's recipe: the driver must not BEGIN on its own; _sqlite_begin does it.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("govops_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


_ENGINES: dict[str, StateEngine] = {}
_LOCK = threading.Lock()


def open_engine(db: str | Path | None = None, *, check: bool = True) -> StateEngine:
    """The configured state database, its schema at :data:`govops.state.HEAD`.

    One engine (and connection pool) per database per process. A SQLite file at an
    older revision is upgraded here (one line on stderr says so); a PostgreSQL database
    is only upgraded by ``govops db upgrade``, so one at another revision stops here with
    a message naming both.
    """
    url = parse_state_url(db)
    if url.path is None and url.is_sqlite:
        engine = create_engine(url)  # each :memory: database is its own
        if check:
            ensure_current(engine, url)
        return engine
    with _LOCK:
        cached = _ENGINES.get(url.sqlalchemy_url)
        if cached is not None:
            return cached
        engine = create_engine(url)
        if check:
            ensure_current(engine, url)
            _ENGINES[url.sqlalchemy_url] = engine
    return engine


def dispose_all() -> None:
    """Close every pooled connection and forget the engines (tests; after `db copy`)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def ensure_current(engine: Engine, url: StateURL) -> None:
    from govops.state import HEAD, migrate

    found = connect_check(engine, url, migrate.current_revision)
    if found.revision == HEAD:
        return
    refuse_newer(url, found.revision)
    if not url.is_sqlite:
        raise DomainError(
            M_(
                "PostgreSQL state `{db}` is at revision {revision}; this govops needs {head}: "
                "run `govops db upgrade --db URL` once",
                db=url.display,
                revision=found.revision or "none",
                head=HEAD,
            )
        )
    migrate.upgrade(engine)
    if found.has_tables:
        said = M_(
            "govops: upgraded state file {db} from revision {revision} to {head}",
            db=url.display,
            revision=found.revision or "pre-alembic",
            head=HEAD,
        )
        print(localize(said), file=sys.stderr)


def refuse_newer(url: StateURL, revision: str | None) -> None:
    """A database at a revision this govops does not know (a newer govops wrote it) is
    neither read nor upgraded: a DomainError naming both revisions."""
    from govops.state import HEAD, migrate

    if revision is not None and not migrate.is_known(revision):
        raise DomainError(
            M_(
                "state database `{db}` is at revision {revision}, newer than this govops knows "
                "(it writes {head}); upgrade govops",
                db=url.display,
                revision=revision,
                head=HEAD,
            )
        )


def connect_check(engine: Engine, url: StateURL, probe: Callable[[Connection], T]) -> T:
    """``probe`` run on a fresh connection; an unreachable database is a DomainError."""
    import sqlalchemy as sa

    try:
        with engine.connect() as conn:
            return probe(conn)
    except sa.exc.OperationalError as exc:
        reason = redact(str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc))
        raise DomainError(
            M_("cannot open state database `{db}`: {reason}", db=url.display, reason=reason)
        ) from None


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction (SQLite: BEGIN IMMEDIATE); commits on success."""
    with engine.connect() as conn:
        conn.execution_options(govops_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """One read transaction: every query inside sees the same committed state."""
    with engine.connect() as conn, conn.begin():
        yield conn


def run_write(engine: Engine, work: Callable[[Connection], T], attempts: int = ATTEMPTS) -> T:
    """``work`` in a write transaction, retried when PostgreSQL picks it as a deadlock
    victim or serialization failure (the transaction rolled back, so retrying is safe)."""
    for attempt in range(attempts):
        try:
            with write(engine) as conn:
                return work(conn)
        except Exception as exc:
            if attempt + 1 == attempts or not is_retryable(exc):
                raise
    raise AssertionError("unreachable")


def is_retryable(exc: BaseException) -> bool:
    """A deadlock or serialization failure (from SQLAlchemy or from the driver itself)."""
    code = getattr(getattr(exc, "orig", exc), "sqlstate", None)
    return code in _RETRY_CODES


def dialect(conn: Connection) -> str:
    return conn.dialect.name


def lock_name(conn: Connection, name: str) -> None:
    """Hold ``name`` until the transaction ends: PostgreSQL's transaction-scoped advisory
    lock on a hash of it (on SQLite the write transaction already holds the whole file)."""
    if conn.dialect.name == "postgresql":
        import hashlib

        import sqlalchemy as sa

        key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big")
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key - (1 << 63))))


@contextmanager
def reading(db: Engine | Connection) -> Iterator[Connection]:
    """A connection to read on: ``db`` itself inside a caller's transaction, else a new
    read transaction on the engine."""
    if isinstance(db, Engine):
        with read(db) as conn:
            yield conn
    else:
        yield db
