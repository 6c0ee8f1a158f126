"""Rendering of `govops cloud` results: tables for people, JSON for pipes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from govops.cli._terminal import Format, print_json, print_table, say
from govops.clock import for_json, for_table
from govops.i18n import N_, _, headings, word

if TYPE_CHECKING:
    from govops.cloud.capacity import CloudCapacity
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


def history(events: Sequence[Event], fmt: Format) -> None:
    if fmt is Format.json:
        print_json([{**ev.__dict__, "at": for_json(ev.at)} for ev in events])
        return
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


def status(report: StatusReport, fmt: Format) -> None:
    if fmt is Format.json:
        print_json(report.as_dict())
        return
    _indicators(report)
    counts = ", ".join(f"{word(k)} {v}" for k, v in report.by_status.items())
    say(_("by status: {counts}", counts=counts))
    if report.group_by:
        grows = [(k, c.in_scope, c.migrated, _pct(c.ratio), c.exempt, c.overdue, c.at_risk,
                  c.blocked) for k, c in report.groups.items()]  # fmt: skip
        columns = [report.group_by, N_("scope"), N_("done"), N_("上云率"), N_("exempt")]
        columns += [N_("overdue"), N_("risk"), N_("blocked")]
        print_table(_("by {what}", what=word(report.group_by)), headings(columns), grows)
    _status_lists(report)


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
            (b["system"], b["reason"], (b["since"] or "")[:10], b["age_days"])
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
            (r["system"], word(r["status"]), (r["since"] or "")[:10], r["age_days"])
            for r in report.stale
        ],
    )


def plan(run: PlanRun, fmt: Format) -> None:
    from govops.cloud.plan import plan_as_dict

    if fmt is Format.json:
        print_json(plan_as_dict(run))
        return
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
    title = _("{n} waves from {start}, every {days} days, max {most} per wave", n=len(p.waves),
              start=p.start.isoformat(), days=p.wave_days, most=p.max_per_wave)
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
        print_table(_("capacity shortfalls (demand/headroom)"), headings(columns), shortfalls,
                    right=1, right_end=4)


def _problems(p: Plan) -> None:
    kinds: dict[str, list[str]] = {}
    for pr in p.problems:
        kinds.setdefault(pr.kind, []).append(pr.message)
    overdue = kinds.pop("overdue", [])
    for kind, messages in sorted(kinds.items()):
        _rows_limited(kind.replace("_", " "), [N_("problem")], [(m,) for m in messages])
    if overdue:
        say(_("{n} systems were already overdue on {day}; they go first (--format json lists "
              "them)", n=len(overdue), day=p.start.isoformat()))


def sync(report: SyncReport, fmt: Format) -> None:
    if fmt is Format.json:
        print_json(report.as_dict())
        return
    for cloud, err in report.clouds.items():
        if err:
            say(f"{cloud}: not read: {err}")
    read = [c for c, e in report.clouds.items() if not e]
    say(f"read {len(read)} of {len(report.clouds)} clouds")
    for cloud, parts in report.partial.items():
        say(f"{cloud}: this account may not read {', '.join(parts)}; synced without them")
    if not read:
        return
    rows: list[Sequence[Any]] = []
    rows += [("drift", d["system"], d["target_cloud"], f"marked {d['status']}, no ACTIVE server")
             for d in report.drift]  # fmt: skip
    rows += [("classified", c["system"], c["cloud"], f"涉密 system, server {c['name']}")
             for c in report.classified]  # fmt: skip
    rows += [("unknown system", u["system"], u["cloud"], f"server {u['name']} ({u['status']})")
             for u in report.unknown]  # fmt: skip
    rows += [
        (
            "not marked",
            u["system"],
            " ".join(s.split("/")[0] for s in u["servers"]),
            f"{u['status']}, {len(u['servers'])} ACTIVE server(s)",
        )
        for u in report.unmarked
    ]
    rows += [("misplaced", m["system"], m["cloud"], f"target is {m['target_cloud']}")
             for m in report.misplaced]  # fmt: skip
    print_table(f"sync findings ({report.findings})", ["finding", "system", "cloud", "detail"],
                rows, right=4)  # fmt: skip
    unlinked = sum(report.unlinked.values())
    if unlinked:
        say(f"{unlinked} servers name no system (no metadata govops:system_id, no tag)")
    if report.recorded or report.refused:
        say(f"recorded migrated: {len(report.recorded)} systems")
        for sid, why in report.refused.items():
            say(f"not recorded: {sid}: {why}")


def capacity(report: Sequence[CloudCapacity], fmt: Format) -> None:
    from govops.cloud.capacity import capacity_as_dict

    if fmt is Format.json:
        print_json(capacity_as_dict(report))
        return
    rows: list[Sequence[Any]] = []
    for c in report:
        if c.error:
            rows.append((c.cloud, "-", "-", "-", "-", "-", "not read"))
            say(f"{c.cloud}: not read: {c.error}")
            continue
        rows.append((
            c.cloud, f"{c.headroom['VCPU']}/{c.capacity['VCPU']}",
            f"{c.headroom['MEMORY_MB'] // 1024}/{c.capacity['MEMORY_MB'] // 1024}",
            f"{c.headroom['DISK_GB'] // 1000}/{c.capacity['DISK_GB'] // 1000}",
            sum(len(w["systems"]) for w in c.waves), c.after_plan["VCPU"], _fit(c),
        ))  # fmt: skip
    print_table("headroom/capacity (Placement) less the planned systems", ["cloud", "vCPU",
                "RAM GB", "disk TB", "planned", "left", "plan"], rows,
                right=1, right_end=6)  # fmt: skip


def _fit(c: CloudCapacity) -> str:
    bad = next((w for w in c.waves if not w["fits"]), None)
    quota = next((q["project"] for q in c.quotas if not q["fits"]), None)
    if bad is None and quota is not None:
        return f"quota {quota}"
    if bad is None:
        return "fits"
    wave = "unwaved" if bad["wave"] is None else f"wave {bad['wave']}"
    return f"{wave} short"
