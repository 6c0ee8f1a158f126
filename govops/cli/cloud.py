"""govops cloud: track, plan and check the migration of systems onto the 1+11+N cloud."""

from __future__ import annotations

import time
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govops import clock
from govops.cli import _cloud_render as render
from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format, say
from govops.i18n import M_, word

#: Planning dates (deadlines, --start, --as-of) stay in these years: waves are added to them.
PLAN_YEARS = (1970, 2200)

app = new_app(help="Track and plan the migration of government systems onto the cloud.")


class By(StrEnum):
    department = "department"
    level = "level"
    target_cloud = "target-cloud"
    wave = "wave"


class To(StrEnum):
    inventoried = "inventoried"
    assessed = "assessed"
    planned = "planned"
    ready = "ready"
    migrating = "migrating"
    testing = "testing"
    cutover = "cutover"
    migrated = "migrated"
    decommissioned = "decommissioned"
    blocked = "blocked"
    rolled_back = "rolled_back"
    exempt = "exempt"
    retired = "retired"


Inv = Annotated[
    list[Path],
    typer.Option("--inventory", "-i", help="Inventory directory or YAML file (repeatable)."),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
CloudsYaml = Annotated[
    Path | None,
    typer.Option("--clouds-yaml", help="clouds.yaml to use (default: openstacksdk's search, "
                 "OS_CLIENT_CONFIG_FILE first)."),
]  # fmt: skip
CloudOpt = Annotated[str | None, typer.Option("--cloud", help="Only this inventory cloud id.")]


@app.command()
def move(
    system: Annotated[str, typer.Argument(help="System id, e.g. SYS-0001.")],
    status: Annotated[To, typer.Argument(help="The status to move to.")],
    inventory: Inv,
    note: Annotated[str, typer.Option(help="Free text kept with the event.")] = "",
    reason: Annotated[str, typer.Option(help="Why: required for blocked and exempt.")] = "",
    wave: Annotated[
        int | None, typer.Option(min=1, max=100_000, help="Wave number (planned needs one).")
    ] = None,
    wave_date: Annotated[str | None, typer.Option(help="Planned cutover date, YYYY-MM-DD.")] = None,
    target: Annotated[
        str | None, typer.Option(help="Target cloud id (default: inventory).")
    ] = None,
    deadline: Annotated[
        str | None, typer.Option(help="Deadline YYYY-MM-DD (default: inventory).")
    ] = None,
    evidence: Annotated[list[str] | None, typer.Option(help="Evidence, e.g. a server id.")] = None,
    at: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="When it happened: 2026-11-22 08:00 (GOVOPS_TZ) or "
            "ISO-8601 with an offset (default: now).",
        ),
    ] = None,
    clouds_yaml: CloudsYaml = None,
) -> None:
    """Move one system to a new status; an illegal move is refused with what is missing.

    `ready` runs the readiness gate against OpenStack: target project, a flavor that fits,
    quota and Placement headroom, must-comigrate partners in the same wave or migrated.
    """
    from govops.cloud.api import move_system
    from govops.cloud.models import MoveRequest, Status

    req = MoveRequest(
        system, Status(status.value), note=note, reason=reason, wave=wave,
        wave_date=_date("--wave-date", wave_date), target_cloud=target,
        deadline=_date("--deadline", deadline), evidence=tuple(evidence or ()),
    )  # fmt: skip
    ev = move_system(inventory, req, clouds_yaml=clouds_yaml, at=_time("--at", at))
    say(f"{ev.system}: {word(ev.from_status.value)} -> {word(ev.to_status.value)}")


