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


def write_snapshot(
    root: Path, results: Iterable[DeviceResult], created_at: datetime | None = None
) -> Path:
    """Write every device's outputs and the manifest; returns the manifest's path."""
    root.mkdir(parents=True, exist_ok=True)
    devices: dict[str, Any] = {}
    for result in sorted(results, key=lambda r: r.name):
        folder = _device_dir(root, result.name)
        commands: dict[str, str] = {}
        if result.outputs:
            folder.mkdir(exist_ok=True)
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
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no manifest; is `{root}` a snapshot from `govops network collect`?"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{path}: format: expected {FORMAT!r}")
    results = []
    for name, entry in sorted((manifest.get("devices") or {}).items()):
        folder = _device_dir(root, name)
        outputs = {}
        for command, filename in (entry.get("commands") or {}).items():
            if filename != f"{slug(command)}.txt":
                raise InputError(
                    f"{path}: devices.{name}.commands: `{filename}` is not the slug of `{command}`"
                )
            try:
                outputs[command] = (folder / filename).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InputError(
                    f"{path}: devices.{name}: {folder / filename} is missing"
                ) from None
        results.append(
            DeviceResult(name, str(entry.get("platform", "")), outputs, entry.get("error"))
        )
    return results


def snapshot_created_at(root: Path) -> str:
    """The manifest's ``created_at`` (ISO-8601; a naive time is taken as UTC)."""
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        stamp = datetime.fromisoformat(str(manifest["created_at"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: created_at: missing or not an ISO-8601 time ({exc})") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.isoformat()
