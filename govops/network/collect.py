"""Which devices to read, and reading them into a snapshot or straight into an audit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from govops.errors import InputError
from govops.inventory.models import Device, Inventory
from govops.network.models import DeviceResult
from govops.network.snapshot import write_snapshot
from govops.network.ssh import Credentials, SshOptions, collect


def select_devices(
    inventory: Inventory,
    sites: Sequence[str] = (),
    levels: Sequence[str] = (),
    devices: Sequence[str] = (),
) -> list[Device]:
    """Devices matching every given filter (none given: all). Unknown names are input errors."""
    for kind, names, known in (
        ("site", sites, inventory.sites),
        ("device", devices, inventory.devices),
    ):
        unknown = [n for n in names if n not in known]
        if unknown:
            raise InputError(f"no {kind} `{unknown[0]}` in the inventory")
    chosen = []
    for device in inventory.devices.values():
        site = inventory.sites[device.site]
        if sites and device.site not in sites:
            continue
        if levels and str(site.level) not in levels:
            continue
        if devices and device.name not in devices:
            continue
        chosen.append(device)
    if not chosen:
        raise InputError("the filters select no device")
    return chosen


def collect_snapshot(
    devices: Sequence[Device],
    out: Path,
    logins: Callable[[Device], Credentials],
    options: SshOptions,
    workers: int,
    on_result: Callable[[DeviceResult], None] | None = None,
) -> list[DeviceResult]:
    """Read the devices and write the snapshot directory ``out``."""
    results = collect(devices, logins, options, workers, on_result)
    write_snapshot(out, results)
    return results
