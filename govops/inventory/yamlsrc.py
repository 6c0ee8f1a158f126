"""YAML that remembers where each mapping key was written, so errors can name the line."""

from __future__ import annotations

from typing import Any

import yaml


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


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from exc
        if key in result:
            raise DuplicateKeyError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(text: str) -> Any:
    """Parse one YAML document, mappings as LineDict and sequences as LineList.

    Raises yaml.YAMLError (with ``problem_mark`` when the parser knows the place).
    """
    return yaml.load(text, Loader=_Loader)


def line_of(container: Any, key: Any, default: int) -> int:
    """The line of ``key`` in a LineDict, or of item ``key`` in a LineList."""
    if isinstance(container, LineDict):
        return container.lines.get(key, container.line)
    if isinstance(container, LineList) and isinstance(key, int) and 0 <= key < len(container):
        return container.lines[key]
    return default
