"""govops network: collect from devices over SSH, parse, and audit against the plan."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govops.cli import _collect, _terminal, network_snapshot
from govops.cli._app import new_app
from govops.cli._terminal import Format, print_json, print_table, say
from govops.errors import InputError

app = new_app(help="Collect device output over SSH, parse it, and audit the extranet.")
app.add_typer(network_snapshot.app, name="snapshot")


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Severity(StrEnum):
    warning = "warning"
    critical = "critical"


Inventories = Annotated[
    list[Path],
    typer.Option(
        "--inventory", "-i", metavar="PATH", help="Inventory directory or file (repeatable)."
    ),
]
Workers = Annotated[
    str,
    typer.Option(
        metavar="N|auto",
        help="SSH sessions at once; auto sizes the pool for waiting on a slow WAN.",
    ),
]
Retries = Annotated[
    int,
    typer.Option(
        min=0, max=5, help="Rounds of retrying transient failures (refused, timeout, dropped)."
    ),
]
ConnectTimeout = Annotated[float, typer.Option(help="Seconds to connect and log in.")]
CommandTimeout = Annotated[float, typer.Option(help="Seconds to wait for each command's prompt.")]
Insecure = Annotated[
    bool,
    typer.Option(
        "--insecure-host-keys", help="Do not check host keys against known_hosts (says so)."
    ),
]
SnapshotOpt = Annotated[Path | None, typer.Option(help="Read this snapshot (no network access).")]
LiveOpt = Annotated[bool, typer.Option("--live", help="Collect over SSH now instead.")]
KnownHosts = Annotated[
    Path | None, typer.Option(help="known_hosts file [env GOVOPS_SSH_KNOWN_HOSTS].")
]


@app.command("collect")
def collect_command(
    inventory: Inventories,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", "--out", help="Snapshot directory to write."),
    ] = None,
    site: Annotated[
        list[str] | None, typer.Option(help="Only devices at this site (repeatable).")
    ] = None,
    under: Annotated[
        list[str] | None,
        typer.Option(help="Devices at this site and every site below it (repeatable)."),
    ] = None,
    level: Annotated[
        list[str] | None, typer.Option(help="Only sites of this level (repeatable).")
    ] = None,
    device: Annotated[list[str] | None, typer.Option(help="Only this device (repeatable).")] = None,
    workers: Workers = "auto",
    retries: Retries = 1,
    connect_timeout: ConnectTimeout = 10.0,
    command_timeout: CommandTimeout = 30.0,
    insecure_host_keys: Insecure = False,
    known_hosts: KnownHosts = None,
) -> None:
    """Read every device's interfaces over SSH (read-only commands) into a snapshot directory.

    Use before `govops network audit --snapshot`; the snapshot holds no credentials. A
    city's node collects its part with --under CITY; the centre merges the parts with
    `govops network snapshot merge`. Devices that failed for a transient reason are
    retried once at the end (--retries). Exits 1 when any device could not be read
    (each is in the manifest with its reason).
    """
    from govops.inventory import load_inventory
    from govops.network.collect import select_devices

    inv = load_inventory(inventory)
    chosen = select_devices(inv, site or (), level or (), device or (), under or ())
    target = output or Path(f"snapshot-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    options = _collect.ssh_options(
        connect_timeout, command_timeout, insecure_host_keys, known_hosts
    )
    count = _collect.worker_count(workers, len(chosen))
    selection = _selection(site, under, level, device, len(chosen), len(inv.devices))
    _terminal.say(f"collecting {len(chosen)} devices, {count} sessions at once")
    run = _collect.collect_to_snapshot(chosen, target, count, options, retries, selection)
    _report_collect(run)
    _terminal.print_text(str(target))
    if run.ok < run.total:
        raise typer.Exit(1)  # the snapshot is written; the failed devices are in it, with reasons


def _selection(
    site: list[str] | None,
    under: list[str] | None,
    level: list[str] | None,
    device: list[str] | None,
    chosen: int,
    total: int,
) -> dict[str, Any]:
    """What part of the inventory a snapshot covers (a manifest field beyond design.md's)."""
    filters = {"site": site, "under": under, "level": level, "device": device}
    return {
        **{k: v for k, v in filters.items() if v},
        "devices": chosen,
        "inventory_devices": total,
    }


def _report_collect(run: Any) -> None:
    for result in run.failed:
        tries = f" (after {result.attempts} attempts)" if result.attempts > 1 else ""
        _terminal.say(f"{result.name}: {result.error}{tries}")
    for name, algorithms in sorted(run.legacy.items()):
        _terminal.say(f"{name}: legacy SSH algorithms used: {', '.join(algorithms)}")
    retried = f"; {run.retried} retried" if run.retried else ""
    _terminal.say(f"{run.ok} of {run.total} devices read{retried}; snapshot in {run.out}")


@app.command("parse")
def parse_command(
    file: Annotated[Path, typer.Argument(help="A saved command output.")],
    platform: Annotated[str, typer.Option(help="netmiko device_type, e.g. huawei.")],
    command: Annotated[str, typer.Option(help="The command that produced FILE.")],
    format: Annotated[_terminal.Format, typer.Option("--format", "-f")] = _terminal.Format.json,
) -> None:
    """Print the interface records of one saved output, through the parser the audit uses."""
    from govops.network.parsing import parse_output
    from govops.units import format_rate

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{file}: {exc.strerror}") from None
    records = parse_output(platform, command, text)
    if format is _terminal.Format.json:
        _terminal.print_json([r.to_json() for r in records])
        return
    rows = [
        [
            r.name,
            r.oper_status,
            format_rate(r.speed_bps),
            format_rate(r.bandwidth_bps),
            format_rate(r.in_bps),
            format_rate(r.out_bps),
            " ".join(r.members),
            " ".join(r.ipv4 + r.ipv6),
        ]
        for r in records
    ]
    _terminal.print_table(
        None,
        ["interface", "status", "speed", "bandwidth", "in", "out", "members", "addresses"],
        rows,
        right=2,
        right_end=6,
    )


def _audit(
    inventory: list[Path],
    snapshot: Path | None,
    live: bool,
    policy: Path | None,
    workers: str,
    options: Any,
) -> tuple[Any, Any, Any]:
    """(inventory, report, scope) of auditing a snapshot or the devices now."""
    from govops.inventory import load_inventory
    from govops.network.audit import run_audit
    from govops.network.policy import load_policy
    from govops.network.scope import audit_scope
    from govops.network.snapshot import read_snapshot

    if (snapshot is None) == (not live):
        raise InputError("give exactly one of --snapshot SNAP or --live")
    inv = load_inventory(inventory)
    rules = load_policy(policy)
    if snapshot is not None:
        results = read_snapshot(snapshot)
    else:
        devices = list(inv.devices.values())
        count = _collect.worker_count(workers, len(devices))
        results = _collect.read_devices(devices, count, options)
    scope = audit_scope(inv, results, f"snapshot `{snapshot}`" if snapshot else "the fleet")
    if not scope.full:
        _terminal.say(
            f"partial audit: {scope.devices} of {scope.inventory_devices} inventory devices "
            f"({len(scope.sites)} sites); stored apart, not read by the exporter or scorecard"
        )
    return inv, run_audit(inv, results, rules), scope


# STORAGE (issue 15, partial audits): the scope is stored with the summary, and a partial
# audit under its own key, so the exporter and the scorecard (which read
# network.last_audit_summary) only ever see full audits. The shared-state issue moves this
# to its audit-history table (audits with their time and scope); carry `scope` over there.
PARTIAL_AUDIT_KEY = "network.last_partial_audit_summary"


def _store_summary(report: Any, scope: Any) -> None:
    from govops.store import connect, put_document

    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    key = "network.last_audit_summary" if scope.full else PARTIAL_AUDIT_KEY
    document = {"generated_at": stamp, "summary": report.summary, "scope": scope.to_json()}
    with connect() as conn:
        put_document(conn, key, document)


@app.command("audit")
def audit_command(
    inventory: Inventories,
    snapshot: SnapshotOpt = None,
    live: LiveOpt = False,
    policy: Annotated[
        Path | None, typer.Option(help="Policy file (default: the plan's tiers).")
    ] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report here instead of stdout."),
    ] = None,
    fail_on: Annotated[
        Severity | None, typer.Option(help="Exit 1 on findings at or above this.")
    ] = None,
    workers: Workers = "16",
    connect_timeout: ConnectTimeout = 10.0,
    command_timeout: CommandTimeout = 30.0,
    insecure_host_keys: Insecure = False,
    known_hosts: KnownHosts = None,
) -> None:
    """Audit bandwidth tiers, dual uplinks, utilization, IPv6 and coverage, site by site.

    Reads a snapshot (--snapshot) or the devices themselves (--live); stores the summary
    for the exporter and the scorecard.
    """
    options = _collect.live_options(
        live, connect_timeout, command_timeout, insecure_host_keys, known_hosts
    )
    _, report, scope = _audit(inventory, snapshot, live, policy, workers, options)
    _store_summary(report, scope)
    _render_audit(report, format, output)
    limit = {"warning": 1, "critical": 0}[fail_on] if fail_on else None
    ranks = {"critical": 0, "warning": 1, "info": 2}
    if limit is not None and any(ranks[f.severity] <= limit for f in report.findings):
        raise typer.Exit(1)


