"""A loopback OpenStack API that the real openstacksdk talks to.

One HTTP server serves every cloud of the inventory under its own path prefix
(``/<clouds.yaml name>/identity/v3``, ``/compute/v2.1``, ``/placement``, ``/volume/v3``):
Keystone v3 version discovery and password auth (``X-Subject-Token`` and a service
catalog), Nova (version document, servers/detail with metadata and tags, flavors,
quota sets with usage), Placement (root version document, resource providers,
inventories, usages) and Cinder quota sets. Response shapes follow the upstream
api-ref samples. Read-only: the lab shows a province, it does not run one.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from govops.inventory.models import Inventory
from govops.lab.openstack_state import LabCloud, build_clouds

LAB_USER = "govops-lab"
#: A reader-role account (same lab password): it may list servers, flavors and Placement,
#: and is refused (403) listing projects and reading quota sets, as Keystone's reader is.
LAB_READER = "govops-lab-reader"
FORBIDDEN = {
    "error": {
        "code": 403,
        "title": "Forbidden",
        "message": "You are not authorized to perform the requested action.",
    }
}
UNAUTHORIZED = {
    "error": {
        "code": 401,
        "title": "Unauthorized",
        "message": "The request you have made requires authentication.",
    }
}
COMPUTE_VERSION = ("2.1", "2.96")
PLACEMENT_VERSION = ("1.0", "1.39")
VOLUME_VERSION = ("3.0", "3.70")


@dataclass
class LabOpenStack:
    """A running lab API: ``url``, the clouds it serves, and ``stop()``."""

    url: str
    clouds: dict[str, LabCloud]
    password: str
    server: ThreadingHTTPServer
    thread: threading.Thread

    def auth_url(self, cloud: str) -> str:
        return f"{self.url}/{cloud}/identity/v3"

    def write_clouds_yaml(self, path: Path, user: str = LAB_USER) -> Path:
        """A clouds.yaml for every lab cloud. Its password is lab-only, made up at start.

        ``user=LAB_READER`` writes one for the reader-role account instead.
        """
        import yaml

        doc = {
            "clouds": {name: self._cloud_entry(name, c, user) for name, c in self.clouds.items()}
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")  # renamed whole: readers never see half
        partial.touch(mode=0o600)
        partial.write_text(
            "# govops lab OpenStack: loopback only; the password is made up at each start.\n"
            + yaml.safe_dump(doc, sort_keys=True),
            encoding="utf-8",
        )
        partial.replace(path)
        return path

    def _cloud_entry(self, name: str, cloud: LabCloud, user: str) -> dict[str, Any]:
        return {
            "auth_type": "password",
            "auth": {"auth_url": self.auth_url(name), "username": user,
                     "password": self.password, "project_name": "admin",
                     "user_domain_name": "Default", "project_domain_name": "Default"},
            "region_name": cloud.region, "identity_api_version": 3, "interface": "public",
        }  # fmt: skip

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start(inv: Inventory, host: str = "127.0.0.1", port: int = 0) -> LabOpenStack:
    """Serve the inventory's clouds on ``host:port`` (0: any free port) in a thread."""
    clouds = build_clouds(inv)
    password = secrets.token_urlsafe(16)
    try:
        server = ThreadingHTTPServer((host, port), _Handler)
    except OSError as exc:
        from govops.errors import InputError
        from govops.i18n import M_

        raise InputError(
            M_(
                "--openstack-port {port}: cannot listen on {host}: {reason}; 0 picks a free port",
                port=port,
                host=host,
                reason=exc.strerror,
            )
        ) from None
    server.daemon_threads = True
    url = f"http://{host}:{server.server_address[1]}"
    server.lab = _Api(url, clouds, password)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="lab-openstack", daemon=True)
    thread.start()
    return LabOpenStack(url, clouds, password, server, thread)


class _Reply(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one small response must not wait for a delayed ACK

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the lab is for tests and demos."""

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        api: _Api = self.server.lab  # type: ignore[attr-defined]
        try:
            api.route(method, self.path, dict(self.headers.items()), raw)
            reply = _Reply(404, {"itemNotFound": {"code": 404, "message": "not found"}})
        except _Reply as r:
            reply = r
        except Exception as exc:  # a lab bug: answer as an API would, keep serving
            reply = _Reply(500, {"computeFault": {"code": 500, "message": repr(exc)}})
        data = json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


_PATH = re.compile(
    r"^/(?P<cloud>[^/]+)/(?P<service>identity|compute|placement|volume)(?P<rest>/.*)?$"
)


class _Api:
    """Routes a request to a cloud and a service; answers by raising ``_Reply``."""

    def __init__(self, url: str, clouds: dict[str, LabCloud], password: str) -> None:
        self.url, self.clouds, self.password = url, clouds, password
        self.tokens: set[str] = set()
        self.reader_tokens: set[str] = set()
        self.lock = threading.Lock()

    def route(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> None:
        parts = urlsplit(target)
        m = _PATH.match(parts.path)
        if not m or m["cloud"] not in self.clouds:
            return
        cloud, service = self.clouds[m["cloud"]], m["service"]
        rest = (m["rest"] or "/").rstrip("/") or "/"
        base = f"{self.url}/{cloud.name}/{service}"
        query = parse_qs(parts.query)
        if service == "identity":
            from govops.lab import openstack_identity as ident

            ident.handle(self, cloud, base, method, rest, headers, raw)
            return
        if rest != "/" and not re.match(r"^/v[\d.]+$", rest):
            self.check_token(headers)
            if "/os-quota-sets/" in rest and self.is_reader(headers):
                raise _Reply(403, FORBIDDEN)
        from govops.lab import openstack_services as svc

        svc.handle(cloud, service, base, rest, query, headers)

    def check_token(self, headers: dict[str, str]) -> None:
        token = {k.lower(): v for k, v in headers.items()}.get("x-auth-token", "")
        with self.lock:
            known = token in self.tokens
        if not known:
            raise _Reply(401, UNAUTHORIZED)

    def issue_token(self, reader: bool = False) -> str:
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens.add(token)
            if reader:
                self.reader_tokens.add(token)
        return token

    def is_reader(self, headers: dict[str, str]) -> bool:
        token = {k.lower(): v for k, v in headers.items()}.get("x-auth-token", "")
        with self.lock:
            return token in self.reader_tokens


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def expiry() -> datetime:
    return datetime.now(UTC) + timedelta(hours=12)


Reply = _Reply
Api = _Api
