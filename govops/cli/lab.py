"""govops lab: the simulated province (SSH fleet and OpenStack API) on loopback."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Run the simulated province on loopback: SSH devices and an OpenStack API.")

# `govops lab up` starts both halves of the lab in the foreground:
# - the SSH fleet (govops/lab/fleet.py), from the network audit work;
# - the OpenStack API (govops/lab/openstack.py), from the cloud migration work.

# --- fleet: simulated SSH devices (network part) ---
import signal  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated, Any  # noqa: E402

import typer  # noqa: E402

from govops.cli import _terminal  # noqa: E402


@app.command("up")
def up_command(
    inventory: Annotated[
        list[Path], typer.Option("--inventory", "-i", help="Inventory to simulate.")
    ],
    base_port: Annotated[
        int | None, typer.Option(help="First TCP port (default: free ports).")
    ] = None,
    lab_inventory: Annotated[
        Path, typer.Option(help="Where to write the inventory pointing at the lab ports.")
    ] = Path("lab-inventory.yaml"),
    show: Annotated[int, typer.Option(help="Devices to list (all: 0).")] = 0,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            metavar="DEVICE=KIND",
            help="Make a device fail: wrong-password, silent, drop, error or garbage.",
        ),
    ] = None,
) -> None:
    """Serve every inventory device over SSH on 127.0.0.1, in the foreground, until Ctrl-C.

    Each device answers its platform's read-only commands from the inventory's
    `intended` state. Point `govops network collect` at the written lab inventory.
    """
    from govops.inventory import load_inventory
    from govops.lab.files import write_lab_inventory
    from govops.lab.fleet import LAB_PASSWORD, LAB_USER, run_fleet, write_known_hosts

    inv = load_inventory(inventory)
    faults = _faults(fault or [], inv.devices)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with run_fleet(inv, faults=faults, base_port=base_port) as endpoints:
        write_lab_inventory(inv, endpoints, lab_inventory)
        known_hosts = write_known_hosts(endpoints, lab_inventory.with_suffix(".known_hosts"))
        rows = [[e.device, e.platform, f"{e.host}:{e.port}"] for e in endpoints]
        _terminal.print_table(
            "Lab devices", ["device", "platform", "listens on"], rows[: show or None], right=99
        )
        _terminal.say(
            f"{len(endpoints)} devices on 127.0.0.1; login {LAB_USER} / {LAB_PASSWORD}\n"
            f"export GOVOPS_SSH_USER={LAB_USER} GOVOPS_SSH_PASSWORD={LAB_PASSWORD}\n"
            f"govops network collect -i {lab_inventory} --known-hosts {known_hosts}\n"
            "Ctrl-C stops the lab."
        )
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    _terminal.say("lab stopped")


def _faults(specs: list[str], devices: Any) -> dict[str, Any]:
    """``DEVICE=KIND`` options -> {device: Fault}; a bad one is an input error (exit 2)."""
    from govops.errors import InputError
    from govops.lab.fleet import Fault

    faults = {}
    for spec in specs:
        name, _, kind = spec.partition("=")
        if name not in devices:
            raise InputError(f"--fault {spec}: no device `{name}` in the inventory")
        try:
            faults[name] = Fault(kind)
        except ValueError:
            kinds = ", ".join(f.value for f in Fault)
            raise InputError(f"--fault {spec}: unknown fault `{kind}`; one of {kinds}") from None
    return faults
