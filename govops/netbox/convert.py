"""NetBox's answers -> inventory items (plain dicts in the inventory file layout).

Everything the mapping does not cover is a problem named by its NetBox object and id
(``dcim.site:12: region: ...``); problems are collected, all reported, nothing guessed.
Things skipped on purpose (a planned circuit, a circuit to a provider network) are notes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from govops.i18n import M_
from govops.inventory.models import LEVEL_RANK, Level
from govops.netbox import models as nb
from govops.netbox.client import Answers
from govops.netbox.convert_base import IDENT, Draft
from govops.netbox.links import cable_links, circuit_links
from govops.netbox.mapping import Mapping


def convert(answers: Answers, mapping: Mapping) -> Draft:
    """The inventory items NetBox describes, under ``mapping``."""
    draft = Draft()
    levels = _site_levels(answers, mapping, draft)
    _sites(answers, mapping, levels, draft)
    sites = {s["id"] for s in draft.sites}
    site_of = _devices(answers, mapping, sites, draft)
    rank = {s["id"]: LEVEL_RANK[Level(s["level"])] for s in draft.sites}
    circuit_links(answers, site_of, rank, draft)
    cable_links(answers, site_of, rank, draft)
    return draft


def _region_depths(regions: list[nb.Region]) -> dict[int, int]:
    parent = {r.id: r.parent.id if r.parent else None for r in regions}
    depths: dict[int, int] = {}
    for rid in parent:
        chain: list[int] = []
        current: int | None = rid
        while current is not None and current not in depths and current not in chain:
            chain.append(current)
            current = parent.get(current)
        base = depths.get(current, -1) if current is not None else -1
        for offset, node in enumerate(reversed(chain), start=1):
            depths[node] = base + offset
    return depths


def _site_levels(answers: Answers, mapping: Mapping, draft: Draft) -> dict[int, Level]:
    regions = {r.id: r for r in answers.regions}
    depths = _region_depths(answers.regions)
    rules = mapping.levels
    out: dict[int, Level] = {}
    unmapped: dict[int, list[str]] = {}
    for site in answers.sites:
        group = site.group.slug if site.group else None
        region = regions.get(site.region.id) if site.region else None
        level = rules.site_groups.get(group or "")
        if level is None and region is not None:
            level = rules.regions.get(region.slug) or rules.region_depth.get(depths[region.id])
        if level is not None:
            out[site.id] = level
        elif region is None:
            draft.problem(
                "dcim.site",
                site.id,
                "region",
                M_("site `{site}` has no region and no mapped site group", site=site.slug),
            )
        else:
            unmapped.setdefault(region.id, []).append(site.slug)
    for rid, slugs in unmapped.items():
        region = regions[rid]
        draft.problem(
            "dcim.region",
            rid,
            "level",
            M_(
                "region `{region}` (depth {depth}; sites {sites}) maps to no "
                "level: add it under levels.regions or levels.region_depth",
                region=region.slug,
                depth=depths[rid],
                sites=_some(slugs),
            ),
        )
    return out


def _some(names: list[str], shown: int = 3) -> str:
    listed = ", ".join(f"`{n}`" for n in names[:shown])
    if len(names) > shown:
        return M_("{listed} and {n} more", listed=listed, n=len(names) - shown)
    return listed


def _sites(answers: Answers, mapping: Mapping, levels: dict[int, Level], draft: Draft) -> None:
    regions = {r.id: r for r in answers.regions}
    by_region: dict[int | None, list[nb.Site]] = defaultdict(list)
    for site in answers.sites:
        by_region[site.region.id if site.region else None].append(site)
    orphans: list[str] = []
    for site in answers.sites:
        if site.id not in levels:
            continue
        if not IDENT.match(site.slug):
            draft.problem(
                "dcim.site", site.id, "slug", M_("`{slug}` is not a govops id", slug=site.slug)
            )
            continue
        item: dict[str, Any] = {"id": site.slug, "name": site.name, "level": levels[site.id].value}
        parent = _parent(site, levels, regions, by_region, draft)
        if parent:
            item["parent"] = parent
        elif levels[site.id] is not Level.PROVINCE:
            orphans.append(site.slug)
        code = site.custom_fields.get(mapping.site_code_field or "")
        if code:
            item["code"] = str(code)
        draft.sites.append(item)
    if orphans:
        draft.notes.append(M_(
            "no parent among the imported sites (the one above is outside --region/--tag) "
            "for {n} site(s): {sites}", n=len(orphans), sites=_some(orphans),
        ))  # fmt: skip


def _parent(
    site: nb.Site,
    levels: dict[int, Level],
    regions: dict[int, nb.Region],
    by_region: dict[int | None, list[nb.Site]],
    draft: Draft,
) -> str | None:
    """The nearest site above ``site``: in its own region, else up the region tree."""
    rank = LEVEL_RANK[levels[site.id]]
    region_id = site.region.id if site.region else None
    seen: set[int] = set()
    while region_id is not None and region_id not in seen:
        seen.add(region_id)
        above = [
            s
            for s in by_region.get(region_id, [])
            if s.id in levels and LEVEL_RANK[levels[s.id]] < rank
        ]
        if above:
            best = max(LEVEL_RANK[levels[s.id]] for s in above)
            nearest = [s for s in above if LEVEL_RANK[levels[s.id]] == best]
            if len(nearest) == 1:
                return nearest[0].slug
            names = _some([s.slug for s in nearest])
            draft.problem(
                "dcim.site",
                site.id,
                "parent",
                M_("site `{site}` could hang under any of {names}", site=site.slug, names=names),
            )
            return None
        region = regions.get(region_id)
        region_id = region.parent.id if region and region.parent else None
    return None


def _devices(answers: Answers, mapping: Mapping, sites: set[str], draft: Draft) -> dict[str, str]:
    """Adds the devices at imported sites; returns device name -> site id."""
    slugs = {s.id: s.slug for s in answers.sites}
    site_of: dict[str, str] = {}
    unmapped: dict[tuple[int, str], list[str]] = {}
    for device in answers.devices:
        site = slugs.get(device.site.id)
        if site not in sites:
            continue
        item = _device(device, mapping, site, draft, unmapped)
        if item is not None:
            draft.devices.append(item)
            site_of[item["name"]] = site
    for (pid, slug), names in unmapped.items():
        draft.problem(
            "dcim.platform",
            pid,
            "slug",
            M_(
                "platform `{platform}` (devices {devices}) maps to no netmiko device_type: "
                "add it under platforms",
                platform=slug,
                devices=_some(names),
            ),
        )
    return site_of


def _device(
    device: nb.Device,
    mapping: Mapping,
    site: str,
    draft: Draft,
    unmapped: dict[tuple[int, str], list[str]],
) -> dict[str, Any] | None:
    name = device.name or ""
    if not IDENT.match(name):
        draft.problem(
            "dcim.device", device.id, "name", M_("`{name}` is not a govops device name", name=name)
        )
        return None
    slug = device.platform.slug if device.platform else None
    platform = mapping.platform(slug) if slug else None
    if device.platform is None or not slug:
        draft.problem(
            "dcim.device", device.id, "platform", M_("device `{name}` has no platform", name=name)
        )
    elif platform is None:
        unmapped.setdefault((device.platform.id, slug), []).append(name)
    if device.primary_ip4 is None:
        draft.problem(
            "dcim.device",
            device.id,
            "primary_ip4",
            M_("device `{name}` has no primary IPv4 address", name=name),
        )
    if platform is None or device.primary_ip4 is None:
        return None
    item: dict[str, Any] = {
        "name": name,
        "site": site,
        "host": device.primary_ip4.address.split("/")[0],
        "platform": platform,
    }
    if device.device_type is not None:
        item["model"] = device.device_type.model
    return item
