"""govops inventory import-netbox: NetBox -> an inventory directory that loads cleanly.

Writes ``sites.yaml``, ``devices.yaml`` and ``links.yaml`` into the output directory
(each replaced whole), then loads the directory as ``inventory validate`` would. Files
name where they came from (the URL and filters; never the token).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govops.errors import ProblemsError
from govops.netbox.client import Answers, read_netbox
from govops.netbox.convert import convert
from govops.netbox.mapping import load_mapping

Reader = Callable[[str, str, str | None, str | None], Answers]


@dataclass(frozen=True)
class ImportResult:
    version: str
    output: Path
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "netbox_version": self.version,
            "output": str(self.output),
            "counts": self.counts,
            "notes": self.notes,
        }


def import_netbox(
    url: str,
    token: str,
    output: Path,
    mapping: Path | None = None,
    region: str | None = None,
    tag: str | None = None,
    reader: Reader = read_netbox,
) -> ImportResult:
    """Read NetBox, convert under the mapping file, write and check the inventory."""
    from govops.inventory import load_inventory

    rules = load_mapping(mapping)
    answers = reader(url, token, region, tag)
    draft = convert(answers, rules)
    if draft.problems:
        raise ProblemsError(draft.problems, "NetBox import")
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    scope = "".join(f", {k} {v}" for k, v in (("region", region), ("tag", tag)) if v)
    header = f"# Imported from NetBox {answers.version} at {url}{scope} on {stamp}.\n"
    output.mkdir(parents=True, exist_ok=True)
    sections = {"sites": draft.sites, "devices": draft.devices, "links": draft.links}
    for key, items in sections.items():
        _write(output / f"{key}.yaml", header, key, items)
    load_inventory(output)
    counts = {key: len(items) for key, items in sections.items()}
    return ImportResult(answers.version, output, counts, draft.notes)


def _write(path: Path, header: str, key: str, items: list[dict[str, Any]]) -> None:
    import yaml

    text = yaml.safe_dump(
        {key: items}, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110
    )
    partial = path.with_name(path.name + ".partial")
    partial.write_text(header + text, encoding="utf-8")
    partial.replace(path)
