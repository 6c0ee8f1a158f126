"""Plain values of the network part: interface records and per-device results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from govops.i18n import M_, N_, Message


class OperStatus(StrEnum):
    UP = "up"
    DOWN = "down"
    ADMIN_DOWN = "admin_down"


@dataclass(frozen=True)
class Interface:
    """The normalised interface record of design.md, the same for every platform."""

    name: str
    oper_status: OperStatus
    speed_bps: int | None = None
    bandwidth_bps: int | None = None
    in_bps: int | None = None
    out_bps: int | None = None
    members: tuple[str, ...] = ()
    ipv4: tuple[str, ...] = ()
    ipv6: tuple[str, ...] = ()
    #: IPv6 neighbours seen on the interface; None when the platform did not report them.
    ipv6_neighbors: tuple[str, ...] | None = None
    #: The window (seconds) the device computed in_bps/out_bps over, as it printed it.
    rate_window_s: int | None = None
    #: Addresses of ``ipv6`` still in duplicate address detection ([TENTATIVE]).
    ipv6_tentative: tuple[str, ...] = ()
    #: The aggregate's members the device shows as up/selected; None when it does not say.
    members_up: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "oper_status": str(self.oper_status),
            "speed_bps": self.speed_bps,
            "bandwidth_bps": self.bandwidth_bps,
            "in_bps": self.in_bps,
            "out_bps": self.out_bps,
            "members": list(self.members),
            "ipv4": list(self.ipv4),
            "ipv6": list(self.ipv6),
            "ipv6_neighbors": None if self.ipv6_neighbors is None else list(self.ipv6_neighbors),
            "rate_window_s": self.rate_window_s,
            "ipv6_addresses": [
                {"address": a, "tentative": a in self.ipv6_tentative} for a in self.ipv6
            ],
            "members_up": None if self.members_up is None else list(self.members_up),
        }


class Failure(StrEnum):
    """Why a device could not be read; the reason the manifest and the audit give."""

    AUTH = "auth refused"
    TIMEOUT = "timeout"
    CLOSED = "closed mid-session"
    BAD_ANSWER = "error answer"
    GARBAGE = "garbage answer"
    UNREACHABLE = "unreachable"
    HOST_KEY = "host key rejected"
    UNSUPPORTED = "unsupported platform"
    ALGORITHMS = "no common SSH algorithms"
    TOO_LARGE = "answer too large"  # more than SshOptions.max_output_bytes for one command


#: The failures' words and the fixed details device errors carry: msgids.
FAILURE_TEXTS = (
    *(N_("auth refused"), N_("timeout"), N_("closed mid-session"), N_("error answer")),
    *(N_("garbage answer"), N_("unreachable"), N_("host key rejected")),
    *(N_("unsupported platform"), N_("no common SSH algorithms"), N_("answer too large")),
    *(N_("no prompt in time"), N_("the device closed the session")),
    *(N_("the device refused the login"), N_("the host key changed")),
    *(N_("no SSH answer in time"), N_("the device closed the connection before SSH")),
    *(N_("no interfaces in the answer"), N_("Connection refused"), N_("No route to host")),
    *(N_("Network is unreachable"), N_("Connection timed out")),
)


def failed(reason: Failure, detail: str) -> Message:
    """A device's error: its failure and what happened (``timeout: no prompt in time``)."""
    return M_("{failure}: {detail}", failure=M_(reason.value), detail=detail)


def device_error(text: str) -> str:
    """A device error read back from a snapshot's manifest, as a Message again.

    The manifest holds the English text ``<failure>: <detail>``; the failure is one of
    :class:`Failure`'s values, so it is shown translated, and so is the detail when it is
    one of the fixed details above (a detail that carries a value stays as the device gave it).
    """
    kind, sep, detail = text.partition(": ")
    if not sep or kind not in {f.value for f in Failure}:
        return text
    return M_("{failure}: {detail}", failure=M_(kind), detail=M_(detail))


@dataclass(frozen=True)
class DeviceResult:
    """One device's collection: its outputs by command, or why there are none."""

    name: str
    platform: str
    outputs: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    attempts: int = 1  # sessions it took (a transient failure is retried at the end)
    legacy_algorithms: tuple[str, ...] = ()  # old SSH algorithms the session had to use
    #: The outputs parsed, when collection already parsed them (to tell garbage); the audit
    #: uses them rather than parse twice. Not saved in snapshots.
    records: tuple[Interface, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def transient(self) -> bool:
        """Failed for a reason a later try may not meet: refused, timeout, dropped."""
        error = self.error or ""
        return error.startswith((f"{Failure.TIMEOUT}:", f"{Failure.CLOSED}:")) or (
            error.startswith(f"{Failure.UNREACHABLE}:") and "refused" in error.lower()
        )
