"""A simulated fleet on 127.0.0.1 built from an inventory. The only module that imports fakenos.

Each device is a fakenos host whose NOS answers its platform's read-only commands with
output generated from the inventory's ``intended`` state (see ``ports.py``/``render.py``).

fakenos' own paramiko server reads the channel one byte at a time with a 10 ms sleep
per byte and polls its shell through three helper threads per session: a 20-character
command costs 0.2 s before the device even answers, so a few hundred devices cannot be
served at the rates the benchmark asks. ``FleetSshServer`` keeps fakenos' host, NOS and
command shell and replaces only the session loop: it reads whole lines and answers
through the same ``CMDShell``. It also carries the fault injection, and the WAN
behaviour of ``wan.py`` (delay, slow logins, silent and flapping devices). All devices
share one accepting thread (``acceptor.py``), so one process serves thousands.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import paramiko
from fakenos import FakeNOS
from fakenos.core.nos import Nos
from fakenos.core.servers import TCPServerBase
from fakenos.plugins.servers.ssh_server_paramiko import (
    DEFAULT_SSH_KEY,
    ParamikoSshServer,
    ParamikoSshServerInterface,
)
from fakenos.plugins.shell.cmd_shell import CMDShell

from govops.errors import InputError
from govops.i18n import M_
from govops.inventory.models import Device, Inventory
from govops.lab.acceptor import Acceptor
from govops.lab.ports import device_ports
from govops.lab.render import RENDERERS
from govops.lab.wan import Behaviour, DelayedSocket, WanProfile, plan, restrict_to_legacy
from govops.network.pool import raise_open_files_limit

LAB_USER = "govops"
LAB_PASSWORD = "lab-only-password"  # a lab password on loopback, printed by `govops lab up`

_PROMPTS = {
    "huawei": "<{base_prompt}>",
    "huawei_vrpv8": "<{base_prompt}>",
    "hp_comware": "<{base_prompt}>",
    "cisco_ios": "{base_prompt}#",
    "ruijie_os": "{base_prompt}#",
    "zte_zxros": "{base_prompt}#",
}
_ERRORS = {
    "cisco_ios": "% Invalid input detected at '^' marker.",
    "ruijie_os": "% Unknown command.",
    "zte_zxros": "%Error 20200: Invalid input detected at '^' marker.",
}
_HUAWEI_ERROR = "Error: Unrecognized command found at '^' position."
_SETUP = (
    "screen-length 0 temporary",
    "screen-length disable",
    "terminal length 0",
    "terminal width 511",
    "terminal no monitor",
)


#: What a FLOOD device answers: more than a test-lowered SshOptions.max_output_bytes.
FLOOD_BYTES = 2 * 1024 * 1024


class Fault(StrEnum):
    WRONG_PASSWORD = "wrong-password"  # the device expects another password
    SILENT = "silent"  # accepts TCP, never says anything
    DROP = "drop"  # closes the session when asked its first real command
    ERROR = "error"  # answers its first real command with an error
    GARBAGE = "garbage"  # answers its first real command with line noise
    FLOOD = "flood"  # answers its first real command with FLOOD_BYTES of text


@dataclass(frozen=True)
class Endpoint:
    device: str
    platform: str
    host: str
    port: int


def device_nos(inventory: Inventory, device: Device, fault: Fault | None = None) -> Any:
    """The fakenos NOS of one device: its prompt and its commands' output."""
    outputs = RENDERERS[device.platform](device, device_ports(inventory, device))
    error = _ERRORS.get(device.platform, _HUAWEI_ERROR)
    first = next(iter(outputs))
    if fault is Fault.ERROR:
        outputs[first] = error
    elif fault is Fault.GARBAGE:
        outputs[first] = "\x1b[2J?? ~~~ 0x7f 0x7f +++ ATH0\n" * 3
    elif fault is Fault.FLOOD:
        outputs[first] = ("x" * 63 + "\n") * (FLOOD_BYTES // 64)
    commands = {c: {"output": "", "help": "session setup"} for c in _SETUP}
    commands.update({c: {"output": text, "help": c} for c, text in outputs.items()})
    commands["_default_"] = {"output": error, "help": "unknown command"}
    nos = Nos(
        name=f"govops-{device.name}", commands=commands, initial_prompt=_PROMPTS[device.platform]
    )
    nos.govops_fault = fault  # read by FleetSshServer
    nos.govops_commands = tuple(outputs)
    return nos


class _Login(ParamikoSshServerInterface):  # type: ignore[misc]
    """fakenos' login check, taking the time a device's AAA takes before it answers."""

    def __init__(self, ssh_banner: str, username: str, password: str, delay: float) -> None:
        super().__init__(ssh_banner=ssh_banner, username=username, password=password)
        self.delay = delay

    def check_auth_password(self, username: str, password: str) -> int:
        time.sleep(self.delay)
        result: int = super().check_auth_password(username, password)
        return result


class _Lines:
    """Where CMDShell writes a command's answer, collected to send in one piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        pass


class FleetSshServer(ParamikoSshServer):  # type: ignore[misc]
    """fakenos' paramiko server with a line-based session loop and the lab's faults."""

    def __init__(
        self,
        shell: type,
        nos: Any,
        nos_inventory_config: dict[str, Any],
        port: int,
        username: str,
        password: str,
        ssh_banner: str = "govops lab",
        shell_configuration: dict[str, Any] | None = None,
        address: str = "127.0.0.1",
        timeout: int = 1,
        watchdog_interval: float = 1,
        **_: Any,
    ) -> None:
        # fakenos' __init__ decodes its RSA host key for every device (40 ms each);
        # the lab decodes it once and shares it.
        TCPServerBase.__init__(self, address, port, timeout)
        self.nos, self.nos_inventory_config, self.shell = nos, nos_inventory_config, shell
        self.shell_configuration = shell_configuration or {}
        self.ssh_banner, self.username, self.password = ssh_banner, username, password
        self.watchdog_interval = watchdog_interval
        self._active_sessions: set[Any] = set()
        self._active_sessions_lock = threading.Lock()
        self._ssh_server_key = _host_key()
        self._sessions = 0

    #: Set on a per-run subclass by ``run_fleet``: the thread that accepts for every device,
    #: and the sockets it bound for them, by port.
    acceptor: Acceptor | None = None
    bound: dict[int, socket.socket] = {}  # noqa: RUF012 (replaced per run, never mutated here)

    def _bind_sockets(self) -> None:
        held = self.bound.get(self.port)
        if held is None:
            super()._bind_sockets()
        else:
            self._socket = held

    def start(self) -> None:
        """Listen through the shared acceptor instead of a thread per device."""
        if self.acceptor is None:
            super().start()
            return
        self._bind_sockets()
        self._is_running.set()
        self.acceptor.add(self._socket, self._accepted)

    def stop(self) -> None:
        if self.acceptor is not None and self._socket is not None:
            self.acceptor.remove(self._socket)
        super().stop()

    def _accepted(self, client: socket.socket) -> None:
        self.connection_function(client, self._is_running)

    def _session_fault(self, wan: Behaviour | None) -> Fault | None:
        """This session's fault: the injected one, else what the WAN plan makes of it."""
        fault: Fault | None = getattr(self.nos, "govops_fault", None)
        if fault is not None or wan is None:
            return fault
        if wan.silent:
            return Fault.SILENT
        with self._active_sessions_lock:
            self._sessions += 1
            first = self._sessions == 1
        return Fault.DROP if wan.flap and first else None

    def connection_function(self, client: socket.socket, is_running: threading.Event) -> None:
        wan: Behaviour | None = getattr(self.nos, "govops_wan", None)
        fault = self._session_fault(wan)
        if fault is Fault.SILENT:
            _hold(client, is_running)
            return
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if wan is not None and wan.rtt:
            time.sleep(wan.rtt)  # the TCP handshake's round trip
        transport = paramiko.Transport(DelayedSocket(client, wan.rtt) if wan else client)
        with self._active_sessions_lock:
            self._active_sessions.add(transport)
        try:
            transport.add_server_key(self._ssh_server_key)
            if wan is not None and wan.legacy:
                restrict_to_legacy(transport)
            transport.start_server(
                server=_Login(
                    ssh_banner=self.ssh_banner,
                    username=self.username,
                    password=self.password,
                    delay=wan.login_delay if wan else 0.0,
                )
            )
            channel = transport.accept(30)
            if channel is not None:
                self._serve(channel, fault, is_running)
        except (paramiko.SSHException, EOFError, OSError):
            pass  # the client went away; nothing to clean beyond the transport
        finally:
            transport.close()
            with self._active_sessions_lock:
                self._active_sessions.discard(transport)

    def _serve(self, channel: Any, fault: Fault | None, is_running: threading.Event) -> None:
        out = _Lines()
        shell = CMDShell(
            stdin=None,
            stdout=out,
            nos=self.nos,
            nos_inventory_config=self.nos_inventory_config,
            is_running=is_running,
            **self.shell_configuration,
        )
        channel.settimeout(60)
        channel.sendall(f"\r\nInfo: lab device.\r\n{shell.prompt}".encode())
        buffer = b""
        while is_running.is_set():
            chunk = channel.recv(4096)
            if not chunk:
                return
            buffer += chunk
            while b"\n" in buffer or b"\r" in buffer:
                line, buffer = _split_line(buffer)
                command = line.decode("utf-8", "replace").strip()
                if fault is Fault.DROP and command in self.nos.govops_commands:
                    channel.close()
                    return
                out.parts.clear()
                stop = shell.onecmd(command) if command else False
                if stop:
                    channel.close()
                    return
                reply = command + "\r\n" + "".join(out.parts) + shell.prompt
                channel.sendall(reply.encode())


def _split_line(buffer: bytes) -> tuple[bytes, bytes]:
    for index, byte in enumerate(buffer):
        if byte in (10, 13):
            rest = buffer[index + 1 :]
            if byte == 13 and rest.startswith(b"\n"):
                rest = rest[1:]
            return buffer[:index], rest
    return buffer, b""


def _hold(client: socket.socket, is_running: threading.Event) -> None:
    """A device that never answers: keep the connection open and silent until the lab stops."""
    while is_running.is_set():
        is_running.wait(0.5)
        if not is_running.is_set():
            break
        try:
            client.settimeout(0.5)
            if client.recv(1024) == b"":
                break
        except TimeoutError:
            continue
        except OSError:
            break
    client.close()


def bind_ports(count: int, base_port: int | None = None) -> list[socket.socket]:
    """``count`` sockets bound on 127.0.0.1: ports from ``base_port`` on, or free ones.

    The sockets stay bound and are handed to the devices, so no other process can take a
    port between choosing it and listening on it (a 5,000-device lab takes a while).
    """
    sockets: list[socket.socket] = []
    try:
        for n in range(count):
            s = socket.socket()
            sockets.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", base_port + n if base_port else 0))
    except OSError as exc:
        for s in sockets:
            s.close()
        port = base_port + len(sockets) - 1 if base_port else 0
        raise InputError(
            M_("cannot listen on 127.0.0.1:{port}: {reason}", port=port, reason=exc.strerror)
        ) from None
    return sockets


def check_ports_free(base_port: int, count: int) -> None:
    """InputError unless ports ``base_port .. base_port+count-1`` exist and are free."""
    from govops.errors import InputError

    last = base_port + count - 1
    if last > 65535:
        raise InputError(
            M_(
                "--base-port {base}: {count} devices need ports up to {last}, past 65535",
                base=base_port,
                count=count,
                last=last,
            )
        )
    for port in range(base_port, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as exc:
                raise InputError(
                    M_(
                        "--base-port {base}: port {port} is taken ({reason}); "
                        "leave --base-port out to use free ports",
                        base=base_port,
                        port=port,
                        reason=exc.strerror,
                    )
                ) from None


@contextmanager
def run_fleet(
    inventory: Inventory,
    devices: list[str] | None = None,
    faults: Mapping[str, Fault] | None = None,
    base_port: int | None = None,
    wan: WanProfile | None = None,
) -> Iterator[list[Endpoint]]:
    """Serve the devices (all by default) on 127.0.0.1 until the block ends.

    ``wan`` gives every device its round trip, login delay and silence (see ``wan.py``).
    """
    raise_open_files_limit()  # a listening socket per device, a connection per session
    names = devices or list(inventory.devices)
    faults = faults or {}
    bound = bind_ports(len(names), base_port)
    ports = [s.getsockname()[1] for s in bound]
    plugins = [device_nos(inventory, inventory.devices[n], faults.get(n)) for n in names]
    behaviours = plan(names, wan) if wan is not None and wan.active else {}
    for name, nos in zip(names, plugins, strict=True):
        nos.govops_wan = behaviours.get(name)  # read by FleetSshServer
    hosts = {}
    for name, port, nos in zip(names, ports, plugins, strict=True):
        wrong = faults.get(name) is Fault.WRONG_PASSWORD
        hosts[name] = {
            "username": LAB_USER,
            "port": port,
            "nos": {"plugin": nos.name},
            "password": LAB_PASSWORD + "-rotated" if wrong else LAB_PASSWORD,
        }
    fleet = FakeNOS(inventory={"hosts": hosts}, plugins=plugins)
    acceptor = Acceptor()
    fleet.servers_plugins["ParamikoSshServer"] = type(
        "FleetRunServer",
        (FleetSshServer,),
        {"acceptor": acceptor, "bound": dict(zip(ports, bound, strict=True))},
    )
    try:
        fleet.start()
        yield [
            Endpoint(n, inventory.devices[n].platform, "127.0.0.1", p)
            for n, p in zip(names, ports, strict=True)
        ]
    finally:
        _stop(fleet)
        acceptor.close()


def _stop(fleet: Any) -> None:
    """Stop every host at once: each waits up to a second for its listener to notice."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(lambda host: host.stop(), fleet.hosts.values()))


@cache
def _host_key() -> Any:
    """The lab devices' host key: fakenos' published test key (loopback only)."""
    return paramiko.RSAKey(file_obj=io.StringIO(DEFAULT_SSH_KEY))


def write_known_hosts(endpoints: list[Endpoint], path: Path) -> Path:
    """known_hosts lines for the lab devices' host key, so collect can check host keys."""
    key = _host_key()
    lines = [f"[{e.host}]:{e.port} {key.get_name()} {key.get_base64()}\n" for e in endpoints]
    path.write_text("".join(lines), encoding="utf-8")
    return path
