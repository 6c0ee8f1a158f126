"""An inventory as NetBox 4.2 would hold it: the lab NetBox's objects, full and brief.

Every site but a department has a region of its own (slug = site id), nested as the sites
are; departments sit in their parent's region with the site group ``departments``.
Links with a ``contracted`` rate are carrier circuits (commit_rate
in Kbps, A end = the upper-level end, cabled to the device interfaces) and links named
``<pair>-1``/``-2`` are a circuit group's primary/secondary; links without a contract
are cables between the two interfaces. Shapes follow NetBox's serializers.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

from govops.inventory.models import Inventory, Level, Link

#: netmiko device_type -> the platform slug a NetBox team would use.
PLATFORM_SLUGS = {
    "huawei": "huawei-vrp",
    "huawei_vrpv8": "huawei-vrp8",
    "hp_comware": "h3c-comware",
    "cisco_ios": "cisco-ios",
    "ruijie_os": "ruijie-rgos",
    "zte_zxros": "zte-zxros",
}
PRIORITIES = {"1": "primary", "2": "secondary", "3": "tertiary"}
CODE_FIELD = "division_code"
VERSION = "4.2.9"

#: Fields each kind of object keeps in its brief (nested) form.
BRIEF: dict[str, tuple[str, ...]] = {
    "region": ("id", "url", "display", "name", "slug", "description", "site_count", "_depth"),
    "site-group": ("id", "url", "display", "name", "slug", "description", "_depth"),
    "site": ("id", "url", "display", "name", "slug", "description"),
    "platform": ("id", "url", "display", "name", "slug", "description"),
    "manufacturer": ("id", "url", "display", "name", "slug", "description"),
    "device-type": ("id", "url", "display", "manufacturer", "model", "slug", "description"),
    "device-role": ("id", "url", "display", "name", "slug", "description"),
    "device": ("id", "url", "display", "name", "description"),
    "interface": ("id", "url", "display", "device", "name", "description", "cable", "_occupied"),
    "ip-address": ("id", "url", "display", "family", "address", "description"),
    "provider": ("id", "url", "display", "name", "slug", "description"),
    "circuit-type": ("id", "url", "display", "name", "slug", "description"),
    "circuit": ("id", "url", "display", "provider", "cid", "description"),
    "circuit-group": ("id", "url", "display", "name"),
    "circuit-termination": ("id", "url", "display", "circuit", "term_side", "description"),
    "cable": ("id", "url", "display", "label", "description"),
    "tag": ("id", "url", "display", "name", "slug", "color"),
}
#: (api app, endpoint) of each kind.
ENDPOINTS = {
    "region": ("dcim", "regions"),
    "site-group": ("dcim", "site-groups"),
    "site": ("dcim", "sites"),
    "platform": ("dcim", "platforms"),
    "manufacturer": ("dcim", "manufacturers"),
    "device-type": ("dcim", "device-types"),
    "device-role": ("dcim", "device-roles"),
    "device": ("dcim", "devices"),
    "interface": ("dcim", "interfaces"),
    "cable": ("dcim", "cables"),
    "ip-address": ("ipam", "ip-addresses"),
    "provider": ("circuits", "providers"),
    "circuit-type": ("circuits", "circuit-types"),
    "circuit": ("circuits", "circuits"),
    "circuit-group": ("circuits", "circuit-groups"),
    "circuit-group-assignment": ("circuits", "circuit-group-assignments"),
    "circuit-termination": ("circuits", "circuit-terminations"),
    "tag": ("extras", "tags"),
}


def choice(value: str) -> dict[str, str]:
    return {"value": value, "label": value.replace("_", " ").title()}


@dataclass
class NetboxData:
    """Every object of the lab NetBox by kind, in id order; ``url`` is the API root."""

    url: str
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def add(self, kind: str, key: str, **fields: Any) -> dict[str, Any]:
        found = self._by_key.get((kind, key))
        if found is not None:
            return found
        items = self.objects.setdefault(kind, [])
        app, endpoint = ENDPOINTS[kind]
        oid = len(items) + 1
        display = fields.get("name") or fields.get("cid") or fields.get("address") or key
        obj = {
            "id": oid,
            "url": f"{self.url}{app}/{endpoint}/{oid}/",
            "display": display,
            "description": "",
            **fields,
        }
        obj.setdefault("display_url", obj["url"].replace("/api/", "/", 1))
        items.append(obj)
        self._by_key[(kind, key)] = obj
        return obj

    def get(self, kind: str, key: str) -> dict[str, Any]:
        return self._by_key[(kind, key)]


def brief(kind: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The nested (brief) form of ``obj``, as NetBox puts it inside other objects."""
    return {k: obj[k] for k in BRIEF[kind] if k in obj}