def _render_audit(report: Any, format: ReportFormat, output: Path | None) -> None:
    import json

    from govops.network import report as render

    if format is ReportFormat.table and output is None:
        _terminal.print_table("Sites per level", render.LEVEL_COLUMNS, render.level_rows(report))
        _terminal.print_table(
            "Findings",
            ["severity", "check", "subject", "message"],
            render.finding_rows(report, info=False),
            right=99,
        )
        return
    text = {
        ReportFormat.json: lambda: (
            json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
        ),
        ReportFormat.csv: lambda: render.render_csv(report),
        ReportFormat.markdown: lambda: render.render_markdown(report),
        ReportFormat.table: lambda: render.render_markdown(report),
    }[format]()
    if output is None:
        _terminal.print_text(text)
    else:
        output.write_text(text, encoding="utf-8")
        _terminal.say(f"report written to {output}")


@app.command("ipv6")
def ipv6_command(
    inventory: Inventories,
    snapshot: SnapshotOpt = None,
    live: LiveOpt = False,
    format: Annotated[_terminal.Format, typer.Option("--format", "-f")] = _terminal.Format.table,
    workers: Workers = "16",
    connect_timeout: ConnectTimeout = 10.0,
    command_timeout: CommandTimeout = 30.0,
    insecure_host_keys: Insecure = False,
    known_hosts: KnownHosts = None,
) -> None:
    """Show IPv4/IPv6 dual-stack progress by level and by city, and what to convert next."""
    from govops.network.report import ipv6_view

    options = _collect.live_options(
        live, connect_timeout, command_timeout, insecure_host_keys, known_hosts
    )
    inv, report, _ = _audit(inventory, snapshot, live, None, workers, options)
    view = ipv6_view(report, inv)
    if format is _terminal.Format.json:
        _terminal.print_json(
            {
                "headline": view.headline,
                "by_level": view.by_level,
                "by_city": view.by_city,
                "next_to_convert": view.next_to_convert,
            }
        )
        return
    _terminal.print_text(view.headline)
    counts = ["dual stack", "partial", "IPv4 only", "unknown"]
    _terminal.print_table("By level", ["level", "sites", *counts], view.by_level)
    city_columns = ["city", "name", "itself", "below", "dual", "partial", "v4only", "unknown"]
    _terminal.print_table(
        "By city (itself, and the sites below it)", city_columns, view.by_city, right=3
    )
    if view.next_to_convert:
        _terminal.print_text(
            "Next to convert (parent already dual stack): " + ", ".join(view.next_to_convert)
        )


