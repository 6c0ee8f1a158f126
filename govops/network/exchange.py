"""One HTTP(S) exchange with one address: connect, TLS handshake, GET, status line.

Each step is timed and has its own timeout; a failed step becomes a ``Failure`` that
says which step failed and how (refused, timeout, certificate not trusted, ...).
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from govops import __version__
from govops.network.services import Endpoint

USER_AGENT = f"govops-probe/{__version__}"
T = TypeVar("T")

_UNREACHABLE = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.EADDRNOTAVAIL,
    errno.EAFNOSUPPORT,
    errno.ENETDOWN,
}
_WAITED_FOR = {"connect": "connection", "tls": "TLS handshake", "http": "HTTP response"}


@dataclass(frozen=True)
class Failure:
    step: str  # dns | connect | tls | http | probe (an unforeseen error)
    kind: str  # no_address dns_error refused timeout unreachable reset tls_verify tls_error ...
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"step": self.step, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class Exchange:
    """The outcome of one exchange: milliseconds per step done, and status or failure."""

    timings_ms: dict[str, float] = field(default_factory=dict)
    status: int | None = None
    location: str | None = None  # a redirect's Location, reported and not followed
    failure: Failure | None = None


class _StepFailed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def exchange(address: str, endpoint: Endpoint, timeout: float, context: ssl.SSLContext) -> Exchange:
    """Connect to ``address`` (IPv4 or IPv6) and ask the endpoint for its status."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    timings: dict[str, float] = {}
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        _step("connect", sock, timeout, timings, lambda: sock.connect((address, endpoint.port)))
        if endpoint.scheme == "https":
            # SNI and the name checked are the URL's host (Python sends no SNI for an IP).
            plain = sock
            sock = _step(
                "tls",
                plain,
                timeout,
                timings,
                lambda: context.wrap_socket(plain, server_hostname=endpoint.host),
            )
        status, location = _step(
            "http", sock, timeout, timings, lambda: _get(sock, endpoint, timeout)
        )
    except _StepFailed as failed:
        return Exchange(_ms(timings), failure=failed.failure)
    finally:
        sock.close()
    return Exchange(_ms(timings), status, location)


def _ms(timings: dict[str, float]) -> dict[str, float]:
    return {step: round(seconds * 1000, 1) for step, seconds in timings.items()}


def _get(sock: socket.socket, endpoint: Endpoint, timeout: float) -> tuple[int, str | None]:
    """Send one GET on a connected socket; read the status line and headers only."""
    connection = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=timeout)
    connection.sock = sock
    headers = {
        "Host": endpoint.authority,
        "User-Agent": USER_AGENT,
        "Accept": "*/*",
        "Connection": "close",
    }
    connection.request("GET", endpoint.target, headers=headers)
    response = connection.getresponse()
    location = response.getheader("Location") if 300 <= response.status < 400 else None
    return response.status, location


def _step(
    step: str,
    sock: socket.socket,
    timeout: float,
    timings: dict[str, float],
    work: Callable[[], T],
) -> T:
    """Time one step. The socket timeout bounds each read; the deadline bounds the step,
    so a server that drips a byte at a time cannot hold the probe past ``timeout``."""
    start = time.perf_counter()
    deadline = _Deadline(sock, timeout)
    try:
        value = work()
    except (OSError, http.client.HTTPException, ValueError) as exc:
        cause = TimeoutError() if deadline.passed.is_set() else exc
        raise _StepFailed(classify(step, cause, timeout)) from None
    finally:
        deadline.cancel()
    if deadline.passed.is_set():  # an answer read up to the cut is not an answer
        raise _StepFailed(classify(step, TimeoutError(), timeout))
    timings[step] = time.perf_counter() - start
    return value


class _Deadline:
    """Cuts the connection when a step runs past its timeout."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.passed = threading.Event()
        self._timer = threading.Timer(seconds, self._cut, args=(sock,))
        self._timer.daemon = True
        self._timer.start()

    def _cut(self, sock: socket.socket) -> None:
        self.passed.set()
        with contextlib.suppress(OSError):
            # The plain socket's shutdown, also for TLS: SSLSocket's would drop its state
            # under the reading thread.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def classify(step: str, exc: BaseException, timeout: float) -> Failure:
    """A step's exception as a failure a person can read and a script can match on ``kind``."""
    if isinstance(exc, TimeoutError):
        return Failure(step, "timeout", f"gave up: no {_WAITED_FOR[step]} within {timeout:g} s")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Failure(step, "tls_verify", f"certificate not trusted: {exc.verify_message}")
    if isinstance(exc, ssl.SSLError):
        return Failure(step, "tls_error", f"TLS failed: {exc.reason or exc}")
    if isinstance(exc, http.client.RemoteDisconnected):
        return Failure(step, "http_error", "closed the connection without an HTTP response")
    if isinstance(exc, http.client.HTTPException):
        return Failure(step, "http_error", f"not a valid HTTP response ({type(exc).__name__})")
    if isinstance(exc, ConnectionRefusedError):
        return Failure(step, "refused", "connection refused")
    if isinstance(exc, ConnectionResetError):
        return Failure(step, "reset", "connection reset by the server")
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return Failure(step, "unreachable", f"unreachable: {exc.strerror}")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Failure(step, "error", reason or type(exc).__name__)
