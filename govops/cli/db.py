"""govops db: the state database itself (a SQLite file or a team's PostgreSQL)."""

from __future__ import annotations

from typing import Annotated

import typer

from govops.cli import _terminal
from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format
from govops.errors import DomainError
from govops.i18n import M_, N_, _, headings, localize

app = new_app(help="Show, upgrade, copy and check the state database (SQLite or PostgreSQL).")

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="PATH|URL", help="A file or postgresql://user@host:port/dbname (GOVOPS_DB)."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or xlsx.")]


def _rows_columns() -> list[str]:
    return headings([N_("table"), N_("rows")])


@app.command("status")
def status(
    db: DbOpt = None, fmt: FormatOpt = Format.table, output: OutputOpt = None, lang: LangOpt = None
) -> None:
    """Print the backend, the URL (never its password), the schema revision and row counts."""
    from govops.state.admin import status as read_status

    found = read_status(db)

    def table() -> None:
        if found.current:
            state = _("current")
        else:
            state = _("govops needs {head}: govops db upgrade", head=found.head)
        _terminal.print_table(
            None,
            headings([N_("field"), N_("value")]),
            [(_("backend"), found.backend), (_("url"), found.url),
             (_("revision"), f"{found.revision or _('none')} ({state})")],
            right=99,
        )  # fmt: skip
        _terminal.print_table(None, _rows_columns(), sorted(found.rows.items()))

    _terminal.emit(fmt, output, found.as_dict(), table, title="state")


@app.command("upgrade")
def upgrade(db: DbOpt = None) -> None:
    """Move the database to the newest schema revision, without loss.

    The only way a PostgreSQL database is upgraded (SQLite files are upgraded on first
    use). Run it once, from one machine, before starting the new govops everywhere.
    """
    from govops.state.admin import upgrade as run_upgrade

    done = run_upgrade(db)
    if done.before == done.after:
        _terminal.say(M_("{url} is at revision {revision}: nothing to do", url=done.url,
                         revision=done.after))  # fmt: skip
    else:
        before = done.before or M_("none")
        _terminal.say(M_("upgraded {url} from revision {before} to {after}", url=done.url,
                         before=before, after=done.after))  # fmt: skip


@app.command("copy")
def copy(
    source: Annotated[str, typer.Option("--from", help="Database to copy from.")],
    target: Annotated[str, typer.Option("--to", help="Database to copy into.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace what the target already holds.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Copy the whole state (faults, alert keys, events, documents, aggregates, audits).

    Either way between SQLite and PostgreSQL; row counts and the SLA aggregates are
    verified afterwards. A target that holds rows is refused without --force.
    """
    from govops.state.copy import copy_state

    result = copy_state(source, target, force=force)
    total = sum(result.rows.values())
    _terminal.say(M_("copied {total} rows from {source} to {target}", total=total,
                     source=result.source, target=result.target))  # fmt: skip
    _terminal.print_table(None, _rows_columns(), sorted(result.rows.items()))
    for line in result.verified:
        _terminal.say(M_("verified: {line}", line=line))


@app.command("check")
def check(
    db: DbOpt = None, fmt: FormatOpt = Format.table, output: OutputOpt = None, lang: LangOpt = None
) -> None:
    """Report rows older versions let in (impossible times, a deadline that does not add
    up) and aggregates that disagree with the rows; changes nothing. Exit 1 if any."""
    from govops.state.check import check as run_check

    problems = run_check(db)

    def table() -> None:
        if problems:
            columns = headings([N_("table"), N_("row"), N_("problem")])
            _terminal.print_table(None, columns, [
                (p.table, p.row, localize(p.message)) for p in problems
            ], right=99)  # fmt: skip

    _terminal.emit(fmt, output, [p.__dict__ for p in problems], table, title="problems")
    if problems:
        raise DomainError(M_("{n} problems in the state database", n=len(problems)))
    _terminal.say(M_("no problems found"))
