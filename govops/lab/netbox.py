"""A loopback NetBox 4.2 REST API (read-only) that the real pynetbox talks to.

Answers as NetBox's documentation shows: ``/api/`` with an ``API-Version`` header,
``/api/status/``, list views paginated with ``count``/``next``/``previous``/``results``
(``limit``, ``offset``; ``limit=0`` means the largest page), detail views, ``brief=1``,
nested brief objects, the filters pynetbox sends (``id``, ``<field>_id``, ``<field>``
by slug or value, ``region``/``region_id`` with their descendants, ``tag``, ``q``), and
token auth: ``Authorization: Token <t>`` (or ``Bearer``), 403 otherwise. Tests may
override an endpoint's answer (``lab.override``) to play a broken NetBox.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from govops.inventory.models import Inventory
from govops.lab.netbox_data import BRIEF, ENDPOINTS, VERSION, NetboxData, build

MAX_PAGE_SIZE = 1000
RESERVED = {"limit", "offset", "brief", "ordering", "fields", "exclude"}


@dataclass
class LabNetbox:
    """A running lab NetBox: ``url`` (give it to pynetbox), ``token``, ``stop()``."""

    url: str
    token: str
    data: NetboxData
    server: ThreadingHTTPServer
    thread: threading.Thread
    max_page_size: int = MAX_PAGE_SIZE
    overrides: dict[str, tuple[int, bytes]] = field(default_factory=dict)

    def override(self, path: str, status: int, body: bytes | Any) -> None:
        """Answer ``path`` (e.g. ``/api/dcim/sites/``) with ``status`` and ``body`` from now on."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.overrides[path] = (status, raw)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start(
    inv: Inventory,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str | None = None,
    max_page_size: int = MAX_PAGE_SIZE,
) -> LabNetbox:
    """Serve ``inv`` as NetBox on ``host:port`` (0: a free port) in a background thread."""
    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    url = f"http://{host}:{server.server_address[1]}"
    lab = LabNetbox(
        url,
        token or secrets.token_hex(20),
        build(inv, f"{url}/api/"),
        server,
        threading.Thread(target=server.serve_forever, daemon=True),
        max_page_size,
    )
    server.lab = lab  # type: ignore[attr-defined]
    lab.thread.start()
    return lab


