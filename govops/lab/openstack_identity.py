"""Keystone v3 for the lab: version discovery, password auth with a catalog, projects."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from govops.lab.openstack import (
    FORBIDDEN,
    LAB_READER,
    LAB_USER,
    UNAUTHORIZED,
    Api,
    Reply,
    expiry,
    iso,
)
from govops.lab.openstack_state import LabCloud

_DOMAIN = {"id": "default", "name": "Default"}


def handle(
    api: Api, cloud: LabCloud, base: str, method: str, rest: str,
    headers: dict[str, str], raw: bytes,
) -> None:  # fmt: skip
    if method == "GET" and rest == "/":
        raise Reply(300, {"versions": {"values": [_version(base)]}})
    if method == "GET" and rest == "/v3":
        raise Reply(200, {"version": _version(base)})
    if method == "POST" and rest == "/v3/auth/tokens":
        _authenticate(api, cloud, base, raw)
    if method == "GET" and rest == "/v3/projects":
        api.check_token(headers)
        if api.is_reader(headers):
            raise Reply(403, FORBIDDEN)
        projects = [_project(base, name, pid) for name, pid in sorted(cloud.projects.items())]
        links = {"self": f"{base}/v3/projects", "previous": None, "next": None}
        raise Reply(200, {"projects": projects, "links": links})


def _version(base: str) -> dict[str, Any]:
    return {
        "id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
        "links": [{"rel": "self", "href": f"{base}/v3/"}],
        "media-types": [{"base": "application/json",
                         "type": "application/vnd.openstack.identity-v3+json"}],
    }  # fmt: skip


def _authenticate(api: Api, cloud: LabCloud, base: str, raw: bytes) -> None:
    try:
        ident = json.loads(raw)["auth"]["identity"]
        user = ident["password"]["user"]
        name = user.get("name")
        ok = name in (LAB_USER, LAB_READER) and user.get("password") == api.password
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise Reply(401, UNAUTHORIZED)
    token = api.issue_token(reader=name == LAB_READER)
    raise Reply(201, {"token": _token_body(api, cloud, base)}, {"X-Subject-Token": token})


def _token_body(api: Api, cloud: LabCloud, base: str) -> dict[str, Any]:
    root = api.url + "/" + cloud.name
    admin = cloud.admin_project_id
    return {
        "methods": ["password"],
        "user": {"id": "govops-lab-user", "name": LAB_USER, "domain": _DOMAIN,
                 "password_expires_at": None},
        "audit_ids": ["lab"],
        "expires_at": iso(expiry()), "issued_at": iso(datetime.now(UTC)),
        "project": {"id": admin, "name": "admin", "domain": _DOMAIN},
        "is_domain": False,
        "roles": [{"id": "role-admin", "name": "admin"}, {"id": "role-reader", "name": "reader"}],
        "catalog": [
            _service("identity", "keystone", f"{base}/v3", cloud.region),
            _service("compute", "nova", f"{root}/compute/v2.1", cloud.region),
            _service("placement", "placement", f"{root}/placement", cloud.region),
            _service("block-storage", "cinder", f"{root}/volume/v3/{admin}", cloud.region),
        ],
    }  # fmt: skip


def _service(kind: str, name: str, url: str, region: str) -> dict[str, Any]:
    return {
        "id": f"svc-{name}", "type": kind, "name": name,
        "endpoints": [{"id": f"ep-{name}", "interface": "public", "region": region,
                       "region_id": region, "url": url}],
    }  # fmt: skip


def _project(base: str, name: str, pid: str) -> dict[str, Any]:
    return {
        "id": pid, "name": name, "domain_id": "default", "description": "", "enabled": True,
        "is_domain": False, "parent_id": "default", "tags": [], "options": {},
        "links": {"self": f"{base}/v3/projects/{pid}"},
    }  # fmt: skip
