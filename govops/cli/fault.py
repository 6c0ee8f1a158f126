"""govops fault: record faults and report fault-response SLAs."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli import _terminal
from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format
from govops.errors import InputError, reason
from govops.i18n import M_

app = new_app(help="Record network and platform faults and report the 3-hour SLA.")

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="PATH|URL", help="State: a file or postgresql://user@host/db (GOVOPS_DB)."
    ),
]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", help="Who does this (default: GOVOPS_OPERATOR, else login)."),
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="SLA policy (default: GOVOPS_SLA_POLICY, ./playbooks/sla.yaml, else 3 h / 95% / 99%).",
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="TIME",
        help="When: 2026-11-22 08:00 (GOVOPS_TZ, default Beijing time) or ISO-8601 with an "
        "offset (default: now).",
    ),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="CSV encoding (default: detect UTF-8, UTF-8 BOM, GB18030)."),
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", metavar="NAME", help="Sheet of an .xlsx (default: first).")
]
#: Fault ids are what the state holds (a 64-bit integer).
FaultId = Annotated[int, typer.Argument(help="Fault id.", min=1, max=2**63 - 1)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or xlsx.")]


def _as_of(value: str | None) -> float:
    """A report or listing may be made as of any time, past or future."""
    return _when(value, future_ok=True)


def _when(value: str | None, future_ok: bool = False) -> float:
    """An event time (1970 to a few minutes from now), or any time in 1970..9999."""
    from govops.bounds import event_time_problem, time_problem
    from govops.sla.models import parse_time

    now = time.time()
    if value is None:
        return now
    shown = value.replace("\r", "\\r").replace("\n", "\\n")  # the error stays one line
    try:
        when = parse_time(value)
    except ValueError:
        raise InputError(
            M_(
                "--at `{value}`: not a time (e.g. 2026-11-23 08:30, or 2026-11-23T08:30+08:00)",
                value=shown,
            )
        ) from None
    problem = time_problem(when) if future_ok else event_time_problem(when, now)
    if problem:
        raise InputError(M_("--at `{value}` {problem}", value=shown, problem=problem))
    return when


def _month(value: str, now: float) -> tuple[float, float]:
    """[first instant, last instant reported] of a calendar month in GOVOPS_TZ."""
    from govops import clock

    try:
        year, month = (int(part) for part in value.split("-"))
        start = clock.month_start(year, month)
    except ValueError:
        raise InputError(M_("--month `{value}`: use YYYY-MM, e.g. 2026-11", value=value)) from None
    if not 1 <= month <= 12:
        raise InputError(M_("--month `{value}`: use YYYY-MM, e.g. 2026-11", value=value))
    if start.timestamp() > now:
        raise InputError(M_("--month `{value}` has not begun", value=value))
    end = clock.month_start(year, month + 1).timestamp()
    return start.timestamp(), min(end, now)


def _window(value: str) -> float:
    from govops.units import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise InputError(M_("--window: {reason}", reason=reason(exc))) from None


@app.command("open")
def open_(
    summary: Annotated[str, typer.Argument(help="What is wrong, in one line.")],
    category: Annotated[str, typer.Option("--category", "-c", help="network, platform, ...")],
    severity: Annotated[str, typer.Option("--severity", "-s")] = "major",
    site: Annotated[str | None, typer.Option("--site", help="Site id.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="province, city, ...")] = None,
    outage: Annotated[
        bool,
        typer.Option(
            "--outage",
            help="The platform was unavailable (counts against "
            "政务云平台可靠性), not only degraded.",
        ),
    ] = False,
    cloud: Annotated[
        str | None, typer.Option(metavar="ID", help="The cloud it concerns (inventory cloud id).")
    ] = None,
    at: AtOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record a new fault; its SLA clock starts at --at (default now)."""
    from govops import config
    from govops.sla import faults
    from govops.sla.policy import load_policy

    new = faults.NewFault(
        category=category,
        severity=severity,
        summary=summary,
        opened_at=_when(at),
        site=site,
        level=level,
        opened_by=config.operator(by),
        outage=outage,
        cloud=cloud,
    )
    fault = faults.open_fault(faults.open_store(db), load_policy(policy), new)
    _show(fault, fmt, output)


