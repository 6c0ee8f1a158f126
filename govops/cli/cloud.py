"""govops cloud: track, plan and check the migration of systems onto the 1+11+N cloud."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Track and plan the migration of government systems onto the cloud.")
