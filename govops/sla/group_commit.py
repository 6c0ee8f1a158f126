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


class StoreUnavailable(DomainError):
    """The state database could not take the write (busy, full, down): retry later."""


@dataclass
class _Pending:
    doc: Any
    done: threading.Event = field(default_factory=threading.Event)
    result: IntakeResult | None = None
    error: Exception | None = None


class IntakeWriter:
    """Owns the thread that writes webhook alerts; ``submit`` is thread-safe."""

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
        self._conn: Connection | None = None  # the writer thread's own, for the short way
        self._thread = threading.Thread(target=self._run, name="govops-intake", daemon=True)
        self._thread.start()

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
        self._queue.put(None)
        self._thread.join(timeout=WAIT_SECONDS)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                self._drop_connection()
                return
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
            self._commit(batch)

    def _commit(self, batch: list[_Pending]) -> None:
        from govops.sla import fast_intake

        plan = fast_intake.plan(self._policy, [pending.doc for pending in batch])
        if plan is None or not self._commit_fast(batch, plan):
            self._commit_general(batch)
        for pending in batch:
            if pending.result is not None and pending.error is None:
                self.results.update(
                    opened=pending.result.opened,
                    resolved=pending.result.resolved,
                    unchanged=pending.result.unchanged,
                )
                self.ignored.update(own=pending.result.ignored)
            pending.done.set()

    def _commit_fast(self, batch: list[_Pending], plan: Any) -> bool:
        """The short way; False (nothing stored) when it failed and the general way must try."""
        from govops.sla import fast_intake
        from govops.state.engine import ATTEMPTS, is_retryable

        for _ in range(ATTEMPTS):
            try:
                if self._conn is None:
                    self._conn = self._engine.connect()
                inserted = fast_intake.store(self._conn, plan)
                break
            except Exception as exc:  # the general way reports it, request by request
                self._drop_connection()
                if not is_retryable(exc):
                    return False
        else:
            return False
        for pending, keys, ignored in zip(batch, plan.keys, plan.ignored, strict=True):
            opened = sum(key in inserted for key in keys)
            pending.result = IntakeResult(opened, 0, len(keys) - opened, ignored)
            pending.error = None
        return True

    def _drop_connection(self) -> None:
        from contextlib import suppress

        if self._conn is not None:
            with suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None

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
