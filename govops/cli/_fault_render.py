"""Rendering of `govops fault report` (tables, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govops import clock
from govops.cli import _terminal
from govops.cli._terminal import Format
from govops.i18n import N_, _, headings, word
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


REPORT_COLUMNS = (
    *(N_("opened"), N_("resolved"), N_("met"), N_("open"), N_("late")),
    *(N_("met %"), N_("median"), N_("p90")),
)
OPEN_COLUMNS = (N_("id"), N_("fault"), N_("site"), N_("time left"), N_("state"), N_("summary"))
LIST_COLUMNS = (
    *(N_("id"), N_("category"), N_("severity"), N_("site")),
    *(N_("opened"), N_("resolved"), N_("summary")),
)


#: A fault's fields as `fault show` labels them (fields not listed show their name).
FIELDS = {
    "id": N_("id"), "category": N_("category"), "severity": N_("severity"),
    "site": N_("site"), "level": N_("level"), "summary": N_("summary"),
    "opened_at": N_("opened_at"), "acknowledged_at": N_("acknowledged_at"),
    "resolved_at": N_("resolved_at"), "source": N_("source"),
    "external_key": N_("external_key"), "target": N_("target"), "outcome": N_("outcome"),
    "deadline": N_("deadline"), "opened_by": N_("opened_by"),
    "acknowledged_by": N_("acknowledged_by"), "resolved_by": N_("resolved_by"),
    "outage": N_("outage"), "cloud": N_("cloud"),
}  # fmt: skip

#: Values `fault show` shows as words: where a fault came from.
SOURCE_WORDS = (N_("manual"), N_("alertmanager"), N_("import"))


def field_label(key: str) -> str:
    return _(FIELDS[key]) if key in FIELDS else key


def _group_cells(row: GroupRow) -> list[Any]:
    return [
        word(row.group),
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
        _(
            "Fault SLA by {by}: {days} to {until} "
            "(late: open past target; median/p90: time to resolve)",
            by=word(report.by.value),
            days=days,
            until=short_time(report.generated_at),
        ),
        headings([report.by.value, *REPORT_COLUMNS]),
        [*(_group_cells(g) for g in report.groups), _group_cells(report.total)],
    )
    if report.open:
        _terminal.print_table(
            _("Open faults, soonest breach first"),
            headings(OPEN_COLUMNS),
            (
                [
                    o.fault.id,
                    f"{word(o.fault.category)}/{word(o.fault.severity)}",
                    o.fault.site,
                    span(o.seconds_left),
                    word(o.state.value),
                    o.fault.summary,
                ]
                for o in report.open
            ),
            right=0,
            right_end=1,
        )
    total = report.total
    if total.ack_due:
        _terminal.say(
            _(
                "acknowledged within target: {within} of {due}",
                within=total.ack_within,
                due=total.ack_due,
            )
        )
    verdict = {
        True: N_("compliance {ratio} meets the objective {objective}"),
        False: N_("compliance {ratio} is below the objective {objective}"),
        None: N_("compliance {ratio} cannot be judged against the objective {objective}"),
    }
    _terminal.say(
        _(
            verdict[report.meets_objective],
            ratio=percent(report.total.compliance_ratio) or "n/a",
            objective=percent(report.objective_ratio) or "n/a",
        )
    )
