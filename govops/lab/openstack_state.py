"""What the lab OpenStack clouds hold, built deterministically from an inventory.

Per cloud of the 1+11+N layout: one admin project plus each target project, standard
flavors, four compute resource providers sharing the cloud's inventory capacity, and a
server for every fourth system (some linked by metadata, some by tag, some SHUTOFF:
drift), plus one server naming an unknown system and one that names none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from govops.inventory.models import Classification, Cloud, Inventory, System

PROVIDERS_PER_CLOUD = 4
VCPU_RATIO = 2.0
VCPU_RESERVED = 2
RAM_RESERVED_MB = 8192
UNKNOWN_SYSTEM = "SYS-9999"
CLASSIFIED_ON_CLOUD = "SYS-0013"
#: Clouds that lack the largest flavors (the readiness gate finds no flavor that fits).
SMALL_FLAVOR_CLOUDS = ("city-ylq",)
#: Clouds with a compute node gone since the inventory was written: Placement has 3 of 4.
SHRUNK_CLOUDS = ("ind-health",)
#: Projects whose quota is used up (the readiness gate finds no quota headroom).
TIGHT_QUOTA_PROJECTS = ("xa-zwfw",)


def _id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "govops-lab/" + "/".join(parts)))


@dataclass
class LabCloud:
    """One cloud's state, in API-ready dictionaries."""

    name: str  # the clouds.yaml name
    region: str
    projects: dict[str, str] = field(default_factory=dict)  # name -> id
    flavors: list[dict[str, Any]] = field(default_factory=list)
    servers: list[dict[str, Any]] = field(default_factory=list)
    providers: list[dict[str, Any]] = field(default_factory=list)
    inventories: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    usages: dict[str, dict[str, int]] = field(default_factory=dict)
    quotas: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # project id

    @property
    def admin_project_id(self) -> str:
        return self.projects["admin"]


def build_clouds(inv: Inventory) -> dict[str, LabCloud]:
    """Every inventory cloud that has an ``openstack_cloud`` name, keyed by that name."""
    clouds: dict[str, LabCloud] = {}
    ordered = list(inv.systems.values())
    for cloud in inv.clouds.values():
        if not cloud.openstack_cloud:
            continue
        systems = [s for s in ordered if s.target_cloud == cloud.id]
        clouds[cloud.openstack_cloud] = _build(cloud, systems, ordered)
    return clouds


def _build(cloud: Cloud, systems: list[System], ordered: list[System]) -> LabCloud:
    lab = LabCloud(name=cloud.openstack_cloud or cloud.id, region=cloud.region or "RegionOne")
    lab.projects = {"admin": _id(lab.name, "project", "admin")}
    for s in systems:
        if s.project:
            lab.projects.setdefault(s.project, _id(lab.name, "project", s.project))
    lab.flavors = _flavors(cloud.id)
    _add_providers(lab, cloud)
    for s in systems:
        index = ordered.index(s)
        if s.classification is Classification.NON_CLASSIFIED and not s.exemption and index % 4 == 0:
            _add_server(lab, s, index)
    _add_dr_copies(lab, cloud, ordered)
    _add_stray_servers(lab, cloud.id)
    _fill_quotas(lab)
    return lab


def _flavors(cloud_id: str) -> list[dict[str, Any]]:
    sizes = [2, 4, 8, 16, 32] + ([] if cloud_id in SMALL_FLAVOR_CLOUDS else [64])
    return [
        {"id": _id("flavor", f"c{v}m{v * r}"), "name": f"c{v}m{v * r}", "vcpus": v,
         "ram": v * r * 1024, "disk": 40, "OS-FLV-EXT-DATA:ephemeral": 0, "swap": 0,
         "rxtx_factor": 1.0, "os-flavor-access:is_public": True, "OS-FLV-DISABLED:disabled": False,
         "description": None, "extra_specs": {}, "links": []}
        for v in sizes for r in (2, 4, 8)
    ]  # fmt: skip


