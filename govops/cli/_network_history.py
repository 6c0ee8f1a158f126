"""govops network history | diff | prune: audits over time (registered in cli/network.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli import _terminal
from govops.cli._app import LangOpt
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format
from govops.errors import InputError
from govops.i18n import M_, N_, _, headings, localize, message_from_json, word


class Kind(StrEnum):
    audit = "audit"
    ipv6 = "ipv6"
    cloud = "cloud"
    scorecard = "scorecard"


KINDS = {
    Kind.audit: "network.audit",
    Kind.ipv6: "network.ipv6",
    Kind.cloud: "cloud.status",
    Kind.scorecard: "scorecard",
}


class FailOn(StrEnum):
    warning = "warning"
    critical = "critical"


#: Words shown from stored audits: scopes and the site fields a diff lists.
WORDS = (N_("full"), N_("connected"), N_("bandwidth_status"), N_("ipv6_status"))


def _pct(value: Any) -> str:
    return "-" if not isinstance(value, int | float) else f"{value:.1%}"


def history_command(
    kind: Annotated[Kind, typer.Option(help="What to list.")] = Kind.audit,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    limit: Annotated[int, typer.Option(min=1, help="Newest entries to show.")] = 30,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List stored audits (or IPv6 views, cloud status, scorecards) with their time.

    An audit's time is its snapshot's; ids are what `govops network diff` takes.
    """
    from govops import clock, history
    from govops.store import connect

    conn = connect()
    entries = history.entries(conn, KINDS[kind])[-limit:]
    if kind is Kind.audit:
        entries = [_with_counts(conn, e) for e in entries]
    _terminal.emit(
        format,
        output,
        [{**e.to_json(), "created_at": clock.for_json(e.created_at)} for e in entries],
        lambda: _history_table(kind, entries),
        title="history",
    )


def _with_counts(conn: Any, entry: Any) -> Any:
    """The audit's entry with its findings counted by severity and its total ratios."""
    from dataclasses import replace

    from govops import history

    full = history.load(conn, "network.audit", entry.id)
    body = full.body if full else {}
    found = body.get("findings", [])
    counts = {s: sum(f["severity"] == s for f in found) for s in ("critical", "warning", "info")}
    total = body.get("summary", {}).get("total", {})
    ratios = {k: total.get(k) for k in ("coverage_ratio", "ipv6_ready_ratio")}
    return replace(entry, meta={**entry.meta, "findings": counts, **ratios})


def _history_table(kind: Kind, entries: list[Any]) -> None:
    from govops import clock

    if kind is not Kind.audit:
        rows = [[e.id, clock.for_table(e.created_at), word(e.scope)] for e in entries]
        _terminal.print_table(None, headings([N_("id"), N_("time"), N_("scope")]), rows)
        return
    rows = [
        [
            e.id,
            clock.for_table(e.created_at),
            word(e.scope),
            "/".join(str(e.meta.get("findings", {}).get(s, 0)) for s in ("critical", "warning")),
            _pct(e.meta.get("coverage_ratio")),
            _pct(e.meta.get("ipv6_ready_ratio")),
            e.meta.get("snapshot") or _("(live)"),
        ]
        for e in entries
    ]
    columns = [N_("id"), N_("time"), N_("scope"), N_("crit/warn"), N_("cover%"), N_("IPv6%")]
    columns.append(N_("snapshot"))
    _terminal.print_table(None, headings(columns), rows, right=3, right_end=6, width=200)


def _resolve(conn: Any, spec: str, inventory: list[Path], policy: Path | None) -> tuple[str, Any]:
    """A stored audit id or a snapshot directory -> (label, audit JSON)."""
    from govops import clock, history

    if spec.isdigit():
        entry = history.load(conn, "network.audit", int(spec))
        if entry is None:
            raise InputError(
                M_("no stored audit {id}; `govops network history` lists them", id=spec)
            )
        when = clock.for_table(entry.created_at)
        label = M_("audit {id} ({time}, {scope})", id=entry.id, time=when, scope=M_(entry.scope))
        return label, entry.body
    if not inventory:
        raise InputError(
            M_("`{path}` is a snapshot: give the inventory with -i to audit it", path=spec)
        )
    from govops.inventory import load_inventory
    from govops.network.audit import run_audit
    from govops.network.policy import load_policy
    from govops.network.snapshot import read_snapshot, snapshot_created_at

    path = Path(spec)
    report = run_audit(load_inventory(inventory), read_snapshot(path), load_policy(policy))
    taken = clock.for_table(snapshot_created_at(path))
    return M_("snapshot {path} ({time})", path=str(path), time=taken), report.to_json()


def _defaults(conn: Any, old: str | None, new: str | None) -> tuple[str, str]:
    from govops import history

    full = [str(e.id) for e in history.entries(conn, "network.audit", scope="full")]
    if old is not None and new is not None:
        return old, new
    if old is not None:
        if not full:
            raise InputError(M_("no stored full audit to compare with; give B as well"))
        return old, full[-1]
    if len(full) < 2:
        raise InputError(
            M_(
                "{n} full audit(s) stored; diff needs two (or give A and B: ids or snapshots)",
                n=len(full),
            )
        )
    return full[-2], full[-1]


