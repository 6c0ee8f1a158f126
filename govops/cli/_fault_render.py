"""Rendering of `govops fault report` (tables, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govops import clock
from govops.cli import _terminal
from govops.cli._terminal import Format
from govops.sla.report import GroupRow, SlaReport


def span(seconds: float | None) -> str | None:
    """3h05m, 45m, -1h10m (overdue); None stays None."""
    if seconds is None:
        return None
    sign = "-" if seconds < 0 else ""
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{sign}{days}d{hours:02d}h" if hours else f"{sign}{days}d"
    return f"{sign}{hours}h{mins:02d}m" if hours else f"{sign}{mins}m"


def short_time(ts: float | None) -> str | None:
    """2026-11-23 09:00 in GOVOPS_TZ, for narrow tables."""
    return clock.for_table(ts)


def percent(ratio: float | None) -> str | None:
    return None if ratio is None else f"{ratio * 100:.1f}%"


def report_json(report: SlaReport) -> dict[str, Any]:
    return {
        "generated_at": clock.for_json(report.generated_at),
        "window_seconds": report.window_seconds,
        "by": report.by.value,
        "objective_ratio": report.objective_ratio,
        "meets_objective": report.meets_objective,
        "groups": [vars(g) for g in report.groups],
        "total": vars(report.total),
        "open": [
            {
                "id": o.fault.id,
                "category": o.fault.category,
                "severity": o.fault.severity,
                "site": o.fault.site,
                "summary": o.fault.summary,
                "opened_at": clock.for_json(o.fault.opened_at),
                "deadline": clock.for_json(o.fault.deadline),
                "seconds_left": o.seconds_left,
                "sla_state": o.state.value,
            }
            for o in report.open
        ],
    }


def _group_cells(row: GroupRow) -> list[Any]:
    return [
        row.group,
        row.opened,
        row.resolved,
        row.met,
        row.open,
        row.open_overdue,
        percent(row.compliance_ratio),
        span(row.median_resolve_seconds),
        span(row.p90_resolve_seconds),
    ]


def render_report(report: SlaReport, fmt: Format, output: Path | None = None) -> None:
    _terminal.emit(
        fmt, output, report_json(report), lambda: _report_tables(report), title="SLA report"
    )


def _report_tables(report: SlaReport) -> None:
    days = span(report.window_seconds)
    _terminal.print_table(
        f"Fault SLA by {report.by.value}: {days} to {short_time(report.generated_at)} "
        "(late: open past target; median/p90: time to resolve)",
        [report.by.value, "opened", "resolved", "met", "open", "late", "met %", "median", "p90"],
        [*(_group_cells(g) for g in report.groups), _group_cells(report.total)],
    )
    if report.open:
        _terminal.print_table(
            "Open faults, soonest breach first",
            ["id", "fault", "site", "time left", "state", "summary"],
            (
                [
                    o.fault.id,
                    f"{o.fault.category}/{o.fault.severity}",
                    o.fault.site,
                    span(o.seconds_left),
                    o.state.value,
                    o.fault.summary,
                ]
                for o in report.open
            ),
            right=0,
            right_end=1,
        )
    total = report.total
    if total.ack_due:
        _terminal.say(f"acknowledged within target: {total.ack_within} of {total.ack_due}")
    verdict = {True: "meets", False: "is below", None: "cannot be judged against"}
    _terminal.say(
        f"compliance {percent(report.total.compliance_ratio) or 'n/a'} "
        f"{verdict[report.meets_objective]} the objective "
        f"{percent(report.objective_ratio) or 'n/a'}"
    )
