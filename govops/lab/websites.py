"""Small government websites on loopback, for the probe demo and tests.

A website listens on one port on each of its addresses (``::1`` and ``127.0.0.1`` for a
dual-stack one), answers ``GET /`` with 200 and ``/old/...`` with a 301, and records the
Host header and TLS SNI of each request. A silent site accepts connections and never
answers. Run, for the demo:

    python -m govops.lab.websites --dual-stack 0 --ipv4-only 0 --silent 0

(0 asks the OS for a free port; the last line on stderr names the ports chosen.)
"""

from __future__ import annotations

import argparse
import errno
import signal
import socket
import ssl
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DUAL_STACK = ("::1", "127.0.0.1")
IPV4_ONLY = ("127.0.0.1",)
PAGE = "<!doctype html><title>政务服务</title><p>govops lab website</p>\n".encode()


@dataclass(frozen=True)
class Request:
    host: str | None  # the Host header
    path: str
    sni: str | None  # the TLS server name, for https


@dataclass
class Website:
    """Servers on one port, one per address; ``close()`` stops them all."""

    port: int
    addresses: tuple[str, ...]
    requests: list[Request] = field(default_factory=list)
    _servers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        sni = getattr(self.request, "sni", None)
        self.server.site.requests.append(Request(self.headers.get("Host"), self.path, sni))
        if self.path.startswith("/old/"):
            self.send_response(301)
            self.send_header("Location", "/" + self.path.removeprefix("/old/"))
            self.send_header("Content-Length", "0")
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        if self.path.startswith("/old/"):
            return
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the demo's stderr is for govops


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Website
    tls: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            request.settimeout(5)
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except OSError:
                return  # the client gave up the handshake (an untrusted certificate, say)
        super().finish_request(request, client_address)


class _Silent(threading.Thread):
    """Accepts connections and never answers: a server that hangs."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__(daemon=True)
        self.sock = sock
        self.held: list[socket.socket] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        self.sock.settimeout(0.05)
        while not self.stopped.is_set():
            try:
                self.held.append(self.sock.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    def shutdown(self) -> None:
        self.stopped.set()
        self.join(2)

    def server_close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


def start_website(
    addresses: Sequence[str] = DUAL_STACK,
    port: int = 0,
    *,
    silent: bool = False,
    tls: ssl.SSLContext | None = None,
) -> Website:
    """Listen on ``port`` (0: a free one common to every address) and serve in threads."""
    sockets = bind_all(addresses, port)
    if tls is not None:
        tls.sni_callback = _record_sni
    site = Website(sockets[0].getsockname()[1], tuple(addresses))
    for sock in sockets:
        sock.listen(64)
        if silent:
            server: Any = _Silent(sock)
            server.start()
        else:
            server = _Server(sock.getsockname()[:2], _Handler, bind_and_activate=False)
            server.socket.close()
            server.socket, server.site, server.tls = sock, site, tls
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        site._servers.append(server)
    return site


def _record_sni(sock: Any, name: str | None, _context: ssl.SSLContext) -> None:
    sock.sni = name  # read back by the handler as ``self.request.sni``


def bind_all(addresses: Sequence[str], port: int) -> list[socket.socket]:
    """Bind every address to the same port; with port 0, retry until one is free on all."""
    for _attempt in range(20):
        sockets: list[socket.socket] = []
        chosen = port
        try:
            for address in addresses:
                sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
                sockets.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((address, chosen))
                chosen = sock.getsockname()[1]
            return sockets
        except OSError as exc:
            for sock in sockets:
                sock.close()
            if port or exc.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, "no port free on every address")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govops.lab.websites", description=__doc__)
    parser.add_argument("--dual-stack", type=int, metavar="PORT", help="on ::1 and 127.0.0.1")
    parser.add_argument("--ipv4-only", type=int, metavar="PORT", help="on 127.0.0.1 only")
    parser.add_argument("--silent", type=int, metavar="PORT", help="dual stack, never answers")
    args = parser.parse_args(argv)
    wanted = [
        ("dual-stack", DUAL_STACK, args.dual_stack, False),
        ("ipv4-only", IPV4_ONLY, args.ipv4_only, False),
        ("silent", DUAL_STACK, args.silent, True),
    ]
    sites = []
    for kind, addresses, port, silent in wanted:
        if port is None:
            continue
        if not 0 <= port <= 65535:
            print(f"error: --{kind} {port}: not a TCP port (0: a free one)", file=sys.stderr)
            return 2
        try:
            sites.append((kind, start_website(addresses, port, silent=silent)))
        except OSError as exc:
            print(f"error: --{kind} {port}: cannot listen: {exc.strerror}", file=sys.stderr)
            return 2
    # before the lines a caller waits for: a SIGTERM right after them must stop us cleanly
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    for _kind, site in sites:
        where = ", ".join(
            f"[{a}]:{site.port}" if ":" in a else f"{a}:{site.port}" for a in site.addresses
        )
        print(f"websites: serving on {where}", file=sys.stderr, flush=True)
    # one line a script can read the chosen ports from (port 0 asks the OS for free ones)
    ports = " ".join(f"{kind}={site.port}" for kind, site in sites)
    print(f"websites: ports {ports}", file=sys.stderr, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    for _kind, site in sites:
        site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
