"""govops lab: the simulated province (SSH fleet and OpenStack API) on loopback."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli import _terminal
from govops.cli._app import new_app
from govops.cli._terminal import say
from govops.errors import reason
from govops.i18n import M_, N_, _, headings

app = new_app(help="Run the simulated province on loopback: SSH devices and an OpenStack API.")


@app.command()
def up(
    inventory: Annotated[
        list[Path], typer.Option("--inventory", "-i", help="Inventory the lab is built from.")
    ],
    fleet: Annotated[
        bool, typer.Option("--fleet/--no-fleet", help="Serve the devices over SSH.")
    ] = True,
    base_port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="First SSH port of the fleet (default: free ports)."),
    ] = None,
    lab_inventory: Annotated[
        Path, typer.Option(help="Where to write the inventory pointing at the lab ports.")
    ] = Path("build/lab/lab-inventory.yaml"),
    show: Annotated[int, typer.Option(help="Devices to list (all: 0).")] = 0,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            metavar="DEVICE=KIND",
            help="Make a device fail: wrong-password, silent, drop, error or garbage.",
        ),
    ] = None,
    latency: Annotated[
        str | None,
        typer.Option(help="Round trip added to every exchange, per device: e.g. 20-120ms."),
    ] = None,
    login_delay: Annotated[
        str | None, typer.Option(help="Time each device takes to accept a login: e.g. 1-2s.")
    ] = None,
    silent: Annotated[
        str, typer.Option(help="Share of devices that accept TCP and never answer: e.g. 2%.")
    ] = "0%",
    flap: Annotated[
        str, typer.Option(help="Share of devices that drop their first session mid-command.")
    ] = "0%",
    legacy_ssh: Annotated[
        str, typer.Option(help="Share of devices offering only legacy SSH algorithms.")
    ] = "0%",
    seed: Annotated[int, typer.Option(help="Seed of which device gets which delay and fault.")] = 0,
    openstack: Annotated[
        bool, typer.Option("--openstack/--no-openstack", help="Serve the lab OpenStack API.")
    ] = True,
    openstack_port: Annotated[
        int,
        typer.Option(
            min=0, max=65535, help="Port of the lab OpenStack API on 127.0.0.1 (0: any free)."
        ),
    ] = 0,
    clouds_yaml: Annotated[
        Path, typer.Option(help="Where to write the clouds.yaml of the lab clouds.")
    ] = Path("build/lab/clouds.yaml"),
) -> None:
    """Start the lab in the foreground until Ctrl-C (or SIGTERM).

    The fleet serves every inventory device over SSH on 127.0.0.1, answering its
    platform's read-only commands from the inventory's `intended` state; point
    `govops network collect` at the written lab inventory. The OpenStack part serves
    Keystone, Nova, Placement and Cinder for every cloud of the inventory and writes a
    clouds.yaml (lab-only credentials): export OS_CLIENT_CONFIG_FILE=<that file>.
    """
    from govops.inventory import load_inventory

    wan = wan_profile(latency, login_delay, silent, flap, legacy_ssh, seed)
    inv = load_inventory(inventory)
    with contextlib.ExitStack() as stack:
        if fleet:
            faults = _faults(fault or [], inv.devices)
            _fleet_up(stack, inv, faults, base_port, lab_inventory, show, wan)
        if openstack:
            lab = _openstack_up(inv, openstack_port, clouds_yaml)
            stack.callback(lab.stop)
        say(M_("Ctrl-C stops the lab."))
        _wait_for_stop()
    say(M_("lab stopped"))


@app.command()
def metrics(
    inventory: Annotated[
        list[Path], typer.Option("--inventory", "-i", help="Inventory whose links to simulate.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="OpenMetrics file to write.")],
    days: Annotated[float, typer.Option(min=0.01, max=60, help="Days of history.")] = 7.0,
    step: Annotated[str, typer.Option(help="Time between samples (scrape interval).")] = "5m",
    end: Annotated[
        float | None, typer.Option(help="Last sample time, Unix seconds (default: now).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the spikes' times.")] = 0,
    recorded: Annotated[
        bool,
        typer.Option(
            help="Also write the 5-minute rates the recording rules of deploy/prometheus record."
        ),
    ] = False,
) -> None:
    """Write interface counter history of the inventory's links as OpenMetrics.

    Both ends of every link, as snmp_exporter's if_mib would scrape them (ifHCInOctets,
    ifHCOutOctets by instance and ifName): a daily curve peaking at each link's intended
    load, a short spike a day, a counter reset on every 40th link. Backfill a Prometheus:
    promtool tsdb create-blocks-from openmetrics --max-block-duration=168h FILE DATA_DIR.
    """
    import time

    from govops.errors import InputError
    from govops.inventory import load_inventory
    from govops.lab.metrics import write_openmetrics
    from govops.units import parse_duration

    try:
        step_s = int(parse_duration(step))
    except ValueError as exc:
        raise InputError(M_("--step: {reason}", reason=reason(exc))) from None
    if not 10 <= step_s <= 3600:
        raise InputError(M_("--step {step}: give between 10s and 1h", step=step))
    if recorded and step_s != 300:
        raise InputError(M_("--recorded writes 5-minute rates: give --step 5m"))
    inv = load_inventory(inventory)
    last = int(end if end is not None else time.time())
    try:
        with output.open("w", encoding="utf-8") as out:
            series = write_openmetrics(inv, out, last, days, step_s, seed, recorded)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InputError(M_("cannot write `{path}`: {reason}", path=output, reason=why)) from None
    samples = series * (int(days * 86400) // step_s + 1)
    say(M_("{series} series, about {samples} samples, in {output}", series=series,
           samples=f"{samples:,}", output=str(output)))  # fmt: skip
    say(
        _("backfill: {command}", command="promtool tsdb create-blocks-from openmetrics "
          f"--max-block-duration=168h {output} DATA_DIR")
    )  # fmt: skip
    _terminal.print_text(str(output))


def _fleet_up(
    stack: contextlib.ExitStack,
    inv: Any,
    faults: dict[str, Any],
    base_port: int | None,
    lab_inventory: Path,
    show: int,
    wan: Any,
) -> None:
    """The network part of the lab: SSH devices, their lab inventory and known_hosts."""
    from govops.lab.files import write_lab_inventory
    from govops.lab.fleet import (
        LAB_PASSWORD,
        LAB_USER,
        check_ports_free,
        run_fleet,
        write_known_hosts,
    )
    from govops.lab.wan import describe, plan
    from govops.network.pool import raise_open_files_limit

    soft, _hard = raise_open_files_limit()
    if soft < len(inv.devices) + 256:
        from govops.errors import InputError

        raise InputError(
            M_(
                "{n} devices need more open files than this process may have ({soft}); "
                "raise the hard limit (ulimit -Hn) or serve fewer devices",
                n=len(inv.devices),
                soft=soft,
            )
        )
    if base_port is not None:
        check_ports_free(base_port, len(inv.devices))
    endpoints = stack.enter_context(run_fleet(inv, faults=faults, base_port=base_port, wan=wan))
    write_lab_inventory(inv, endpoints, lab_inventory)
    known_hosts = write_known_hosts(endpoints, lab_inventory.with_suffix(".known_hosts"))
    if wan.active:
        say(describe(plan([e.device for e in endpoints], wan)))
    rows = [[e.device, e.platform, f"{e.host}:{e.port}"] for e in endpoints]
    columns = headings([N_("device"), N_("platform"), N_("listens on")])
    _terminal.print_table(_("Lab devices"), columns, rows[: show or None], right=99)
    say(
        _("{n} devices on 127.0.0.1; login {user} / {password}", n=len(endpoints),
          user=LAB_USER, password=LAB_PASSWORD) + "\n"
        f"export GOVOPS_SSH_USER={LAB_USER} GOVOPS_SSH_PASSWORD={LAB_PASSWORD}\n"
        f"govops network collect -i {lab_inventory} --known-hosts {known_hosts}"
    )  # fmt: skip


def wan_profile(
    latency: str | None,
    login_delay: str | None,
    silent: str,
    flap: str,
    legacy_ssh: str,
    seed: int,
) -> Any:
    """The lab's WAN options -> a WanProfile; a bad value is an input error (exit 2)."""
    from govops.errors import InputError
    from govops.lab.wan import Span, WanProfile, parse_share, parse_span

    profile = WanProfile(
        latency=parse_span(latency, "--latency") if latency else Span(),
        login_delay=parse_span(login_delay, "--login-delay") if login_delay else Span(),
        silent=parse_share(silent, "--silent"),
        flap=parse_share(flap, "--flap"),
        legacy=parse_share(legacy_ssh, "--legacy-ssh"),
        seed=seed,
    )
    if profile.silent + profile.flap > 1:
        raise InputError(
            M_(
                "--silent {silent} and --flap {flap}: together at most 100%",
                silent=silent,
                flap=flap,
            )
        )
    return profile


