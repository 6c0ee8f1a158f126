"""A snapshot of the lab fleet written straight from the renderers, without SSH.

What `govops network collect` against `govops lab up` would write, in a fraction of the
time: for tests and benchmarks that need a snapshot of some size, not the SSH path.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from govops.inventory.models import Inventory
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot


def write_lab_snapshot(
    inventory: Inventory, root: Path, created_at: datetime | None = None
) -> Path:
    """Every device's answers as the lab device gives them; returns the manifest's path."""
    results = [
        DeviceResult(name, d.platform, RENDERERS[d.platform](d, device_ports(inventory, d)))
        for name, d in inventory.devices.items()
    ]
    return write_snapshot(root, results, created_at)
