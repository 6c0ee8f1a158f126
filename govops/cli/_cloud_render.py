"""Rendering of `govops cloud` results: tables for people, JSON for pipes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govops.cli._terminal import Format, emit, print_table, say
from govops.clock import for_json, for_table
from govops.i18n import N_, _, current_lang, headings, localize, word
from govops.xlsx_headings import heading

if TYPE_CHECKING:
    from govops.cloud.capacity import CloudCapacity
    from govops.cloud.dr import DrSummary
    from govops.cloud.models import Event
    from govops.cloud.plan import PlanRun
    from govops.cloud.planner import Plan
    from govops.cloud.status import StatusReport
    from govops.cloud.sync import SyncReport

LIST_LIMIT = 10


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _rows_limited(title: str, columns: Sequence[str], rows: list[Sequence[Any]]) -> None:
    if not rows:
        return
    shown = _(title)
    print_table(f"{shown} ({len(rows)})", headings(columns), rows[:LIST_LIMIT], right=len(columns))
    if len(rows) > LIST_LIMIT:
        more = len(rows) - LIST_LIMIT
        say(_("{title}: {n} more not shown (--format json lists all)", title=shown, n=more))


def history(events: Sequence[Event], fmt: Format, output: Path | None = None) -> None:
    data = [{**ev.__dict__, "at": for_json(ev.at)} for ev in events]
    emit(fmt, output, data, lambda: _history_tables(events), title="history")


def _history_tables(events: Sequence[Event]) -> None:
    rows = [
        (_minute(ev.at), f"{word(ev.from_status.value)} -> {word(ev.to_status.value)}", ev.actor,
         ev.wave,
         "\n".join(filter(None, (ev.note, ev.reason))))
        for ev in events
    ]  # fmt: skip
    columns = [N_("at"), N_("move"), N_("actor"), N_("wave"), N_("note / reason")]
    print_table(events[0].system, headings(columns), rows, right=3, right_end=4)
    evidence = [(_minute(ev.at), item) for ev in events for item in ev.evidence]
    if evidence:
        print_table(_("evidence"), headings([N_("at"), N_("evidence")]), evidence, right=2)


def _minute(at: str) -> str | None:
    return for_table(at)


def status(report: StatusReport, fmt: Format, output: Path | None = None) -> None:
    emit(fmt, output, report.as_dict(), lambda: _status_tables(report), title="status report")


def _status_tables(report: StatusReport) -> None:
    _indicators(report)
    counts = ", ".join(f"{word(k)} {v}" for k, v in report.by_status.items())
    say(_("by status: {counts}", counts=counts))
    if report.group_by:
        _groups(report)
    _status_lists(report)
    if report.dr is not None:
        _dr(report.dr)


def _groups(report: StatusReport) -> None:
    """The counts by --by; the grouping's heading 部门 (the level word `department` is 省直部门)."""
    by = str(report.group_by)
    rows = [(word(k) if by == "level" or k == UNPLANNED else k, c.in_scope, c.migrated,
             _pct(c.ratio), c.exempt, c.overdue, c.at_risk, c.blocked)
            for k, c in report.groups.items()]  # fmt: skip
    columns = [N_("scope"), N_("done"), N_("上云率"), N_("exempt")]
    columns += [N_("overdue"), N_("risk"), N_("blocked")]
    lang = current_lang()
    group = heading(by.replace("-", "_"), lang) if lang == "zh" else by
    print_table(_("by {what}", what=group), [group, *headings(columns)], rows)


#: The wave of systems not in any wave yet (a key of `cloud status --by wave`).
UNPLANNED = N_("(unplanned)")


def _dr(dr: DrSummary) -> None:
    say(_("两地三中心 DR coverage: {m} of {n} systems with a DR need have every copy they need "
          "({ratio}); copies as seen by the last `govops cloud sync`",
          m=dr.met, n=dr.needed, ratio=_pct(dr.ratio)))  # fmt: skip
    _rows_limited(
        N_("DR needs not met"),
        [N_("system"), N_("need"), N_("RPO"), N_("RTO"), N_("has"), N_("missing")],
        [
            (r.system, word(r.need), r.rpo or "", r.rto or "", ", ".join(r.copies.values()),
             "; ".join(localize(m) for m in r.missing))
            for r in dr.rows if not r.met
        ],
    )  # fmt: skip