def _faults(specs: list[str], devices: Any) -> dict[str, Any]:
    """``DEVICE=KIND`` options -> {device: Fault}; a bad one is an input error (exit 2)."""
    from govops.errors import InputError
    from govops.lab.fleet import Fault

    faults = {}
    for spec in specs:
        name, _sep, kind = spec.partition("=")
        if name not in devices:
            raise InputError(
                M_("--fault {spec}: no device `{name}` in the inventory", spec=spec, name=name)
            )
        try:
            faults[name] = Fault(kind)
        except ValueError:
            kinds = ", ".join(f.value for f in Fault)
            raise InputError(
                M_(
                    "--fault {spec}: unknown fault `{kind}`; one of {kinds}",
                    spec=spec,
                    kind=kind,
                    kinds=kinds,
                )
            ) from None
    return faults


def _openstack_up(inv: Any, port: int, clouds_yaml: Path) -> Any:
    """The cloud part of the lab: the loopback OpenStack API and its clouds.yaml."""
    from govops.lab.openstack import start

    lab = start(inv, port=port)
    lab.write_clouds_yaml(clouds_yaml)
    say(M_("lab OpenStack: {url} serving {n} clouds ({clouds})", url=lab.url, n=len(lab.clouds),
           clouds=", ".join(lab.clouds)))  # fmt: skip
    say(f"clouds.yaml: {clouds_yaml} (export OS_CLIENT_CONFIG_FILE={clouds_yaml})")
    return lab