def build(inv: Inventory, url: str) -> NetboxData:
    """The lab NetBox's objects for ``inv``; ``url`` is the API root (``.../api/``)."""
    data = NetboxData(url)
    tag = data.add("tag", "govops", name="govops", slug="govops", color="9e9e9e")
    for site in inv.sites.values():
        _site(data, inv, site.id, tag)
    for device in inv.devices.values():
        _device(data, inv, device.name)
    for link in inv.links.values():
        if link.contracted is not None:
            _circuit(data, inv, link)
        else:
            _cable(
                data,
                link,
                _interface(data, link.a.device, link.a.interface),
                ("dcim.interface", _interface(data, link.b.device, link.b.interface)),
            )
    return data


def _region(data: NetboxData, inv: Inventory, site_id: str, depth: int) -> dict[str, Any]:
    site = inv.sites[site_id]
    parent = None
    if site.parent:
        parent = _region(data, inv, site.parent, depth - 1)
    region = data.add(
        "region",
        site_id,
        name=site.name,
        slug=site_id,
        parent=brief("region", parent) if parent else None,
        _depth=depth,
        site_count=1,
        tags=[],
        custom_fields={},
    )
    return region


def _depth(inv: Inventory, site_id: str) -> int:
    parent = inv.sites[site_id].parent
    return 0 if parent is None else 1 + _depth(inv, parent)


def _site(data: NetboxData, inv: Inventory, site_id: str, tag: dict[str, Any]) -> None:
    site = inv.sites[site_id]
    group = None
    if site.level is Level.DEPARTMENT:
        group = data.add(
            "site-group", "departments", name="省直部门", slug="departments", parent=None, _depth=0
        )
        home = site.parent
    else:
        home = site.id
    region = _region(data, inv, home, _depth(inv, home)) if home else None
    data.add(
        "site",
        site.id,
        name=site.name,
        slug=site.id,
        status=choice("active"),
        region=brief("region", region) if region else None,
        group=brief("site-group", group) if group else None,
        tenant=None,
        facility="",
        time_zone="Asia/Shanghai",
        tags=[brief("tag", tag)],
        custom_fields={CODE_FIELD: site.code},
    )


def _device(data: NetboxData, inv: Inventory, name: str) -> None:
    device = inv.devices[name]
    slug = PLATFORM_SLUGS.get(device.platform, device.platform)
    platform = data.add("platform", slug, name=slug, slug=slug)
    maker = data.add(
        "manufacturer",
        device.platform,
        name=device.platform.split("_")[0].upper(),
        slug=device.platform.split("_")[0],
    )
    model = device.model or "generic"
    dtype = data.add(
        "device-type",
        model,
        manufacturer=brief("manufacturer", maker),
        model=model,
        slug=re.sub(r"[^a-z0-9]+", "-", model.lower()),
    )
    role = data.add("device-role", "router", name="router", slug="router")
    site = data.get("site", device.site)
    obj = data.add(
        "device",
        name,
        name=name,
        device_type=brief("device-type", dtype),
        role=brief("device-role", role),
        platform=brief("platform", platform),
        site=brief("site", site),
        status=choice("active"),
        primary_ip4=None,
        primary_ip6=None,
        primary_ip=None,
        tags=site["tags"],
        custom_fields={},
    )
    try:
        ipaddress.IPv4Address(device.host)
    except ValueError:
        return
    ip = data.add(
        "ip-address",
        device.host,
        address=f"{device.host}/32",
        family={"value": 4, "label": "IPv4"},
        status=choice("active"),
        assigned_object_type=None,
        assigned_object_id=None,
    )
    obj["primary_ip4"] = obj["primary_ip"] = brief("ip-address", ip)


