"""NetBox's answers as govops reads them: only the fields it uses, checked on arrival.

Unknown fields are ignored (NetBox adds fields between releases); a missing or mistyped
field that govops needs fails validation, which the client turns into a clean error.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Brief(_Answer):
    """A nested (brief) object: id always, name and slug when the kind has them."""

    id: int
    name: str | None = None
    slug: str | None = None


class Choice(_Answer):
    value: str


class Region(_Answer):
    id: int
    name: str
    slug: str
    parent: Brief | None = None


class Site(_Answer):
    id: int
    name: str
    slug: str
    region: Brief | None = None
    group: Brief | None = None
    custom_fields: dict[str, Any] = Field(default_factory=dict)


class IpAddress(_Answer):
    id: int
    address: str


class DeviceType(_Answer):
    id: int
    model: str


class Device(_Answer):
    id: int
    name: str | None
    site: Brief
    platform: Brief | None = None
    primary_ip4: IpAddress | None = None
    device_type: DeviceType | None = None


class Assignment(_Answer):
    group: Brief
    priority: Choice | None = None


class Circuit(_Answer):
    id: int
    cid: str
    status: Choice | None = None
    commit_rate: int | None = Field(default=None, ge=0)
    assignments: list[Assignment] = Field(default_factory=list)


class Peer(_Answer):
    """An interface at the far end of a cable: its name and device."""

    id: int
    name: str
    device: Brief


class Termination(_Answer):
    id: int
    circuit: Brief
    term_side: str
    termination_type: str | None = None
    termination_id: int | None = None
    link_peers: list[dict[str, Any]] = Field(default_factory=list)
    link_peers_type: str | None = None


class CableEnd(_Answer):
    object_type: str
    object_id: int
    object: dict[str, Any] = Field(default_factory=dict)


class Cable(_Answer):
    id: int
    label: str | None = None
    a_terminations: list[CableEnd] = Field(default_factory=list)
    b_terminations: list[CableEnd] = Field(default_factory=list)


class CircuitGroup(_Answer):
    id: int
    name: str
    slug: str
