"""govops network snapshot: work with collected snapshots (merge the cities' parts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govops.cli import _terminal
from govops.cli._app import LangOpt, new_app
from govops.i18n import M_

app = new_app(help="Work with snapshot directories: merge the parts collected per city.")


@app.command("merge")
def merge_command(
    snapshots: Annotated[
        list[Path], typer.Argument(help="Snapshot directories to merge (two or more).")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", "--out", help="Merged snapshot directory to write.")
    ],
    newest_wins: Annotated[
        bool,
        typer.Option(
            "--newest-wins", help="A device in several snapshots: keep the newest collection."
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Merge snapshots collected apart (one per city's node) into one for the audit.

    A device found in two snapshots is refused (exit 2) unless --newest-wins. The merged
    manifest lists each source and its time; audit it like any snapshot.
    """
    from govops.network.merge import merge_snapshots

    result = merge_snapshots(snapshots, output, newest_wins)
    for source, taken in result.taken.items():
        _terminal.say(M_("{source}: {n} devices", source=source, n=taken))
    if result.overridden:
        n = len(result.overridden)
        _terminal.say(M_("{n} devices were in several snapshots; kept the newest", n=n))
    _terminal.say(M_("{n} devices merged into {out}", n=result.devices, out=str(result.out)))
    _terminal.print_text(str(result.out))
