"""The lab's WAN options: parsed values, clean errors for bad ones, the delayed socket."""

from __future__ import annotations

import socket
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from govops.cli import app
from govops.cli.lab import wan_profile
from govops.errors import InputError
from govops.lab.wan import DelayedSocket, Span, parse_share, parse_span

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("20-120ms", Span(0.02, 0.12)),
        ("1-2s", Span(1.0, 2.0)),
        ("50ms", Span(0.05, 0.05)),
        ("20ms-1s", Span(0.02, 1.0)),
        ("0.5s", Span(0.5, 0.5)),
    ],
)
def test_durations(text: str, span: Span) -> None:
    assert parse_span(text, "--latency") == span


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("120-20ms", "--latency 120-20ms: the range must go from low to high"),
        ("50", "--latency 50: expected a duration such as 20-120ms, 1-2s or 50ms"),
        ("-5ms", "--latency -5ms: expected a duration such as 20-120ms, 1-2s or 50ms"),
        ("90s", "--latency 90s: at most 60s"),
    ],
)
def test_bad_durations_say_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_span(text, "--latency")
    assert caught.value.message == message


def test_shares() -> None:
    assert parse_share("2%", "--silent") == 0.02
    assert parse_share("0.5", "--silent") == 0.005
    with pytest.raises(InputError, match="--silent 101%: at most 100%"):
        parse_share("101%", "--silent")
    with pytest.raises(InputError, match="together at most 100%"):
        wan_profile(None, None, "60%", "50%", "0%", 0)


_option_text = st.text(alphabet="0123456789.-%msk \t", max_size=10) | st.text(max_size=10)


@given(latency=_option_text, login=_option_text, silent=_option_text, flap=_option_text)
def test_any_option_value_is_a_profile_or_an_input_error(
    latency: str, login: str, silent: str, flap: str
) -> None:
    try:
        profile = wan_profile(latency or None, login or None, silent, flap, "0%", 1)
    except InputError:
        return
    assert 0 <= profile.latency.low <= profile.latency.high <= 60
    assert 0 <= profile.silent + profile.flap <= 1


def test_a_bad_lab_option_exits_2_without_starting_anything() -> None:
    out = runner.invoke(
        app, ["lab", "up", "-i", "inventories/demo", "--latency", "fast", "--no-openstack"]
    )
    assert out.exit_code == 2
    assert out.stderr == (
        "error: --latency fast: expected a duration such as 20-120ms, 1-2s or 50ms\n"
    )


def test_the_delayed_socket_hands_over_each_new_message_one_round_trip_later() -> None:
    a, b = socket.socketpair()
    with a, b:
        slow = DelayedSocket(b, 0.2)
        a.sendall(b"hello")
        start = time.monotonic()
        assert slow.recv(2) == b"he"  # a new message: one round trip
        assert slow.recv(3) == b"llo"  # the rest of it: no further delay
        first = time.monotonic() - start
        slow.sendall(b"answer")
        assert a.recv(6) == b"answer"
        a.sendall(b"next")
        start = time.monotonic()
        assert slow.recv(10) == b"next"
        second = time.monotonic() - start
    assert 0.2 <= first < 0.35 and 0.2 <= second < 0.35