# --- govops network probe: IPv6 reachability of government services ---

if TYPE_CHECKING:
    from govops.network.probe import FamilyProbe, ProbeReport


@app.command()
def probe(
    services_file: Annotated[
        Path,
        typer.Argument(
            help="YAML file listing services: name, department, url.", show_default=False
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    resolve: Annotated[
        list[str] | None,
        typer.Option(
            "--resolve",
            metavar="NAME=ADDR",
            help="Use ADDR (IPv4 or IPv6; comma-separated or repeated) for NAME instead of DNS.",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait at each step: DNS, connect, TLS, HTTP response.")
    ] = 5.0,
    concurrency: Annotated[int, typer.Option(help="Services probed at the same time.")] = 8,
    insecure: Annotated[
        bool, typer.Option("--insecure", "-k", help="Do not verify TLS certificates.")
    ] = False,
    cacert: Annotated[
        Path | None,
        typer.Option(help="PEM file of CA certificates to trust instead of the system's."),
    ] = None,
) -> None:
    """Probe government websites and apps over IPv6 and over IPv4.

    For each service: its AAAA and A records (or --resolve), a TCP connect, for https a
    TLS handshake with the host as SNI, and the HTTP status of one GET (redirects are
    reported, not followed), each timed in ms, over IPv6 then IPv4. Prints the share of
    services reachable over each. Exits 0 once every service is probed, 2 on a bad file.
    """
    from govops.network.probe import ProbeOptions, parse_resolve, probe_services
    from govops.network.services import load_services

    services = load_services(services_file)
    options = ProbeOptions(
        timeout=timeout,
        concurrency=concurrency,
        insecure=insecure,
        cafile=str(cacert) if cacert else None,
        resolve=parse_resolve(resolve or []),
    )
    if insecure:
        say("warning: TLS certificates are not verified (--insecure)")
    report = probe_services(services, options)
    if fmt is Format.json:
        print_json(report.as_dict())
        return
    _probe_table(report)


def _probe_table(report: ProbeReport) -> None:
    def cell(result: FamilyProbe) -> tuple[str, str | None]:
        ms = [result.connect_ms, result.tls_ms, result.http_ms]
        total = f"{sum(m for m in ms if m is not None):.1f}" if result.reachable else None
        return _probe_outcome(result, report.options.timeout), total

    rows = []
    for s in report.services:
        (v6, v6_ms), (v4, v4_ms) = cell(s.ipv6), cell(s.ipv4)
        rows.append((s.name, s.department, v6, v4, len(s.ipv6.addresses), v6_ms, v4_ms))
    columns = ["service", "department", "IPv6", "IPv4", "AAAA", "IPv6 ms", "IPv4 ms"]
    # A pipe gets the whole table, not one cut to 80 columns.
    width = None if sys.stdout.isatty() else 200
    print_table(None, columns, rows, right=4, width=width)
    for family, label in (("ipv6", "IPv6"), ("ipv4", "IPv4")):
        summary = report.summary(family)
        ratio = summary.reachable_ratio
        share = "-" if ratio is None else f"{ratio:.1%}"
        sys.stdout.write(
            f"{summary.reachable} of {summary.services} services reachable over {label}"
            f" ({share}); {summary.with_address} with an {label} address\n"
        )


def _probe_outcome(result: FamilyProbe, timeout: float) -> str:
    if result.status is not None:
        arrow = f" -> {result.location}" if result.location else ""
        return f"{result.status}{arrow}"
    failure = result.failure
    if failure is None:
        return "-"
    if failure.kind == "no_address":
        return "no address"
    if failure.kind == "timeout":
        return f"timeout {timeout:g} s ({failure.step})"
    return str(failure.kind).replace("_", " ")