@app.command("ack")
def ack(
    fault_id: FaultId,
    at: AtOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Acknowledge a fault (the 7x24 response clock stops here)."""
    from govops import config
    from govops.sla import faults

    engine = faults.open_store(db)
    _show(faults.acknowledge(engine, fault_id, _when(at), by=config.operator(by)), fmt, output)


@app.command("resolve")
def resolve(
    fault_id: FaultId,
    at: AtOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Resolve a fault; whether it met its target is decided now, once."""
    from govops import config
    from govops.sla import faults

    engine = faults.open_store(db)
    resolved = faults.resolve(engine, fault_id, _when(at), now=time.time(), by=config.operator(by))
    _show(resolved, fmt, output)


@app.command("show")
def show(
    fault_id: FaultId,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show one fault."""
    from govops.sla import faults

    _show(faults.get_fault(faults.open_store(db), fault_id), fmt, output)


@app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="Only open faults.")] = False,
    window: Annotated[str, typer.Option("--window", help="Open, or resolved within.")] = "30d",
    limit: Annotated[int, typer.Option("--limit", min=1, max=10**9)] = 100,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Time to list at.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List faults newest first: open ones and those resolved within --window."""
    from govops import clock
    from govops.sla import faults

    now = _as_of(as_of)
    rows = faults.list_faults(
        faults.open_store(db), since=now - _window(window), open_only=open_only, limit=limit
    )
    from govops.cli._fault_render import LIST_COLUMNS
    from govops.i18n import headings, word

    table = [
        [f.id, word(f.category), word(f.severity), f.site, clock.for_table(f.opened_at),
         clock.for_table(f.resolved_at), f.summary]
        for f in rows
    ]  # fmt: skip
    from dataclasses import fields

    from govops.sla.models import Fault
    from govops.xlsx import records_sheet

    header = [f.name for f in fields(Fault)] + ["deadline"]  # also when there are no rows
    _terminal.emit(
        fmt,
        output,
        [_fault_json(f) for f in rows],
        sheets=lambda: [records_sheet("faults", [_fault_json(f) for f in rows], header)],
        table=lambda: _terminal.print_table(
            None,
            headings(LIST_COLUMNS),
            table,
            right=0,
            right_end=1,
        ),
        title="faults",
    )


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A .csv, .xlsx or .json file of faults.")],
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import historical faults; every bad row is reported and then nothing is imported.

    Columns (CSV in UTF-8 or GBK, an .xlsx sheet) or JSON keys: category, severity,
    summary, opened_at, and optionally acknowledged_at, resolved_at, site, level,
    external_key. Times are 2026-11-22 08:00 in GOVOPS_TZ (Beijing time), ISO-8601 with an
    offset, or Excel dates. Rows whose external_key is already stored are skipped, so
    importing again is safe.
    """
    from govops import config
    from govops.sla import faults
    from govops.sla.importer import import_faults
    from govops.sla.policy import load_policy

    engine = faults.open_store(db)
    result = import_faults(
        engine,
        load_policy(policy),
        path,
        now=time.time(),
        encoding=encoding,
        sheet=sheet,
        by=config.operator(by),
    )
    _terminal.say(
        M_("imported {n} faults from {path}; {skipped} already in the store",
           n=result.imported, path=str(path), skipped=result.skipped_existing)
    )  # fmt: skip


@app.command("report")
def report(
    window: Annotated[str, typer.Option("--window", help="e.g. 30d, 7d, 365d.")] = "30d",
    by: Annotated[str, typer.Option("--by", help="category, severity or level.")] = "category",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Report as of this time.")] = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", metavar="YYYY-MM", help="One calendar month (GOVOPS_TZ) instead of --window."
        ),
    ] = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Report counts, time to resolve and compliance against the 3-hour target.

    Compliance = faults resolved within target / (faults resolved in the window + open
    faults already past target). Open faults are listed with the time left before each
    breaches (negative: overdue).
    """
    from govops.cli import _fault_render
    from govops.sla import faults
    from govops.sla.policy import load_policy
    from govops.sla.report import GroupBy, build_report

    try:
        group_by = GroupBy(by)
    except ValueError:
        raise InputError(M_("--by `{by}`: use category, severity or level", by=by)) from None
    now = _as_of(as_of)
    start, now = _month(month, now) if month else (now - _window(window), now)
    result = build_report(
        faults.open_store(db), load_policy(policy), window=now - start, by=group_by, now=now
    )
    _fault_render.render_report(result, fmt, output)


def _iso(ts: float | None) -> str | None:
    from govops import clock

    return clock.for_json(ts)


def _fault_json(fault: Any) -> dict[str, Any]:
    data = asdict(fault)
    for key in ("opened_at", "acknowledged_at", "resolved_at"):
        data[key] = _iso(data[key])
    data["deadline"] = _iso(fault.deadline)
    return data


def _show(fault: Any, fmt: Format, output: Path | None) -> None:
    from govops import clock
    from govops.cli._fault_render import field_label, span
    from govops.i18n import N_, current_lang, headings, tr, word

    shown = _fault_json(fault)
    for key in ("opened_at", "acknowledged_at", "resolved_at"):
        shown[key] = clock.for_table(getattr(fault, key))
    shown["deadline"] = clock.for_table(fault.deadline)
    shown["target"] = span(fault.target)  # 3h00m, as the report shows times
    for key in ("category", "severity", "level", "source", "outcome"):
        if isinstance(shown.get(key), str):
            shown[key] = word(shown[key])
    shown["outage"] = tr(current_lang(), "True" if fault.outage else "False")
    rows = [(field_label(key), value) for key, value in shown.items()]
    _terminal.emit(
        fmt,
        output,
        _fault_json(fault),
        lambda: _terminal.print_table(None, headings([N_("field"), N_("value")]), rows, right=99),
        title="fault",
    )
