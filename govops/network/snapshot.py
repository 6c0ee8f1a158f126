"""The snapshot directory of design.md: SNAP/manifest.json and SNAP/<device>/<slug>.txt."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.inventory.models import is_ident
from govops.network.models import DeviceResult

FORMAT = "govops-snapshot/1"
MANIFEST = "manifest.json"


def slug(command: str) -> str:
    """``display interface`` -> ``display_interface``: lower case, runs outside [a-z0-9] -> _."""
    return re.sub(r"[^a-z0-9]+", "_", command.lower())


def _device_dir(root: Path, name: str) -> Path:
    """The device's directory, refusing any name that could leave ``root``."""
    if not is_ident(name) or name in (".", ".."):
        raise InputError(f"device name `{name}` is not a plain identifier; it cannot name a folder")
    return root / name


class SnapshotWriter:
    """Writes each device's files as its result arrives and keeps only its manifest entry.

    Memory stays a few hundred bytes per device whatever the outputs weigh; the
    manifest is written last, so a directory without one is an interrupted collection.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.devices: dict[str, Any] = {}
        self.extra: dict[str, Any] = {}  # top-level manifest fields beyond design.md's

    def add(self, result: DeviceResult) -> None:
        folder = _device_dir(self.root, result.name)
        commands: dict[str, str] = {}
        if result.outputs:
            folder.mkdir(exist_ok=True)
        for command, text in result.outputs.items():
            filename = f"{slug(command)}.txt"
            (folder / filename).write_text(text, encoding="utf-8")
            commands[command] = filename
        entry: dict[str, Any] = {
            "platform": result.platform,
            "ok": result.ok,
            "error": result.error,
            "commands": commands,
            "attempts": result.attempts,
        }
        if result.legacy_algorithms:
            entry["legacy_algorithms"] = list(result.legacy_algorithms)
        self.devices[result.name] = entry

    def close(self, created_at: datetime | None = None) -> Path:
        stamp = (created_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
        devices = dict(sorted(self.devices.items()))
        manifest = {"format": FORMAT, "created_at": stamp, "devices": devices, **self.extra}
        return write_manifest(self.root, manifest)


def write_manifest(root: Path, manifest: dict[str, Any]) -> Path:
    path = root / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_snapshot(
    root: Path, results: Iterable[DeviceResult], created_at: datetime | None = None
) -> Path:
    """Write every device's outputs and the manifest; returns the manifest's path."""
    writer = SnapshotWriter(root)
    for result in results:
        writer.add(result)
    return writer.close(created_at)


def load_manifest(root: Path) -> dict[str, Any]:
    """A snapshot's manifest, checked for the shape design.md gives it; InputError if not."""
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no manifest; is `{root}` a snapshot from `govops network collect`?"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{path}: format: expected {FORMAT!r}")
    devices = manifest.get("devices") or {}
    if not isinstance(devices, dict):
        raise InputError(f"{path}: devices: expected an object of device entries")
    for name, entry in devices.items():
        _check_entry(path, name, entry)
    return manifest


def _check_entry(path: Path, name: str, entry: Any) -> None:
    where = f"{path}: devices.{name}"
    _device_dir(path.parent, name)
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected an object")
    if not isinstance(entry.get("platform", ""), str):
        raise InputError(f"{where}.platform: expected a string")
    if not isinstance(entry.get("error"), str | None):
        raise InputError(f"{where}.error: expected a string or null")
    attempts = entry.get("attempts", 1)
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        raise InputError(f"{where}.attempts: expected a whole number >= 1")
    commands = entry.get("commands") or {}
    if not isinstance(commands, dict):
        raise InputError(f"{where}.commands: expected an object of command: file")
    for command, filename in commands.items():
        if not isinstance(filename, str) or filename != f"{slug(command)}.txt":
            raise InputError(f"{where}.commands: `{filename}` is not the slug of `{command}`")


def read_snapshot(root: Path) -> list[DeviceResult]:
    """Every device of a snapshot, with the outputs it holds. InputError names what is wrong."""
    manifest = load_manifest(root)
    path = root / MANIFEST
    results = []
    for name, entry in sorted((manifest.get("devices") or {}).items()):
        folder = root / name
        outputs = {}
        for command, filename in (entry.get("commands") or {}).items():
            try:
                outputs[command] = (folder / filename).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InputError(
                    f"{path}: devices.{name}: {folder / filename} is missing"
                ) from None
        results.append(
            DeviceResult(
                name,
                str(entry.get("platform", "")),
                outputs,
                entry.get("error"),
                entry.get("attempts", 1),
            )
        )
    return results