def _wait_for_stop() -> None:
    """Block until SIGINT or SIGTERM."""
    import signal
    import threading

    stop = threading.Event()

    def handler(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    stop.wait()


@app.command("netbox")
def netbox_command(
    inventory: Annotated[
        list[Path], typer.Option("--inventory", "-i", help="Inventory the lab NetBox holds.")
    ],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: any free).")] = 0,
    token_env: Annotated[
        str,
        typer.Option(help="Use the token in this variable (unset: make one up and print it)."),
    ] = "NETBOX_TOKEN",
    page_size: Annotated[
        int, typer.Option(min=1, help="Largest page NetBox answers (MAX_PAGE_SIZE).")
    ] = 1000,
) -> None:
    """Serve an inventory as a read-only NetBox 4.2 REST API on loopback until Ctrl-C.

    Sites sit in nested regions (departments in the site group `departments`), devices
    carry platform slugs and primary IPv4 addresses, contracted links are circuits in
    circuit groups and the others are cables: what `govops inventory import-netbox`
    reads (with playbooks/netbox-mapping.yaml).
    """
    import os

    from govops.inventory import load_inventory
    from govops.lab.netbox import start

    inv = load_inventory(inventory)
    given = os.environ.get(token_env) or None
    lab = start(inv, port=port, token=given, max_page_size=page_size)
    try:
        counts = {k: len(v) for k, v in lab.data.objects.items()}
        say(
            M_("lab NetBox: {url} ({sites} sites, {devices} devices, {circuits} circuits, "
               "{cables} cables)", url=lab.url, sites=counts.get("site", 0),
               devices=counts.get("device", 0), circuits=counts.get("circuit", 0),
               cables=counts.get("cable", 0))
        )  # fmt: skip
        if given is None:
            note = _("lab-only token, made up at this start")
            say(f"export {token_env}={lab.token}  # {note}")
        say(M_("Ctrl-C stops the lab."))
        _wait_for_stop()
    finally:
        lab.stop()
    say(M_("lab stopped"))
