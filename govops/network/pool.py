"""Running one job per device on many threads: a bounded stream of results and a watchdog.

Collecting a province is waiting, not computing: a session spends its time on round
trips and a device's login, so the pool is sized for waiting (hundreds of threads) and
results are handed over as they come, through a queue no longer than the pool, so memory
does not grow with the fleet. The watchdog cuts a session at its deadline, so one slow
device never holds a worker past its timeout.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import queue
import resource
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Most sessions at once with ``--workers auto``: past this the GIL, not the network, is
#: what a bigger pool waits for (measured in bench/province_wan.py).
AUTO_MAX_WORKERS = 256
_FDS_PER_SESSION = 2  # the session's socket, and one spare for what paramiko opens
_FDS_RESERVED = 64  # files, the state database, the snapshot being written


def raise_open_files_limit() -> tuple[int, int]:
    """Raise the soft RLIMIT_NOFILE to the hard limit; returns (soft, hard) as they are now.

    Every session holds a socket (and every lab device a listening one); the usual soft
    limit of 1,024 is too few for a province.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def auto_workers(devices: int) -> int:
    """Sessions at once for ``--workers auto``: the fleet, up to what the process may open."""
    soft, _ = raise_open_files_limit()
    by_files = max(1, (soft - _FDS_RESERVED) // _FDS_PER_SESSION)
    return max(1, min(devices, AUTO_MAX_WORKERS, by_files))


class _Raised:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def stream(items: Iterable[T], work: Callable[[T], R], workers: int) -> Iterator[R]:
    """``work(item)`` for every item on ``workers`` threads, yielded as each finishes.

    At most ``workers`` results wait to be taken; an exception in ``work`` is raised here.
    Closing the iterator early stops the workers after their current item.
    """
    source = iter(items)
    lock = threading.Lock()
    done: queue.Queue[object] = queue.Queue(maxsize=max(1, workers))
    stop = threading.Event()
    finished = object()

    def put(value: object) -> None:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                done.put(value, timeout=0.5)
                return

    def run() -> None:
        try:
            while not stop.is_set():
                with lock:
                    item = next(source, finished)
                if item is finished:
                    return
                try:
                    put(work(item))  # type: ignore[arg-type]
                except BaseException as exc:  # handed to the consumer, who raises it
                    put(_Raised(exc))
        finally:
            put(finished)

    threads = [
        threading.Thread(target=run, name=f"collect-{n}", daemon=True)
        for n in range(max(1, workers))
    ]
    for thread in threads:
        thread.start()
    try:
        running = len(threads)
        while running:
            value = done.get()
            if value is finished:
                running -= 1
            elif isinstance(value, _Raised):
                raise value.exc
            else:
                yield value  # type: ignore[misc]
    finally:
        stop.set()


class Watchdog:
    """One thread that shuts down sockets whose deadline has passed.

    A thread per session (``threading.Timer``) would double the threads of a big run.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, socket.socket]] = []
        self._live: set[int] = set()
        self._fired: set[int] = set()
        self._ids = itertools.count()
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="watchdog", daemon=True)
        self._thread.start()

    def watch(self, sock: socket.socket, seconds: float) -> int:
        """Cut ``sock`` in ``seconds`` unless :meth:`release` comes first; returns a token."""
        token = next(self._ids)
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + seconds, token, sock))
            self._live.add(token)
            self._cond.notify()
        return token

    def release(self, token: int) -> bool:
        """Stop watching; True when the deadline had already cut the socket."""
        with self._cond:
            self._live.discard(token)
            if token in self._fired:
                self._fired.discard(token)
                return True
            return False

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(5)

    def _loop(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                while self._heap and (
                    self._heap[0][0] <= now or self._heap[0][1] not in self._live
                ):
                    _, token, sock = heapq.heappop(self._heap)
                    if token in self._live:
                        self._live.discard(token)
                        self._fired.add(token)
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                wait = self._heap[0][0] - now if self._heap else None
                self._cond.wait(wait)
