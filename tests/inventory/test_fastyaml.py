"""The fast reading: whatever the screen lets through reads exactly as PyYAML reads it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govops.inventory import load_inventory, yamlsrc
from govops.inventory.fastyaml import NotFast, load_fast, screen
from tests.fuzz.conftest import COUNTS

#: Plain scalars that YAML 1.1 and 1.2 read alike, and ones they read differently.
SCALARS = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "TRUE", "null", "Null", "~", "",
    "010", "09", "00", "0", "-0", "+1", "0o17", "0x1F", "0b101", "1_000", "1e3", "1.5e3",
    "1.5E+3", "-.5", ".5", "0.", "3.", ".inf", "-.INF", ".NaN", "1:20", "10:00:00",
    "12345678901234567890",
    "2022-06-30", "2022-02-30", "2022-6-30", "2022-06-30 10:00", "2022-06-30T10:00:00Z",
    "=", "<<", "'quoted yes'", '"dq\\n"', "!!str 1", "&a x", "*a", "10.1.2.3", "2001:db8::1",
    "fe80::1", "::1", "Eth-Trunk1", "10GE1/0/1", "sn-core-1", "省中心", "a b", "a #c", "a:b",
    "- x", "[1, 2]", "{k: v}", "|\n    text", ">-\n    folded", "2Gbps", "1G", "R&D", "why?",
]  # fmt: skip
KEYS = ["id", "name", "1", "yes", "null", "1.5", "~", "on", "a b", "<<", "2022-06-30", "?"]

scalars = st.sampled_from(SCALARS)
keys = st.sampled_from(KEYS)


@st.composite
def block_documents(draw: st.DrawFn) -> str:
    """Inventory-shaped YAML: a mapping of lists of mappings, block and flow."""
    lines = []
    for section in draw(st.lists(keys, min_size=1, max_size=3)):
        lines.append(f"{section}:")
        for _ in range(draw(st.integers(0, 3))):
            pairs = draw(st.lists(st.tuples(keys, scalars), min_size=1, max_size=3))
            if draw(st.booleans()):
                inner = ", ".join(f"{k}: {v}" for k, v in pairs if "\n" not in v)
                lines.append(f"  - {{{inner}}}")
            else:
                first, *rest = pairs
                lines.append(f"  - {first[0]}: {first[1]}")
                lines.extend(f"    {k}: {v}" for k, v in rest)
    return "\n".join(lines) + "\n"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return isinstance(a, list) and isinstance(b, list) and _same_list(a, b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return _same_list(a, b)
    return bool(a == b)


def _same_list(a: list[Any], b: list[Any]) -> bool:
    return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))


def _pyyaml(text: str) -> Any:
    try:
        return yamlsrc.load_yaml(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return NotFast


def _check(text: str) -> None:
    COUNTS["inventory fast reading = PyYAML"] += 1
    try:
        fast = load_fast(text)
    except NotFast:
        return
    assert _same(fast, _pyyaml(text)), text


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=block_documents())
def test_fast_reading_equals_pyyaml_on_inventory_shapes(text: str) -> None:
    _check(text)


@SETTINGS
@given(text=st.text(alphabet="ab01:-_.e+ {}[],#'\"\n!&*?|>~yesno", max_size=60))
def test_fast_reading_equals_pyyaml_on_punctuation(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    "text",
    ["a: yes", "a: 010", "a: 1e3", "a: 1:20", "a: -.5", "a: 2022-02-30", "a: &x 1\nb: *x",
     "<<: {a: 1}", "a: 1\n---\nb: 2", "1: x", "a: !!str 1", "a:\t1", 'a: "\\x41"',
     "a: 2022-06-30 10:00:00"],
)  # fmt: skip
def test_screen_sends_yaml_11_forms_to_pyyaml(text: str) -> None:
    assert not screen(text)


def test_screen_lets_an_inventory_through() -> None:
    text = "sites:\n  - {id: sn, name: 省中心, level: province, code: '610000'}\n"
    text += "devices:\n  - name: sn-core-1\n    host: 10.1.0.1\n    port: 2222\n"
    text += "systems:\n  - {id: SYS-1, deadline: 2022-06-30, vcpu: 16, load: 0.2}\n"
    assert screen(text)
    assert load_fast(text) == _pyyaml(text)


def test_valid_inventory_is_read_fast_and_equal(
    demo_inventory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = load_inventory(demo_inventory)

    def refuse(text: str) -> Any:
        raise AssertionError("a valid inventory went through PyYAML")

    monkeypatch.setattr(yamlsrc, "load_yaml", refuse)
    fast = load_inventory(demo_inventory)
    for section in ("sites", "devices", "links", "clouds", "systems", "server_rooms"):
        assert getattr(fast, section) == getattr(slow, section)
    assert fast.tiers == slow.tiers
