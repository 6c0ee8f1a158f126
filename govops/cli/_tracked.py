"""One set of commands for every tracked kind: status, move, history, import.

`govops network private ...` (部门专网整合) and `govops cloud room ...` (机房关停) are
made here from their descriptions in :mod:`govops.lifecycle.tracked`.
"""

# No `from __future__ import annotations`: Typer reads these commands' annotations at run
# time, and they name values of the enclosing function (the kind's statuses and groupings).
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govops import clock
from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format, emit, print_table, say
from govops.errors import InputError
from govops.i18n import M_, N_, _, current_lang, headings, localize, word
from govops.xlsx_headings import heading

if TYPE_CHECKING:
    from govops.lifecycle.model import Move
    from govops.lifecycle.status import TrackedStatus
    from govops.lifecycle.tracked import Tracked

Inv = Annotated[
    list[Path],
    typer.Option("--inventory", "-i", help="Inventory directory or YAML file (repeatable)."),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
By = Annotated[
    str | None,
    typer.Option("--by", metavar="NAME", help="Who did it (default: GOVOPS_OPERATOR, login)."),
]
LIMIT = 25


def tracked_app(
    help_text: str, statuses: Sequence[str], groupings: Sequence[str], tracked_name: str
) -> typer.Typer:
    """The four commands over the tracked kind ``tracked_name`` of govops.lifecycle.tracked."""
    app = new_app(help=help_text)

    def tracked() -> "Tracked":
        from govops.lifecycle import tracked as module

        found: Tracked = getattr(module, tracked_name)
        return found

    @app.command()
    def status(
        inventory: Inv,
        by: Annotated[
            str | None,
            typer.Option("--by", metavar="|".join(groupings), help="Break the counts down."),
        ] = None,
        as_of: Annotated[
            str | None,
            typer.Option(metavar="DATE", help="Count overdue on this day (default today)."),
        ] = None,
        fmt: FormatOpt = Format.table,
        output: OutputOpt = None,
        lang: LangOpt = None,
    ) -> None:
        """Show the share done (its denominator stated, exempt ones apart), per status,
        overdue items, and the breakdown by group."""
        from govops.lifecycle.api import tracked_status

        if by is not None and by not in groupings:
            raise InputError(
                M_("--by `{by}`: choose one of {choices}", by=by, choices=", ".join(groupings))
            )
        today = None
        if as_of is not None:
            try:
                today = clock.parse(as_of)
            except ValueError:
                raise InputError(
                    M_("--as-of `{value}`: not a date (YYYY-MM-DD)", value=as_of)
                ) from None
        report = tracked_status(tracked(), inventory, today=today)
        emit(fmt.value, output, report.as_dict(), lambda: _status_table(report, by),
             title=report.kind)  # fmt: skip

    @app.command()
    def move(
        item: Annotated[str, typer.Argument(metavar="ID", help="The item's id in the inventory.")],
        to: Annotated[
            str, typer.Argument(metavar="STATUS", help="One of: " + ", ".join(statuses) + ".")
        ],
        inventory: Inv,
        at: Annotated[
            str | None,
            typer.Option(
                metavar="TIME",
                help="When it happened: 2026-11-22 08:00 (GOVOPS_TZ) "
                "or ISO-8601 with an offset (default: now).",
            ),
        ] = None,
        reason: Annotated[str, typer.Option(help="Why (required for exempt and retired).")] = "",
        note: Annotated[str, typer.Option(help="Free text kept with the move.")] = "",
        evidence: Annotated[
            list[str] | None, typer.Option(help="Evidence: a document number, a ticket, a URL.")
        ] = None,
        by: By = None,
    ) -> None:
        """Move one item to a new status; an illegal move is refused with what is possible."""
        from govops.lifecycle.api import move_item
        from govops.lifecycle.model import MoveRequest

        req = MoveRequest(item, to, note=note, reason=reason,
                          evidence=tuple(evidence or ()), actor=by or "")  # fmt: skip
        mv = move_item(tracked(), inventory, req, at=_time(at))
        say(f"{mv.item}: {word(mv.from_status)} -> {word(mv.to_status)}")

    @app.command()
    def history(
        item: Annotated[str, typer.Argument(metavar="ID", help="The item's id.")],
        fmt: FormatOpt = Format.table,
        output: OutputOpt = None,
        lang: LangOpt = None,
    ) -> None:
        """Show every recorded move of one item, oldest first."""
        from govops.lifecycle.api import item_history

        moves = item_history(tracked(), item)
        emit(fmt.value, output, _history_json(moves), lambda: _history(moves), title=item)

    @app.command(name="import")
    def import_(
        file: Annotated[
            Path,
            typer.Argument(
                metavar="PATH",
                help=".csv (UTF-8 or GBK) or .xlsx: id,status[,at,reason,note,evidence,by].",
            ),
        ],
        inventory: Inv,
        rejected: Annotated[
            Path | None, typer.Option(metavar="PATH", help="Where to write rejected rows.")
        ] = None,
        encoding: Annotated[
            str | None, typer.Option(help="CSV encoding (default: detect).")
        ] = None,
        sheet: Annotated[
            str | None, typer.Option(metavar="NAME", help="Sheet of an .xlsx (default: first).")
        ] = None,
        lang: LangOpt = None,
    ) -> None:
        """Apply a table of moves, one a row in file order; rows already applied are
        skipped, so importing the same file again changes nothing."""
        from govops.lifecycle.api import import_file
        from govops.lifecycle.importer import RowsRejected

        result = import_file(tracked(), inventory, file, rejected=rejected, encoding=encoding,
                             sheet=sheet)  # fmt: skip
        say(M_("{applied} rows applied, {already} already applied, {rejected} rejected",
               applied=len(result.applied), already=len(result.already),
               rejected=len(result.rejected)))  # fmt: skip
        if result.rejected:
            raise RowsRejected(result)

    return app


def _time(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return clock.parse(value)
    except ValueError:
        raise InputError(
            M_("--at `{value}`: not a time (2026-11-22 08:00, or ISO-8601)", value=value)
        ) from None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _status_table(report: "TrackedStatus", by: str | None) -> None:
    t = report.total
    counts = ", ".join(f"{word(k)} {v}" for k, v in t.by_status.items())
    done = {"done": t.done, "total": t.total, "ratio": _pct(t.ratio), "counts": counts}
    if t.exempt:
        say(M_("{done} of {total} done ({ratio}), {exempt} exempt (kept in the denominator); "
               "{counts}", exempt=t.exempt, **done))  # fmt: skip
    else:
        say(M_("{done} of {total} done ({ratio}); {counts}", **done))
    if by:
        rows = [(word(k) if by == "level" else k, c["total"], c["done"], _pct(c["ratio"]),
                 c["exempt"], c["overdue"]) for k, c in report.groups[by].items()]  # fmt: skip
        group = heading(by, current_lang())  # 部门 for a grouping, not the 省直部门 level
        columns = [N_("total"), N_("done"), N_("ratio"), N_("exempt"), N_("overdue")]
        print_table(_("by {what}", what=group), [group, *headings(columns)], rows, right=1)
    _open_items(report)
    for key, label in ((N_("ready to close"), N_("ready_to_close")),
                       (N_("still holding systems"), N_("holding"))):  # fmt: skip
        value = report.extra.get(label)
        if isinstance(value, dict):
            value = [f"{k} ({len(v)})" for k, v in value.items()]
        if value:
            say(_("{label}: {items}", label=_(key), items=", ".join(value)))
    for item in report.out_of_scope:
        say(M_("out of scope: {id} {name}: {why}", id=item["id"], name=item["name"],
               why=localize(item["why"])))  # fmt: skip


def _open_items(report: "TrackedStatus") -> None:
    """The items not done yet (the first LIMIT of them), overdue ones marked."""
    overdue = report.total.overdue
    open_items = [i for i in report.items if not i["done"] and i["counted"]]
    rows = [(i["id"], i["name"], word(i["status"]), i["deadline"] or "",
             _("overdue") if i["id"] in overdue else "", i["reason"])
            for i in open_items[:LIMIT]]  # fmt: skip
    if rows:
        columns = [N_("id"), N_("name"), N_("status"), N_("deadline"), "", N_("reason")]
        print_table(_("not done ({n})", n=len(open_items)), headings(columns), rows,
                    right=6)  # fmt: skip
    if len(open_items) > LIMIT:
        say(M_("{n} more not shown (--format json lists all)", n=len(open_items) - LIMIT))


def _history_json(moves: "Sequence[Move]") -> list[dict[str, Any]]:
    return [
        {"item": m.item, "kind": m.kind, "from": m.from_status, "to": m.to_status,
         "at": clock.for_json(m.at), "by": m.actor, "note": m.note, "reason": m.reason,
         "evidence": list(m.evidence)}
        for m in moves
    ]  # fmt: skip


def _history(moves: "Sequence[Move]") -> None:
    rows = [(clock.for_table(m.at), f"{word(m.from_status)} -> {word(m.to_status)}", m.actor,
             "\n".join(filter(None, (m.reason, m.note, " ".join(m.evidence)))))
            for m in moves]  # fmt: skip
    columns = [N_("at"), N_("move"), N_("by"), N_("why / evidence")]
    print_table(moves[0].item if moves else "", headings(columns), rows, right=4)


#: The statuses of the tracked kinds (govops.lifecycle.kinds), shown translated.
STATUSES = (
    *(N_("inventoried"), N_("planned"), N_("cutover"), N_("integrated"), N_("retired")),
    *(N_("exempt"), N_("open"), N_("closing"), N_("closed")),
)
