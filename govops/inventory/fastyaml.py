"""A fast first reading of a YAML file, for valid inventories; lines come from the slow one.

PyYAML (even over libyaml's C parser) builds a Python node per scalar with its marks: a
5 MB inventory took ~6 s to parse. yaml-rs (a Rust YAML 1.2 parser) gives plain data in
~0.3 s. YAML 1.2 reads some plain scalars differently from PyYAML's YAML 1.1 (``yes``,
``010``, ``1e3``, ``1:20``, ``<<``), so a text is read fast only when a screen finds none of
those forms (nor tags, anchors, aliases, complex keys, tabs, escapes, several documents or a
date that is not a date); otherwise, or when yaml-rs refuses the text, the caller falls back
to PyYAML. The screen errs on the side of falling back: ``tests/inventory/test_fastyaml.py``
checks that whatever it lets through reads exactly as PyYAML reads it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

#: Anywhere in the text: tabs, escapes, a BOM, YAML 1.1-only line breaks, merge keys,
#: characters PyYAML refuses (yaml.reader.Reader.NON_PRINTABLE), several documents.
_RISKY_TEXT = (
    re.compile("[\t\\\\\ufeff\x85\u2028\u2029]"),
    re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"),
    re.compile("^(?:---|[.][.][.]|%)", re.MULTILINE),
)
#: At the start of a token (text between blanks and flow punctuation): forms that YAML 1.1
#: (PyYAML) and YAML 1.2 (yaml-rs) read differently, or that need PyYAML's own handling
#: (tags, anchors and aliases: its billion-laughs guard; duplicate keys: their line).
_RISKY_TOKEN = re.compile(
    r"""
      [!&*?%=:|>]                                    # tags, anchors, aliases, keys, blocks
    | ---|\.\.\.
    | ["']?[-+]?(?:0[0-9oObBxX]|\.[0-9]|[0-9][0-9.]*[eE])   # octal, hex, exponents
    | (?=[-+_.0-9])[^_]*_                            # underscores in numbers (1_000, _0)
    | (?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF):?$ # YAML 1.1 booleans
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?:?$    # base 60 (1:20, 10:00:00)
    | ["']?(?:[-+.0-9~]|[tT]rue|TRUE|[fF]alse|FALSE|[nN]ull|NULL).*:$   # keys not strings
    """,
    re.VERBOSE,
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
#: First characters of the tokens _RISKY_TOKEN may match (the rest are skipped quickly).
_FIRST = frozenset("!&*?%=:|>_-.+~'\"0123456789yYnNoOtTfF")


def screen(text: str) -> bool:
    """True when yaml-rs reads ``text`` exactly as PyYAML's safe loader does."""
    if "<<" in text or any(risky.search(text) for risky in _RISKY_TEXT):
        return False
    for flow in "{}[],":  # str.translate is slow on non-ASCII text
        text = text.replace(flow, " ")
    tokens = {t for t in text.split() if t[0] in _FIRST}
    return not any(_RISKY_TOKEN.match(token) or _bad_date(token) for token in tokens)


def _bad_date(token: str) -> bool:
    """A token starting like a date that PyYAML would read otherwise than yaml-rs."""
    match = _DATE.match(token)
    if match is None:
        return False
    if match.end() != len(token.rstrip(":")):
        return True  # a time of day follows, or more: PyYAML's own rules
    try:
        datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return True  # PyYAML refuses an impossible date; yaml-rs keeps it as text
    return False


class NotFast(Exception):
    """The text needs PyYAML: a form the screen refuses, yaml-rs missing, or a YAML error."""


def load_fast(text: str) -> Any:
    """Plain data (dicts, lists, scalars) as PyYAML's safe loader would give; NotFast if not."""
    if not screen(text):
        raise NotFast
    try:
        import yaml_rs
    except ImportError as exc:  # optional speed-up: PyYAML reads everything
        raise NotFast from exc
    try:
        return yaml_rs.loads(text)
    except Exception as exc:  # duplicate keys, depth, syntax: PyYAML names the line
        raise NotFast from exc
