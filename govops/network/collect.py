"""Which devices to read, and reading them into a snapshot or straight into an audit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.i18n import M_, N_
from govops.inventory.models import Device, Inventory
from govops.network.models import DeviceResult
from govops.network.snapshot import SnapshotWriter
from govops.network.ssh import Credentials, SshOptions


def select_devices(
    inventory: Inventory,
    sites: Sequence[str] = (),
    levels: Sequence[str] = (),
    devices: Sequence[str] = (),
    under: Sequence[str] = (),
) -> list[Device]:
    """Devices matching every given filter (none given: all). Unknown names are input errors.

    ``sites`` means those sites only; ``under`` those sites and every site below them (a
    city's node collecting its counties and townships).
    """
    for message, names, known in (
        (N_("no site `{name}` in the inventory"), [*sites, *under], inventory.sites),
        (N_("no device `{name}` in the inventory"), devices, inventory.devices),
    ):
        unknown = [n for n in names if n not in known]
        if unknown:
            raise InputError(M_(message, name=unknown[0]))
    below = sites_under(inventory, under) if under else set()
    chosen = []
    for device in inventory.devices.values():
        site = inventory.sites[device.site]
        if sites and device.site not in sites:
            continue
        if under and device.site not in below:
            continue
        if levels and str(site.level) not in levels:
            continue
        if devices and device.name not in devices:
            continue
        chosen.append(device)
    if not chosen:
        raise InputError(M_("the filters select no device"))
    return chosen


def sites_under(inventory: Inventory, roots: Sequence[str]) -> set[str]:
    """The ``roots`` and every site whose chain of parents reaches one of them."""
    inside: dict[str, bool] = {root: True for root in roots}

    def reaches(site_id: str) -> bool:
        seen = []
        current: str | None = site_id
        while current is not None and current not in inside and current not in seen:
            seen.append(current)
            current = inventory.sites[current].parent if current in inventory.sites else None
        answer = current is not None and inside.get(current, False)
        for visited in seen:
            inside[visited] = answer
        return answer

    return {site_id for site_id in inventory.sites if reaches(site_id)}


@dataclass
class CollectRun:
    """What a streamed collection leaves in memory: counts and the failures, not outputs."""

    out: Path
    total: int = 0
    ok: int = 0
    failed: list[DeviceResult] = field(default_factory=list)
    retried: int = 0  # devices that took more than one session
    legacy: dict[str, tuple[str, ...]] = field(default_factory=dict)


def collect_snapshot(
    devices: Sequence[Device],
    out: Path,
    logins: Callable[[Device], Credentials],
    options: SshOptions,
    workers: int,
    on_result: Callable[[DeviceResult], None] | None = None,
    retries: int = 1,
    on_retry: Callable[[int, int], None] | None = None,
    selection: dict[str, Any] | None = None,
) -> CollectRun:
    """Read the devices into the snapshot directory ``out``, writing each as it arrives."""
    from govops.network.sessions import collect_stream

    writer = SnapshotWriter(out)
    if selection:
        writer.extra["selection"] = selection  # which part of the inventory this covers
    run = CollectRun(out)
    for result in collect_stream(devices, logins, options, workers, retries, on_result, on_retry):
        writer.add(result)
        run.total += 1
        run.ok += result.ok
        run.retried += result.attempts > 1
        if not result.ok:
            run.failed.append(dataclasses.replace(result, outputs={}))
        if result.legacy_algorithms:
            run.legacy[result.name] = result.legacy_algorithms
    writer.close()
    return run
