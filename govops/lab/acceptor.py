"""One thread accepting connections for every lab device, and the process limits it needs.

fakenos gives each device its own listening thread, which polls its socket once a second:
5,000 devices would be 5,000 threads waking 5,000 times a second before anyone connects.
The lab instead registers every listening socket with one ``selectors`` loop; a
connection gets its own thread only while it lasts.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from collections.abc import Callable

Handler = Callable[[socket.socket], None]


class Acceptor:
    """Accepts on many listening sockets from one thread; each connection runs in its own."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._running = True
        self._thread = threading.Thread(target=self._loop, name="lab-accept", daemon=True)
        self._thread.start()

    def add(self, listener: socket.socket, handler: Handler) -> None:
        listener.setblocking(False)
        listener.listen(128)
        with self._lock:
            self._selector.register(listener, selectors.EVENT_READ, handler)

    def remove(self, listener: socket.socket) -> None:
        with self._lock, contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(listener)

    def close(self) -> None:
        self._running = False
        self._wake_w.send(b"x")
        self._thread.join(5)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def _loop(self) -> None:
        while self._running:
            for key, _ in self._selector.select(timeout=1.0):
                if key.data is not None:
                    self._accept(key.fileobj, key.data)  # type: ignore[arg-type]

    def _accept(self, listener: socket.socket, handler: Handler) -> None:
        try:
            client, _ = listener.accept()
        except (BlockingIOError, OSError):
            return  # another wake-up took it, or the device was stopped meanwhile
        client.setblocking(True)
        threading.Thread(target=handler, args=(client,), daemon=True).start()
