"""WAN behaviour for the lab fleet: round-trip delay, slow logins, silent and flapping devices.

Orthogonal to the platform: a ``WanProfile`` turns into one ``Behaviour`` per device
name, deterministically from a seed, and the fleet's session loop consults it. A device
that is silent accepts TCP and never says a word; a flapping device drops its first
session in the middle of the first real command and answers the next one (so a retry
reads it). The delay is applied where a real WAN adds it: every time the device turns
from sending to receiving, what it receives reaches it one round trip later.
"""

from __future__ import annotations

import random
import re
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from govops.errors import InputError
from govops.i18n import M_

_DURATION = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s)?\s*$")
_MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Span:
    """A range of seconds; each device draws its own value from it."""

    low: float = 0.0
    high: float = 0.0

    def draw(self, rng: random.Random) -> float:
        return self.low if self.high <= self.low else rng.uniform(self.low, self.high)


@dataclass(frozen=True)
class WanProfile:
    latency: Span = Span()  # round trip added to every exchange
    login_delay: Span = Span()  # the device thinking before it accepts a password
    silent: float = 0.0  # share of devices that never answer (0..1)
    flap: float = 0.0  # share of devices that drop their first session mid-command
    legacy: float = 0.0  # share of devices that speak only old SSH algorithms
    seed: int = 0

    @property
    def active(self) -> bool:
        return self != WanProfile(seed=self.seed)


@dataclass(frozen=True)
class Behaviour:
    """What one lab device does to its sessions."""

    rtt: float = 0.0
    login_delay: float = 0.0
    silent: bool = False
    flap: bool = False
    legacy: bool = False


def parse_span(text: str, option: str) -> Span:
    """``20-120ms``, ``1-2s``, ``50ms``: an InputError names the option and the value."""
    low_text, dash, high_text = text.partition("-")
    high_match = _DURATION.match(high_text) if dash else None
    unit = high_match[2] if high_match else None  # `20-120ms`: one unit for both ends
    low = _seconds(low_text, option, text, unit)
    high = _seconds(high_text, option, text, None) if dash else low
    if high < low:
        raise InputError(
            M_("{option} {value}: the range must go from low to high", option=option, value=text)
        )
    return Span(low, high)


def _seconds(part: str, option: str, whole: str, unit: str | None) -> float:
    match = _DURATION.match(part)
    if match is None or not (match[2] or unit):
        raise InputError(
            M_(
                "{option} {value}: expected a duration such as 20-120ms, 1-2s or 50ms",
                option=option,
                value=whole,
            )
        )
    value = float(match[1]) / (1000 if (match[2] or unit) == "ms" else 1)
    if value > _MAX_SECONDS:
        raise InputError(
            M_("{option} {value}: at most {max:g}s", option=option, value=whole, max=_MAX_SECONDS)
        )
    return value


def parse_share(text: str, option: str) -> float:
    """``2%`` or ``2`` (percent) -> 0.02; an InputError outside 0..100%."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*", text)
    if match is None:
        raise InputError(
            M_("{option} {value}: expected a percentage such as 2%", option=option, value=text)
        )
    value = float(match[1]) / 100
    if value > 1:
        raise InputError(M_("{option} {value}: at most 100%", option=option, value=text))
    return value


def plan(names: Iterable[str], profile: WanProfile) -> dict[str, Behaviour]:
    """Every device's behaviour: the same names and seed always give the same plan.

    Silent and flapping devices are exact shares of the fleet (rounded), disjoint, drawn
    from the names in sorted order so the plan does not depend on inventory order.
    """
    ordered = sorted(names)
    rng = random.Random(profile.seed)
    n_silent = round(len(ordered) * profile.silent)
    n_flap = min(round(len(ordered) * profile.flap), len(ordered) - n_silent)
    picked = rng.sample(ordered, n_silent + n_flap)
    silent, flap = set(picked[:n_silent]), set(picked[n_silent:])
    rest = [name for name in ordered if name not in silent and name not in flap]
    legacy = set(rng.sample(rest, min(len(rest), round(len(ordered) * profile.legacy))))
    plans = {}
    for name in ordered:
        own = random.Random(f"{profile.seed}:{name}")
        plans[name] = Behaviour(
            rtt=profile.latency.draw(own),
            login_delay=profile.login_delay.draw(own),
            silent=name in silent,
            flap=name in flap,
            legacy=name in legacy,
        )
    return plans


def describe(plans: Mapping[str, Behaviour]) -> str:
    """One line for `govops lab up`: what the WAN does, so a user can expect the failures."""
    silent = sorted(n for n, b in plans.items() if b.silent)
    flap = sorted(n for n, b in plans.items() if b.flap)
    legacy = sum(b.legacy for b in plans.values())
    rtts = [b.rtt for b in plans.values()] or [0.0]
    shown = ", ".join(silent[:5]) + (", ..." if len(silent) > 5 else "")
    return M_(
        "WAN: round trip {low}-{high} ms; {silent} silent ({names}); {flap} drop their first "
        "session; {legacy} offer only legacy SSH algorithms",
        low=f"{min(rtts) * 1000:.0f}", high=f"{max(rtts) * 1000:.0f}", silent=len(silent),
        names=shown or M_("none"), flap=len(flap), legacy=legacy,
    )  # fmt: skip


#: What a lab device with ``legacy`` offers: an old VRP or Comware release's SSH server.
LEGACY_OFFER = {
    "kex": ("diffie-hellman-group14-sha1",),
    "ciphers": ("aes128-cbc",),
    "digests": ("hmac-sha1",),
    "key_types": ("ssh-rsa",),
}


def restrict_to_legacy(transport: Any) -> None:
    """Offer only ``LEGACY_OFFER`` on a paramiko server transport."""
    options = transport.get_security_options()
    for name, values in LEGACY_OFFER.items():
        setattr(options, name, values)


class DelayedSocket:
    """A server-side socket whose peer is one round trip away.

    Data that arrives after the device last sent something is handed over ``rtt`` later;
    the rest of one message (paramiko reads a packet in pieces) is not delayed again.
    """

    def __init__(self, sock: socket.socket, rtt: float) -> None:
        self._sock = sock
        self._rtt = rtt
        self._turned = True  # the client's first bytes also cross the WAN

    def recv(self, size: int) -> bytes:
        data = self._sock.recv(size)
        if data and self._turned:
            self._turned = False
            time.sleep(self._rtt)
        return data

    def send(self, data: bytes) -> int:
        self._turned = True
        return self._sock.send(data)

    def sendall(self, data: bytes) -> None:
        self._turned = True
        self._sock.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)
