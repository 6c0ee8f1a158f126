"""The worker pool that collection streams through, and the per-session watchdog."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from govops.network.pool import Watchdog, auto_workers, stream


def test_stream_yields_every_result_with_at_most_workers_at_once() -> None:
    running, peak = 0, 0
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return n * n

    assert sorted(stream(range(50), work, 8)) == [n * n for n in range(50)]
    assert 2 <= peak <= 8


def test_an_exception_in_the_work_is_raised_to_the_consumer() -> None:
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        list(stream(range(10), work, 2))


def test_the_watchdog_cuts_a_session_at_its_deadline_and_says_so() -> None:
    dog = Watchdog()
    a, b = socket.socketpair()
    try:
        start = time.monotonic()
        token = dog.watch(a, 0.2)
        assert a.recv(10) == b""  # blocked until the watchdog shut the socket down
        assert 0.15 < time.monotonic() - start < 2
        assert dog.release(token) is True
        c, d = socket.socketpair()
        with c, d:
            assert dog.release(dog.watch(c, 5)) is False  # released before its deadline
    finally:
        a.close()
        b.close()
        dog.close()


def test_auto_workers_is_sized_for_waiting_but_never_beyond_the_fleet() -> None:
    assert auto_workers(10) == 10
    assert auto_workers(5000) == 256
