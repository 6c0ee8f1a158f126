"""Options every command group shares, spelled once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Write the output to this file instead of stdout (--format xlsx needs one).",
        show_default=False,
    ),
]
