"""What part of the inventory an audit covers: full, or partial with its scope.

A city's snapshot audited against the province's inventory is a partial audit. The
exporter, the scorecard and the "coverage dropped" rule read full audits only (a merged
snapshot covering every device is full), so a city's audit never looks like the province
losing coverage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from govops.errors import InputError
from govops.inventory.models import Inventory
from govops.network.models import DeviceResult


@dataclass(frozen=True)
class Scope:
    devices: int  # inventory devices the results cover
    inventory_devices: int
    sites: tuple[str, ...]  # sites with at least one covered device (partial audits)

    @property
    def full(self) -> bool:
        return self.devices == self.inventory_devices

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "full" if self.full else "partial",
            "devices": self.devices,
            "inventory_devices": self.inventory_devices,
            "sites": [] if self.full else list(self.sites),
        }


def audit_scope(inventory: Inventory, results: Sequence[DeviceResult], source: str) -> Scope:
    """The scope of auditing ``results``; InputError when they hold none of the inventory."""
    covered = {r.name for r in results if r.name in inventory.devices}
    if not covered:
        raise InputError(
            f"{source} holds none of the inventory's {len(inventory.devices)} devices; "
            "is it a snapshot of this inventory?"
        )
    sites = sorted({inventory.devices[name].site for name in covered})
    return Scope(len(covered), len(inventory.devices), tuple(sites))
