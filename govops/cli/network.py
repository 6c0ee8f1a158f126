"""govops network: collect from devices over SSH, parse, and audit against the plan."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Collect device output over SSH, parse it, and audit the extranet.")
