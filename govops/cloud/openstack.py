"""The one door to openstacksdk: read what each cloud runs and what room it has.

Everything returned is a frozen, plain view (``CloudView``); sync, capacity and the
readiness gate work on views, so they are tested against the lab API through this
module and need no SDK themselves. Placement is the source of capacity: Nova's
hypervisor records stop carrying it from compute microversion 2.88.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.inventory.models import Cloud

SYSTEM_KEY = "govops:system_id"
RESOURCE_CLASSES = ("VCPU", "MEMORY_MB", "DISK_GB")


@dataclass(frozen=True)
class Server:
    id: str
    name: str
    status: str
    project_id: str
    system_id: str | None  # from metadata govops:system_id, else a tag govops:system_id=...
    linked_by: str | None  # "metadata" | "tag" | None
    vcpus: int = 0
    ram_mb: int = 0


@dataclass(frozen=True)
class Flavor:
    name: str
    vcpus: int
    ram_mb: int
    disk_gb: int


@dataclass(frozen=True)
class Provider:
    """A Placement resource provider: capacity is (total - reserved) x allocation_ratio."""

    name: str
    capacity: dict[str, int]
    used: dict[str, int]

    def headroom(self, rc: str) -> int:
        return self.capacity.get(rc, 0) - self.used.get(rc, 0)


@dataclass(frozen=True)
class Quota:
    """A project's quota with usage; a limit of -1 means unlimited."""

    project: str
    limits: dict[str, int]  # cores, ram (MiB), gigabytes
    in_use: dict[str, int]

    def headroom(self, key: str) -> int | None:
        limit = self.limits.get(key, -1)
        return None if limit < 0 else limit - self.in_use.get(key, 0)


@dataclass(frozen=True)
class CloudView:
    cloud: str  # inventory cloud id
    os_cloud: str  # clouds.yaml name
    servers: tuple[Server, ...] = ()
    flavors: tuple[Flavor, ...] = ()
    projects: dict[str, str] = field(default_factory=dict)  # name -> id
    providers: tuple[Provider, ...] = ()
    quotas: dict[str, Quota] = field(default_factory=dict)  # project name -> quota
    #: What this account may not read (a reader role): "projects", "quotas", "placement"
    unreadable: tuple[str, ...] = ()

    def headroom(self, rc: str) -> int:
        return sum(p.headroom(rc) for p in self.providers)

    def capacity(self, rc: str) -> int:
        return sum(p.capacity.get(rc, 0) for p in self.providers)


@dataclass(frozen=True)
class CloudFetch:
    """One cloud's view, or why it could not be read (one cloud failing stops no other)."""

    cloud: str
    view: CloudView | None
    error: str | None = None


Fetcher = Callable[[Cloud, Iterable[str]], CloudView]