class _Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        lab: LabNetbox = self.server.lab  # type: ignore[attr-defined]
        status, body = _answer(lab, self.path, self.headers.get("Authorization", ""))
        self._send(status, body)

    def _refuse(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        detail = f'Method "{self.command}" not allowed.'
        self._send(405, json.dumps({"detail": detail}).encode())

    do_POST = do_PUT = do_PATCH = do_DELETE = _refuse

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("API-Version", VERSION.rsplit(".", 1)[0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _answer(lab: LabNetbox, target: str, auth: str) -> tuple[int, bytes]:
    parts = urlsplit(target)
    if parts.path in lab.overrides:
        return lab.overrides[parts.path]
    scheme, _, given = auth.partition(" ")
    if not auth:
        return _json(403, {"detail": "Authentication credentials were not provided."})
    if scheme not in ("Token", "Bearer") or not secrets.compare_digest(given, lab.token):
        return _json(403, {"detail": "Invalid token"})
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] != ["api"]:
        return _json(404, {"detail": "Not found."})
    query = parse_qs(parts.query, keep_blank_values=True)
    return _route(lab, segments[1:], query)


def _json(status: int, body: Any) -> tuple[int, bytes]:
    return status, json.dumps(body, ensure_ascii=False).encode()


def _route(lab: LabNetbox, segments: list[str], query: dict[str, list[str]]) -> tuple[int, bytes]:
    root = lab.data.url
    if not segments:
        apps = sorted({app for app, _ in ENDPOINTS.values()} | {"core", "ipam", "users"})
        return _json(200, {app: f"{root}{app}/" for app in apps})
    if segments == ["status"]:
        return _json(
            200,
            {
                "netbox-version": VERSION,
                "django-version": "5.1.4",
                "python-version": "3.12.3",
                "plugins": {},
                "installed-apps": {},
                "rq-workers-running": 1,
                "hostname": "netbox-lab",
            },
        )
    kinds = {f"{app}/{endpoint}": kind for kind, (app, endpoint) in ENDPOINTS.items()}
    kind = kinds.get("/".join(segments[:2]))
    if kind is None or len(segments) > 3:
        return _json(404, {"detail": "Not found."})
    objects = lab.data.objects.get(kind, [])
    is_brief = query.get("brief", ["false"])[-1].lower() in ("1", "true", "yes")
    if len(segments) == 3:
        found = [o for o in objects if str(o["id"]) == segments[2]]
        if not found:
            return _json(404, {"detail": "No matching object found."})
        return _json(200, _shape(kind, found[0], is_brief))
    matched = [o for o in objects if _matches(lab.data, kind, o, query)]
    return _json(200, _page(lab, segments[:2], kind, matched, query, is_brief))


def _shape(kind: str, obj: dict[str, Any], is_brief: bool) -> dict[str, Any]:
    if is_brief and kind in BRIEF:
        return {k: obj[k] for k in BRIEF[kind] if k in obj}
    return obj


def _page(
    lab: LabNetbox,
    path: list[str],
    kind: str,
    matched: list[dict[str, Any]],
    query: dict[str, list[str]],
    is_brief: bool,
) -> dict[str, Any]:
    limit = _int(query.get("limit", ["50"])[-1], 50)
    limit = lab.max_page_size if limit <= 0 else min(limit, lab.max_page_size)
    offset = max(_int(query.get("offset", ["0"])[-1], 0), 0)
    base = f"{lab.data.url}{'/'.join(path)}/"

    def link(at: int) -> str:
        rest = [(k, v) for k, vs in query.items() if k not in ("limit", "offset") for v in vs]
        return base + "?" + urlencode([*rest, ("limit", limit), ("offset", at)])

    results = [_shape(kind, o, is_brief) for o in matched[offset : offset + limit]]
    return {
        "count": len(matched),
        "next": link(offset + limit) if offset + limit < len(matched) else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
        "results": results,
    }


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _matches(data: NetboxData, kind: str, obj: dict[str, Any], query: dict[str, list[str]]) -> bool:
    for name, wanted in query.items():
        if name in RESERVED or not wanted:
            continue
        if not _match_one(data, obj, name, set(wanted)):
            return False
    return True


def _match_one(data: NetboxData, obj: dict[str, Any], name: str, wanted: set[str]) -> bool:
    if name == "q":
        text = json.dumps(obj, ensure_ascii=False).lower()
        return any(w.lower() in text for w in wanted)
    if name in ("region", "region_id"):
        region = obj.get("region")
        if region is None:
            return False
        key = "slug" if name == "region" else "id"
        return bool(wanted & {str(r[key]) for r in _ancestors(data, region["id"])})
    if name == "tag":
        return bool(wanted & {t["slug"] for t in obj.get("tags", [])})
    if name == "id":
        return str(obj["id"]) in wanted
    base, _, suffix = name.rpartition("_")
    if suffix == "id" and isinstance(obj.get(base), dict):
        return str(obj[base].get("id")) in wanted
    value = obj.get(name)
    if isinstance(value, dict):
        return bool(wanted & {str(value.get("slug")), str(value.get("value"))})
    if name not in obj:
        return True  # NetBox ignores filters it does not know
    return str(value) in wanted


def _ancestors(data: NetboxData, region_id: int) -> Iterable[dict[str, Any]]:
    by_id = {r["id"]: r for r in data.objects.get("region", [])}
    current = by_id.get(region_id)
    while current is not None:
        yield current
        parent = current.get("parent")
        current = by_id.get(parent["id"]) if parent else None
