"""Reading devices over SSH with netmiko: a bounded worker pool, one result envelope per device.

The only module that talks SSH: netmiko drives every session, paramiko is only its
transport. Plain netmiko spends almost all of a session asleep (fixed delays around
finding the prompt, a two-second quiet read before a Huawei logout), so govops builds
the connection itself and keeps every wait on the prompt: it hands netmiko an
already-connected socket (TCP_NODELAY, a connect timeout that also covers a silent
device) and the run's host-key policy, replaces netmiko's session preparation with one
paging-off command whose answer gives the prompt, reads each command up to that prompt
with netmiko's read_until_pattern, and closes without the logout dialogue. One device
failing never stops the fleet: every failure becomes a DeviceResult with its reason.
Credentials live only in memory.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.i18n import M_
from govops.inventory.models import Device
from govops.network.models import DeviceResult, Failure, failed
from govops.network.output_file import MAX_OUTPUT_BYTES
from govops.network.parsing import (
    FAMILY,
    commands_for,
    error_answer,
    parse_device,
    stream_decoder,
)
from govops.network.pool import Watchdog

for _name in ("paramiko", "netmiko"):  # reasons go in the envelope, never to stderr
    logging.getLogger(_name).addHandler(logging.NullHandler())

PAGING = {
    "huawei": "screen-length 0 temporary",
    "hp_comware": "screen-length disable",
    "cisco_ios": "terminal length 0",
    "ruijie_os": "terminal length 0",
    "zte_zxros": "terminal length 0",
}
#: A prompt on the last line of what the device printed (no capturing group: netmiko's
#: read_until_pattern splits on it).
_PROMPT_AT_END = r"(?:^|\n)[<\[]?[\w.\-~/:()]+[>\]#]\s*$"
_PROMPT = re.compile(r"([<\[]?[\w.\-~/:()]+[>\]#])\s*$")


#: Algorithms old township devices may still need; offered only to a credentials profile
#: that allows them (GOVOPS_SSH_LEGACY_<PROFILE>), and named in the output when used.
LEGACY_ALGORITHMS = {
    "kex": [
        "diffie-hellman-group1-sha1",
        "diffie-hellman-group14-sha1",
        "diffie-hellman-group-exchange-sha1",
    ],
    "ciphers": ["aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc"],
    "macs": ["hmac-md5", "hmac-md5-96", "hmac-sha1-96"],
    "keys": ["ssh-rsa"],
}


@dataclass(frozen=True)
class Credentials:
    """A login. ``password`` None means SSH keys and the agent. Never printed."""

    username: str
    password: str | None = field(default=None, repr=False)
    legacy: bool = False  # the profile allows LEGACY_ALGORITHMS


@dataclass(frozen=True)
class SshOptions:
    connect_timeout: float = 10.0
    command_timeout: float = 30.0
    insecure_host_keys: bool = False
    known_hosts: Path | None = None
    #: Bytes one command's answer may take (the cap on saved output files too); a device
    #: answering more fails with its size instead of filling memory until the timeout.
    max_output_bytes: int = MAX_OUTPUT_BYTES

    def deadline(self, commands: int) -> float:
        """The longest one device may take: connect and log in, then every command's wait."""
        return self.connect_timeout + self.command_timeout * (commands + 1)


class _Failed(Exception):
    def __init__(self, reason: Failure, detail: str) -> None:
        self.error = failed(reason, detail)
        super().__init__(self.error)


class _TooLarge(Exception):
    """One answer passed the channel's ``limit``; ``received`` bytes were read."""

    def __init__(self, received: int) -> None:
        super().__init__(received)
        self.received = received


