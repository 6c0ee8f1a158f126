"""Options every command group shares, spelled once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _writable(value: Path | None) -> Path | None:
    """Refuse, while the options are parsed (before any work), a path no file can be
    written to: a directory, a missing or read-only directory."""
    if value is None:
        return None
    from govops.bounds import check_output_path
    from govops.errors import InputError

    try:
        return check_output_path(value, "--output")
    except InputError as exc:
        raise typer.BadParameter(exc.message.removeprefix("--output ")) from None


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Write the output to this file instead of stdout (--format xlsx needs one).",
        show_default=False,
        callback=_writable,
    ),
]
