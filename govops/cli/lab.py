"""govops lab: the simulated province (SSH fleet and OpenStack API) on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli._app import new_app
from govops.cli._terminal import say

app = new_app(help="Run the simulated province on loopback: SSH devices and an OpenStack API.")

# `govops lab up` starts both halves of the lab in the foreground:
# - the SSH fleet (govops/lab/fleet.py), from the network audit work;
# - the OpenStack API (govops/lab/openstack.py), from the cloud migration work.


@app.command()
def up(
    inventory: Annotated[
        list[Path], typer.Option("--inventory", "-i", help="Inventory the lab is built from.")
    ],
    openstack: Annotated[
        bool, typer.Option("--openstack/--no-openstack", help="Serve the lab OpenStack API.")
    ] = True,
    openstack_port: Annotated[
        int, typer.Option(help="Port of the lab OpenStack API on 127.0.0.1 (0: any free).")
    ] = 0,
    clouds_yaml: Annotated[
        Path, typer.Option(help="Where to write the clouds.yaml of the lab clouds.")
    ] = Path("build/lab/clouds.yaml"),
) -> None:
    """Start the lab in the foreground until Ctrl-C (or SIGTERM).

    The OpenStack part serves Keystone, Nova, Placement and Cinder for every cloud of the
    inventory and writes a clouds.yaml (lab-only credentials) for openstacksdk:
    export OS_CLIENT_CONFIG_FILE=<that file>, or pass --clouds-yaml to govops cloud.
    """
    from govops.inventory import load_inventory

    inv = load_inventory(inventory)
    parts: list[Any] = []
    try:
        if openstack:
            parts.append(_openstack_up(inv, openstack_port, clouds_yaml))
        _wait_for_stop()
    finally:
        for part in reversed(parts):
            part.stop()
        say("lab stopped")


def _openstack_up(inv: Any, port: int, clouds_yaml: Path) -> Any:
    """The cloud part of the lab: the loopback OpenStack API and its clouds.yaml."""
    from govops.lab.openstack import start

    lab = start(inv, port=port)
    lab.write_clouds_yaml(clouds_yaml)
    say(f"lab OpenStack: {lab.url} serving {len(lab.clouds)} clouds ({', '.join(lab.clouds)})")
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
