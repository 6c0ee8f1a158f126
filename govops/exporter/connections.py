"""What keeps the exporter answering on a hostile network: a lobby, a cap, deadlines, a budget.

- **Lobby**: a new connection waits in one selector, costing a file descriptor and no
  thread, until its whole request head has arrived; one whose head is not complete
  within the head deadline is closed. So thousands of idle or trickling connections
  neither hold a worker nor starve a scrape.
- **Cap**: at most ``max_connections`` connections are served at once; one more is
  answered ``503`` and closed.
- **Deadlines**: a request's head must arrive within ``HEAD_DEADLINE`` seconds and the
  whole request (head and body) within ``REQUEST_DEADLINE``; a client trickling a byte
  a second is cut off. Idle keep-alive connections count as waiting for a head.
- **Body budget**: request bodies held at once are capped in bytes, so sixteen 8 MB
  posts cannot hold hundreds of megabytes; a post waits its turn within its deadline.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

HEAD_DEADLINE = 10.0
REQUEST_DEADLINE = 30.0
MAX_CONNECTIONS = 512
#: Connections waiting in the lobby beyond this close the oldest (file descriptors).
LOBBY_MAX = 16384
#: Bytes of request bodies held at once, over all connections.
BODY_BUDGET = 16 * 1024 * 1024
_BUSY_BODY = b'{"error": "too many connections; retry"}\n'
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Content-Length: %d\r\nConnection: close\r\nRetry-After: 1\r\n\r\n%s"
    % (len(_BUSY_BODY), _BUSY_BODY)
)

Log = Callable[[str], None]


#: A request head longer than this is refused (the head, not the body).
HEAD_MAX = 64 * 1024


@dataclass
class _Waiting:
    since: float
    address: object
    head: bytearray = field(default_factory=bytearray)


class Lobby:
    """Connections whose request head is not complete yet, in one selector and no thread.

    ``dispatch(conn, address, head_bytes)`` gets a connection once its head has arrived
    in full (so a client trickling its head never holds a worker), or, for TLS, once its
    first bytes arrive. A head not complete within the head deadline is closed.
    """

    def __init__(
        self,
        dispatch: Callable[[socket.socket, object, bytes], None],
        log: Log,
        head_deadline: float = HEAD_DEADLINE,
    ) -> None:
        self._dispatch = dispatch
        self._head_deadline = head_deadline
        self._log = log
        self._selector = selectors.DefaultSelector()
        self._lock = threading.Lock()
        self._waiting: dict[socket.socket, _Waiting] = {}
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._run, name="govops-lobby", daemon=True)
        self._thread.start()

    def add(self, conn: socket.socket, address: object) -> None:
        with self._lock:
            if len(self._waiting) >= LOBBY_MAX:
                oldest = min(self._waiting, key=lambda c: self._waiting[c].since)
                self._drop(oldest)
            self._waiting[conn] = _Waiting(time.monotonic(), address)
            self._selector.register(conn, selectors.EVENT_READ)
        with suppress(OSError):
            self._wake_w.send(b"\0")

    def close(self) -> None:
        self._stop.set()
        with suppress(OSError):
            self._wake_w.send(b"\0")
        self._thread.join(timeout=5)
        with self._lock:
            for conn in list(self._waiting):
                self._drop(conn)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def _drop(self, conn: socket.socket) -> None:
        self._forget(conn)
        with suppress(OSError):
            conn.close()

    def _forget(self, conn: socket.socket) -> None:
        self._waiting.pop(conn, None)
        with suppress(KeyError, ValueError, OSError):
            self._selector.unregister(conn)

    def _run(self) -> None:
        while not self._stop.is_set():
            events = self._selector.select(timeout=0.25)
            ready = []
            with self._lock:
                for key, _ in events:
                    conn = key.fileobj
                    if conn is self._wake_r:
                        with suppress(OSError):
                            self._wake_r.recv(4096)
                    elif isinstance(conn, socket.socket) and conn in self._waiting:
                        entry = self._waiting[conn]
                        if self._head_done(conn, entry):
                            ready.append((conn, entry.address, bytes(entry.head)))
                            self._forget(conn)
                self._expire(time.monotonic())
            for conn, address, head in ready:
                self._dispatch(conn, address, head)

    def _head_done(self, conn: socket.socket, entry: _Waiting) -> bool:
        """Read what has arrived; True once the head is complete (or cannot be read here)."""
        if isinstance(conn, ssl.SSLSocket):
            return True  # the handshake and the head are the worker's, within its deadline
        try:
            chunk = conn.recv(HEAD_MAX, socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            chunk = b""
        if not chunk:  # closed by the client before a full head: nothing to answer
            self._drop(conn)
            return False
        entry.head += chunk
        # complete, or too long (the worker answers 431), or not HTTP/1.x at all
        return b"\r\n\r\n" in entry.head or b"\n\n" in entry.head or len(entry.head) >= HEAD_MAX

    def _expire(self, now: float) -> None:
        late = [c for c, w in self._waiting.items() if now - w.since > self._head_deadline]
        for conn in late:
            if self._waiting[conn].head:
                self._log(f"closed {_peer(conn)}: no request head within {self._head_deadline:g} s")
            self._drop(conn)


class Prefixed(io.RawIOBase):
    """A socket's stream with the bytes the lobby already read put back in front."""

    def __init__(self, prefix: bytes, conn: socket.socket) -> None:
        self._prefix = memoryview(prefix)
        self._conn = conn

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        return self._conn.recv_into(buffer)


class Deadlines:
    """Shuts down the reading side of a connection whose deadline has passed."""

    def __init__(self, log: Log) -> None:
        self._log = log
        self._lock = threading.Lock()
        self._due: dict[socket.socket, tuple[float, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="govops-deadlines", daemon=True)
        self._thread.start()

    def set(self, conn: socket.socket, seconds: float, what: str) -> None:
        with self._lock:
            self._due[conn] = (time.monotonic() + seconds, what)

    def clear(self, conn: socket.socket) -> None:
        with self._lock:
            self._due.pop(conn, None)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            now = time.monotonic()
            with self._lock:
                late = [(c, w) for c, (due, w) in self._due.items() if due <= now]
                for conn, _ in late:
                    del self._due[conn]
            for conn, what in late:
                with suppress(OSError):
                    self._log(f"closed {_peer(conn)}: {what}")
                    conn.shutdown(socket.SHUT_RDWR)


def _peer(conn: socket.socket) -> str:
    try:
        host, port = conn.getpeername()[:2]
    except OSError:
        return "a client"
    return f"{host}:{port}"


class Budget:
    """Bytes that may be held at once; ``hold`` waits for room up to ``timeout``."""

    def __init__(self, limit: int = BODY_BUDGET) -> None:
        self.limit = limit
        self._used = 0
        self._room = threading.Condition()

    @contextmanager
    def hold(self, size: int, timeout: float) -> Iterator[bool]:
        """Yields True once ``size`` bytes are reserved, False when none came in time."""
        size = min(size, self.limit)
        with self._room:
            got = self._room.wait_for(lambda: self._used + size <= self.limit, timeout)
            if got:
                self._used += size
        try:
            yield got
        finally:
            if got:
                with self._room:
                    self._used -= size
                    self._room.notify_all()


_LIBC: ctypes.CDLL | None = None


def release_memory(size: int) -> None:
    """Give freed heap back to the system after a large body (glibc keeps it otherwise)."""
    global _LIBC
    if size < 1024 * 1024:
        return
    if _LIBC is None:
        name = ctypes.util.find_library("c")
        if name is None:
            return
        _LIBC = ctypes.CDLL(name)
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)
