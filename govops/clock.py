"""One time zone for the whole tool: GOVOPS_TZ, default Asia/Shanghai.

The plans count years, months and deadlines in Beijing time, whatever zone a server runs
in. Storage keeps what it always kept (UTC epoch seconds, UTC ISO strings); this module
is the boundary: it reads typed and imported times (a time without an offset is in the
zone, one with an offset keeps it), prints them for tables (``2026-11-22 08:00``) and JSON
(ISO-8601 with the offset), and gives calendar year and month boundaries in the zone.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, tzinfo
from functools import cache

from govops.config import ENV_TZ
from govops.errors import InputError
from govops.i18n import M_

DEFAULT_TZ = "Asia/Shanghai"


def zone(name: str | None = None) -> tzinfo:
    """The tool's zone: ``name``, else GOVOPS_TZ, else Asia/Shanghai."""
    return _zone(name or os.environ.get(ENV_TZ) or DEFAULT_TZ)


@cache
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name.upper() in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            M_(
                "{env}=`{name}` is not a time zone (e.g. Asia/Shanghai, Asia/Urumqi, UTC)",
                env=ENV_TZ,
                name=name,
            )
        ) from None


def parse(value: str, tz: tzinfo | None = None) -> datetime:
    """An aware datetime from ISO-8601 text; ``2026-11-22 08:00`` and ``2026-11-22`` are
    in the zone, ``...+08:00`` / ``...Z`` keep their offset. ValueError when not a time."""
    text = value.strip()
    if not text or not text[:1].isdigit():
        raise ValueError(M_("not an ISO-8601 time: {value!r}", value=value))
    moment = datetime.fromisoformat(text.replace("/", "-"))
    return localize(moment, tz)


def localize(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """A naive datetime (typed, or an Excel cell) is taken in the zone; aware stays as is."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz or zone())


def parse_epoch(value: str, tz: tzinfo | None = None) -> float:
    """Epoch seconds from ISO-8601 text (see :func:`parse`); ValueError when out of range
    (``0001-01-01T00:00:00+08:00`` is before what a datetime holds once moved to UTC)."""
    try:
        return parse(value, tz).timestamp()
    except OverflowError:
        raise ValueError(M_("{value!r} is out of range", value=value)) from None


def parse_date(value: str) -> date:
    """A calendar day, ``YYYY-MM-DD`` (``YYYY/MM/DD`` as Excel on Chinese Windows writes it)."""
    text = value.strip().replace("/", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        # a datetime cell or text whose day is what is meant
        return datetime.fromisoformat(text).date()


def local(moment: float | datetime, tz: tzinfo | None = None) -> datetime:
    """The moment in the zone."""
    if isinstance(moment, datetime):
        return localize(moment, UTC).astimezone(tz or zone())
    try:
        return datetime.fromtimestamp(moment, tz or zone())
    except (OverflowError, ValueError, OSError):
        # a row written by an older version without bounds: clamp, never a crash
        return datetime.fromtimestamp(0 if moment != moment or moment < 0 else 253402214400, UTC)


def now(tz: tzinfo | None = None) -> datetime:
    return datetime.now(tz or zone())


def today(tz: tzinfo | None = None) -> date:
    """Today's date in the zone (a server in UTC still turns the day at Beijing midnight)."""
    return now(tz).date()


def for_table(moment: float | datetime | str | None, tz: tzinfo | None = None) -> str | None:
    """``2026-11-22 08:00`` in the zone, for tables; None stays None."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return local(moment, tz).strftime("%Y-%m-%d %H:%M")


def for_json(moment: float | datetime | str | None, tz: tzinfo | None = None) -> str | None:
    """ISO-8601 with the zone's offset (``2026-11-22T08:00:00+08:00``); None stays None."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    moment = local(moment, tz)
    spec = "seconds" if moment.microsecond == 0 else "microseconds"
    return moment.isoformat(timespec=spec)


def to_utc_iso(moment: datetime) -> str:
    """How event times are stored as text: UTC, seconds, ``+00:00``."""
    return localize(moment).astimezone(UTC).isoformat(timespec="seconds")


def year_of(moment: float | datetime, tz: tzinfo | None = None) -> int:
    """The calendar year of a moment in the zone (本年)."""
    return local(moment, tz).year


def year_start(year: int, tz: tzinfo | None = None) -> datetime:
    """Midnight of 1 January of ``year`` in the zone."""
    return datetime(year, 1, 1, tzinfo=tz or zone())


def month_start(year: int, month: int, tz: tzinfo | None = None) -> datetime:
    """Midnight of the first of the month in the zone; month 13 is next January."""
    extra, index = divmod(month - 1, 12)
    return datetime(year + extra, index + 1, 1, tzinfo=tz or zone())


def months_back(moment: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """The ``count`` calendar months ending with the one ``moment`` is in, oldest first:
    (start, end) in the zone; the last month ends at ``moment``."""
    at = local(moment)
    spans = []
    for back in range(count - 1, -1, -1):
        start = month_start(at.year, at.month - back, at.tzinfo)
        end = min(month_start(start.year, start.month + 1, at.tzinfo), at)
        spans.append((start, end))
    return spans


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of ``day`` in the zone."""
    return datetime.combine(day, time(), tz or zone())