def _interface(data: NetboxData, device: str, name: str) -> dict[str, Any]:
    owner = data.get("device", device)
    return data.add(
        "interface",
        f"{device}:{name}",
        device=brief("device", owner),
        name=name,
        cable=None,
        _occupied=False,
        link_peers=[],
        link_peers_type=None,
        type=choice("lag" if "trunk" in name.lower() else "10gbase-x-sfpp"),
        speed=None,
    )


def _cable(
    data: NetboxData, link: Link | None, a: dict[str, Any], b: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    b_type, b_obj = b
    b_kind = "interface" if b_type == "dcim.interface" else "circuit-termination"
    label = link.id if link else ""
    key = f"{a['id']}-{b_type}-{b_obj['id']}"
    cable = data.add(
        "cable",
        key,
        label=label,
        status=choice("connected"),
        type="smf",
        a_terminations=[
            {"object_type": "dcim.interface", "object_id": a["id"], "object": brief("interface", a)}
        ],
        b_terminations=[
            {"object_type": b_type, "object_id": b_obj["id"], "object": brief(b_kind, b_obj)}
        ],
    )
    cable["display"] = label or f"#{cable['id']}"
    for end, peer, peer_type, peer_kind in (
        (a, b_obj, b_type, b_kind),
        (b_obj, a, "dcim.interface", "interface"),
    ):
        end["cable"] = brief("cable", cable)
        end["_occupied"] = True
        end["link_peers"] = [brief(peer_kind, peer)]
        end["link_peers_type"] = peer_type
    return cable


def _circuit(data: NetboxData, inv: Inventory, link: Link) -> None:
    provider = data.add("provider", "chinatelecom", name="中国电信", slug="chinatelecom")
    ctype = data.add("circuit-type", "extranet", name="政务外网专线", slug="extranet")
    circuit = data.add(
        "circuit",
        link.id,
        cid=link.id,
        provider=brief("provider", provider),
        type=brief("circuit-type", ctype),
        status=choice("active"),
        commit_rate=(link.contracted or 0) // 1000,
        tenant=None,
        termination_a=None,
        termination_z=None,
        assignments=[],
        tags=[],
        custom_fields={},
    )
    for side, end in (("A", link.a), ("Z", link.b)):
        site = data.get("site", inv.devices[end.device].site)
        term = data.add(
            "circuit-termination",
            f"{link.id}:{side}",
            circuit=brief("circuit", circuit),
            term_side=side,
            termination_type="dcim.site",
            termination_id=site["id"],
            termination=brief("site", site),
            port_speed=None,
            upstream_speed=None,
            xconnect_id="",
            pp_info="",
            mark_connected=False,
            cable=None,
            cable_end=side,
            link_peers=[],
            link_peers_type=None,
            _occupied=False,
            tags=[],
            custom_fields={},
        )
        term["display"] = f"{link.id}: Termination {side}"
        nested = {
            k: term[k]
            for k in (
                "id",
                "url",
                "display_url",
                "display",
                "termination_type",
                "termination_id",
                "termination",
                "port_speed",
                "upstream_speed",
                "xconnect_id",
                "description",
            )
        }
        circuit["termination_a" if side == "A" else "termination_z"] = nested
        iface = _interface(data, end.device, end.interface)
        _cable(data, None, iface, ("circuits.circuittermination", term))
    _assign(data, link, circuit)


def _assign(data: NetboxData, link: Link, circuit: dict[str, Any]) -> None:
    match = re.fullmatch(r"(.+)-([123])", link.id)
    if not match:
        return
    pair, number = match.groups()
    group = data.add(
        "circuit-group", pair, name=pair, slug=pair, tenant=None, tags=[], custom_fields={}
    )
    assignment = data.add(
        "circuit-group-assignment",
        link.id,
        group=brief("circuit-group", group),
        member_type="circuits.circuit",
        member_id=circuit["id"],
        member=brief("circuit", circuit),
        priority=choice(PRIORITIES[number]),
        tags=[],
    )
    circuit["assignments"].append(
        {k: assignment[k] for k in ("id", "url", "display", "group", "priority")}
    )