def fetch_all(
    clouds: Iterable[Cloud],
    projects_of: Callable[[str], Iterable[str]],
    fetch: Fetcher | None = None,
    workers: int = 4,
) -> list[CloudFetch]:
    """Read every cloud, a few at once; an unreachable cloud becomes an error entry."""
    from concurrent.futures import ThreadPoolExecutor

    from keystoneauth1 import exceptions as ksa_exc
    from openstack import exceptions as sdk_exc

    reader = fetch or fetch_cloud
    _quiet_sdk_warnings()

    def one(cloud: Cloud) -> CloudFetch:
        try:
            return CloudFetch(cloud.id, reader(cloud, projects_of(cloud.id)))
        except (sdk_exc.SDKException, ksa_exc.ClientException, OSError) as exc:
            return CloudFetch(cloud.id, None, f"{type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, clouds))


def _quiet_sdk_warnings() -> None:
    """A failed cloud is reported in its CloudFetch; keystoneauth's own warning about the
    same failure would only repeat it on stderr (unless the caller configured logging)."""
    import logging

    for name in ("keystoneauth", "openstack"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def connect(os_cloud: str, clouds_yaml: Path | None = None, timeout: float = 10.0) -> Any:
    """An openstacksdk connection to the clouds.yaml entry ``os_cloud``."""
    import openstack
    from openstack import config as os_config
    from openstack import connection

    if clouds_yaml is None:
        return openstack.connect(cloud=os_cloud, api_timeout=timeout)
    cfg = os_config.OpenStackConfig(config_files=[str(clouds_yaml)])
    return connection.Connection(config=cfg.get_one(cloud=os_cloud, api_timeout=timeout))


def fetch_cloud(
    cloud: Cloud, projects: Iterable[str], clouds_yaml: Path | None = None
) -> CloudView:
    """Servers (all projects), flavors, projects, Placement and the projects' quota sets."""
    os_cloud = cloud.openstack_cloud or cloud.id
    conn = connect(os_cloud, clouds_yaml)
    missing: list[str] = []
    try:
        # servers and flavors are what sync needs; the rest is read where the account may
        known: dict[str, str] = _optional(
            missing, "projects", {}, lambda: {p.name: p.id for p in conn.identity.projects()}
        )
        wanted = sorted(set(projects) & set(known))
        if "projects" in missing and projects:
            missing.append("quotas")  # a quota set is read by project id, which is unknown
        return CloudView(
            cloud=cloud.id,
            os_cloud=os_cloud,
            servers=tuple(
                _server(s) for s in conn.compute.servers(details=True, all_projects=True)
            ),
            flavors=tuple(_flavor(f) for f in conn.compute.flavors(details=True)),
            projects=known,
            providers=_optional(
                missing,
                "placement",
                (),
                lambda: tuple(_provider(conn, rp) for rp in conn.placement.resource_providers()),
            ),
            quotas=_optional(
                missing,
                "quotas",
                {},
                lambda: {name: _quota(conn, name, known[name]) for name in wanted},
            ),
            unreadable=tuple(missing),
        )
    finally:
        conn.close()


def _optional(missing: list[str], what: str, default: Any, read: Callable[[], Any]) -> Any:
    """``read()``, or ``default`` when the account is forbidden it (noted in ``missing``)."""
    from openstack import exceptions as sdk_exc

    try:
        return read()
    except sdk_exc.HttpException as exc:
        if exc.status_code not in (401, 403):
            raise
        missing.append(what)
        return default


def linked_system(
    metadata: dict[str, str] | None, tags: Iterable[str] | None
) -> tuple[str | None, str | None]:
    """The system a server names: metadata key first, then a tag ``govops:system_id=ID``."""
    if metadata and metadata.get(SYSTEM_KEY):
        return metadata[SYSTEM_KEY], "metadata"
    for tag in tags or ():
        if tag.startswith(SYSTEM_KEY + "="):
            return tag.split("=", 1)[1], "tag"
    return None, None


def _server(s: Any) -> Server:
    system_id, how = linked_system(s.metadata, s.tags)
    flavor = s.flavor
    return Server(
        id=s.id, name=s.name, status=s.status, project_id=s.project_id or "",
        system_id=system_id, linked_by=how,
        vcpus=int(getattr(flavor, "vcpus", 0) or 0), ram_mb=int(getattr(flavor, "ram", 0) or 0),
    )  # fmt: skip


def _flavor(f: Any) -> Flavor:
    return Flavor(f.name, int(f.vcpus or 0), int(f.ram or 0), int(f.disk or 0))


def _provider(conn: Any, rp: Any) -> Provider:
    capacity = {}
    for item in conn.placement.resource_provider_inventories(rp):
        if item.resource_class in RESOURCE_CLASSES:
            usable = (item.total - (item.reserved or 0)) * (item.allocation_ratio or 1.0)
            capacity[item.resource_class] = int(usable)
    usages = conn.placement.fetch_resource_provider_usages(rp).usages or {}
    return Provider(rp.name, capacity, {rc: int(usages.get(rc, 0)) for rc in RESOURCE_CLASSES})


def _quota(conn: Any, name: str, project_id: str) -> Quota:
    compute = conn.compute.get_quota_set(project_id, usage=True)
    volume = conn.block_storage.get_quota_set(project_id, usage=True)
    limits = {"cores": compute.cores, "ram": compute.ram, "gigabytes": volume.gigabytes}
    in_use = {
        "cores": (compute.usage or {}).get("cores", 0),
        "ram": (compute.usage or {}).get("ram", 0),
        "gigabytes": (volume.usage or {}).get("gigabytes", 0),
    }
    return Quota(name, {k: int(v if v is not None else -1) for k, v in limits.items()}, in_use)
