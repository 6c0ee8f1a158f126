"""The snapshot directory of design.md: SNAP/manifest.json and SNAP/<device>/<slug>.txt."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govops.bounds import read_text
from govops.errors import InputError
from govops.inventory.models import is_ident
from govops.network.models import DeviceResult
from govops.network.output_file import read_device_output

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


def write_snapshot(
    root: Path, results: Iterable[DeviceResult], created_at: datetime | None = None
) -> Path:
    """Write every device's outputs and the manifest; returns the manifest's path.

    The snapshot is private (directories 0700): device output names addresses and links.
    """
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    root.chmod(0o700)
    devices: dict[str, Any] = {}
    for result in sorted(results, key=lambda r: r.name):
        folder = _device_dir(root, result.name)
        commands: dict[str, str] = {}
        if result.outputs:
            folder.mkdir(exist_ok=True, mode=0o700)
        for command, text in result.outputs.items():
            filename = f"{slug(command)}.txt"
            (folder / filename).write_text(text, encoding="utf-8")
            commands[command] = filename
        devices[result.name] = {
            "platform": result.platform,
            "ok": result.ok,
            "error": result.error,
            "commands": commands,
        }
    stamp = (created_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    manifest = {"format": FORMAT, "created_at": stamp, "devices": devices}
    path = root / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_snapshot(root: Path) -> list[DeviceResult]:
    """Every device of a snapshot, with the outputs it holds. InputError names what is wrong."""
    path = root / MANIFEST
    manifest = _manifest(root, path)
    devices = manifest.get("devices") or {}
    if not isinstance(devices, dict):
        raise InputError(f"{path}: devices: expected an object of device name -> entry")
    return [_device(root, path, name, entry) for name, entry in sorted(devices.items())]


def _manifest(root: Path, path: Path) -> dict[str, Any]:
    if not path.exists():
        raise InputError(
            f"{path}: no manifest; is `{root}` a snapshot from `govops network collect`?"
        )
    try:
        manifest = json.loads(read_text(path, "snapshot manifest"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: not JSON govops reads: nested too deeply") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{path}: format: expected {FORMAT!r}")
    return manifest


def _device(root: Path, path: Path, name: str, entry: Any) -> DeviceResult:
    if not isinstance(entry, dict):
        raise InputError(f"{path}: devices.{name}: expected an object")
    folder = _device_dir(root, name)
    commands = entry.get("commands") or {}
    if not isinstance(commands, dict):
        raise InputError(f"{path}: devices.{name}.commands: expected an object")
    outputs = {}
    for command, filename in commands.items():
        if filename != f"{slug(command)}.txt":
            raise InputError(
                f"{path}: devices.{name}.commands: `{filename}` is not the slug of `{command}`"
            )
        file = folder / filename
        if not file.exists():
            raise InputError(f"{path}: devices.{name}: {file} is missing")
        outputs[command] = read_device_output(file)
    error = entry.get("error")
    return DeviceResult(
        name, str(entry.get("platform", "")), outputs, None if error is None else str(error)
    )


def snapshot_created_at(root: Path) -> str:
    """The manifest's ``created_at`` (ISO-8601; a naive time is taken as UTC)."""
    path = root / MANIFEST
    manifest = _manifest(root, path)
    try:
        stamp = datetime.fromisoformat(str(manifest["created_at"]))
    except (ValueError, KeyError) as exc:
        raise InputError(f"{path}: created_at: missing or not an ISO-8601 time ({exc})") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.isoformat()