def _indicators(report: StatusReport) -> None:
    t = report.total
    n = report.migrated_with_deadline
    rows = [
        (_("上云率 migrated share"), _pct(t.ratio),
         _("{m} of {n} non-classified in scope (exempt in, retired out)", m=t.migrated,
           n=t.in_scope)),
        (_("上云率 without exempt"), _pct(report.ratio_without_exempt),
         _("{m} of {n} (exempt out)", m=t.migrated, n=t.in_scope - t.exempt)),
        (_("on time"), _pct(report.on_time_ratio),
         _("{m} of {n} migrated systems with a deadline", m=report.on_time, n=n)),
        (_("overdue"), t.overdue, _("not migrated, deadline passed")),
        (_("at risk"), t.at_risk, _("planned cutover after the deadline")),
        (_("blocked"), t.blocked, ""),
        (_("stale ({days} days)", days=report.stale_days), len(report.stale),
         _("no update for that long")),
        (_("classified"), report.classified, _("out of scope (涉密)")),
    ]  # fmt: skip
    print_table(_("cloud migration on {day}", day=report.today.isoformat()),
                headings([N_("indicator"), N_("value"), N_("detail")]),
                rows, right=1, right_end=2)  # fmt: skip


def _status_lists(report: StatusReport) -> None:
    _rows_limited(
        N_("blocked"),
        [N_("system"), N_("reason"), N_("since"), N_("age days")],
        [
            (b["system"], b["reason"], (for_table(b["since"]) or "")[:10], b["age_days"])
            for b in report.blocked
        ],
    )
    _rows_limited(
        N_("at risk"),
        [N_("system"), N_("deadline"), N_("wave"), N_("wave date")],
        [(r["system"], r["deadline"], r["wave"], r["wave_date"]) for r in report.at_risk],
    )
    _rows_limited(N_("overdue"), [N_("system"), N_("status"), N_("target cloud"), N_("deadline")],
                  [(r["system"], word(r["status"]), r["target_cloud"], r["deadline"])
                   for r in report.overdue])  # fmt: skip
    _rows_limited(
        N_("stale"),
        [N_("system"), N_("status"), N_("since"), N_("age days")],
        [
            (r["system"], word(r["status"]), (for_table(r["since"]) or "")[:10], r["age_days"])
            for r in report.stale
        ],
    )


def plan(run: PlanRun, fmt: Format, output: Path | None = None) -> None:
    from govops.cloud.plan import plan_as_dict

    emit(fmt, output, plan_as_dict(run), lambda: _plan_tables(run), title="migration plan")


def _plan_tables(run: PlanRun) -> None:
    p = run.plan
    _waves(p)
    for note in run.notes:
        say(note)
    if p.groups:
        say(_("must move together: {groups}", groups="; ".join("+".join(g) for g in p.groups)))
    _shortfalls(p)
    _problems(p)
    for sid, why in {**run.skipped, **p.unplaced}.items():
        say(_("not planned: {system}: {why}", system=sid, why=why))
    if run.applied or run.not_applied:
        say(_("recorded planned waves for {n} systems", n=len(run.applied)))
        for sid, why in (run.not_applied or {}).items():
            say(_("not recorded: {system}: {why}", system=sid, why=why))


def _waves(p: Plan) -> None:
    rows = []
    for w in p.waves:
        vcpu = sum(d[0] for d in w.demand.values())
        ram = sum(d[1] for d in w.demand.values())
        more = f" +{len(w.systems) - 4}" if len(w.systems) > 4 else ""
        rows.append((w.number, w.date.isoformat(), len(w.systems), vcpu, ram, len(w.demand),
                     " ".join(w.systems[:4]) + more))  # fmt: skip
    title = _(
        "{n} waves from {start}, every {days} days, max {most} per wave",
        n=len(p.waves),
        start=p.start.isoformat(),
        days=p.wave_days,
        most=p.max_per_wave,
    )
    columns = [N_("wave"), N_("cutover"), N_("n"), N_("vCPU"), N_("RAM GB"), N_("clouds")]
    print_table(title, headings([*columns, N_("systems")]), rows, right=2, right_end=6)


def _shortfalls(p: Plan) -> None:
    shortfalls = [
        (
            s.cloud,
            f"{s.demand[0]}/{s.headroom[0]}",
            f"{s.demand[1]}/{s.headroom[1]}",
            f"{s.demand[2]}/{s.headroom[2]}",
            " ".join(s.unplaced),
        )
        for s in p.shortfalls
    ]
    if shortfalls:
        columns = [N_("cloud"), N_("vCPU"), N_("RAM GB"), N_("disk GB"), N_("not planned")]
        print_table(
            _("capacity shortfalls (demand/headroom)"),
            headings(columns),
            shortfalls,
            right=1,
            right_end=4,
        )


#: Kinds of plan problems, as the titles of their tables (the kind, underscores as spaces).
PROBLEM_KINDS = (
    *(N_("missed deadline"), N_("spans clouds"), N_("oversized group")),
    *(N_("unplanned dependency"), N_("classified dependency"), N_("retired dependency")),
    *(N_("exempt dependency"), N_("decommissioned dependency"), N_("capacity")),
)


