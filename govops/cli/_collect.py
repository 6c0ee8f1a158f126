"""Collection for the network commands: credentials, SSH options, the progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from govops.cli import _terminal
from govops.errors import InputError


def logins(interactive: bool) -> Any:
    """Credentials per profile from GOVOPS_SSH_*, a prompt on a terminal, or keys/agent."""
    from govops import config
    from govops.network.ssh import Credentials

    cache: dict[str | None, Credentials] = {}

    def login(device: Any) -> Credentials:
        profile = device.credentials
        if profile not in cache:
            user, password = config.ssh_login(profile)
            label = profile or "default"
            if user is None and interactive:
                user = typer.prompt(f"SSH user ({label})", err=True)
            if user is None:
                raise InputError(
                    f"no SSH user for credentials `{label}`: set {config.ENV_SSH_USER}"
                )
            if password is None and interactive:
                password = (
                    typer.prompt(
                        f"SSH password for {user} (empty: keys/agent)",
                        default="",
                        hide_input=True,
                        show_default=False,
                        err=True,
                    )
                    or None
                )
            cache[profile] = Credentials(user, password)
        return cache[profile]

    return login


def ssh_options(
    connect_timeout: float, command_timeout: float, insecure: bool, known_hosts: Path | None
) -> Any:
    from govops import config
    from govops.network.ssh import SshOptions

    if insecure:
        _terminal.say("warning: host keys are NOT checked (--insecure-host-keys)")
    return SshOptions(
        connect_timeout, command_timeout, insecure, config.known_hosts_path(known_hosts)
    )


def live_options(
    live: bool,
    connect_timeout: float,
    command_timeout: float,
    insecure: bool,
    known_hosts: Path | None,
) -> Any:
    """SSH options when reading devices now (--live); None when reading a snapshot."""
    if not live:
        return None
    return ssh_options(connect_timeout, command_timeout, insecure, known_hosts)


def read_devices(devices: list[Any], out: Path | None, workers: int, options: Any) -> list[Any]:
    """Collect with a progress bar on stderr (done, failed, ETA); optionally write a snapshot."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from govops.network.collect import collect_snapshot
    from govops.network.ssh import collect

    login = logins(sys.stdin.isatty())
    for device in devices:
        login(device)  # ask every prompt before the bar starts
    failed = 0
    columns = (
        TextColumn("collect"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_terminal.stderr_console(), transient=False) as bar:
        task = bar.add_task("collect", total=len(devices), failed=0)

        def tick(result: Any) -> None:
            nonlocal failed
            failed += 0 if result.ok else 1
            bar.update(task, advance=1, failed=failed)

        if out is None:
            return collect(devices, login, options, workers, tick)
        return collect_snapshot(devices, out, login, options, workers, tick)
