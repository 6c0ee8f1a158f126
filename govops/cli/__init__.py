"""The govops command line: a table of contents of the command groups.

Each group lives in its own module and only parses arguments, calls one library
function and renders what it returns. Heavy libraries load inside commands.
"""

from __future__ import annotations

from typing import Annotated

import typer

from govops import __version__, config
from govops.cli import cloud, db, exporter, fault, inventory, lab, network, scorecard
from govops.cli._app import GovopsGroup, LangOpt, new_app

app = new_app(
    name="govops",
    help=(
        "Audit a provincial e-government extranet (电子政务外网) and government cloud (政务云) "
        "against the plan's targets: bandwidth tiers, dual links, IPv6, coverage, "
        "cloud migration and fault-response SLAs."
    ),
    epilog="Environment: " + "; ".join(f"{k}: {v}" for k, v in config.ENVIRONMENT.items()),
    cls=GovopsGroup,
    add_completion=True,
)
app.add_typer(inventory.app, name="inventory")
app.add_typer(network.app, name="network")
app.add_typer(cloud.app, name="cloud")
app.add_typer(fault.app, name="fault")
app.add_typer(exporter.app, name="exporter")
app.add_typer(lab.app, name="lab")
app.add_typer(db.app, name="db")
app.command(name="scorecard")(scorecard.scorecard)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govops {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """govops: the provincial e-government network and cloud, measured against the plan."""


def main() -> None:
    """Console entry point."""
    app(prog_name="govops")
