"""Load an inventory from YAML files and report every problem, each with file and line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from govops.errors import InventoryError, Problem
from govops.inventory import checks
from govops.inventory.models import KEY_FIELD, SECTIONS, Inventory, Location, is_ident
from govops.inventory.yamlsrc import LineDict, LineList, line_of, load_yaml

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
                problems.append(Problem(str(path), 0, "path", "directory holds no .yaml files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, "path", "no such file or directory"))
    if problems:
        raise InventoryError(problems)
    return files


def load_inventory(paths: str | Path | Sequence[str | Path]) -> Inventory:
    """Load and cross-check an inventory from a directory, a file, or a list of either.

    Raises InventoryError listing every problem as ``file:line: field: message``.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files = inventory_files(paths)
    inventory = Inventory(sources=[str(f) for f in files])
    problems: list[Problem] = []
    for file in files:
        problems.extend(_load_file(file, inventory))
    problems.extend(checks.check_references(inventory))
    if problems:
        raise InventoryError(problems)
    return inventory


def _load_file(file: Path, inventory: Inventory) -> list[Problem]:
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(name, 1, "file", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return [Problem(name, 0, "file", f"cannot read: {exc.strerror or exc}")]
    try:
        document = load_yaml(text)
    except yaml.YAMLError as exc:
        return [_yaml_problem(name, exc)]
    except RecursionError:
        return [Problem(name, 1, "file", "YAML nested too deeply")]
    if document is None:
        return []
    if not isinstance(document, LineDict):
        return [Problem(name, 1, "file", f"expected a mapping with keys {', '.join(SECTIONS)}")]
    problems: list[Problem] = []
    for section, items in document.items():
        line = line_of(document, section, 1)
        if section not in SECTIONS:
            expected = ", ".join(SECTIONS)
            problems.append(Problem(name, line, str(section), f"unknown key; expected {expected}"))
        elif items is None:
            continue
        elif not isinstance(items, LineList):
            problems.append(Problem(name, line, section, "expected a list"))
        else:
            problems.extend(_load_section(name, section, items, inventory))
    return problems


def _yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Problem(name, line, "yaml", f"malformed YAML: {problem}")


def _load_section(name: str, section: str, items: LineList, inventory: Inventory) -> list[Problem]:
    model = SECTIONS[section]
    key_field = KEY_FIELD[section]
    target: dict[str, Any] = getattr(inventory, section)
    problems: list[Problem] = []
    for index, item in enumerate(items):
        item_line = items.lines[index]
        label = _label(section, index, item, key_field)
        if not isinstance(item, LineDict):
            problems.append(Problem(name, item_line, label, "expected a mapping"))
            continue
        try:
            obj = model.model_validate(dict(item))
        except ValidationError as exc:
            problems.extend(_validation_problems(name, label, item, exc))
            if isinstance(item.get(key_field), str):
                inventory.rejected.add((section, item[key_field]))
            continue
        key = getattr(obj, key_field)
        location = Location(name, item_line, {str(k): v for k, v in item.lines.items()})
        if key in target:
            first = inventory.locations[(section, key)]
            problems.append(
                Problem(
                    name,
                    location.line_of(key_field),
                    f"{label}.{key_field}",
                    f"duplicate {key_field} {key!r} (first at {first.file}:{first.line})",
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


def _validation_problems(
    name: str, label: str, item: LineDict, exc: ValidationError
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        line = item.line
        node: Any = item
        for part in loc:
            line = line_of(node, part, line)
            node = node.get(part) if isinstance(node, dict) else _index(node, part)
        path = label + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        problems.append(Problem(name, line, path, _message(error)))
    return problems


def _index(node: Any, part: Any) -> Any:
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")