@app.command()
def history(
    system: Annotated[str, typer.Argument(help="System id.")],
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show every recorded move of one system, oldest first."""
    from govops.cloud.api import system_history

    render.history(system_history(system), fmt, output)


@app.command(name="import")
def import_(
    file: Annotated[
        Path, typer.Argument(help=".csv (UTF-8 or GBK) or .xlsx: system,status[,note,...].")
    ],
    inventory: Inv,
    rejected: Annotated[Path | None, typer.Option(help="Where to write rejected rows.")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="CSV encoding (default: detect UTF-8, UTF-8 BOM, GB18030).")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(metavar="NAME", help="Sheet of an .xlsx (default: first).")
    ] = None,
    clouds_yaml: CloudsYaml = None,
    lang: LangOpt = None,
) -> None:
    """Apply one move per row; bad rows are reported and written to a CSV file to fix.

    Columns: system, status (required); note, reason, wave, wave_date, target_cloud,
    deadline, evidence (space separated), actor, at (2026-11-22 08:00 in GOVOPS_TZ, or
    ISO-8601 with an offset). Exit 2 if any row was rejected.
    """
    from govops.cloud.api import import_file
    from govops.lifecycle.importer import RowsRejected

    result = import_file(
        inventory, file, rejected=rejected, clouds_yaml=clouds_yaml, encoding=encoding,
        sheet=sheet,
    )  # fmt: skip
    counts = {"applied": len(result.applied), "rejected": len(result.rejected)}
    if result.already:
        say(M_("{applied} rows applied, {already} already applied, {rejected} rejected",
               already=len(result.already), **counts))  # fmt: skip
    else:
        say(M_("{applied} rows applied, {rejected} rejected", **counts))
    if result.rejected:
        raise RowsRejected(result)


@app.command()
def status(
    inventory: Inv,
    by: Annotated[By | None, typer.Option("--by", help="Break the counts down.")] = None,
    stale_days: Annotated[
        int, typer.Option(min=1, help="Stale: in progress, no move recorded for this many days.")
    ] = 30,
    as_of: Annotated[
        str | None, typer.Option(help="Measure overdue and stale on this day (default today).")
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show 上云率 (migrated share, denominator stated), on-time rate, overdue, at risk,
    blocked and stale systems; also stores the summary the exporter reads."""
    from govops.cloud.api import status_report

    day = _date("--as-of", as_of)
    now = clock.day_start(day) if day else None
    report = status_report(
        inventory, group_by=by.value if by else None, stale_days=stale_days, now=now
    )
    render.status(report, fmt, output)


@app.command()
def plan(
    inventory: Inv,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")
    ] = None,
    wave_days: Annotated[int, typer.Option(min=1, max=3650, help="Days between waves.")] = 14,
    max_per_wave: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Most systems in one wave.")
    ] = 20,
    apply: Annotated[bool, typer.Option("--apply", help="Record each system's wave.")] = False,
    openstack: Annotated[
        bool, typer.Option("--openstack", help="Headroom from Placement, not the inventory.")
    ] = False,
    clouds_yaml: CloudsYaml = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Plan the remaining systems into waves: dependencies first, earliest deadline first,
    within each target cloud's headroom; report missed deadlines and shortfalls."""
    from govops.cloud.api import plan as run_plan

    run = run_plan(inventory, start=_date("--start", start), wave_days=wave_days,
                   max_per_wave=max_per_wave, apply=apply,
                   openstack=openstack, clouds_yaml=clouds_yaml)  # fmt: skip
    render.plan(run, fmt, output)


@app.command()
def sync(
    inventory: Inv, cloud: CloudOpt = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Record running systems migrated.")
    ] = False,
    clouds_yaml: CloudsYaml = None, fmt: FormatOpt = Format.table, output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Compare the tracker with what OpenStack runs: drift, unknown systems, running but
    not marked migrated (recorded, with server ids as evidence, under --apply)."""
    from govops.cloud.api import sync_clouds

    report = sync_clouds(inventory, cloud=cloud, apply=apply, clouds_yaml=clouds_yaml)
    render.sync(report, fmt, output)
    if any(report.clouds.values()):
        raise typer.Exit(1)


@app.command()
def capacity(
    inventory: Inv, cloud: CloudOpt = None, clouds_yaml: CloudsYaml = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Show capacity and headroom per cloud from Placement and quotas, less planned demand;
    flag the waves that do not fit."""
    from govops.cloud.api import cloud_capacity

    report = cloud_capacity(inventory, cloud=cloud, clouds_yaml=clouds_yaml)
    render.capacity(report, fmt, output)
    if any(c.error for c in report):
        raise typer.Exit(1)


def _time(option: str, value: str | None) -> datetime | None:
    from govops.errors import InputError

    if value is None:
        return None
    from govops.bounds import event_time_problem

    try:
        moment = clock.parse(value)
        problem = event_time_problem(moment.timestamp(), time.time())
    except (ValueError, OverflowError):
        raise InputError(
            M_(
                "{option}: `{value}` is not a time (2026-11-22 08:00, or ISO-8601 with an offset)",
                option=option,
                value=value,
            )
        ) from None
    if problem:
        raise InputError(
            M_("{option}: `{value}` {problem}", option=option, value=value, problem=problem)
        )
    return moment


def _date(option: str, value: str | None) -> date | None:
    from govops.errors import InputError

    if value is None:
        return None
    try:
        day = clock.parse_date(value)
    except ValueError:
        raise InputError(
            M_("{option}: `{value}` is not a date (YYYY-MM-DD)", option=option, value=value)
        ) from None
    if not PLAN_YEARS[0] <= day.year <= PLAN_YEARS[1]:
        raise InputError(
            M_(
                "{option}: `{value}` is outside the years {first}..{last}",
                option=option,
                value=value,
                first=PLAN_YEARS[0],
                last=PLAN_YEARS[1],
            )
        )
    return day


def _room_app() -> None:
    from govops.cli._tracked import tracked_app
    from govops.lifecycle.kinds import SERVER_ROOM

    app.add_typer(
        tracked_app(
            "Track 机房关停: departments' own server rooms, closed once their systems moved.",
            SERVER_ROOM.statuses,
            ("department", "city"),
            "SERVER_ROOMS",
        ),
        name="room",
    )


_room_app()
