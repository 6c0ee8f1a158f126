"""Reading devices over SSH: a bounded worker pool, one result envelope per device.

The only module that talks SSH (paramiko, which netmiko itself drives). A session logs
in, turns paging off and runs the platform's read-only commands, waiting on the
prompt rather than on fixed delays. One device failing never stops the fleet: every
failure becomes a DeviceResult with its reason. Credentials live only in memory.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.inventory.models import Device
from govops.network.models import DeviceResult, Failure
from govops.network.parsing import FAMILY, commands_for, error_answer, parse_device

logging.getLogger("paramiko").addHandler(logging.NullHandler())  # reasons go in the envelope

PAGING = {
    "huawei": "screen-length 0 temporary",
    "hp_comware": "screen-length disable",
    "cisco_ios": "terminal length 0",
}
_PROMPT = re.compile(rb"(?:^|[\r\n])([<\[]?[\w.\-~/:()]+[>\]#])\s*$")


@dataclass(frozen=True)
class Credentials:
    """A login. ``password`` None means SSH keys and the agent. Never printed."""

    username: str
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SshOptions:
    connect_timeout: float = 10.0
    command_timeout: float = 30.0
    insecure_host_keys: bool = False
    known_hosts: Path | None = None


class _Failed(Exception):
    def __init__(self, reason: Failure, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")


class _Session:
    """One interactive shell, read up to the device's prompt after every command."""

    def __init__(self, channel: Any, timeout: float) -> None:
        self.channel = channel
        self.timeout = timeout
        self.prompt = b""

    def _read_until_prompt(self, exact: bytes | None) -> bytes:
        buffer = b""
        deadline = time.monotonic() + self.timeout
        while True:
            tail = buffer.rstrip()
            if exact and tail.endswith(exact):
                return buffer
            if not exact and (match := _PROMPT.search(tail)):
                self.prompt = match[1]
                return buffer
            if time.monotonic() > deadline:
                raise _Failed(Failure.TIMEOUT, f"no prompt within {self.timeout:g}s")
            try:
                chunk = self.channel.recv(65536)
            except TimeoutError:
                raise _Failed(Failure.TIMEOUT, f"no answer within {self.timeout:g}s") from None
            if not chunk:
                raise _Failed(Failure.CLOSED, "the device closed the session")
            buffer += chunk

    def start(self) -> None:
        self._read_until_prompt(None)

    def run(self, command: str) -> str:
        self.channel.sendall(command.encode() + b"\n")
        raw = self._read_until_prompt(self.prompt).decode("utf-8", "replace").replace("\r", "")
        lines = raw.rstrip().splitlines()
        if lines and lines[0].strip().endswith(command):
            lines = lines[1:]  # the echo of the command
        if lines and lines[-1].strip() == self.prompt.decode():
            lines = lines[:-1]
        return "\n".join(lines) + "\n"


def _open_socket(device: Device, timeout: float) -> socket.socket:
    """TCP connect and wait for the server's first bytes, so silence is a clear timeout."""
    sock = socket.create_connection((device.host, device.port), timeout=timeout)
    # SSH sends small packets back and forth; Nagle plus delayed ACKs costs 40 ms a turn.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        if not sock.recv(1, socket.MSG_PEEK):
            raise _Failed(Failure.CLOSED, "the device closed the connection before SSH")
    except TimeoutError:
        sock.close()
        raise _Failed(Failure.TIMEOUT, f"no SSH banner within {timeout:g}s") from None
    return sock


def host_key_policy(options: SshOptions) -> Any:
    """The check every session's host key goes through, with known_hosts read once per run.

    paramiko would re-read and re-parse known_hosts for every connection, which makes a
    fleet's collection quadratic in its size.
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


def _connect(device: Device, login: Credentials, options: SshOptions, policy: Any) -> Any:
    import paramiko

    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(policy)
    keys = login.password is None
    sock = _open_socket(device, options.connect_timeout)
    client.connect(
        device.host,
        device.port,
        username=login.username,
        password=login.password,
        timeout=options.connect_timeout,
        banner_timeout=options.connect_timeout,
        auth_timeout=options.connect_timeout,
        sock=sock,
        look_for_keys=keys,
        allow_agent=keys,
    )
    return client


def _classify(exc: BaseException) -> str:
    import paramiko

    if isinstance(exc, _Failed):
        return str(exc)
    if isinstance(exc, paramiko.AuthenticationException):
        return f"{Failure.AUTH}: the device refused the login"
    if isinstance(
        exc, paramiko.BadHostKeyException | paramiko.SSHException
    ) and "known_hosts" in str(exc):
        return f"{Failure.HOST_KEY}: {exc} (add it to known_hosts, or --insecure-host-keys)"
    if isinstance(exc, paramiko.BadHostKeyException):
        return f"{Failure.HOST_KEY}: the host key changed"
    if isinstance(exc, TimeoutError | socket.timeout) or "banner" in str(exc):
        return f"{Failure.TIMEOUT}: no SSH answer in time"
    if isinstance(exc, EOFError | ConnectionResetError) or "closed" in str(exc).lower():
        return f"{Failure.CLOSED}: the device closed the session"
    if isinstance(exc, OSError):
        return f"{Failure.UNREACHABLE}: {exc.strerror or exc}"
    return f"{Failure.CLOSED}: {type(exc).__name__}: {exc}"


def _garbage(device: Device, outputs: dict[str, str]) -> str | None:
    """Why the answers are not what the platform prints (kept in the snapshot to look at)."""
    try:
        if parse_device(device.platform, outputs):
            return None
        problem = "no interfaces in the answer"
    except InputError as exc:
        problem = exc.message
    return f"{Failure.GARBAGE}: {problem}"


def read_device(
    device: Device, login: Credentials, options: SshOptions, policy: Any = None
) -> DeviceResult:
    """Run the device's command set; any failure becomes the envelope's error, never a raise."""
    if device.platform not in FAMILY:
        return DeviceResult(
            device.name, device.platform, error=f"{Failure.UNSUPPORTED}: {device.platform}"
        )
    client = None
    try:
        client = _connect(device, login, options, policy or host_key_policy(options))
        channel = client.invoke_shell(width=511, height=1000)
        channel.settimeout(options.command_timeout)
        session = _Session(channel, options.command_timeout)
        session.start()
        session.run(PAGING[FAMILY[device.platform]])
        outputs = {}
        for command in commands_for(device.platform):
            text = session.run(command)
            if (problem := error_answer(text)) is not None:
                raise _Failed(Failure.BAD_ANSWER, f"`{command}`: {problem}")
            outputs[command] = text
        return DeviceResult(device.name, device.platform, outputs, _garbage(device, outputs))
    except Exception as exc:  # one device's failure is its result, whatever it is
        return DeviceResult(device.name, device.platform, error=_classify(exc))
    finally:
        if client is not None:
            client.close()


def collect(
    devices: Sequence[Device],
    logins: Callable[[Device], Credentials],
    options: SshOptions = SshOptions(),
    workers: int = 16,
    on_result: Callable[[DeviceResult], None] | None = None,
) -> list[DeviceResult]:
    """Read every device with at most ``workers`` sessions at once; results in input order."""

    policy = host_key_policy(options)

    def one(device: Device) -> DeviceResult:
        result = read_device(device, logins(device), options, policy)
        if on_result is not None:
            on_result(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="ssh") as pool:
        return list(pool.map(one, devices))
