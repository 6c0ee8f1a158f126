"""Strict models of an inventory. Pydantic at the edge; the loader checks cross-references.

Top-level keys: ``sites``, ``devices``, ``links``, ``clouds``, ``systems``,
``private_networks`` (部门专网 to merge) and ``server_rooms`` (departments' own rooms to close).
Optional fields may be added; the documented ones (design.md) must keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from govops.i18n import M_
from govops.units import parse_duration, parse_rate

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
_ID = re.compile(ID_PATTERN)

Rate = Annotated[int, BeforeValidator(parse_rate)]
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=128)]


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"
    DEPARTMENT = "department"


#: Depth in the administrative hierarchy; a department hangs under a province (or a city).
LEVEL_RANK = {
    Level.PROVINCE: 0,
    Level.CITY: 1,
    Level.DEPARTMENT: 1,
    Level.COUNTY: 2,
    Level.TOWNSHIP: 3,
    Level.VILLAGE: 4,
}


class Tier(StrEnum):
    PROVINCE_CITY = "province-city"
    CITY_COUNTY = "city-county"
    COUNTY_TOWNSHIP = "county-township"
    TOWNSHIP_VILLAGE = "township-village"
    PROVINCE_DEPARTMENT = "province-department"


#: The tier of a link between an upper-level site and a lower-level one.
TIER_BY_LEVELS = {
    (Level.PROVINCE, Level.CITY): Tier.PROVINCE_CITY,
    (Level.CITY, Level.COUNTY): Tier.CITY_COUNTY,
    (Level.COUNTY, Level.TOWNSHIP): Tier.COUNTY_TOWNSHIP,
    (Level.TOWNSHIP, Level.VILLAGE): Tier.TOWNSHIP_VILLAGE,
    (Level.PROVINCE, Level.DEPARTMENT): Tier.PROVINCE_DEPARTMENT,
}

#: netmiko device_types govops knows how to read.
PLATFORMS = ("huawei", "huawei_vrpv8", "hp_comware", "cisco_ios", "ruijie_os", "zte_zxros")


class Classification(StrEnum):
    NON_CLASSIFIED = "non_classified"
    CLASSIFIED = "classified"


class CloudKind(StrEnum):
    PROVINCIAL = "provincial"
    CITY = "city"
    INDUSTRY = "industry"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Site(_Strict):
    id: Ident
    name: str = Field(min_length=1)
    level: Level
    parent: Ident | None = None
    code: str | None = Field(default=None, pattern=r"^\d{6}(\d{6})?$")  # 行政区划代码


class Device(_Strict):
    name: Ident
    site: Ident
    host: str = Field(min_length=1)
    port: int = Field(default=22, ge=1, le=65535)
    platform: str
    credentials: Ident | None = None
    model: str | None = None  # hardware model, e.g. NE40E-X8A, CE6881-48S6CQ
    #: the device's `instance` label in Prometheus when it is not its host
    metrics_instance: str | None = Field(default=None, min_length=1, max_length=253)

    @field_validator("platform")
    @classmethod
    def _known_platform(cls, value: str) -> str:
        if value not in PLATFORMS:
            raise ValueError(
                M_(
                    "platform {platform!r} cannot be collected; supported: {known}",
                    platform=value,
                    known=", ".join(PLATFORMS),
                )
            )
        return value


class Endpoint(_Strict):
    device: Ident
    interface: str = Field(min_length=1)


class LinkIntent(_Strict):
    """How the link is meant to be built and run; the lab fleet answers from it.

    Audits never read it: they measure what the devices say.
    """

    speed: Rate | None = None  # port speed of each member (or of the port)
    members: int = Field(default=0, ge=0, le=16)  # 0 = a plain port, else aggregate members
    members_up: int | None = Field(default=None, ge=0, le=16)
    state: Literal["up", "down"] = "up"
    load: float = Field(default=0.2, ge=0, le=1.5)  # max(in, out) / effective bandwidth
    ipv6: bool = True  # global IPv6 on both ends


class Link(_Strict):
    id: Ident
    a: Endpoint  # the upper-level end
    b: Endpoint
    tier: Tier | None = None
    contracted: Rate | None = None
    #: The aggregate's expected member count at each end; audits compare what is up to it.
    members: int | None = Field(default=None, ge=1, le=16)
    intended: LinkIntent | None = None


class Capacity(_Strict):
    vcpu: int = Field(ge=0)
    ram_gb: int = Field(ge=0)
    disk_gb: int = Field(ge=0)


class Cloud(_Strict):
    id: Ident
    kind: CloudKind
    name: str = Field(min_length=1)
    openstack_cloud: str | None = None  # the cloud's name in clouds.yaml
    capacity: Capacity | None = None
    reliability_target: float | None = Field(default=None, gt=0, le=1)
    region: str | None = None


class Resources(_Strict):
    vcpu: int = Field(default=0, ge=0)
    ram_gb: int = Field(default=0, ge=0)
    disk_gb: int = Field(default=0, ge=0)


class DrNeed(StrEnum):
    """What disaster recovery a system needs (两地三中心): a copy in the same city, remote, both."""

    NONE = "none"
    SAME_CITY = "same_city"
    REMOTE = "remote"
    BOTH = "both"


class DisasterRecovery(_Strict):
    need: DrNeed = DrNeed.NONE
    rpo: str | None = Field(default=None, max_length=32)  # recovery point objective, e.g. 15m
    rto: str | None = Field(default=None, max_length=32)  # recovery time objective, e.g. 4h
    same_city_cloud: Ident | None = None  # the cloud holding the same-city copy
    remote_cloud: Ident | None = None  # the cloud holding the remote copy

    @field_validator("rpo", "rto")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value


class System(_Strict):
    id: Ident
    name: str = Field(min_length=1)
    department: str = Field(min_length=1)
    level: Level
    classification: Classification = Classification.NON_CLASSIFIED
    exemption: str | None = None  # the approved reason a system stays off the cloud
    hosting: str | None = None  # where it runs today (部门机房, IDC, ...)
    target_cloud: Ident | None = None
    project: str | None = None  # OpenStack project on the target cloud
    resources: Resources = Resources()
    depends_on: list[Ident] = []
    comigrate: list[Ident] = []  # systems that must move in the same wave
    strategy: Literal["rehost", "replatform", "refactor", "repurchase", "retire", "retain"] = (
        "rehost"
    )
    deadline: date | None = None
    site: Ident | None = None
    bandwidth_demand: Rate | None = None
    dr: DisasterRecovery | None = None


class PrivateNetwork(_Strict):
    """A departmental private network (部门专网) to merge into the extranet."""

    id: Ident
    name: str = Field(min_length=1, max_length=200)
    department: str = Field(min_length=1, max_length=200)
    level: Literal["province", "city", "county", "township"]
    site: Ident  # the extranet site it merges into
    classified: bool = False  # 涉密 networks are out of scope
    deadline: date | None = None


class ServerRoom(_Strict):
    """A department's own server room (机房), closed once every system in it has moved."""

    id: Ident
    name: str = Field(min_length=1, max_length=200)
    department: str = Field(min_length=1, max_length=200)
    site: Ident | None = None
    systems: list[Ident] = []
    deadline: date | None = None


