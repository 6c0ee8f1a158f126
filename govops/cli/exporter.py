"""govops exporter: the Prometheus exporter and Alertmanager webhook."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from govops import config
from govops.cli import _terminal
from govops.cli._app import new_app
from govops.errors import InputError
from govops.i18n import M_, _

app = new_app(help="Serve Prometheus metrics and take Alertmanager webhooks.")


@app.callback()
def _group() -> None:
    """Serve Prometheus metrics and take Alertmanager webhooks."""


@app.command("serve")
def serve(
    listen: Annotated[
        str, typer.Option("--listen", help="HOST:PORT; loopback by default.")
    ] = "127.0.0.1:9877",
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="State: a file or postgresql://user@host/db (default: GOVOPS_DB)."
        ),
    ] = None,
    tls_cert: Annotated[Path | None, typer.Option("--tls-cert", help="PEM certificate.")] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="PEM private key.")] = None,
    webhook_token_env: Annotated[
        str | None,
        typer.Option(
            "--webhook-token-env",
            help="Environment variable holding the bearer "
            f"token /alertmanager requires (default: {config.ENV_WEBHOOK_TOKEN} if set).",
        ),
    ] = None,
    policy: Annotated[Path | None, typer.Option("--policy", help="SLA policy file.")] = None,
) -> None:
    """Serve /metrics, /alertmanager and /healthz until interrupted (SIGINT or SIGTERM)."""
    from govops.exporter.server import ExporterApp, ServeOptions, parse_listen, start_server
    from govops.sla.policy import load_policy
    from govops.state.engine import open_engine

    if (tls_cert is None) != (tls_key is None):
        raise InputError(M_("--tls-cert and --tls-key go together"))
    token = _token(webhook_token_env)
    _warn_if_open(parse_listen(listen)[0], token)
    open_engine(db).dispose()  # the schema in place (fail early on a bad path or URL)
    options = ServeOptions(
        listen=listen,
        db=db,
        token=token,
        tls_cert=str(tls_cert) if tls_cert else None,
        tls_key=str(tls_key) if tls_key else None,
    )
    exporter = ExporterApp(load_policy(policy), db, token)
    server, _thread = start_server(exporter, options)
    scheme = "https" if tls_cert else "http"
    url = f"{scheme}://{listen}"
    if token:
        _terminal.say(M_("serving {url}/metrics and /alertmanager (bearer token required); "
                         "Ctrl-C stops", url=url))  # fmt: skip
    else:
        _terminal.say(M_("serving {url}/metrics and /alertmanager; Ctrl-C stops", url=url))
    _wait_for_signal()
    server.shutdown()
    server.server_close()
    exporter.close()
    _terminal.say(M_("stopped"))


def _wait_for_signal() -> None:
    """Block until SIGTERM or SIGINT (a service manager stops the exporter with SIGTERM)."""
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    stop.wait()


def _token(env_name: str | None) -> str | None:
    """The bearer token; a variable that is set but empty, or not ASCII, is refused.

    An empty GOVOPS_WEBHOOK_TOKEN must not silently turn authentication off, and a token
    an HTTP header cannot carry would refuse every post.
    """
    name = env_name or config.ENV_WEBHOOK_TOKEN
    raw = os.environ.get(name)
    if raw is None:
        if env_name:
            raise InputError(
                M_("--webhook-token-env {name}: that environment variable is unset", name=env_name)
            )
        return None
    value = raw.strip()
    if not value:
        raise InputError(
            M_(
                "{name} is set but empty: set a token, or unset it to take posts unauthenticated",
                name=name,
            )
        )
    if not value.isascii() or not value.isprintable() or " " in value:
        raise InputError(M_("{name}: the token must be printable ASCII without spaces", name=name))
    return value


def _warn_if_open(host: str, token: str | None) -> None:
    """Listening beyond loopback with no token lets anyone on the network open faults."""
    import ipaddress

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback and token is None:
        warning = _(
            "listening on {host} without a webhook token: anyone who can reach it "
            "can open and resolve faults (set {variable})",
            host=host,
            variable=config.ENV_WEBHOOK_TOKEN,
        )
        _terminal.say("warning: " + warning)
