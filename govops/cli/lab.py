"""govops lab: the simulated province (SSH fleet and OpenStack API) on loopback."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Run the simulated province on loopback: SSH devices and an OpenStack API.")

# `govops lab up` starts both halves of the lab in the foreground:
# - the SSH fleet (govops/lab/fleet.py), from the network audit work;
# - the OpenStack API (govops/lab/openstack.py), from the cloud migration work.
