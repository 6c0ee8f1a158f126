"""The exporter's HTTP server: /metrics, /alertmanager (webhook intake) and /healthz.

A threading HTTP/1.1 server (keep-alive, as Alertmanager and Prometheus use it), in the
shape of prometheus_client's own: ``start_server`` returns ``(server, thread)`` so that
tests and callers can shut it down.
"""

from __future__ import annotations

import hmac
import io
import json
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry

from govops.errors import GovopsError, InputError
from govops.exporter import connections
from govops.exporter.collector import IntakeCollector, SlaCollector
from govops.i18n import M_
from govops.sla.group_commit import IntakeWriter
from govops.sla.models import Policy

#: The largest webhook body taken (bytes); bigger posts get 413. See the README, "Limits".
MAX_BODY = 8 * 1024 * 1024
Reply = tuple[int, str, bytes]
Log = Callable[[str], None]


def _stderr(line: str) -> None:
    sys.stderr.write(f"govops exporter: {line}\n")


@dataclass(frozen=True)
class ServeOptions:
    listen: str = "127.0.0.1:9877"
    db: str | None = None
    token: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    max_connections: int = connections.MAX_CONNECTIONS
    head_deadline: float = connections.HEAD_DEADLINE
    request_deadline: float = connections.REQUEST_DEADLINE


class ExporterApp:
    """What each route answers; its registry holds only the govops collector."""

    def __init__(
        self, policy: Policy, db: str | None, token: str | None, log: Log = _stderr
    ) -> None:
        from govops.state.engine import open_engine

        self.engine = open_engine(db)
        self.token = token
        self.log = log
        self.registry = CollectorRegistry(auto_describe=True)
        self.sla = SlaCollector(self.engine, policy)
        self.registry.register(self.sla)
        self.writer = IntakeWriter(self.engine, policy)
        self.registry.register(IntakeCollector(self.writer))

    def close(self) -> None:
        """Let the intake writer finish what it was given."""
        self.writer.close()
        self.sla.close()
        self.engine.dispose()

    def metrics(self) -> Reply:
        try:
            return 200, CONTENT_TYPE_LATEST, generate_latest(self.registry)
        except Exception as exc:  # state unreadable: Prometheus marks the scrape failed
            self.log(f"/metrics: state unreadable: {_one_line(exc)}")
            return _json(503, {"error": "state unreadable; see the exporter's log"})

    def health(self) -> Reply:
        import sqlalchemy as sa

        from govops.sla.tables import faults
        from govops.state.engine import read

        try:
            with read(self.engine) as conn:
                conn.execute(sa.select(faults.c.id).limit(1)).all()
        except Exception as exc:  # the URL and the reason go to the log, not the answer
            self.log(f"/healthz: state unreadable: {_one_line(exc)}")
            return _json(503, {"status": "state unreadable"})
        return _json(200, {"status": "ok"})

    def authorized(self, authorization: str) -> bool:
        return self.token is None or _bearer_ok(authorization, self.token)

    def webhook(self, body: bytes) -> Reply:
        try:
            result = self.writer.submit(body)
        except InputError as exc:
            return _json(400, {"error": exc.message})
        except GovopsError as exc:  # busy, full disk, database down: Alertmanager retries
            self.log(f"/alertmanager: state not writable: {_one_line(exc)}")
            return _json(503, {"error": "state not writable; retry"})
        except Exception as exc:  # a bug must still answer (and be retried)
            self.log(f"/alertmanager: internal error: {_one_line(exc)}")
            return _json(500, {"error": f"internal error: {type(exc).__name__}"})
        return _json(
            200,
            {
                "opened": result.opened,
                "resolved": result.resolved,
                "unchanged": result.unchanged,
                "ignored": result.ignored,
            },
        )


def _one_line(exc: BaseException) -> str:
    """The exception's first line, any URL's password removed, for the log."""
    from govops.state.url import redact

    text = str(getattr(exc, "orig", None) or exc)
    return redact(f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}")[:300]


def _bearer_ok(header: str, token: str) -> bool:
    """Constant-time check; any header that is not ASCII is simply wrong (never an error)."""
    if not header.isascii():
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("ascii"), token.encode("utf-8")
    )


