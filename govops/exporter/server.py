"""The exporter's HTTP server: /metrics, /alertmanager (webhook intake) and /healthz.

A small WSGI app on a threading server, like prometheus_client's own, so that
``start_server`` returns ``(server, thread)`` and tests can shut it down.
"""

from __future__ import annotations

import hmac
import json
import socket
import sqlite3
import ssl
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry

from govops.errors import GovopsError, InputError
from govops.exporter.collector import SlaCollector, connect_factory
from govops.sla.intake import apply_webhook
from govops.sla.models import Policy

MAX_BODY = 8 * 1024 * 1024
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class ServeOptions:
    listen: str = "127.0.0.1:9877"
    db: str | None = None
    token: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None


class ExporterApp:
    """The WSGI application; its registry holds only the govops collector."""

    def __init__(self, policy: Policy, db: str | None, token: str | None) -> None:
        self.connect = connect_factory(db)
        self.policy = policy
        self.token = token
        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(SlaCollector(self.connect, policy))

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        routes = {"/metrics": ("GET", self._metrics), "/healthz": ("GET", self._health),
                  "/alertmanager": ("POST", self._webhook)}
        if path not in routes:
            return _reply(start, "404 Not Found", {"error": f"no route {path}"})
        allowed, handler = routes[path]
        if method != allowed:
            return _reply(start, "405 Method Not Allowed", {"error": f"use {allowed}"})
        return handler(environ, start)

    def _metrics(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        body = generate_latest(self.registry)
        start("200 OK", [("Content-Type", CONTENT_TYPE_LATEST),
                         ("Content-Length", str(len(body)))])
        return [body]

    def _health(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        try:
            self.connect().execute("SELECT 1 FROM faults LIMIT 1").fetchall()
        except (sqlite3.Error, GovopsError) as exc:
            return _reply(start, "503 Service Unavailable", {"error": str(exc)})
        return _reply(start, "200 OK", {"status": "ok"})

    def _webhook(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        if self.token is not None and not _bearer_ok(environ, self.token):
            return _reply(start, "401 Unauthorized", {"error": "missing or wrong bearer token"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start, "400 Bad Request", {"error": "bad Content-Length"})
        if length > MAX_BODY:
            return _reply(start, "413 Payload Too Large", {"error": f"body over {MAX_BODY} bytes"})
        body = environ["wsgi.input"].read(length)
        try:
            result = apply_webhook(self.connect(), self.policy, body)
        except InputError as exc:
            return _reply(start, "400 Bad Request", {"error": exc.message})
        except sqlite3.Error as exc:  # busy or full disk: Alertmanager retries a 5xx
            return _reply(start, "503 Service Unavailable", {"error": str(exc)})
        return _reply(start, "200 OK", {"opened": result.opened, "resolved": result.resolved,
                                        "unchanged": result.unchanged})


def _bearer_ok(environ: dict[str, Any], token: str) -> bool:
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def _reply(start: StartResponse, status: str, payload: dict[str, Any]) -> list[bytes]:
    body = (json.dumps(payload, ensure_ascii=False) + "\n").encode()
    start(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class _QuietHandler(WSGIRequestHandler):
    timeout = 30  # seconds a client may idle mid-request

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: scrapes every few seconds would drown the log."""


def parse_listen(listen: str) -> tuple[str, int]:
    """``127.0.0.1:9877`` or ``[::1]:9877`` -> (host, port)."""
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise InputError(f"--listen `{listen}`: write HOST:PORT, e.g. 127.0.0.1:9877")
    return host.strip("[]"), int(port)


def start_server(app: ExporterApp, options: ServeOptions) -> tuple[WSGIServer, threading.Thread]:
    """Bind and serve in a daemon thread; returns the server (``.shutdown()``) and thread."""
    host, port = parse_listen(options.listen)
    server_class = _Server6 if ":" in host else _Server
    try:
        server = make_server(host, port, app, server_class, handler_class=_QuietHandler)
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