def _problems(p: Plan) -> None:
    kinds: dict[str, list[str]] = {}
    for pr in p.problems:
        kinds.setdefault(pr.kind, []).append(pr.message)
    overdue = kinds.pop("overdue", [])
    for kind, messages in sorted(kinds.items()):
        _rows_limited(kind.replace("_", " "), [N_("problem")], [(localize(m),) for m in messages])
    if overdue:
        say(
            _(
                "{n} systems were already overdue on {day}; they go first (--format json lists "
                "them)",
                n=len(overdue),
                day=p.start.isoformat(),
            )
        )


def sync(report: SyncReport, fmt: Format, output: Path | None = None) -> None:
    emit(fmt, output, report.as_dict(), lambda: _sync_tables(report), title="sync")


def _sync_tables(report: SyncReport) -> None:
    for cloud, err in report.clouds.items():
        if err:
            say(_("{cloud}: not read: {error}", cloud=cloud, error=err))
    read = [c for c, e in report.clouds.items() if not e]
    say(_("read {n} of {total} clouds", n=len(read), total=len(report.clouds)))
    for cloud, parts in report.partial.items():
        say(_("{cloud}: this account may not read {parts}; synced without them",
              cloud=cloud, parts=", ".join(parts)))  # fmt: skip
    if not read:
        return
    if report.dr_copies:
        active = sum(c["status"] == "ACTIVE" for c in report.dr_copies)
        say(_("DR copies (govops:role=dr): {n} seen, {active} ACTIVE; `govops cloud status` "
              "weighs them against each system's DR need", n=len(report.dr_copies),
              active=active))  # fmt: skip
    rows: list[Sequence[Any]] = []
    rows += [(_("drift"), d["system"], d["target_cloud"],
              _("marked {status}, no ACTIVE server", status=word(d["status"])))
             for d in report.drift]  # fmt: skip
    rows += [(_("classified"), c["system"], c["cloud"],
              _("涉密 system, server {name}", name=c["name"]))
             for c in report.classified]  # fmt: skip
    rows += [(_("unknown system"), u["system"], u["cloud"],
              _("server {name} ({status})", name=u["name"], status=u["status"]))
             for u in report.unknown]  # fmt: skip
    rows += [
        (
            _("not marked"),
            u["system"],
            " ".join(s.split("/")[0] for s in u["servers"]),
            _("{status}, {n} ACTIVE server(s)", status=word(u["status"]), n=len(u["servers"])),
        )
        for u in report.unmarked
    ]
    rows += [(_("misplaced"), m["system"], m["cloud"],
              _("target is {cloud}", cloud=m["target_cloud"]))
             for m in report.misplaced]  # fmt: skip
    columns = [N_("finding"), N_("system"), N_("cloud"), N_("detail")]
    print_table(_("sync findings ({n})", n=report.findings), headings(columns), rows, right=4)
    unlinked = sum(report.unlinked.values())
    if unlinked:
        say(_("{n} servers name no system (no metadata govops:system_id, no tag)", n=unlinked))
    if report.recorded or report.refused:
        say(_("recorded migrated: {n} systems", n=len(report.recorded)))
        for sid, why in report.refused.items():
            say(_("not recorded: {system}: {why}", system=sid, why=why))


def capacity(report: Sequence[CloudCapacity], fmt: Format, output: Path | None = None) -> None:
    from govops.cloud.capacity import capacity_as_dict

    data = capacity_as_dict(report)
    emit(fmt, output, data, lambda: _capacity_tables(report), title="capacity")


def _capacity_tables(report: Sequence[CloudCapacity]) -> None:
    rows: list[Sequence[Any]] = []
    for c in report:
        if c.error:
            rows.append((c.cloud, "-", "-", "-", "-", "-", _("not read")))
            say(_("{cloud}: not read: {error}", cloud=c.cloud, error=c.error))
            continue
        rows.append((
            c.cloud, f"{c.headroom['VCPU']}/{c.capacity['VCPU']}",
            f"{c.headroom['MEMORY_MB'] // 1024}/{c.capacity['MEMORY_MB'] // 1024}",
            f"{c.headroom['DISK_GB'] // 1000}/{c.capacity['DISK_GB'] // 1000}",
            sum(len(w["systems"]) for w in c.waves), c.after_plan["VCPU"], _fit(c),
        ))  # fmt: skip
    columns = [N_("cloud"), N_("vCPU"), N_("RAM GB"), N_("disk TB"), N_("planned"), N_("left")]
    print_table(_("headroom/capacity (Placement) less the planned systems"),
                headings([*columns, N_("plan")]), rows, right=1, right_end=6)  # fmt: skip


def _fit(c: CloudCapacity) -> str:
    bad = next((w for w in c.waves if not w["fits"]), None)
    quota = next((q["project"] for q in c.quotas if not q["fits"]), None)
    if bad is None and quota is not None:
        return _("quota {project}", project=quota)
    if bad is None:
        return _("fits")
    if bad["wave"] is None:
        return _("unwaved short")
    return _("wave {n} short", n=bad["wave"])
