"""YAML that remembers where each mapping key was written, so errors can name the line."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from govops.errors import Problem, validation_message
from govops.i18n import M_
from govops.inventory.fastyaml import NotFast, load_fast


class LineDict(dict[Any, Any]):
    """A mapping from YAML with the line of the mapping and of each key (1-based)."""

    line: int
    lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence from YAML with the line of each item (1-based)."""

    line: int
    lines: list[int]


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


#: libyaml's C parser where PyYAML was built with it (Debian's python3-yaml and the wheels
#: are); its nodes carry the same marks, so errors still name lines. About 20x faster.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, M_("a mapping key must be a plain value"), key_node.start_mark
            ) from exc
        if key in result:
            raise DuplicateKeyError(
                None, None, M_("duplicate key {key!r}", key=key), key_node.start_mark
            )
        result[key] = _construct(loader, value_node)
        result.lines[key] = key_node.start_mark.line + 1
    return result


_STR = "tag:yaml.org,2002:str"


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """A plain string scalar directly (most of an inventory), anything else by the loader."""
    if type(node) is yaml.ScalarNode and node.tag == _STR:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # a timestamp that is no date (2022-02-30): name its line
        raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from exc


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(_construct(loader, child) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(text: str) -> Any:
    """Parse one YAML document, mappings as LineDict and sequences as LineList.

    Raises yaml.YAMLError (with ``problem_mark`` when the parser knows the place).
    """
    with no_gc():
        return yaml.load(text, Loader=_Loader)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parse (or a validation) allocates its
    millions of objects: none is garbage until it ends, and each collection walked them all
    again (a 5 MB inventory parsed in 5.8 s with the collector, 1.4 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def line_of(container: Any, key: Any, default: int) -> int:
    """The line of ``key`` in a LineDict, or of item ``key`` in a LineList."""
    if isinstance(container, LineDict):
        return container.lines.get(key, container.line)
    if isinstance(container, LineList) and isinstance(key, int) and 0 <= key < len(container):
        return container.lines[key]
    return default


def read_yaml_file(path: Path, *, lines: bool = True) -> tuple[Any, Problem | None]:
    """Read and parse one YAML file: (document, None), or (None, the problem with its line).

    With ``lines=False`` the document may come as plain dicts and lists (no lines), read
    fast when ``fastyaml`` vouches for the text; a caller meeting a problem in it reads
    the file again with lines to name them.
    Never raises for a bad file: unreadable, not UTF-8, malformed or absurdly nested.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, Problem(
            name,
            1,
            "file",
            M_("not UTF-8 text ({reason} at byte {start})", reason=exc.reason, start=exc.start),
        )
    except OSError as exc:
        return None, Problem(
            name, 0, "file", M_("cannot read: {reason}", reason=exc.strerror or str(exc))
        )
    if not lines:
        with contextlib.suppress(NotFast), no_gc():
            return load_fast(text), None
    try:
        return load_yaml(text), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, Problem(name, line, "yaml", M_("malformed YAML: {reason}", reason=reason))
    except RecursionError:
        return None, Problem(name, 1, "file", M_("YAML nested too deeply"))
    except ValueError as exc:  # a timestamp PyYAML cannot build, such as 2022-02-30
        return None, Problem(name, 1, "yaml", M_("malformed YAML: {reason}", reason=str(exc)))


def validation_problems(
    name: str, label: str, item: dict[Any, Any], exc: ValidationError
) -> list[Problem]:
    """One Problem per pydantic error of ``item``, at the line of the field it names
    (line 0 for a plain dict: the loader reads it again with lines)."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        line = getattr(item, "line", 0)
        node: Any = item
        for part in loc:
            line = line_of(node, part, line)
            node = _child(node, part)
        path = label + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        problems.append(Problem(name, line, path, _message(error)))
    return problems


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return M_("unknown field")
    if error["type"] == "missing":
        return M_("required field is missing")
    return validation_message(error, limit=10_000)
