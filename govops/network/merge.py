"""Merging snapshots collected apart (one per city's node) into one for the centre's audit.

The merged directory is an ordinary snapshot (design.md's format): the devices' files are
copied as they are, and the manifest gains ``sources`` (each source, its time and how many
devices it gave), ``merged_at``, and each device's ``source``. A device found in two
sources is a conflict: refused, or with ``newest_wins`` taken from the newest source.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.i18n import M_
from govops.network.snapshot import FORMAT, MANIFEST, load_manifest, write_manifest


@dataclass(frozen=True)
class Source:
    path: Path  # resolved, as the manifest records it
    given: str  # as the user wrote it, for narration
    created_at: datetime
    devices: dict[str, Any]


@dataclass(frozen=True)
class MergeResult:
    out: Path
    devices: int
    taken: dict[str, int]  # source (as given) -> devices taken from it
    overridden: tuple[str, ...]  # devices present in more than one source (newest kept)


def merge_snapshots(
    sources: Sequence[Path], out: Path, newest_wins: bool = False, now: datetime | None = None
) -> MergeResult:
    """Write ``out`` holding every device of ``sources``; InputError on conflicts or bad input."""
    if len(sources) < 2:
        raise InputError(M_("give at least two snapshots to merge"))
    _check_out(out, sources)
    loaded = [_load(path) for path in sources]
    chosen, overridden = _choose(loaded, newest_wins)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    devices: dict[str, Any] = {}
    try:
        for name, source in sorted(chosen.items()):
            entry = dict(source.devices[name])
            _copy_device(source.path, out, name, entry.get("commands") or {})
            entry["source"] = str(source.path)
            devices[name] = entry
    except InputError:
        if created:  # no half-merged snapshot left behind
            shutil.rmtree(out, ignore_errors=True)
        raise
    taken = {s.given: sum(c is s for c in chosen.values()) for s in loaded}
    manifest = {
        "format": FORMAT,
        "created_at": max(s.created_at for s in loaded).isoformat(),
        "devices": devices,
        "merged_at": (now or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "sources": [
            {
                "path": str(s.path),
                "created_at": s.created_at.isoformat(),
                "devices": len(s.devices),
                "taken": taken[s.given],
            }
            for s in loaded
        ],
    }
    write_manifest(out, manifest)
    return MergeResult(out, len(devices), taken, tuple(overridden))


def _check_out(out: Path, sources: Sequence[Path]) -> None:
    from govops.bounds import check_output_dir

    check_output_dir(out, "-o")
    resolved = out.resolve()
    for source in sources:
        if resolved == source.resolve() or source.resolve() in resolved.parents:
            raise InputError(
                M_(
                    "-o {out}: is (or is inside) the source snapshot `{source}`",
                    out=str(out),
                    source=str(source),
                )
            )
    if len({s.resolve() for s in sources}) < len(sources):
        raise InputError(M_("a snapshot is given twice"))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(
            M_("-o {out}: exists and is not an empty directory; choose a new one", out=str(out))
        )


def _load(path: Path) -> Source:
    manifest = load_manifest(path)
    stamp = manifest.get("created_at")
    try:
        created = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        created = None
    if created is None or created.tzinfo is None:
        raise InputError(
            M_(
                "{path}: created_at: expected an ISO-8601 time with an offset",
                path=str(path / MANIFEST),
            )
        )
    return Source(path.resolve(), str(path), created, manifest.get("devices") or {})


def _choose(loaded: list[Source], newest_wins: bool) -> tuple[dict[str, Source], list[str]]:
    """Which source each device comes from; a device in two sources is refused or the newest."""
    chosen: dict[str, Source] = {}
    conflicts: list[str] = []
    for source in loaded:
        for name in source.devices:
            held = chosen.get(name)
            if held is None:
                chosen[name] = source
                continue
            conflicts.append(name)
            if newest_wins and source.created_at >= held.created_at:
                chosen[name] = source  # on a tie, the one given later wins
    if conflicts and not newest_wins:
        first = conflicts[0]
        holders = [s.given for s in loaded if first in s.devices]
        if len(conflicts) > 1:
            raise InputError(
                M_(
                    "device `{device}` is in {holders} (and {n} more); "
                    "give --newest-wins to keep the newest collection of each",
                    device=first,
                    holders=" and ".join(holders),
                    n=len(conflicts) - 1,
                )
            )
        raise InputError(
            M_(
                "device `{device}` is in {holders}; "
                "give --newest-wins to keep the newest collection of each",
                device=first,
                holders=" and ".join(holders),
            )
        )
    return chosen, sorted(set(conflicts))


def _copy_device(source: Path, out: Path, name: str, commands: dict[str, str]) -> None:
    if not commands:
        return
    folder = out / name
    folder.mkdir(exist_ok=True)
    for filename in commands.values():
        try:
            shutil.copyfile(source / name / filename, folder / filename)
        except FileNotFoundError:
            raise InputError(
                M_(
                    "{path}: devices.{device}: {file} is missing",
                    path=str(source / MANIFEST),
                    device=name,
                    file=filename,
                )
            ) from None
        except OSError as exc:
            raise InputError(
                M_(
                    "{path}: cannot copy: {reason}",
                    path=str(source / name / filename),
                    reason=exc.strerror,
                )
            ) from None
