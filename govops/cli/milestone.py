"""govops milestone: organisational milestones (两网整合) a targets file can point at."""

from __future__ import annotations

from typing import Annotated

import typer

from govops import clock
from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format, emit, print_table, say
from govops.errors import InputError
from govops.i18n import M_, N_, headings

app = new_app(help="Record organisational milestones (两网整合 and the like) with their evidence.")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", metavar="PATH|URL", help="State file or PostgreSQL URL (GOVOPS_DB)."),
]


@app.command()
def record(
    milestone: Annotated[
        str, typer.Argument(metavar="ID", help="Milestone id, e.g. two-networks-merged.")
    ],
    at: Annotated[
        str,
        typer.Option(
            metavar="TIME",
            help="When it was achieved: 2022-09-30 or "
            "2022-09-30 10:00 (GOVOPS_TZ), or ISO-8601 with an offset.",
        ),
    ],
    evidence: Annotated[
        str, typer.Option(help="What shows it: a document number, an acceptance report.")
    ],
    by: Annotated[str | None, typer.Option("--by", metavar="NAME", help="Who records it.")] = None,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record that a milestone was achieved; a later record corrects an earlier one.

    A targets file points an indicator at it with `measure: plan.milestone` and
    `params: {milestone: ID}`; the scorecard then shows achieved or not yet, the date and
    the evidence.
    """
    from govops.lifecycle.api import open_db
    from govops.lifecycle.milestones import record_milestone

    try:
        when = clock.parse(at)
    except ValueError:
        raise InputError(
            M_("--at `{value}`: not a date or time (2022-09-30, or ISO-8601)", value=at)
        ) from None
    rec = record_milestone(open_db(db), milestone, when, evidence, by)
    day = (clock.for_table(rec.at) or "")[:10]
    say(M_("{id}: achieved {day} (recorded by {actor})", id=rec.id, day=day, actor=rec.actor))


COLUMNS = (N_("milestone"), N_("achieved"), N_("evidence"), N_("by"))


@app.command("list")
def list_(
    db: DbOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show the newest record of every milestone."""
    from govops.lifecycle.api import open_db
    from govops.lifecycle.milestones import latest_milestones

    found = latest_milestones(open_db(db))
    rows = [(m.id, (clock.for_table(m.at) or "")[:10], m.evidence, m.actor) for m in found.values()]
    emit(fmt.value, output, [m.as_dict() for m in found.values()],
         lambda: print_table(None, headings(COLUMNS), rows, right=4),
         title="milestones")  # fmt: skip
