"""Group commit for webhook intake: one writer thread, one fsync for many requests.

With synchronous=FULL each commit costs an fsync, so committing every webhook post on
its own caps intake at a few hundred posts a second. Request threads parse their body,
hand it to the writer and wait; the writer records everything queued so far in one
transaction (each request inside its own savepoint, so one failure spoils no other),
commits once, and only then releases the requests to answer 200.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from govops.sla import faults as store
from govops.sla.aggregates import Deltas
from govops.sla.intake import IntakeResult, parse_webhook, record_alerts
from govops.sla.models import Policy

MAX_BATCH = 256
WAIT_SECONDS = 60.0


@dataclass
class _Pending:
    doc: Any
    done: threading.Event = field(default_factory=threading.Event)
    result: IntakeResult | None = None
    error: Exception | None = None


class IntakeWriter:
    """Owns the one connection that writes webhook alerts; ``submit`` is thread-safe."""

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        policy: Policy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._connect = connect
        self._policy = policy
        self._clock = clock
        #: Alerts taken since start, by result (opened, resolved, unchanged).
        self.results: Counter[str] = Counter()
        #: Alerts taken and not recorded since start, by reason (own: govops's own alerts).
        self.ignored: Counter[str] = Counter()
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="govops-intake", daemon=True)
        self._thread.start()

    def submit(self, body: bytes) -> IntakeResult:
        """Parse (InputError when malformed), record, and return once it is on disk."""
        pending = _Pending(parse_webhook(body, self._clock()))
        self._queue.put(pending)
        if not pending.done.wait(WAIT_SECONDS):
            raise sqlite3.OperationalError("intake writer did not answer in time")
        if pending.error is not None:
            raise pending.error
        assert pending.result is not None
        return pending.result

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=WAIT_SECONDS)

    def _run(self) -> None:
        conn = self._connect()
        while True:
            first = self._queue.get()
            if first is None:
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
            self._commit(conn, batch)

    def _commit(self, conn: sqlite3.Connection, batch: list[_Pending]) -> None:
        try:
            with store.write_transaction(conn):
                now = self._clock()
                for pending in batch:
                    self._record(conn, pending, now)
        except sqlite3.Error as exc:
            for pending in batch:
                pending.result, pending.error = None, exc
        for pending in batch:
            if pending.result is not None and pending.error is None:
                self.results.update(
                    opened=pending.result.opened,
                    resolved=pending.result.resolved,
                    unchanged=pending.result.unchanged,
                )
                self.ignored.update(own=pending.result.ignored)
            pending.done.set()

    def _record(self, conn: sqlite3.Connection, pending: _Pending, now: float) -> None:
        conn.execute("SAVEPOINT webhook")
        try:
            deltas = Deltas()
            pending.result = record_alerts(conn, self._policy, pending.doc, deltas, now=now)
            deltas.apply(conn)
        except Exception as exc:  # one request's failure is its own
            conn.execute("ROLLBACK TO webhook")
            pending.error = exc
        conn.execute("RELEASE webhook")
