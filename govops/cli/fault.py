"""govops fault: record faults and report fault-response SLAs."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli import _terminal
from govops.cli._app import new_app
from govops.cli._terminal import Format
from govops.errors import InputError

app = new_app(help="Record network and platform faults and report the 3-hour SLA.")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="State: a file or postgresql://user@host/db (default: GOVOPS_DB)."),
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
AtOpt = Annotated[str | None, typer.Option("--at", help="When, ISO-8601 (default: now).")]
#: How far ahead of this machine's clock a given time may be (another machine's clock).
CLOCK_SKEW = 300.0
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


def _as_of(value: str | None) -> float:
    """A report or listing may be made as of any time, past or future."""
    return _when(value, future_ok=True)


def _when(value: str | None, future_ok: bool = False) -> float:
    from govops.sla.models import parse_time

    now = time.time()
    if value is None:
        return now
    try:
        when = parse_time(value)
    except ValueError:
        raise InputError(f"--at `{value}`: not an ISO-8601 time (e.g. 2026-11-23T08:30)") from None
    if when > now + CLOCK_SKEW and not future_ok:
        raise InputError(f"--at `{value}` is in the future")
    return when


def _window(value: str) -> float:
    from govops.units import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise InputError(f"--window: {exc}") from None


@app.command("open")
def open_(
    summary: Annotated[str, typer.Argument(help="What is wrong, in one line.")],
    category: Annotated[str, typer.Option("--category", "-c", help="network, platform, ...")],
    severity: Annotated[str, typer.Option("--severity", "-s")] = "major",
    site: Annotated[str | None, typer.Option("--site", help="Site id.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="province, city, ...")] = None,
    at: AtOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
    fmt: FormatOpt = Format.table,
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
    )
    fault = faults.open_fault(faults.open_store(db), load_policy(policy), new)
    _show(fault, fmt)


@app.command("ack")
def ack(
    fault_id: Annotated[int, typer.Argument(help="Fault id.")],
    at: AtOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Acknowledge a fault (the 7x24 response clock stops here)."""
    from govops import config
    from govops.sla import faults

    engine = faults.open_store(db)
    _show(faults.acknowledge(engine, fault_id, _when(at), by=config.operator(by)), fmt)


@app.command("resolve")
def resolve(
    fault_id: Annotated[int, typer.Argument(help="Fault id.")],
    at: AtOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Resolve a fault; whether it met its target is decided now, once."""
    from govops import config
    from govops.sla import faults

    engine = faults.open_store(db)
    resolved = faults.resolve(engine, fault_id, _when(at), now=time.time(), by=config.operator(by))
    _show(resolved, fmt)


@app.command("show")
def show(
    fault_id: Annotated[int, typer.Argument(help="Fault id.")],
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one fault."""
    from govops.sla import faults

    _show(faults.get_fault(faults.open_store(db), fault_id), fmt)


@app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="Only open faults.")] = False,
    window: Annotated[str, typer.Option("--window", help="Open, or resolved within.")] = "30d",
    limit: Annotated[int, typer.Option("--limit", min=1)] = 100,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Time to list at.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List faults newest first: open ones and those resolved within --window."""
    from govops.cli._fault_render import short_time
    from govops.sla import faults

    now = _as_of(as_of)
    rows = faults.list_faults(
        faults.open_store(db), since=now - _window(window), open_only=open_only, limit=limit
    )
    if fmt is Format.json:
        _terminal.print_json([_fault_json(f) for f in rows])
        return
    _terminal.print_table(
        None,
        ["id", "category", "severity", "site", "opened (UTC)", "resolved (UTC)", "summary"],
        (
            [
                f.id,
                f.category,
                f.severity,
                f.site,
                short_time(f.opened_at),
                short_time(f.resolved_at),
                f.summary,
            ]
            for f in rows
        ),
        right=0,
        right_end=1,
    )


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A .csv or .json file of faults.")],
    by: ByOpt = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
) -> None:
    """Import historical faults; every bad row is reported and then nothing is imported.

    CSV columns or JSON keys: category, severity, summary, opened_at (ISO-8601), and
    optionally acknowledged_at, resolved_at, site, level, external_key. Rows whose
    external_key is already stored are skipped, so importing again is safe.
    """
    from govops import config
    from govops.sla import faults
    from govops.sla.importer import import_faults
    from govops.sla.policy import load_policy

    engine = faults.open_store(db)
    result = import_faults(
        engine, load_policy(policy), path, now=time.time(), by=config.operator(by)
    )
    _terminal.say(
        f"imported {result.imported} faults from {path}; "
        f"{result.skipped_existing} already in the store"
    )


@app.command("report")
def report(
    window: Annotated[str, typer.Option("--window", help="e.g. 30d, 7d, 365d.")] = "30d",
    by: Annotated[str, typer.Option("--by", help="category, severity or level.")] = "category",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Report as of this time.")] = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
    fmt: FormatOpt = Format.table,
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
        raise InputError(f"--by `{by}`: use category, severity or level") from None
    result = build_report(
        faults.open_store(db),
        load_policy(policy),
        window=_window(window),
        by=group_by,
        now=_as_of(as_of),
    )
    _fault_render.render_report(result, fmt)


def _iso(ts: float | None) -> str | None:
    from govops.sla.models import iso

    return iso(ts)


def _fault_json(fault: Any) -> dict[str, Any]:
    data = asdict(fault)
    for key in ("opened_at", "acknowledged_at", "resolved_at"):
        data[key] = _iso(data[key])
    data["deadline"] = _iso(fault.deadline)
    return data


def _show(fault: Any, fmt: Format) -> None:
    data = _fault_json(fault)
    if fmt is Format.json:
        _terminal.print_json(data)
        return
    _terminal.print_table(None, ["field", "value"], data.items(), right=99)
