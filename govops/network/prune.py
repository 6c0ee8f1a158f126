"""Keep disks from filling: remove snapshot directories beyond the newest N."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from govops.errors import InputError
from govops.i18n import M_
from govops.network.snapshot import FORMAT, MANIFEST


def _taken(folder: Path) -> datetime | None:
    """The snapshot's created_at, or None when ``folder`` holds no govops snapshot."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return None
        stamp = datetime.fromisoformat(str(manifest["created_at"]))
    except (OSError, ValueError, KeyError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def snapshots_in(directory: Path) -> list[tuple[datetime, Path]]:
    """The snapshot directories directly under ``directory``, oldest first."""
    if not directory.is_dir():
        raise InputError(M_("`{path}` is not a directory", path=directory))
    found = []
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            taken = _taken(child)
            if taken is not None:
                found.append((taken, child))
    return sorted(found)


def prune_snapshots(directory: Path, keep: int, *, dry_run: bool = False) -> list[Path]:
    """Remove (or with ``dry_run`` only list) all but the ``keep`` newest snapshots."""
    if keep < 0:
        raise InputError(M_("--keep must be 0 or more"))
    found = snapshots_in(directory)
    doomed = [path for _, path in found[: max(len(found) - keep, 0)]]
    if not dry_run:
        for path in doomed:
            shutil.rmtree(path)
    return doomed
