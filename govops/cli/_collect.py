"""Collection for the network commands: credentials, SSH options, workers, the progress bar."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from govops.cli import _terminal
from govops.errors import InputError
from govops.i18n import M_, current_lang, tr

MAX_WORKERS = 1024


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
                    M_(
                        "no SSH user for credentials `{profile}`: set {variable}",
                        profile=label,
                        variable=config.ENV_SSH_USER,
                    )
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
            cache[profile] = Credentials(user, password, legacy=config.ssh_legacy(profile))
        return cache[profile]

    return login


def ssh_options(
    connect_timeout: float, command_timeout: float, insecure: bool, known_hosts: Path | None
) -> Any:
    from govops import config
    from govops.network.ssh import SshOptions

    if insecure:
        _terminal.say(
            "warning: " + tr(current_lang(), "host keys are NOT checked (--insecure-host-keys)")
        )
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


def worker_count(value: str, devices: int) -> int:
    """``--workers``: a number of sessions at once, or ``auto`` (sized for waiting)."""
    from govops.network.pool import auto_workers, raise_open_files_limit

    if value.strip().lower() == "auto":
        return auto_workers(devices)
    try:
        count = int(value)
    except ValueError:
        raise InputError(
            M_("--workers {value}: expected a number or `auto`", value=value)
        ) from None
    if not 1 <= count <= MAX_WORKERS:
        raise InputError(
            M_("--workers {value}: expected 1 to {most}, or `auto`", value=value, most=MAX_WORKERS)
        )
    raise_open_files_limit()
    return count


def _ask_logins(devices: list[Any]) -> Any:
    """Ask every prompt before the bar starts; name the profiles that allow legacy SSH."""
    login = logins(sys.stdin.isatty())
    legacy = sorted({d.credentials or "default" for d in devices if login(d).legacy})
    for profile in legacy:
        _terminal.say(
            M_("credentials profile `{profile}` allows legacy SSH algorithms", profile=profile)
        )
    return login


@contextlib.contextmanager
def _progress(total: int) -> Iterator[tuple[Any, Any]]:
    """The bar on stderr: done of total, rate, failures so far, ETA."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("-/s" if speed is None else f"{speed:.1f}/s")

    lang = current_lang()
    columns = (
        TextColumn(tr(lang, "collect")),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TextColumn(tr(lang, "{failed} failed", failed="{task.fields[failed]}")),
        TimeElapsedColumn(),
        TextColumn(tr(lang, "ETA")),
        TimeRemainingColumn(),
    )
    failed = 0
    with Progress(*columns, console=_terminal.stderr_console(), speed_estimate_period=60) as bar:
        task = bar.add_task("collect", total=total, failed=0)

        def tick(result: Any) -> None:
            nonlocal failed
            failed += 0 if result.ok else 1
            bar.update(task, advance=1, failed=failed)

        def retry(round_: int, devices: int) -> None:
            bar.console.print(
                tr(
                    lang,
                    "retrying {n} devices (transient failures, round {round})",
                    n=devices,
                    round=round_,
                )
            )

        yield tick, retry


def read_devices(devices: list[Any], workers: int, options: Any, retries: int = 1) -> list[Any]:
    """Collect into memory with a progress bar on stderr (for an audit with --live)."""
    from govops.network.ssh import collect

    login = _ask_logins(devices)
    with _progress(len(devices)) as (tick, _retry):
        return collect(devices, login, options, workers, tick, retries)


def collect_to_snapshot(
    devices: list[Any],
    out: Path,
    workers: int,
    options: Any,
    retries: int,
    selection: dict[str, Any],
) -> Any:
    """Stream the devices into the snapshot ``out`` with a progress bar; a CollectRun."""
    from govops.network.collect import collect_snapshot

    login = _ask_logins(devices)
    with _progress(len(devices)) as (tick, retry):
        return collect_snapshot(
            devices, out, login, options, workers, tick, retries, retry, selection
        )