def _add_providers(lab: LabCloud, cloud: Cloud) -> None:
    cap = cloud.capacity
    vcpu, ram_gb, disk_gb = (cap.vcpu, cap.ram_gb, cap.disk_gb) if cap else (64, 256, 10000)
    n = PROVIDERS_PER_CLOUD
    for i in range(n - 1 if cloud.id in SHRUNK_CLOUDS else n):
        rp_id = _id(lab.name, "rp", str(i))
        lab.providers.append(
            {"uuid": rp_id, "name": f"{lab.name}-compute-{i + 1:02d}", "generation": 1,
             "parent_provider_uuid": None, "root_provider_uuid": rp_id, "links": []}
        )  # fmt: skip
        lab.inventories[rp_id] = {
            "VCPU": _inv(int(vcpu / n / VCPU_RATIO) + VCPU_RESERVED, VCPU_RESERVED, VCPU_RATIO),
            "MEMORY_MB": _inv(ram_gb * 1024 // n + RAM_RESERVED_MB, RAM_RESERVED_MB, 1.0),
            "DISK_GB": _inv(disk_gb // n, 0, 1.0),
        }
        lab.usages[rp_id] = {"VCPU": 0, "MEMORY_MB": 0, "DISK_GB": 0}


def _inv(total: int, reserved: int, ratio: float) -> dict[str, Any]:
    return {"total": total, "reserved": reserved, "min_unit": 1, "max_unit": total,
            "step_size": 1, "allocation_ratio": ratio}  # fmt: skip


def _add_server(lab: LabCloud, system: System, index: int) -> None:
    """A server for ``system``: metadata link on even quarters, tag link on odd ones."""
    project = system.project or "admin"
    status = "SHUTOFF" if index % 12 == 0 else "ACTIVE"
    metadata = {"govops:system_id": system.id} if index % 8 == 0 else {}
    tags = [] if metadata else [f"govops:system_id={system.id}"]
    res = system.resources
    flavor = {"vcpus": res.vcpu, "ram": res.ram_gb * 1024, "disk": res.disk_gb}
    _append_server(lab, system.id.lower(), project, status, metadata, tags, flavor)


def _add_dr_copies(lab: LabCloud, cloud: Cloud, ordered: list[System]) -> None:
    """DR copies (metadata govops:role=dr) on the clouds systems name for them; every third
    system with a need lacks its copies (a shortfall `cloud status` shows)."""
    for index, s in enumerate(ordered):
        dr = s.dr
        if dr is None or cloud.id not in (dr.same_city_cloud, dr.remote_cloud) or index % 3 == 2:
            continue
        kind = "dr-local" if cloud.id == dr.same_city_cloud else "dr-remote"
        meta = {"govops:system_id": s.id, "govops:role": "dr"}
        small = {"vcpus": 2, "ram": 4096, "disk": 40}
        _append_server(lab, f"{s.id.lower()}-{kind}", "admin", "ACTIVE", meta, [], small)


def _add_stray_servers(lab: LabCloud, cloud_id: str) -> None:
    small = {"vcpus": 2, "ram": 4096, "disk": 40}
    if cloud_id == "prov":
        meta = {"govops:system_id": UNKNOWN_SYSTEM}
        _append_server(lab, "legacy-oa", "admin", "ACTIVE", meta, [], small)
        # a copy of a classified (涉密) system someone stood up on the government cloud
        tag = [f"govops:system_id={CLASSIFIED_ON_CLOUD}"]
        _append_server(lab, "hjgl-test", "admin", "ACTIVE", {}, tag, small)
    _append_server(lab, f"{cloud_id}-jump", "admin", "ACTIVE", {}, ["ops"], small)


def _append_server(
    lab: LabCloud, name: str, project: str, status: str,
    metadata: dict[str, str], tags: list[str], flavor: dict[str, int],
) -> None:  # fmt: skip
    rp_index = len(lab.servers) % len(lab.providers)
    rp_id = lab.providers[rp_index]["uuid"]
    usage = lab.usages[rp_id]
    usage["VCPU"] += flavor["vcpus"]
    usage["MEMORY_MB"] += flavor["ram"]
    usage["DISK_GB"] += flavor["disk"]
    lab.servers.append(
        {"id": _id(lab.name, "server", name), "name": name, "status": status,
         "tenant_id": lab.projects.get(project, lab.admin_project_id), "project_name": project,
         "user_id": _id("user", "govops-lab"), "metadata": metadata, "tags": tags,
         "flavor": {**flavor, "ephemeral": 0, "swap": 0, "extra_specs": {},
                    "original_name": f"c{flavor['vcpus']}m{flavor['ram'] // 1024}"},
         "hypervisor": lab.providers[rp_index]["name"]}
    )  # fmt: skip


def _fill_quotas(lab: LabCloud) -> None:
    for name, pid in lab.projects.items():
        mine = [s for s in lab.servers if s["tenant_id"] == pid]
        cores = sum(s["flavor"]["vcpus"] for s in mine)
        ram = sum(s["flavor"]["ram"] for s in mine)
        disk = sum(s["flavor"]["disk"] for s in mine)
        tight = name in TIGHT_QUOTA_PROJECTS
        lab.quotas[pid] = {
            "cores": {"in_use": cores, "limit": cores if tight else 1024, "reserved": 0},
            "ram": {"in_use": ram, "limit": ram if tight else 4 * 1024 * 1024, "reserved": 0},
            "instances": {"in_use": len(mine), "limit": 100, "reserved": 0},
            "gigabytes": {"in_use": disk, "limit": disk if tight else 200000, "reserved": 0},
        }