@cache
def _channel_class() -> type:
    """netmiko's SSH channel, told to notice when the device closes the session.

    netmiko polls ``recv_ready()``, which stays False on a closed channel, so a device that
    hangs up would only show as a read timeout, a whole command timeout later.
    """
    from netmiko.channel import SSHChannel
    from netmiko.exceptions import ReadException
    from netmiko.netmiko_globals import MAX_BUFFER

    class ClosingAwareChannel(SSHChannel):
        """Also decodes as ``decode_output`` does: netmiko's own decode drops what is not
        UTF-8 (GB18030 descriptions on VRP and Comware) without a word; and counts the bytes
        of the answer being read, refusing more than ``limit``."""

        decoder: Any = None
        received = 0  # bytes of the current answer (reset before each command is read)
        limit: int | None = None

        def read_buffer(self) -> str:
            conn = self.remote_conn
            if conn is None:
                raise ReadException("the device closed the session")
            closing = conn.eof_received or conn.closed
            data = ""
            if conn.recv_ready():  # what came before the close is still read
                raw = conn.recv(MAX_BUFFER)
                self.received += len(raw)
                if self.limit is not None and self.received > self.limit:
                    raise _TooLarge(self.received)
                self.decoder = self.decoder or stream_decoder()
                data = self.decoder.decode(raw) if raw else ""
                closing = closing or not raw
            if not data and closing:
                raise ReadException("the device closed the session")
            return data

    return ClosingAwareChannel


def _open_socket(device: Device, timeout: float) -> socket.socket:
    """TCP connect and wait for the server's first bytes, so silence is a clear timeout."""
    sock = socket.create_connection((device.host, device.port), timeout=timeout)
    # SSH sends small packets back and forth; Nagle plus delayed ACKs costs 40 ms a turn.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        if not sock.recv(1, socket.MSG_PEEK):
            raise _Failed(Failure.CLOSED, M_("the device closed the connection before SSH"))
    except TimeoutError:
        sock.close()
        raise _Failed(
            Failure.TIMEOUT, M_("no SSH banner within {timeout:g}s", timeout=timeout)
        ) from None
    return sock


def host_key_policy(options: SshOptions) -> Any:
    """The check every session's host key goes through, with known_hosts read once per run.

    paramiko (and netmiko's ``alt_key_file``) would re-read and re-parse known_hosts for
    every connection, which makes a fleet's collection quadratic in its size.
    """
    import paramiko

    if options.insecure_host_keys:
        return paramiko.MissingHostKeyPolicy()  # accepts, and saves nothing
    keys = paramiko.HostKeys()
    if options.known_hosts and options.known_hosts.exists():
        keys.load(str(options.known_hosts))
    known = {(host, kind): key for host, kinds in keys.items() for kind, key in kinds.items()}

    class KnownHosts(paramiko.MissingHostKeyPolicy):  # type: ignore[misc]
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            expected = known.get((hostname, key.get_name()))
            if expected is None and keys.check(hostname, key):  # hashed entries
                return
            if expected is None:
                raise paramiko.SSHException(f"host key for {hostname} is not in known_hosts")
            if expected != key:
                raise paramiko.BadHostKeyException(hostname, key, expected)

    return KnownHosts()


def _connect(
    device: Device, login: Credentials, options: SshOptions, policy: Any, sock: socket.socket
) -> Any:
    """A logged-in netmiko connection over ``sock``, without netmiko's session preparation."""
    from netmiko import ConnectHandler

    keys = login.password is None
    conn = ConnectHandler(
        device_type=device.platform,
        host=device.host,
        port=device.port,
        username=login.username,
        password=login.password,
        allow_agent=keys,
        sock=sock,
        conn_timeout=options.connect_timeout,
        banner_timeout=options.connect_timeout,
        auth_timeout=options.connect_timeout,
        blocking_timeout=options.command_timeout,
        read_timeout_override=options.command_timeout,
        fast_cli=True,
        auto_connect=False,
        disabled_algorithms=None
        if login.legacy
        else {k: list(v) for k, v in LEGACY_ALGORITHMS.items()},
    )
    # Set before connecting: netmiko takes no policy argument, and its use_keys insists on
    # a key file where paramiko would look in ~/.ssh itself.
    conn.key_policy = policy
    conn.use_keys = keys
    try:
        conn.establish_connection()
    except BaseException:
        _close(conn)
        raise
    channel = _channel_class()(conn.remote_conn, conn.encoding)
    channel.limit = options.max_output_bytes
    conn.channel = channel
    # netmiko's Huawei driver strips the cursor codes VRP prints; keep that.
    conn.ansi_escape_codes = FAMILY[device.platform] == "huawei"
    return conn


