"""Nova, Placement and Cinder for the lab: the read calls govops makes, shaped as upstream."""

from __future__ import annotations

import re
from typing import Any

from govops.lab.openstack import COMPUTE_VERSION, PLACEMENT_VERSION, VOLUME_VERSION, Reply
from govops.lab.openstack_state import LabCloud

_CREATED = "2022-03-01T08:00:00Z"


def handle(
    cloud: LabCloud, service: str, base: str, rest: str,
    query: dict[str, list[str]], headers: dict[str, str],
) -> None:  # fmt: skip
    if service == "compute":
        _compute(cloud, base, rest, query, headers)
    elif service == "placement":
        _placement(cloud, base, rest, headers)
    elif service == "volume":
        _volume(cloud, base, rest)


def _microversion(headers: dict[str, str], service: str, default: str) -> dict[str, str]:
    asked = {k.lower(): v for k, v in headers.items()}.get("openstack-api-version", "")
    version = asked.split()[-1] if asked.startswith(service) else default
    return {"OpenStack-API-Version": f"{service} {version}", "Vary": "OpenStack-API-Version"}


def _compute_version(base: str) -> dict[str, Any]:
    return {
        "id": "v2.1", "status": "CURRENT", "version": COMPUTE_VERSION[1],
        "min_version": COMPUTE_VERSION[0], "updated": "2013-07-23T11:33:21Z",
        "links": [{"rel": "self", "href": f"{base}/v2.1/"}],
        "media-types": [{"base": "application/json",
                         "type": "application/vnd.openstack.compute+json;version=2.1"}],
    }  # fmt: skip


def _compute(
    cloud: LabCloud, base: str, rest: str, query: dict[str, list[str]], headers: dict[str, str]
) -> None:
    mv = _microversion(headers, "compute", COMPUTE_VERSION[0])
    if rest == "/":
        raise Reply(200, {"versions": [_compute_version(base)]})
    if rest == "/v2.1":
        raise Reply(200, {"version": _compute_version(base)})
    if rest == "/v2.1/servers/detail":
        servers = cloud.servers
        if not query.get("all_projects") and not query.get("all_tenants"):
            servers = [s for s in servers if s["tenant_id"] == cloud.admin_project_id]
        raise Reply(200, {"servers": [_server(base, s) for s in servers]}, mv)
    if rest == "/v2.1/flavors/detail":
        raise Reply(200, {"flavors": cloud.flavors}, mv)
    m = re.match(r"^/v2\.1/os-quota-sets/([^/]+)(/detail)?$", rest)
    if m and m[1] in cloud.quotas:
        quota = {k: v for k, v in cloud.quotas[m[1]].items() if k != "gigabytes"}
        if not m[2]:  # without /detail: limits only, as Nova answers
            quota = {k: v["limit"] for k, v in quota.items()}  # type: ignore[misc]
        raise Reply(200, {"quota_set": {"id": m[1], **quota}}, mv)


def _server(base: str, s: dict[str, Any]) -> dict[str, Any]:
    active = s["status"] == "ACTIVE"
    return {
        "id": s["id"], "name": s["name"], "status": s["status"], "tenant_id": s["tenant_id"],
        "user_id": s["user_id"], "metadata": s["metadata"], "tags": s["tags"],
        "flavor": s["flavor"], "created": _CREATED, "updated": _CREATED,
        "addresses": {}, "accessIPv4": "", "accessIPv6": "", "hostId": "", "key_name": None,
        "image": "", "progress": 0, "locked": False, "description": None,
        "OS-DCF:diskConfig": "MANUAL", "OS-EXT-AZ:availability_zone": "nova",
        "OS-EXT-SRV-ATTR:host": s["hypervisor"],
        "OS-EXT-SRV-ATTR:hypervisor_hostname": s["hypervisor"],
        "OS-EXT-STS:power_state": 1 if active else 4,
        "OS-EXT-STS:task_state": None, "OS-EXT-STS:vm_state": "active" if active else "stopped",
        "os-extended-volumes:volumes_attached": [], "security_groups": [],
        "links": [{"rel": "self", "href": f"{base}/v2.1/servers/{s['id']}"}],
    }  # fmt: skip


def _placement(cloud: LabCloud, base: str, rest: str, headers: dict[str, str]) -> None:
    mv = _microversion(headers, "placement", PLACEMENT_VERSION[0])
    if rest == "/":
        raise Reply(200, {"versions": [{
            "id": "v1.0", "status": "CURRENT", "max_version": PLACEMENT_VERSION[1],
            "min_version": PLACEMENT_VERSION[0], "links": [{"rel": "self", "href": ""}],
        }]})  # fmt: skip
    if rest == "/resource_providers":
        raise Reply(200, {"resource_providers": cloud.providers}, mv)
    m = re.match(r"^/resource_providers/([^/]+)/(inventories|usages)$", rest)
    if m and m[1] in cloud.inventories:
        body: dict[str, Any] = {"resource_provider_generation": 1}
        if m[2] == "inventories":
            body["inventories"] = cloud.inventories[m[1]]
        else:
            body["usages"] = cloud.usages[m[1]]
        raise Reply(200, body, mv)


def _volume(cloud: LabCloud, base: str, rest: str) -> None:
    version = {
        "id": "v3.0", "status": "CURRENT", "version": VOLUME_VERSION[1],
        "min_version": VOLUME_VERSION[0], "updated": "2023-01-01T00:00:00Z",
        "links": [{"rel": "self", "href": f"{base}/v3/"}],
        "media-types": [{"base": "application/json",
                         "type": "application/vnd.openstack.volume+json;version=3"}],
    }  # fmt: skip
    if rest == "/" or re.match(r"^/v3(/[^/]+)?$", rest):
        raise Reply(200, {"versions": [version]})
    m = re.match(r"^/v3/[^/]+/os-quota-sets/([^/]+)$", rest)
    if m and m[1] in cloud.quotas:
        q = cloud.quotas[m[1]]
        gigabytes = {**q["gigabytes"], "allocated": 0}
        volumes = {"in_use": q["instances"]["in_use"], "limit": 1000, "reserved": 0, "allocated": 0}
        raise Reply(200, {"quota_set": {"id": m[1], "gigabytes": gigabytes, "volumes": volumes}})
