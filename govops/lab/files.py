"""Files the lab writes for its clients: the inventory copy that points at the lab ports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govops.inventory.models import Inventory
from govops.lab.fleet import Endpoint


def write_lab_inventory(inventory: Inventory, endpoints: list[Endpoint], path: Path) -> Path:
    """A copy of the inventory whose devices point at the lab ports on 127.0.0.1."""
    import yaml

    where = {e.device: e for e in endpoints}
    devices = []
    for name, device in inventory.devices.items():
        if name in where:
            device = device.model_copy(update={"host": where[name].host, "port": where[name].port})
        devices.append(device.model_dump(mode="json", exclude_none=True))
    document: dict[str, Any] = {"devices": devices}
    for section in ("sites", "links", "clouds", "systems"):
        items = getattr(inventory, section).values()
        document[section] = [i.model_dump(mode="json", exclude_none=True) for i in items]
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by `govops lab up`: the inventory with devices at their lab ports.\n"
    path.write_text(
        header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path
