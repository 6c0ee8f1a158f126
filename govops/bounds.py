"""The bounds every value from outside is checked against before it is stored or used.

One module so the limits are written once and documented in one place (README,
"Limits"): event times, integers the state holds, stored string lengths, file sizes.
Functions here return a problem message (or raise ``InputError`` when named ``check_*``)
and never touch the store, so the same check serves pydantic validators, CLI options
and the webhook.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from govops.errors import InputError
from govops.i18n import M_, N_, Message

#: Event times (fault open/ack/resolve, alert startsAt, lifecycle moves) may not be
#: before 1970-01-01T00:00:00Z ...
EVENT_TIME_MIN = 0.0
#: ... nor more than this many seconds ahead of this machine's clock (another clock).
CLOCK_SKEW = 300.0
#: Any time at all (planning dates included) stays within years 1970..9999.
TIME_MAX = 253402300799.0  # 9999-12-31T23:59:59Z
#: Integers the state holds (SQLite INTEGER, PostgreSQL BIGINT).
INT_MAX = 2**63 - 1
#: Stored strings keep what was received, up to these lengths (characters).
TEXT_LIMITS = {"summary": 2000, "site": 128, "external_key": 256, "note": 2000, "name": 256}
TEXT_LIMIT_DEFAULT = 256
#: The largest file govops reads as one input (inventories stream through YAML anyway).
FILE_MAX_BYTES = 64 * 1024 * 1024


def event_time_problem(at: float, now: float) -> str | None:
    """Why ``at`` (epoch seconds) cannot be an event time at ``now``; None when it can."""
    if not math.isfinite(at):
        return M_("is not a finite time")
    if at < EVENT_TIME_MIN:
        return M_("is before 1970-01-01")
    if at > now + CLOCK_SKEW:
        return M_("is in the future")
    return None


def time_problem(at: float) -> str | None:
    """Why ``at`` cannot be a time at all (planning dates included); None when it can."""
    if not math.isfinite(at):
        return M_("is not a finite time")
    if not EVENT_TIME_MIN <= at <= TIME_MAX:
        return M_("is outside the years 1970..9999")
    return None


def text_problem(field: str, value: str) -> str | None:
    """Why ``value`` is too long to store as ``field``; None when it fits."""
    limit = TEXT_LIMITS.get(field, TEXT_LIMIT_DEFAULT)
    if len(value) > limit:
        return M_("is {n} characters; the limit is {limit}", n=len(value), limit=limit)
    return None


#: What the file functions are told they read or write (``what``): msgids.
WHATS = (
    N_("output"),
    N_("output directory"),
    N_("snapshot manifest"),
    N_("device output"),
    N_("fault file"),
)


def _is_dir(what: str, path: str | Path) -> Message:
    return M_("{what} `{path}` is a directory; name a file", what=M_(what), path=str(path))


def check_int(name: str, value: int, low: int = 0, high: int = INT_MAX) -> int:
    """``value`` when ``low <= value <= high``, else InputError naming ``name``."""
    if not low <= value <= high:
        raise InputError(
            M_(
                "{name} {value} is out of range ({low}..{high})",
                name=name,
                value=value,
                low=low,
                high=high,
            )
        )
    return value


def read_text(path: str | Path, what: str, max_bytes: int = FILE_MAX_BYTES) -> str:
    """The UTF-8 text of a file a user named; InputError (never a traceback) otherwise.

    A directory, an unreadable file, a file over ``max_bytes`` or one that is not UTF-8
    (GBK, UTF-16, binary) each get one line saying so.
    """
    data = read_bytes(path, what, max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            M_(
                "{what} `{path}` is not UTF-8 text (byte {byte}): save it as UTF-8",
                what=M_(what),
                path=str(path),
                byte=exc.start,
            )
        ) from None


def read_bytes(path: str | Path, what: str, max_bytes: int = FILE_MAX_BYTES) -> bytes:
    """The bytes of a file a user named, refusing directories and files over ``max_bytes``."""
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError(_is_dir(what, path))
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(
                M_(
                    "{what} `{path}` is {size:,} bytes; the limit is {limit:,}",
                    what=M_(what),
                    path=str(path),
                    size=size,
                    limit=max_bytes,
                )
            )
        return file.read_bytes()
    except OSError as exc:
        raise InputError(
            M_(
                "cannot read {what} `{path}`: {reason}",
                what=M_(what),
                path=str(path),
                reason=exc.strerror or str(exc),
            )
        ) from None


def check_output_path(path: str | Path, what: str = "output") -> Path:
    """Refuse, before any work, an output path that cannot be written as a file."""
    file = Path(path)
    if file.is_dir():
        raise InputError(_is_dir(what, path))
    parent = file.parent if str(file.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(
            M_(
                "{what} `{path}`: directory `{parent}` does not exist",
                what=M_(what),
                path=str(path),
                parent=str(parent),
            )
        )
    if not os.access(parent, os.W_OK) or (file.exists() and not os.access(file, os.W_OK)):
        raise InputError(M_("{what} `{path}` is not writable", what=M_(what), path=str(path)))
    return file


def check_output_dir(path: str | Path, what: str = "output directory") -> Path:
    """Refuse, before any work, an output directory that cannot be created or written."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError(
            M_("{what} `{path}` exists and is not a directory", what=M_(what), path=str(path))
        )
    parent = folder if folder.exists() else folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise InputError(
            M_(
                "{what} `{path}` cannot be written (`{parent}` is not writable)",
                what=M_(what),
                path=str(path),
                parent=str(parent),
            )
        )
    return folder
