"""Help shows PATH, INTEGER, TEXT (as click and every shell tool does), not Python types.

Typer 0.2x prints option types as ``<str>``, ``<list[str]>``, ``<int range>``; govops'
help says what to type instead. One function maps Typer's label to click's words, and one
patch makes every govops parameter use it (the Typer app is govops' own, so is its help).
"""

from __future__ import annotations

from typing import Any

_WORDS = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "bool": "BOOLEAN",
    "path": "PATH",
    "file": "FILE",
    "directory": "DIRECTORY",
    "datetime": "DATETIME",
    "uuid": "UUID",
}


def click_style(label: str) -> str:
    """``<str>`` -> ``TEXT``; ``<list[path]>`` -> ``PATH``; ``<int range>`` ->
    ``INTEGER RANGE``; ``<table|json>`` -> ``[table|json]``."""
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    if inner.startswith("list[") and inner.endswith("]"):
        inner = inner[5:-1]
    if "|" in inner:
        return f"[{inner}]"
    if inner.endswith(" range"):
        base = inner.removesuffix(" range")
        return f"{_WORDS.get(base, base.upper())} RANGE"
    return _WORDS.get(inner, inner.upper())


def use_click_metavars() -> None:
    """Make Typer's parameters show click's words (idempotent; a no-op on old Typer)."""
    from typer import core

    cls: Any = getattr(core, "_TyperParameter", None)
    original = getattr(cls, "display_type", None)
    if original is None or getattr(original, "govops", False):
        return

    def display_type(self: Any, ctx: Any) -> str:
        return click_style(original(self, ctx))

    display_type.govops = True  # type: ignore[attr-defined]
    cls.display_type = display_type
    argument: Any = getattr(core, "TyperArgument", None)
    if argument is not None and hasattr(argument, "_usage_display_name"):
        argument.display_name_raw = property(_argument_name)
        argument._usage_display_name = _argument_usage


def _argument_name(self: Any) -> str:
    """Arguments by their upper-case name, as click shows them (``FAULT_ID``)."""
    return str(self.metavar if self.metavar is not None else (self.name or "").upper())


def _argument_usage(self: Any) -> str:
    name = _argument_name(self)
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")
