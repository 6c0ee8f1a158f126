"""The exporter's HTTP server: /metrics, /alertmanager (webhook intake) and /healthz.

A threading HTTP/1.1 server (keep-alive, as Alertmanager and Prometheus use it), in the
shape of prometheus_client's own: ``start_server`` returns ``(server, thread)`` so that
tests and callers can shut it down.
"""

from __future__ import annotations

import hmac
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry

from govops.errors import GovopsError, InputError
from govops.exporter.collector import IntakeCollector, SlaCollector
from govops.sla.group_commit import IntakeWriter, StoreUnavailable
from govops.sla.models import Policy

MAX_BODY = 8 * 1024 * 1024
Reply = tuple[int, str, bytes]


@dataclass(frozen=True)
class ServeOptions:
    listen: str = "127.0.0.1:9877"
    db: str | None = None
    token: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None


class ExporterApp:
    """What each route answers; its registry holds only the govops collector."""

    def __init__(self, policy: Policy, db: str | None, token: str | None) -> None:
        from govops.state.engine import open_engine

        self.engine = open_engine(db)
        self.token = token
        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(SlaCollector(self.engine, policy))
        self.writer = IntakeWriter(self.engine, policy)
        self.registry.register(IntakeCollector(self.writer))

    def close(self) -> None:
        """Let the intake writer finish what it was given."""
        self.writer.close()
        self.engine.dispose()

    def metrics(self) -> Reply:
        return 200, CONTENT_TYPE_LATEST, generate_latest(self.registry)

    def health(self) -> Reply:
        import sqlalchemy as sa

        from govops.sla.tables import faults
        from govops.state.engine import read
        from govops.state.url import redact

        try:
            with read(self.engine) as conn:
                conn.execute(sa.select(faults.c.id).limit(1)).all()
        except (sa.exc.SQLAlchemyError, GovopsError) as exc:
            return _json(503, {"error": redact(str(getattr(exc, "orig", None) or exc))})
        return _json(200, {"status": "ok"})

    def webhook(self, authorization: str, body: bytes) -> Reply:
        if self.token is not None and not _bearer_ok(authorization, self.token):
            return _json(401, {"error": "missing or wrong bearer token"})
        try:
            result = self.writer.submit(body)
        except InputError as exc:
            return _json(400, {"error": exc.message})
        except StoreUnavailable as exc:  # busy, full disk, database down: retried on 5xx
            return _json(503, {"error": exc.message})
        except Exception as exc:  # a bug must still answer (and be retried)
            return _json(500, {"error": f"internal error: {type(exc).__name__}"})
        return _json(
            200,
            {"opened": result.opened, "resolved": result.resolved, "unchanged": result.unchanged},
        )


def _bearer_ok(header: str, token: str) -> bool:
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def _json(status: int, payload: dict[str, Any]) -> Reply:
    return status, "application/json", (json.dumps(payload, ensure_ascii=False) + "\n").encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes
    timeout = 30  # seconds a client may idle between or inside requests
    app: ExporterApp  # set on the subclass start_server makes

    def do_GET(self) -> None:
        routes = {"/metrics": self.app.metrics, "/healthz": self.app.health}
        path = self.path.split("?", 1)[0]
        if path == "/alertmanager":
            self._send(_json(405, {"error": "use POST"}))
        elif path not in routes:
            self._send(_json(404, {"error": f"no route {path}"}))
        else:
            self._send(routes[path]())

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if self.path.split("?", 1)[0] != "/alertmanager":
            self._send(
                _json(
                    405 if self.path in ("/metrics", "/healthz") else 404,
                    {"error": f"no POST route {self.path}"},
                )
            )
        elif not 0 <= length <= MAX_BODY:
            self.close_connection = True
            self._send(_json(413 if length > MAX_BODY else 400, {"error": "bad Content-Length"}))
        else:
            body = self.rfile.read(length)
            self._send(self.app.webhook(self.headers.get("Authorization", ""), body))

    def _send(self, reply: Reply) -> None:
        status, content_type, body = reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: scrapes every few seconds would drown the log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


def parse_listen(listen: str) -> tuple[str, int]:
    """``127.0.0.1:9877`` or ``[::1]:9877`` -> (host, port)."""
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise InputError(f"--listen `{listen}`: write HOST:PORT, e.g. 127.0.0.1:9877")
    return host.strip("[]"), int(port)


def start_server(
    app: ExporterApp, options: ServeOptions
) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Bind and serve in a daemon thread; returns the server (``.shutdown()``) and thread."""
    host, port = parse_listen(options.listen)
    handler = type("GovopsHandler", (_Handler,), {"app": app})
    try:
        server = (_Server6 if ":" in host else _Server)((host, port), handler)
    except OSError as exc:
        raise InputError(f"cannot listen on {options.listen}: {exc}") from exc
    if options.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        try:
            context.load_cert_chain(options.tls_cert, options.tls_key)
        except (OSError, ssl.SSLError) as exc:
            server.server_close()
            raise InputError(f"cannot load --tls-cert/--tls-key: {exc}") from exc
        # The handshake happens in the request's own thread, not in the accept loop, so a
        # slow or plain-HTTP client cannot stall the server.
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    thread = threading.Thread(target=server.serve_forever, name="govops-exporter", daemon=True)
    thread.start()
    return server, thread