def _json(status: int, payload: dict[str, Any]) -> Reply:
    return status, "application/json", (json.dumps(payload, ensure_ascii=False) + "\n").encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes
    timeout = connections.HEAD_DEADLINE  # seconds any one read may wait
    app: ExporterApp  # set on the subclass start_server makes
    server: _Server

    def setup(self) -> None:
        super().setup()
        head = self.server.heads.pop(self.request, b"")
        if head:  # what the lobby read already, then the socket
            self.rfile = io.BufferedReader(connections.Prefixed(head, self.connection))

    def handle_one_request(self) -> None:
        # an idle keep-alive connection waits for a head like a new one
        limit = self.server.head_deadline
        self.server.deadlines.set(self.connection, limit, f"no request head within {limit:g} s")
        self._started = time.monotonic()
        try:
            super().handle_one_request()
        finally:
            self.server.deadlines.clear(self.connection)

    def do_GET(self) -> None:
        self.server.deadlines.clear(self.connection)
        routes = {"/metrics": self.app.metrics, "/healthz": self.app.health}
        path = self.path.split("?", 1)[0]
        if path == "/alertmanager":
            self._send(_json(405, {"error": "use POST"}))
        elif path not in routes:
            self._send(_json(404, {"error": "no such route"}))
        else:
            self._send(routes[path]())

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        if path != "/alertmanager":
            self.close_connection = True
            status = 405 if path in ("/metrics", "/healthz") else 404
            self._send(_json(status, {"error": "no such POST route"}))
            return
        if not self.app.authorized(self.headers.get("Authorization", "")):
            self.close_connection = True  # the body is never read
            self._send(_json(401, {"error": "missing or wrong bearer token"}))
            return
        length = _length(self.headers.get("Content-Length"))
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            self._send(_json(413 if length > MAX_BODY else 400, {"error": "bad Content-Length"}))
            return
        self._send(self._take_body(length))
        connections.release_memory(length)  # the body and its parse are garbage by now

    def _take_body(self, length: int) -> Reply:
        limit = self.server.request_deadline
        left = max(self._started + limit - time.monotonic(), 0.0)
        self.server.deadlines.set(self.connection, left, f"request not complete within {limit:g} s")
        with self.server.budget.hold(length, left) as room:
            if not room:
                self.close_connection = True
                return _json(503, {"error": "busy with other large posts; retry"})
            body = self.rfile.read(length)
            self.server.deadlines.clear(self.connection)
            if len(body) < length:
                self.close_connection = True
                return _json(400, {"error": "body shorter than Content-Length"})
            return self.app.webhook(body)

    def _send(self, reply: Reply) -> None:
        status, content_type, body = reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def version_string(self) -> str:
        """The Server header: no Python version for a scanner to match."""
        return "govops"

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # `GET /` alone: no client of ours speaks it
            self.send_error(400, "HTTP/0.9 request")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server refuses itself (a garbage or HTTP/0.9-style request line, a bad
        version, a head too long, an unknown method): a short plain answer with a status
        line, never Python's HTML error page; the reason goes to the log, not the client."""
        self.log_error("%d %s", code, message or "")
        self.request_version = "HTTP/1.1"  # a status line even to an HTTP/0.9-style line
        self.close_connection = True
        phrase = self.responses.get(code, ("Error",))[0]
        body = f"{code} {phrase}\n".encode()
        self.send_response_only(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_error(self, format: str, *args: Any) -> None:
        """Malformed requests and timeouts: one line each."""
        self.app.log(f"{self.address_string()}: {format % args}"[:300])

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: scrapes every few seconds would drown the log."""


def _length(header: str | None) -> int:
    try:
        return int(header or 0)
    except ValueError:
        return -1


class _Server(ThreadingHTTPServer):
    """Threads for connections that have spoken; the lobby for those that have not."""

    daemon_threads = True
    request_queue_size = 1024  # the listen backlog
    max_connections = connections.MAX_CONNECTIONS
    head_deadline = connections.HEAD_DEADLINE
    request_deadline = connections.REQUEST_DEADLINE
    log: Log = staticmethod(_stderr)

    def server_activate(self) -> None:
        super().server_activate()
        self.deadlines = connections.Deadlines(self.log)
        self.budget = connections.Budget()
        self.lobby = connections.Lobby(self._dispatch, self.log, self.head_deadline)
        self._active = 0
        self._active_lock = threading.Lock()
        #: the head bytes the lobby read for each connection, taken by its handler
        self.heads: dict[Any, bytes] = {}

    def process_request(self, request: Any, client_address: Any) -> None:
        self.lobby.add(request, client_address)

    def _dispatch(self, request: Any, client_address: Any, head: bytes = b"") -> None:
        with self._active_lock:
            full = self._active >= self.max_connections
            if not full:
                self._active += 1
        if full:
            with suppress(OSError):
                if not isinstance(request, ssl.SSLSocket):
                    request.setblocking(False)
                    request.send(connections.BUSY)
            self.shutdown_request(request)
            return
        if head:
            self.heads[request] = head
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._active_lock:
                self._active -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up or a handshake that fails: one line, not a traceback."""
        exc = sys.exc_info()[1]
        where = f"{client_address[0]}:{client_address[1]}" if client_address else "a client"
        self.log(f"{where}: connection ended: {_one_line(exc) if exc else 'unknown'}")

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "lobby"):
            self.lobby.close()
            self.deadlines.close()


class _Server6(_Server):
    address_family = socket.AF_INET6


def parse_listen(listen: str) -> tuple[str, int]:
    """``127.0.0.1:9877`` or ``[::1]:9877`` -> (host, port)."""
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise InputError(
            M_("--listen `{value}`: write HOST:PORT, e.g. 127.0.0.1:9877", value=listen)
        )
    return host.strip("[]"), int(port)


def start_server(
    app: ExporterApp, options: ServeOptions
) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Bind and serve in a daemon thread; returns the server (``.shutdown()``) and thread."""
    host, port = parse_listen(options.listen)
    handler = type("GovopsHandler", (_Handler,), {"app": app})
    try:
        base = _Server6 if ":" in host else _Server
        settings = {
            "log": staticmethod(app.log),
            "max_connections": options.max_connections,
            "head_deadline": options.head_deadline,
            "request_deadline": options.request_deadline,
        }
        server_class = type("GovopsServer", (base,), settings)
        server = server_class((host, port), handler)
    except OSError as exc:
        raise InputError(
            M_("cannot listen on {address}: {reason}", address=options.listen, reason=str(exc))
        ) from exc
    if options.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        try:
            context.load_cert_chain(options.tls_cert, options.tls_key)
        except (OSError, ssl.SSLError) as exc:
            server.server_close()
            raise InputError(
                M_("cannot load --tls-cert/--tls-key: {reason}", reason=str(exc))
            ) from exc
        # The handshake happens in the request's own thread, not in the accept loop, so a
        # slow or plain-HTTP client cannot stall the server.
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    thread = threading.Thread(target=server.serve_forever, name="govops-exporter", daemon=True)
    thread.start()
    return server, thread
