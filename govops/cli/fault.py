"""govops fault: record faults and report fault-response SLAs."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Record network and platform faults and report the 3-hour SLA.")