def _legacy_used(conn: Any) -> tuple[str, ...]:
    """The legacy cipher, MAC and host key type this session agreed on.

    paramiko forgets the key exchange it agreed on once the keys are in use, so a legacy
    key exchange alone is not named (only allowed).
    """
    transport = conn.remote_conn_pre.get_transport() if conn.remote_conn_pre else None
    if transport is None:
        return ()
    agreed = (
        transport.local_cipher,
        transport.remote_cipher,
        transport.local_mac,
        transport.remote_mac,
        transport.host_key_type,
    )
    legacy = {name for names in LEGACY_ALGORITHMS.values() for name in names}
    return tuple(sorted({a for a in agreed if a in legacy}))


def _close(conn: Any) -> None:
    """Close at once: netmiko's disconnect() first waits 2 s for a quiet Huawei line."""
    if conn.remote_conn_pre is not None:
        conn.remote_conn_pre.close()  # the transport, and with it the shell channel
    conn.disconnect()  # its logout write fails on the closed channel; it unhooks its log filter


def _read_until(conn: Any, pattern: str, command: str) -> str:
    """netmiko's read up to ``pattern`` (within read_timeout_override), failures as reasons:
    ``command``'s answer may take at most the channel's ``limit`` bytes."""
    from netmiko.exceptions import ReadException, ReadTimeout

    conn.channel.received = 0
    try:
        text: str = conn.read_until_pattern(pattern=pattern)
    except ReadTimeout:
        timeout = conn.read_timeout_override
        raise _Failed(
            Failure.TIMEOUT, M_("no prompt within {timeout:g}s", timeout=timeout)
        ) from None
    except ReadException:
        raise _Failed(Failure.CLOSED, M_("the device closed the session")) from None
    except _TooLarge as exc:
        limit = conn.channel.limit
        detail = M_(
            "`{command}` answered more than {limit:,} bytes ({received:,} read)",
            command=command,
            limit=limit,
            received=exc.received,
        )
        raise _Failed(Failure.TOO_LARGE, detail) from None
    return text


def _prepare(conn: Any, platform: str) -> str:
    """Paging off, and the prompt from the last line of that command's answer."""
    paging = PAGING[FAMILY[platform]]
    conn.write_channel(conn.normalize_cmd(paging))
    # Read past the command's echo, so a login banner's last line is never the prompt.
    answer = _read_until(conn, re.escape(paging) + r"[\s\S]*" + _PROMPT_AT_END, paging)
    match = _PROMPT.search(answer.rstrip())
    assert match is not None  # the pattern read up to ends with a prompt
    prompt = match[1]
    conn.base_prompt = prompt.strip("<[]>#") or prompt  # what strip_prompt looks for
    return prompt


def _run(conn: Any, command: str, prompt: str) -> str:
    """One command's answer, read up to the prompt, without its echo or the prompt.

    The way netmiko's own disable_paging reads a command: send_command would sleep 25 ms
    before its first read, longer than a device on the LAN takes to answer.
    """
    conn.write_channel(conn.normalize_cmd(command))
    raw = _read_until(conn, r"(?:^|\n)" + re.escape(prompt) + r"\s*$", command)
    text: str = conn.strip_prompt(conn.strip_command(command, raw))
    return text + "\n"


def _origin(exc: BaseException) -> BaseException:
    """The paramiko exception netmiko wrapped in its own, when it did."""
    from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

    wrapped = (NetmikoAuthenticationException, NetmikoTimeoutException)
    while isinstance(exc, wrapped) and exc.__context__ is not None:
        exc = exc.__context__
    return exc


