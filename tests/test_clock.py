from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from govops import clock
from govops.errors import InputError

BEIJING = timezone(timedelta(hours=8))


def test_a_naive_time_is_beijing_time_and_an_offset_is_kept() -> None:
    assert (
        clock.parse_epoch("2026-11-22 08:00")
        == datetime(2026, 11, 22, 0, 0, tzinfo=UTC).timestamp()
    )
    assert (
        clock.parse_epoch("2026-11-22T08:00:00Z")
        == datetime(2026, 11, 22, 8, tzinfo=UTC).timestamp()
    )
    assert clock.parse("2026-11-22T08:00+05:00").utcoffset() == timedelta(hours=5)
    assert clock.parse("2026/11/22 08:00") == datetime(2026, 11, 22, 8, tzinfo=BEIJING)
    assert clock.parse("2026-11-22") == datetime(2026, 11, 22, tzinfo=BEIJING)


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-13-01", "08:00", "-1"])
def test_what_is_not_a_time_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        clock.parse(text)


def test_tables_show_local_minutes_and_json_carries_the_offset() -> None:
    ts = datetime(2026, 11, 22, 0, 0, tzinfo=UTC).timestamp()
    assert clock.for_table(ts) == "2026-11-22 08:00"
    assert clock.for_json(ts) == "2026-11-22T08:00:00+08:00"
    assert clock.for_table("2026-11-22T00:00:00+00:00") == "2026-11-22 08:00"
    assert clock.for_json(None) is None


def test_govops_tz_moves_the_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_TZ", "Asia/Urumqi")
    assert clock.for_json(datetime(2026, 11, 22, 0, 0, tzinfo=UTC)) == "2026-11-22T06:00:00+06:00"
    monkeypatch.setenv("GOVOPS_TZ", "UTC")
    assert clock.for_table(0.0) == "1970-01-01 00:00"
    monkeypatch.setenv("GOVOPS_TZ", "Mars/Olympus")
    with pytest.raises(InputError, match="GOVOPS_TZ=`Mars/Olympus` is not a time zone"):
        clock.zone()


def test_new_year_in_beijing_is_still_the_old_year_in_utc() -> None:
    opened = clock.parse_epoch("2026-01-01 07:00")
    assert datetime.fromtimestamp(opened, UTC).year == 2025
    assert clock.year_of(opened) == 2026
    assert clock.year_start(2026).timestamp() == datetime(2025, 12, 31, 16, tzinfo=UTC).timestamp()


def test_months_back_are_calendar_months_in_the_zone() -> None:
    at = clock.parse("2026-03-15 12:00")
    spans = clock.months_back(at, 3)
    assert [(s.strftime("%Y-%m-%d %H:%M"), e.strftime("%Y-%m-%d %H:%M")) for s, e in spans] == [
        ("2026-01-01 00:00", "2026-02-01 00:00"),
        ("2026-02-01 00:00", "2026-03-01 00:00"),
        ("2026-03-01 00:00", "2026-03-15 12:00"),
    ]
    assert clock.month_start(2025, 13) == datetime(2026, 1, 1, tzinfo=BEIJING)


def test_dates_accept_excel_slashes() -> None:
    assert clock.parse_date("2026/6/30".replace("/6/", "/06/")) == date(2026, 6, 30)
    assert clock.parse_date("2026-06-30 00:00:00") == date(2026, 6, 30)
