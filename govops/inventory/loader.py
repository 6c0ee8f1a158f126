"""Load an inventory from YAML files and report every problem, each with file and line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govops.errors import InventoryError, Problem
from govops.i18n import M_
from govops.inventory import checks
from govops.inventory.models import KEY_FIELD, SECTIONS, Inventory, Location, is_ident
from govops.inventory.yamlsrc import (
    LineDict,
    line_of,
    no_gc,
    read_yaml_file,
    validation_problems,
)

YAML_SUFFIXES = (".yaml", ".yml")


def inventory_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories into their YAML files (sorted, recursively); keep files as given."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(str(path), 0, "path", M_("directory holds no .yaml files")))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, "path", M_("no such file or directory")))
    if problems:
        raise InventoryError(problems)
    return files


def load_inventory(paths: str | Path | Sequence[str | Path]) -> Inventory:
    """Load and cross-check an inventory from a directory, a file, or a list of either.

    Raises InventoryError listing every problem as ``file:line: field: message``.
    A first pass reads fast without lines; only an inventory with problems is read again
    with them (the problems named are the same, at their lines).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files = inventory_files(paths)
    with no_gc():
        inventory, problems = _load_files(files, lines=False)
        if problems:
            del inventory  # before the second reading, which needs as much memory again
            inventory, problems = _load_files(files, lines=True)
    if problems:
        raise InventoryError(problems)
    return inventory


def _load_files(files: list[Path], *, lines: bool) -> tuple[Inventory, list[Problem]]:
    inventory = Inventory(sources=[str(f) for f in files])
    problems: list[Problem] = []
    for file in files:
        problems.extend(_load_file(file, inventory, lines=lines))
    problems.extend(checks.check_references(inventory))
    return inventory, problems


def _load_file(file: Path, inventory: Inventory, *, lines: bool) -> list[Problem]:
    name = str(file)
    document, problem = read_yaml_file(file, lines=lines)
    if problem is not None:
        return [problem]
    if document is None:
        return []
    if not isinstance(document, dict):
        expected = ", ".join(SECTIONS)
        return [Problem(name, 1, "file", M_("expected a mapping with keys {keys}", keys=expected))]
    problems: list[Problem] = []
    for section, items in document.items():
        line = line_of(document, section, 1)
        if section not in SECTIONS:
            expected = ", ".join(SECTIONS)
            problems.append(
                Problem(
                    name,
                    line,
                    str(section),
                    M_("unknown key; expected {expected}", expected=expected),
                )
            )
        elif items is None:
            continue
        elif not isinstance(items, list):
            problems.append(Problem(name, line, section, M_("expected a list")))
        else:
            problems.extend(_load_section(name, section, items, inventory))
    return problems


def _load_section(name: str, section: str, items: list[Any], inventory: Inventory) -> list[Problem]:
    """Validate a section's items; ``items`` is a LineList, or a plain list (lines 0)."""
    model = SECTIONS[section]
    key_field = KEY_FIELD[section]
    target: dict[str, Any] = getattr(inventory, section)
    problems: list[Problem] = []
    unplaced = Location(name, 0)  # the fast pass reads without lines
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            label = _label(section, index, item, key_field)
            problems.append(
                Problem(name, line_of(items, index, 0), label, M_("expected a mapping"))
            )
            continue
        try:
            obj = model.model_validate(item if type(item) is dict else dict(item))
        except ValidationError as exc:
            label = _label(section, index, item, key_field)
            problems.extend(validation_problems(name, label, item, exc))
            if isinstance(item.get(key_field), str):
                inventory.rejected.add((section, item[key_field]))
            continue
        key = getattr(obj, key_field)
        location = unplaced
        if isinstance(item, LineDict):
            fields = {str(k): v for k, v in item.lines.items()}
            location = Location(name, line_of(items, index, item.line), fields)
        if key in target:
            first = inventory.locations[(section, key)]
            problems.append(
                Problem(
                    name,
                    location.line_of(key_field),
                    f"{_label(section, index, item, key_field)}.{key_field}",
                    M_(
                        "duplicate {field} {key!r} (first at {file}:{line})",
                        field=key_field,
                        key=key,
                        file=first.file,
                        line=first.line,
                    ),
                )
            )
            continue
        target[key] = obj
        inventory.locations[(section, key)] = location
    return problems


def _label(section: str, index: int, item: Any, key_field: str) -> str:
    key = item.get(key_field) if isinstance(item, dict) else None
    if isinstance(key, str) and is_ident(key):
        return f"{section}[{key}]"
    return f"{section}[{index}]"
