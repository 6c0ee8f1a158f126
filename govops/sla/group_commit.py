"""Group commit for webhook intake: one writer thread, one commit for many requests.

With synchronous=FULL (SQLite) or synchronous_commit=on (PostgreSQL) each commit waits
for the disk, so committing every webhook post on its own caps intake at a few hundred
posts a second. Request threads parse their body, hand it to the writer and wait; the
writer records everything queued so far in one transaction (each request inside its own
savepoint, so one failure spoils no other), adds the batch's aggregate deltas once, in
key order, commits, and only then releases the requests to answer 200.

A batch of firing alerts only (the bulk of the traffic) takes the short way of
:mod:`govops.sla.fast_intake` on a connection the writer keeps: one statement on
PostgreSQL, a few driver calls on SQLite. Should that fail, the batch takes the general
way, which answers each request on its own.

SQLite has one writer at a time, so one writer thread. On PostgreSQL several writer
threads (each with its own connection) take batches from the one queue: commits waiting
for the disk at the same moment share one WAL flush, so intake is not capped at one
flush per batch.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govops.errors import DomainError
from govops.sla.aggregates import Deltas
from govops.sla.intake import IntakeResult, parse_webhook, record_alerts
from govops.sla.models import Policy

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

MAX_BATCH = 256
WAIT_SECONDS = 60.0
#: Writer threads (and connections) per exporter on PostgreSQL; SQLite has one.
POSTGRESQL_WRITERS = 4


class StoreUnavailable(DomainError):
    """The state database could not take the write (busy, full, down): retry later."""


@dataclass
class _Pending:
    doc: Any
    done: threading.Event = field(default_factory=threading.Event)
    result: IntakeResult | None = None
    error: Exception | None = None


class _Lane:
    """One writer thread's own connection for the short way (opened on first use).

    On SQLite the writer first waits for the write lock (``hold``), then takes every
    request queued meanwhile: what arrives while another process writes joins the batch.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.conn: Connection | None = None
        self.holding = False

    def connection(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
        return self.conn

    def hold(self) -> None:
        """SQLite: BEGIN IMMEDIATE on this lane (a failure leaves it to the write itself)."""
        if self.engine.dialect.name != "sqlite":
            return
        try:
            driver = self.connection().connection.driver_connection
            assert driver is not None
            driver.execute("BEGIN IMMEDIATE")
            self.holding = True
        except Exception:  # busy or broken: the write below meets it and reports it
            self.drop()

    def release(self) -> None:
        """Give the write lock back unused (the batch takes the general way)."""
        if self.holding and self.conn is not None:
            self.holding = False
            try:
                driver = self.conn.connection.driver_connection
                assert driver is not None
                driver.execute("ROLLBACK")
            except Exception:
                self.drop()

    def drop(self) -> None:
        from contextlib import suppress

        self.holding = False
        if self.conn is not None:
            with suppress(Exception):
                self.conn.invalidate()
                self.conn.close()
            self.conn = None


class IntakeWriter:
    """Owns the threads that write webhook alerts; ``submit`` is thread-safe."""

    def __init__(
        self, engine: Engine, policy: Policy, clock: Callable[[], float] = time.time
    ) -> None:
        self._engine = engine
        self._policy = policy
        self._clock = clock
        #: Alerts taken since start, by result (opened, resolved, unchanged).
        self.results: Counter[str] = Counter()
        #: Alerts taken and not recorded since start, by reason (own: govops's own alerts).
        self.ignored: Counter[str] = Counter()
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._tally = threading.Lock()
        count = POSTGRESQL_WRITERS if engine.dialect.name == "postgresql" else 1
        self._threads = [
            threading.Thread(target=self._run, name=f"govops-intake-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, body: bytes) -> IntakeResult:
        """Parse (InputError when malformed), record, and return once it is committed."""
        pending = _Pending(parse_webhook(body, self._clock()))
        self._queue.put(pending)
        if not pending.done.wait(WAIT_SECONDS):
            raise StoreUnavailable("intake writer did not answer in time")
        if pending.error is not None:
            raise pending.error
        assert pending.result is not None
        return pending.result

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=WAIT_SECONDS)

    def _run(self) -> None:
        lane = _Lane(self._engine)
        while True:
            first = self._queue.get()
            if first is None:
                lane.drop()
                return
            lane.hold()
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                batch.append(more)
            self._commit(batch, lane)

    def _commit(self, batch: list[_Pending], lane: _Lane) -> None:
        from govops.sla import fast_intake

        plan = fast_intake.plan(self._policy, [pending.doc for pending in batch])
        if plan is None or not self._commit_fast(batch, plan, lane):
            lane.release()
            self._commit_general(batch)
        with self._tally:
            for pending in batch:
                if pending.result is not None and pending.error is None:
                    self.results.update(
                        opened=pending.result.opened,
                        resolved=pending.result.resolved,
                        unchanged=pending.result.unchanged,
                    )
                    self.ignored.update(own=pending.result.ignored)
        for pending in batch:
            pending.done.set()

    def _commit_fast(self, batch: list[_Pending], plan: Any, lane: _Lane) -> bool:
        """The short way; False (nothing stored) when it failed and the general way must try."""
        from govops.sla import fast_intake
        from govops.state.engine import ATTEMPTS, is_retryable

        for _ in range(ATTEMPTS):
            try:
                begun, lane.holding = lane.holding, False
                inserted = fast_intake.store(lane.connection(), plan, begun=begun)
                break
            except Exception as exc:  # the general way reports it, request by request
                lane.drop()
                if not is_retryable(exc):
                    return False
        else:
            return False
        for pending, keys, ignored in zip(batch, plan.keys, plan.ignored, strict=True):
            opened = sum(key in inserted for key in keys)
            pending.result = IntakeResult(opened, 0, len(keys) - opened, ignored)
            pending.error = None
        return True

    def _commit_general(self, batch: list[_Pending]) -> None:
        import sqlalchemy as sa

        from govops.state.engine import run_write
        from govops.state.url import redact

        def work(conn: Connection) -> None:
            now = self._clock()
            deltas = Deltas()
            for pending in batch:
                self._record(conn, pending, now, deltas)
            deltas.apply(conn)

        try:
            run_write(self._engine, work)
        except sa.exc.SQLAlchemyError as exc:
            reason = redact(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
            for pending in batch:
                pending.result, pending.error = None, StoreUnavailable(reason)
        except Exception as exc:  # a bug must still answer every request (500)
            for pending in batch:
                pending.result, pending.error = None, exc

    def _record(self, conn: Connection, pending: _Pending, now: float, batch: Deltas) -> None:
        pending.result = pending.error = None
        savepoint = conn.begin_nested()
        try:
            mine = Deltas()
            pending.result = record_alerts(conn, self._policy, pending.doc, mine, now=now)
        except Exception as exc:  # one request's failure is its own
            savepoint.rollback()
            if _is_fatal(exc):
                raise
            pending.result, pending.error = None, exc
            return
        savepoint.commit()
        batch.merge(mine)


def _is_fatal(exc: Exception) -> bool:
    """A deadlock or a lost connection spoils the whole transaction: retry it all."""
    from govops.state.engine import is_retryable

    return is_retryable(exc) or getattr(exc, "connection_invalidated", False)