SECTIONS: dict[str, type[_Strict]] = {
    "sites": Site,
    "devices": Device,
    "links": Link,
    "clouds": Cloud,
    "systems": System,
    "private_networks": PrivateNetwork,
    "server_rooms": ServerRoom,
}

#: The field that identifies an item of each section.
KEY_FIELD = {
    "sites": "id",
    "devices": "name",
    "links": "id",
    "clouds": "id",
    "systems": "id",
    "private_networks": "id",
    "server_rooms": "id",
}


@dataclass(frozen=True)
class Location:
    """Where an item came from: file, the line of the item, and the line of each field."""

    file: str
    line: int
    fields: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.fields.get(name, self.line)


@dataclass
class Inventory:
    """A whole, cross-checked inventory. Dicts keep file order."""

    sites: dict[str, Site] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    clouds: dict[str, Cloud] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    private_networks: dict[str, PrivateNetwork] = field(default_factory=dict)
    server_rooms: dict[str, ServerRoom] = field(default_factory=dict)
    tiers: dict[str, Tier | None] = field(default_factory=dict)  # link id -> resolved tier
    locations: dict[tuple[str, str], Location] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    #: (section, key) of items that failed their own schema: known, so not "unknown" elsewhere.
    rejected: set[tuple[str, str]] = field(default_factory=set)

    def knows(self, section: str, key: str) -> bool:
        return key in getattr(self, section) or (section, key) in self.rejected

    def children(self, site_id: str) -> list[Site]:
        return [s for s in self.sites.values() if s.parent == site_id]

    def devices_at(self, site_id: str) -> list[Device]:
        return list(self._indexes()["devices_at"].get(site_id, []))

    def site_of(self, device_name: str) -> Site:
        return self.sites[self.devices[device_name].site]

    def uplinks(self, site_id: str) -> list[Link]:
        """Links whose lower end (``b``) is at ``site_id``: the site's uplinks toward its parent."""
        return list(self._indexes()["uplinks"].get(site_id, []))

    def link_ends(self, device_name: str) -> list[str]:
        """The device's interfaces that end a link, in link order."""
        return list(self._indexes()["ends"].get(device_name, []))

    def _indexes(self) -> dict[str, dict[str, list[Any]]]:
        """Lookups by site and device, built once per inventory (scans made a 5,000-device
        audit quadratic); rebuilt if the inventory has grown since."""
        size = (len(self.sites), len(self.devices), len(self.links), len(self.tiers))
        cached = self.__dict__.get("_index_cache")
        if cached is not None and cached[0] == size:
            return cached[1]  # type: ignore[no-any-return]
        index: dict[str, dict[str, list[Any]]] = {"devices_at": {}, "uplinks": {}, "ends": {}}
        for device in self.devices.values():
            index["devices_at"].setdefault(device.site, []).append(device)
        for link in self.links.values():
            lower = self.devices.get(link.b.device)
            if lower is not None and self.tiers.get(link.id) is not None:
                index["uplinks"].setdefault(lower.site, []).append(link)
            for end in (link.a, link.b):
                index["ends"].setdefault(end.device, []).append(end.interface)
        self.__dict__["_index_cache"] = (size, index)
        return index


def is_ident(value: str) -> bool:
    return bool(_ID.match(value))
