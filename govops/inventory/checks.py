"""Cross-reference checks over a loaded inventory; every problem is returned, none raised."""

from __future__ import annotations

from govops.errors import Problem
from govops.inventory.models import (
    LEVEL_RANK,
    TIER_BY_LEVELS,
    Classification,
    Inventory,
    Location,
)


def check_references(inv: Inventory) -> list[Problem]:
    """Unknown references, parent cycles, link tiers and misplaced classified systems."""
    problems: list[Problem] = []
    problems += _check_sites(inv)
    problems += _check_devices(inv)
    problems += _check_links(inv)
    problems += _check_systems(inv)
    problems += _check_private_networks(inv)
    problems += _check_server_rooms(inv)
    return problems


def _at(inv: Inventory, section: str, key: str, field: str, message: str) -> Problem:
    location = inv.locations.get((section, key), Location("?", 0))
    top = field.split(".", 1)[0]
    return Problem(location.file, location.line_of(top), f"{section}[{key}].{field}", message)


def _check_sites(inv: Inventory) -> list[Problem]:
    problems = []
    for site in inv.sites.values():
        if site.parent is None:
            continue
        parent = inv.sites.get(site.parent)
        if parent is None and inv.knows("sites", site.parent):
            continue
        if parent is None:
            message = f"unknown site {site.parent!r} (not in sites)"
            problems.append(_at(inv, "sites", site.id, "parent", message))
        elif LEVEL_RANK[parent.level] >= LEVEL_RANK[site.level]:
            message = f"a {site.level} site cannot hang under {parent.id!r}, a {parent.level} site"
            problems.append(_at(inv, "sites", site.id, "parent", message))
    problems += _check_cycles(inv)
    return problems


def _check_cycles(inv: Inventory) -> list[Problem]:
    problems = []
    reported: set[str] = set()
    for start in inv.sites:
        seen: list[str] = []
        current: str | None = start
        while current is not None and current in inv.sites and current not in seen:
            seen.append(current)
            current = inv.sites[current].parent
        if current is not None and current in seen and current not in reported:
            cycle = seen[seen.index(current) :]
            reported.update(cycle)
            path = " -> ".join([*cycle, current])
            problems.append(_at(inv, "sites", current, "parent", f"parent cycle: {path}"))
    return problems


def _check_devices(inv: Inventory) -> list[Problem]:
    return [
        _at(inv, "devices", d.name, "site", f"unknown site {d.site!r} (not in sites)")
        for d in inv.devices.values()
        if not inv.knows("sites", d.site)
    ]


def _check_links(inv: Inventory) -> list[Problem]:
    problems = []
    used: dict[tuple[str, str], str] = {}
    for link in inv.links.values():
        ends_ok = True
        for end_name in ("a", "b"):
            end = getattr(link, end_name)
            if end.device not in inv.devices:
                ends_ok = False
                if inv.knows("devices", end.device):
                    continue
                message = f"unknown device {end.device!r} (not in devices)"
                problems.append(_at(inv, "links", link.id, f"{end_name}.device", message))
                continue
            other = used.setdefault((end.device, end.interface), link.id)
            if other != link.id:
                message = f"{end.device} {end.interface} already ends link {other!r}"
                problems.append(_at(inv, "links", link.id, f"{end_name}.interface", message))
        if ends_ok:
            problems += _check_tier(inv, link.id)
    return problems


def _check_tier(inv: Inventory, link_id: str) -> list[Problem]:
    link = inv.links[link_id]
    site_a = inv.sites.get(inv.devices[link.a.device].site)
    site_b = inv.sites.get(inv.devices[link.b.device].site)
    if site_a is None or site_b is None:
        return []  # reported against the device
    if site_a.id == site_b.id:
        inv.tiers[link_id] = None  # inside one site: not an uplink of any tier
        if link.tier is not None:
            message = f"both ends are at site {site_a.id!r}; a link inside a site has no tier"
            return [_at(inv, "links", link_id, "tier", message)]
        return []
    derived = TIER_BY_LEVELS.get((site_a.level, site_b.level))
    if derived is None:
        if TIER_BY_LEVELS.get((site_b.level, site_a.level)) is not None:
            message = f"a must be the upper-level end; {site_a.id} is {site_a.level}, "
            message += f"{site_b.id} is {site_b.level}"
            return [_at(inv, "links", link_id, "a", message)]
        message = f"no tier joins a {site_a.level} site to a {site_b.level} site"
        return [_at(inv, "links", link_id, "b.device", message)]
    problems = []
    if link.tier is not None and link.tier != derived:
        message = f"tier {link.tier.value} does not match its sites "
        message += f"({site_a.id}: {site_a.level}, {site_b.id}: {site_b.level} -> {derived.value})"
        problems.append(_at(inv, "links", link_id, "tier", message))
    if site_b.parent != site_a.id:
        message = f"{site_b.id}'s parent is {site_b.parent!r}, not {site_a.id!r}"
        problems.append(_at(inv, "links", link_id, "b.device", message))
    inv.tiers[link_id] = derived
    return problems


def _check_systems(inv: Inventory) -> list[Problem]:
    problems = []
    for system in inv.systems.values():
        sid = system.id
        cloud = system.target_cloud
        if cloud is not None and not inv.knows("clouds", cloud):
            message = f"unknown cloud {cloud!r} (not in clouds)"
            problems.append(_at(inv, "systems", sid, "target_cloud", message))
        if cloud is not None and system.classification is Classification.CLASSIFIED:
            message = "a classified system may not be placed on the government cloud"
            problems.append(_at(inv, "systems", sid, "target_cloud", message))
        if system.site is not None and not inv.knows("sites", system.site):
            message = f"unknown site {system.site!r} (not in sites)"
            problems.append(_at(inv, "systems", sid, "site", message))
        for field in ("depends_on", "comigrate"):
            for other in getattr(system, field):
                if not inv.knows("systems", other):
                    message = f"unknown system {other!r} (not in systems)"
                    problems.append(_at(inv, "systems", sid, field, message))
                elif other == sid:
                    problems.append(_at(inv, "systems", sid, field, "a system names itself"))
        problems += _check_dr(inv, sid)
    return problems


def _check_dr(inv: Inventory, sid: str) -> list[Problem]:
    dr = inv.systems[sid].dr
    if dr is None:
        return []
    return [
        _at(inv, "systems", sid, f"dr.{name}", f"unknown cloud {cloud!r} (not in clouds)")
        for name in ("same_city_cloud", "remote_cloud")
        if (cloud := getattr(dr, name)) is not None and not inv.knows("clouds", cloud)
    ]


def _check_private_networks(inv: Inventory) -> list[Problem]:
    return [
        _at(inv, "private_networks", pn.id, "site", f"unknown site {pn.site!r} (not in sites)")
        for pn in inv.private_networks.values()
        if not inv.knows("sites", pn.site)
    ]


def _check_server_rooms(inv: Inventory) -> list[Problem]:
    problems = []
    holder: dict[str, str] = {}
    for room in inv.server_rooms.values():
        if room.site is not None and not inv.knows("sites", room.site):
            message = f"unknown site {room.site!r} (not in sites)"
            problems.append(_at(inv, "server_rooms", room.id, "site", message))
        for sid in room.systems:
            if not inv.knows("systems", sid):
                message = f"unknown system {sid!r} (not in systems)"
                problems.append(_at(inv, "server_rooms", room.id, "systems", message))
            elif holder.setdefault(sid, room.id) != room.id:
                message = f"system {sid!r} is already in server room {holder[sid]!r}"
                problems.append(_at(inv, "server_rooms", room.id, "systems", message))
    return problems
