"""govops exporter: the Prometheus exporter and Alertmanager webhook."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Serve Prometheus metrics and take Alertmanager webhooks.")
