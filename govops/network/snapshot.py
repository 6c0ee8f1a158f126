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
from govops.i18n import M_, Message, message_from_json, message_json
from govops.inventory.models import is_ident
from govops.network.models import DeviceResult, device_error
from govops.network.output_file import read_device_output

FORMAT = "govops-snapshot/1"
MANIFEST = "manifest.json"


def slug(command: str) -> str:
    """``display interface`` -> ``display_interface``: lower case, runs outside [a-z0-9] -> _."""
    return re.sub(r"[^a-z0-9]+", "_", command.lower())


def _device_dir(root: Path, name: str) -> Path:
    """The device's directory, refusing any name that could leave ``root``."""
    if not is_ident(name) or name in (".", ".."):
        raise InputError(
            M_(
                "device name `{name}` is not a plain identifier; it cannot name a folder",
                name=name,
            )
        )
    return root / name


class SnapshotWriter:
    """Writes each device's files as its result arrives and keeps only its manifest entry.

    Memory stays a few hundred bytes per device whatever the outputs weigh; the
    manifest is written last, so a directory without one is an interrupted collection.
    The snapshot is private (directories 0700): device output names addresses and links.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        root.chmod(0o700)
        self.devices: dict[str, Any] = {}
        self.extra: dict[str, Any] = {}  # top-level manifest fields beyond design.md's

    def add(self, result: DeviceResult) -> None:
        folder = _device_dir(self.root, result.name)
        commands: dict[str, str] = {}
        if result.outputs:
            folder.mkdir(exist_ok=True, mode=0o700)
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
        if isinstance(result.error, Message):  # its msgid: the audit shows it translated
            entry.update(message_json(result.error, "error"))
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


def read_snapshot(root: Path) -> list[DeviceResult]:
    """Every device of a snapshot, with the outputs it holds. InputError names what is wrong."""
    path = root / MANIFEST
    manifest = load_manifest(root)
    devices = manifest.get("devices") or {}
    return [_device(root, path, name, entry) for name, entry in sorted(devices.items())]


def load_manifest(root: Path) -> dict[str, Any]:
    """A snapshot's manifest, checked for the shape design.md gives it; InputError if not."""
    path = root / MANIFEST
    manifest = _manifest(root, path)
    devices = manifest.get("devices") or {}
    if not isinstance(devices, dict):
        raise InputError(
            M_("{path}: devices: expected an object of device name -> entry", path=str(path))
        )
    for name, entry in devices.items():
        _check_entry(path, name, entry)
    return manifest


def _manifest(root: Path, path: Path) -> dict[str, Any]:
    if not path.exists():
        raise InputError(
            M_(
                "{path}: no manifest; is `{root}` a snapshot from `govops network collect`?",
                path=str(path),
                root=str(root),
            )
        )
    try:
        manifest = json.loads(read_text(path, "snapshot manifest"))
    except json.JSONDecodeError as exc:
        raise InputError(
            M_("{path}:{line}: not JSON: {reason}", path=str(path), line=exc.lineno, reason=exc.msg)
        ) from None
    except RecursionError:
        raise InputError(
            M_("{path}: not JSON govops reads: nested too deeply", path=str(path))
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(M_("{path}: format: expected {format!r}", path=str(path), format=FORMAT))
    return manifest


def _check_entry(path: Path, name: str, entry: Any) -> None:
    where = f"{path}: devices.{name}"
    _device_dir(path.parent, name)
    if not isinstance(entry, dict):
        raise InputError(M_("{where}: expected an object", where=where))
    attempts = entry.get("attempts", 1)
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        raise InputError(M_("{where}.attempts: expected a whole number >= 1", where=where))
    commands = entry.get("commands") or {}
    if not isinstance(commands, dict):
        raise InputError(M_("{where}.commands: expected an object", where=where))
    for command, filename in commands.items():
        if filename != f"{slug(command)}.txt":
            raise InputError(
                M_(
                    "{where}.commands: `{file}` is not the slug of `{command}`",
                    where=where,
                    file=filename,
                    command=command,
                )
            )


def _device(root: Path, path: Path, name: str, entry: dict[str, Any]) -> DeviceResult:
    folder = root / name
    outputs = {}
    for command, filename in (entry.get("commands") or {}).items():
        file = folder / filename
        if not file.exists():
            raise InputError(
                M_(
                    "{path}: devices.{device}: {file} is missing",
                    path=str(path),
                    device=name,
                    file=str(file),
                )
            )
        outputs[command] = read_device_output(file)
    error = entry.get("error")
    return DeviceResult(
        name,
        str(entry.get("platform", "")),
        outputs,
        None if error is None else _device_error(entry),
        entry.get("attempts", 1),
    )


def _device_error(entry: dict[str, Any]) -> str:
    """The entry's error as a Message: from its ``error_id``/``error_params`` when the
    manifest has them, else read back from the English text (older manifests)."""
    rebuilt = message_from_json(entry, "error")
    return rebuilt if isinstance(rebuilt, Message) else device_error(str(entry["error"]))


def snapshot_created_at(root: Path) -> str:
    """The manifest's ``created_at`` (ISO-8601; a naive time is taken as UTC)."""
    path = root / MANIFEST
    manifest = _manifest(root, path)
    try:
        stamp = datetime.fromisoformat(str(manifest["created_at"]))
    except (ValueError, KeyError) as exc:
        raise InputError(
            M_(
                "{path}: created_at: missing or not an ISO-8601 time ({reason})",
                path=str(path),
                reason=str(exc),
            )
        ) from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.isoformat()