def _classify(exc: BaseException) -> str:
    import paramiko
    from netmiko.exceptions import ReadException, ReadTimeout

    if isinstance(exc, _Failed):
        return exc.error
    if isinstance(exc, ReadTimeout):  # e.g. Huawei's login handler waiting for a prompt
        return failed(Failure.TIMEOUT, M_("no prompt in time"))
    if isinstance(exc, ReadException):
        return failed(Failure.CLOSED, M_("the device closed the session"))
    exc = _origin(exc)
    if isinstance(exc, paramiko.AuthenticationException):
        return failed(Failure.AUTH, M_("the device refused the login"))
    if isinstance(
        exc, paramiko.BadHostKeyException | paramiko.SSHException
    ) and "known_hosts" in str(exc):
        return failed(
            Failure.HOST_KEY,
            M_("{reason} (add it to known_hosts, or --insecure-host-keys)", reason=str(exc)),
        )
    if isinstance(exc, paramiko.SSHException) and "Incompatible" in str(exc):
        return failed(
            Failure.ALGORITHMS,
            M_(
                "{reason} (if the device needs legacy algorithms, "
                "allow them for its credentials profile: GOVOPS_SSH_LEGACY_<PROFILE>=1)",
                reason=str(exc),
            ),
        )
    if isinstance(exc, paramiko.BadHostKeyException):
        return failed(Failure.HOST_KEY, M_("the host key changed"))
    if isinstance(exc, TimeoutError | socket.timeout) or "banner" in str(exc):
        return failed(Failure.TIMEOUT, M_("no SSH answer in time"))
    if isinstance(exc, EOFError | ConnectionResetError) or "closed" in str(exc).lower():
        return failed(Failure.CLOSED, M_("the device closed the session"))
    if isinstance(exc, OSError):
        return failed(Failure.UNREACHABLE, M_(exc.strerror) if exc.strerror else str(exc))
    return failed(Failure.CLOSED, f"{type(exc).__name__}: {exc}")


def _parsed(device: Device, outputs: dict[str, str]) -> DeviceResult:
    """The answers with their records, or why they are not what the platform prints (the
    answers are kept in the snapshot to look at)."""
    problem: str
    try:
        if records := parse_device(device.platform, outputs):
            return DeviceResult(device.name, device.platform, outputs, records=tuple(records))
        problem = M_("no interfaces in the answer")
    except InputError as exc:
        problem = exc.message
    return DeviceResult(device.name, device.platform, outputs, failed(Failure.GARBAGE, problem))


def read_device(
    device: Device,
    login: Credentials,
    options: SshOptions,
    policy: Any = None,
    watchdog: Watchdog | None = None,
) -> DeviceResult:
    """Run the device's command set; any failure becomes the envelope's error, never a raise.

    With a ``watchdog`` the session is cut at ``options.deadline``, whatever the device
    does (a device that drips one byte at a time included).
    """
    if device.platform not in FAMILY:
        return DeviceResult(
            device.name, device.platform, error=failed(Failure.UNSUPPORTED, device.platform)
        )
    sock: socket.socket | None = None
    conn: Any = None
    token: int | None = None
    commands = commands_for(device.platform)
    try:
        sock = _open_socket(device, options.connect_timeout)
        if watchdog is not None:
            token = watchdog.watch(sock, options.deadline(len(commands)))
        conn = _connect(device, login, options, policy or host_key_policy(options), sock)
        legacy = _legacy_used(conn)
        prompt = _prepare(conn, device.platform)
        outputs = {}
        for command in commands:
            text = _run(conn, command, prompt)
            if (problem := error_answer(text)) is not None:
                raise _Failed(
                    Failure.BAD_ANSWER,
                    M_("`{command}`: {problem}", command=command, problem=problem),
                )
            outputs[command] = text
        return replace(_parsed(device, outputs), legacy_algorithms=legacy)
    except Exception as exc:  # one device's failure is its result, whatever it is
        error = _classify(exc)
        if token is not None and watchdog is not None and watchdog.release(token):
            token = None
            error = failed(
                Failure.TIMEOUT,
                M_(
                    "cut at the {deadline:g}s deadline",
                    deadline=options.deadline(len(commands)),
                ),
            )
        return DeviceResult(device.name, device.platform, error=error)
    finally:
        if token is not None and watchdog is not None:
            watchdog.release(token)
        if conn is not None:
            _close(conn)
        if sock is not None:
            sock.close()


def collect(
    devices: Sequence[Device],
    logins: Callable[[Device], Credentials],
    options: SshOptions = SshOptions(),
    workers: int = 16,
    on_result: Callable[[DeviceResult], None] | None = None,
    retries: int = 0,
) -> list[DeviceResult]:
    """Read every device with at most ``workers`` sessions at once; results in input order.

    Holds every result in memory: for a province, stream with ``sessions.collect_stream``.
    """
    from govops.network.sessions import collect_stream

    order = {device.name: n for n, device in enumerate(devices)}
    results = collect_stream(devices, logins, options, workers, retries, on_result)
    return sorted(results, key=lambda r: order[r.name])
