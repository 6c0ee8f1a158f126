"""Cross-reference checks over a loaded inventory; every problem is returned, none raised."""

from __future__ import annotations

from govops.errors import Problem
from govops.i18n import M_, Message
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


def _level(level: str) -> Message:
    """A site level as a catalogue word, shown in the reader's language."""
    return M_(str(level))


def _check_sites(inv: Inventory) -> list[Problem]:
    problems = []
    for site in inv.sites.values():
        if site.parent is None:
            continue
        parent = inv.sites.get(site.parent)
        if parent is None and inv.knows("sites", site.parent):
            continue
        if parent is None:
            message = M_("unknown site {site!r} (not in sites)", site=site.parent)
            problems.append(_at(inv, "sites", site.id, "parent", message))
        elif LEVEL_RANK[parent.level] >= LEVEL_RANK[site.level]:
            message = M_(
                "a {level} site cannot hang under {parent!r}, a {parent_level} site",
                level=_level(site.level),
                parent=parent.id,
                parent_level=_level(parent.level),
            )
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
            problems.append(
                _at(inv, "sites", current, "parent", M_("parent cycle: {path}", path=path))
            )
    return problems


def _check_devices(inv: Inventory) -> list[Problem]:
    return [
        _at(inv, "devices", d.name, "site", M_("unknown site {site!r} (not in sites)", site=d.site))
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
                message = M_("unknown device {device!r} (not in devices)", device=end.device)
                problems.append(_at(inv, "links", link.id, f"{end_name}.device", message))
                continue
            other = used.setdefault((end.device, end.interface), link.id)
            if other != link.id:
                message = M_(
                    "{device} {interface} already ends link {link!r}",
                    device=end.device,
                    interface=end.interface,
                    link=other,
                )
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
            message = M_(
                "both ends are at site {site!r}; a link inside a site has no tier", site=site_a.id
            )
            return [_at(inv, "links", link_id, "tier", message)]
        return []
    derived = TIER_BY_LEVELS.get((site_a.level, site_b.level))
    if derived is None:
        if TIER_BY_LEVELS.get((site_b.level, site_a.level)) is not None:
            message = M_(
                "a must be the upper-level end; {a} is {a_level}, {b} is {b_level}",
                a=site_a.id,
                a_level=_level(site_a.level),
                b=site_b.id,
                b_level=_level(site_b.level),
            )
            return [_at(inv, "links", link_id, "a", message)]
        message = M_(
            "no tier joins a {a_level} site to a {b_level} site",
            a_level=_level(site_a.level),
            b_level=_level(site_b.level),
        )
        return [_at(inv, "links", link_id, "b.device", message)]
    problems = []
    if link.tier is not None and link.tier != derived:
        message = M_(
            "tier {tier} does not match its sites ({a}: {a_level}, {b}: {b_level} -> {derived})",
            tier=M_(link.tier.value),
            a=site_a.id,
            a_level=_level(site_a.level),
            b=site_b.id,
            b_level=_level(site_b.level),
            derived=M_(derived.value),
        )
        problems.append(_at(inv, "links", link_id, "tier", message))
    if site_b.parent != site_a.id:
        message = M_(
            "{site}'s parent is {parent!r}, not {upper!r}",
            site=site_b.id,
            parent=site_b.parent,
            upper=site_a.id,
        )
        problems.append(_at(inv, "links", link_id, "b.device", message))
    inv.tiers[link_id] = derived
    return problems


def _check_systems(inv: Inventory) -> list[Problem]:
    problems = []
    for system in inv.systems.values():
        sid = system.id
        cloud = system.target_cloud
        if cloud is not None and not inv.knows("clouds", cloud):
            message = M_("unknown cloud {cloud!r} (not in clouds)", cloud=cloud)
            problems.append(_at(inv, "systems", sid, "target_cloud", message))
        if cloud is not None and system.classification is Classification.CLASSIFIED:
            message = M_("a classified system may not be placed on the government cloud")
            problems.append(_at(inv, "systems", sid, "target_cloud", message))
        if system.site is not None and not inv.knows("sites", system.site):
            message = M_("unknown site {site!r} (not in sites)", site=system.site)
            problems.append(_at(inv, "systems", sid, "site", message))
        for field in ("depends_on", "comigrate"):
            for other in getattr(system, field):
                if not inv.knows("systems", other):
                    message = M_("unknown system {system!r} (not in systems)", system=other)
                    problems.append(_at(inv, "systems", sid, field, message))
                elif other == sid:
                    problems.append(_at(inv, "systems", sid, field, M_("a system names itself")))
        problems += _check_dr(inv, sid)
    return problems


def _check_dr(inv: Inventory, sid: str) -> list[Problem]:
    dr = inv.systems[sid].dr
    if dr is None:
        return []
    return [
        _at(
            inv,
            "systems",
            sid,
            f"dr.{name}",
            M_("unknown cloud {cloud!r} (not in clouds)", cloud=cloud),
        )
        for name in ("same_city_cloud", "remote_cloud")
        if (cloud := getattr(dr, name)) is not None and not inv.knows("clouds", cloud)
    ]


def _check_private_networks(inv: Inventory) -> list[Problem]:
    return [
        _at(
            inv,
            "private_networks",
            pn.id,
            "site",
            M_("unknown site {site!r} (not in sites)", site=pn.site),
        )
        for pn in inv.private_networks.values()
        if not inv.knows("sites", pn.site)
    ]


def _check_server_rooms(inv: Inventory) -> list[Problem]:
    problems = []
    holder: dict[str, str] = {}
    for room in inv.server_rooms.values():
        if room.site is not None and not inv.knows("sites", room.site):
            message = M_("unknown site {site!r} (not in sites)", site=room.site)
            problems.append(_at(inv, "server_rooms", room.id, "site", message))
        for sid in room.systems:
            if not inv.knows("systems", sid):
                message = M_("unknown system {system!r} (not in systems)", system=sid)
                problems.append(_at(inv, "server_rooms", room.id, "systems", message))
            elif holder.setdefault(sid, room.id) != room.id:
                message = M_(
                    "system {system!r} is already in server room {room!r}",
                    system=sid,
                    room=holder[sid],
                )
                problems.append(_at(inv, "server_rooms", room.id, "systems", message))
    return problems
