from __future__ import annotations

import pytest

from govops.units import format_rate, parse_duration, parse_rate


@pytest.mark.parametrize(
    ("text", "bps"),
    [
        ("10G", 10_000_000_000),
        ("200M", 200_000_000),
        ("2Gbps", 2_000_000_000),
        ("10000Mbps", 10_000_000_000),
        ("1.5G", 1_500_000_000),
        ("100k", 100_000),
        (" 10 g ", 10_000_000_000),
        (1000, 1000),
        ("1000000 Kbit/sec", 1_000_000_000),
    ],
)
def test_parse_rate(text: object, bps: int) -> None:
    assert parse_rate(text) == bps


@pytest.mark.parametrize("text", ["fast", "10X", "", "-1G", True, None, 1.5, -5, "1.00000000001k"])
def test_parse_rate_refuses(text: object) -> None:
    with pytest.raises(ValueError, match="rate"):
        parse_rate(text)


def test_format_rate() -> None:
    assert [format_rate(v) for v in (10**10, 2 * 10**9, 200 * 10**6, 1_500_000_000, 950, None)] == [
        "10G",
        "2G",
        "200M",
        "1.5G",
        "950",
        "-",
    ]


def test_parse_duration() -> None:
    assert parse_duration("3h") == 10800
    assert parse_duration("30d") == 30 * 86400
    assert parse_duration(90) == 90.0
    with pytest.raises(ValueError, match="duration"):
        parse_duration("soon")
