"""Saved device output read from disk: size-capped, UTF-8 with a GB18030 fallback.

Huawei and H3C print Chinese interface descriptions in GB18030 on many devices; a file
that is neither is refused with its name rather than decoded with bytes dropped.
"""

from __future__ import annotations

from pathlib import Path

from govops.bounds import read_bytes
from govops.errors import InputError
from govops.i18n import M_

#: The largest saved output govops parses (documented in the README, "Limits").
MAX_OUTPUT_BYTES = 64 * 1024 * 1024


def decode_output(data: bytes, name: str) -> str:
    """Device output as text: UTF-8, else GB18030; InputError when it is neither."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        M_("`{name}` is neither UTF-8 nor GB18030 text; is it device output?", name=name)
    )


def read_device_output(path: Path) -> str:
    """The text of one saved output; InputError for a directory, a huge or binary file."""
    return decode_output(read_bytes(path, "device output", MAX_OUTPUT_BYTES), str(path))