def diff_command(
    old: Annotated[
        str | None, typer.Argument(metavar="[A]", help="Stored audit id or snapshot directory.")
    ] = None,
    new: Annotated[
        str | None, typer.Argument(metavar="[B]", help="Stored audit id or snapshot directory.")
    ] = None,
    inventory: Annotated[
        list[Path] | None,
        typer.Option("--inventory", "-i", metavar="PATH", help="Inventory (to audit snapshots)."),
    ] = None,
    policy: Annotated[Path | None, typer.Option(help="Policy file for snapshots.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Exit 1 on a new finding at or above this, or on any ratio that fell."),
    ] = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show what changed from audit A to audit B: new and fixed findings, links and sites
    whose status changed, and each level's ratios before and after.

    A and B are stored audit ids (`govops network history`) or snapshot directories;
    without them, the last two full audits.
    """
    from govops.network.diff import diff_audits
    from govops.store import connect

    conn = connect()
    a, b = _defaults(conn, old, new)
    (label_a, report_a), (label_b, report_b) = (
        _resolve(conn, spec, inventory or [], policy) for spec in (a, b)
    )
    diff = diff_audits(report_a, report_b)
    _terminal.emit(
        format,
        output,
        {"from": label_a, "to": label_b, **diff.to_json()},
        lambda: _render_diff(label_a, label_b, diff),
        title="diff",
    )
    if fail_on is not None and diff.regressions(fail_on.value):
        raise typer.Exit(1)


def _render_diff(label_a: str, label_b: str, diff: Any) -> None:
    _terminal.print_text(_("from {a}\n  to {b}", a=localize(label_a), b=localize(label_b)))
    columns = headings([N_("severity"), N_("check"), N_("subject"), N_("message")])
    found = ((N_("New findings"), diff.new_findings), (N_("Fixed"), diff.fixed_findings))
    for title, findings in found:
        rows = [_finding_row(f) for f in findings]
        _section(title, columns, rows, right=99, width=200)
    links = [[r["id"], word(r["tier"] or ""), _status(r["before"]), _status(r["after"])]
             for r in diff.links]  # fmt: skip
    link_columns = [N_("link"), N_("tier"), N_("before"), N_("after")]
    _section(N_("Links whose status changed"), headings(link_columns), links)
    sites = [[r["id"], word(r["level"] or ""), _(r["field"]), _status(r["before"]),
              _status(r["after"])] for r in diff.sites]  # fmt: skip
    site_columns = [N_("site"), N_("level"), N_("field"), N_("before"), N_("after")]
    _section(N_("Sites whose status changed"), headings(site_columns), sites, right=99)
    ratio_columns = [N_("level"), N_("coverage"), N_("bandwidth"), N_("IPv6")]
    _terminal.print_table(_("Ratios per level"), headings(ratio_columns), _ratio_rows(diff))


def _finding_row(finding: dict[str, Any]) -> list[Any]:
    """A stored finding in the reader's language (its message rebuilt from its msgid)."""
    message = localize(message_from_json(finding))
    return [word(finding["severity"]), word(finding["check"]), finding["subject"], message]


def _status(value: Any) -> str:
    """A status word or a yes/no, translated (the JSON keeps the value itself)."""
    if isinstance(value, bool):
        return _("True") if value else _("False")
    return word(value) if isinstance(value, str) else "-" if value is None else str(value)


def _section(title: str, columns: list[str], rows: list[list[Any]], **options: Any) -> None:
    """A titled table, or one line saying there is nothing in it (``title``: a msgid)."""
    if rows:
        _terminal.print_table(f"{_(title)} ({len(rows)})", columns, rows, **options)
    else:
        _terminal.print_text(_("{title}: none", title=_(title)))


def _ratio_rows(diff: Any) -> list[list[str]]:
    from govops.inventory.models import Level

    cells: dict[str, dict[str, str]] = {}
    for r in diff.ratios:
        delta = "" if not r["delta"] else f" ({r['delta'] * 100:+.1f})"
        text = f"{_pct(r['before'])} -> {_pct(r['after'])}{delta}"
        cells.setdefault(r["level"], {})[r["ratio"]] = text
    order = [str(level) for level in Level] + ["total"]
    levels = sorted(cells, key=lambda lv: (order.index(lv) if lv in order else 99, lv))
    keys = ("coverage_ratio", "bandwidth_compliance_ratio", "ipv6_ready_ratio")
    return [[word(level), *(cells[level].get(k, "-") for k in keys)] for level in levels]


def prune_command(
    directory: Annotated[
        Path, typer.Argument(help="Where the snapshot directories are.", show_default=True)
    ] = Path("."),
    keep: Annotated[int, typer.Option(min=0, help="Snapshots to keep, newest first.")] = 30,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would go.")] = False,
    lang: LangOpt = None,
) -> None:
    """Remove snapshot directories beyond the KEEP newest (by their manifest's time).

    Only directories holding a govops snapshot manifest are touched; stored audits stay
    (trends and diffs read them).
    """
    from govops.network.prune import prune_snapshots

    removed = prune_snapshots(directory, keep, dry_run=dry_run)
    for path in removed:
        _terminal.print_text(str(path))
    params = {"n": len(removed), "keep": keep, "directory": str(directory)}
    if dry_run:
        _terminal.say(M_("would remove {n} snapshot(s); kept the {keep} newest in {directory}",
                         **params))  # fmt: skip
    else:
        _terminal.say(M_("removed {n} snapshot(s); kept the {keep} newest in {directory}",
                         **params))  # fmt: skip
