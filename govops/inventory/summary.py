"""What an inventory holds, counted: the one-screen summary of ``inventory validate``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from govops.inventory.models import Classification, Inventory, Level

UNPLACED = "(none)"


@dataclass(frozen=True)
class InventorySummary:
    sources: list[str]
    sites_by_level: dict[str, int]
    devices_by_platform: dict[str, int]
    links_by_tier: dict[str, int]
    clouds_by_kind: dict[str, int]
    systems_by_cloud: dict[str, int]
    systems_by_classification: dict[str, int]
    private_networks_by_level: dict[str, int]
    server_rooms: int
    systems_by_dr_need: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "sites_by_level": self.sites_by_level,
            "devices_by_platform": self.devices_by_platform,
            "links_by_tier": self.links_by_tier,
            "clouds_by_kind": self.clouds_by_kind,
            "systems_by_target_cloud": self.systems_by_cloud,
            "systems_by_classification": self.systems_by_classification,
            "private_networks_by_level": self.private_networks_by_level,
            "server_rooms": self.server_rooms,
            "systems_by_dr_need": self.systems_by_dr_need,
        }


def summarize(inv: Inventory) -> InventorySummary:
    levels = Counter(site.level.value for site in inv.sites.values())
    ordered_levels = {lv.value: levels[lv.value] for lv in Level if levels[lv.value]}
    tiers = Counter(t.value if t else "internal" for t in inv.tiers.values())
    clouds = Counter(s.target_cloud or UNPLACED for s in inv.systems.values())
    order = [*inv.clouds, UNPLACED]
    return InventorySummary(
        sources=inv.sources,
        sites_by_level=ordered_levels,
        devices_by_platform=dict(sorted(Counter(d.platform for d in inv.devices.values()).items())),
        links_by_tier=dict(sorted(tiers.items())),
        clouds_by_kind=dict(Counter(c.kind.value for c in inv.clouds.values())),
        systems_by_cloud={c: clouds[c] for c in order if clouds[c]},
        systems_by_classification={
            c.value: n
            for c in Classification
            if (n := sum(1 for s in inv.systems.values() if s.classification is c))
        },
        private_networks_by_level=dict(Counter(pn.level for pn in inv.private_networks.values())),
        server_rooms=len(inv.server_rooms),
        systems_by_dr_need=dict(
            sorted(Counter(s.dr.need.value for s in inv.systems.values() if s.dr).items())
        ),
    )
