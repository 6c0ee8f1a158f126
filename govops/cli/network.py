"""govops network: collect from devices over SSH, parse, and audit against the plan."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govops.cli import _collect, _terminal, network_snapshot
from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format, print_table, say
from govops.config import ENV_PROMETHEUS_URL
from govops.errors import InputError, reason
from govops.i18n import M_, N_, _, current_lang, headings, localize, word

app = new_app(help="Collect device output over SSH, parse it, and audit the extranet.")
app.add_typer(network_snapshot.app, name="snapshot")


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


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
    out: Annotated[
        Path | None,
        typer.Option(
            "--output", "--out", "-o", metavar="PATH", help="Snapshot directory to write."
        ),
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
    lang: LangOpt = None,
) -> None:
    """Read every device's interfaces over SSH (read-only commands) into a snapshot directory.

    Use before `govops network audit --snapshot`; the snapshot holds no credentials. A
    city's node collects its part with --under CITY; the centre merges the parts with
    `govops network snapshot merge`. Devices that failed for a transient reason are
    retried once at the end (--retries). Exits 1 when any device could not be read
    (each is in the manifest with its reason).
    """
    from govops.bounds import check_output_dir
    from govops.inventory import load_inventory
    from govops.network.collect import select_devices

    inv = load_inventory(inventory)
    chosen = select_devices(inv, site or (), level or (), device or (), under or ())
    target = out or Path(f"snapshot-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    check_output_dir(target, "--out")  # before a single device is read
    options = _collect.ssh_options(
        connect_timeout, command_timeout, insecure_host_keys, known_hosts
    )
    count = _collect.worker_count(workers, len(chosen))
    selection = _selection(site, under, level, device, len(chosen), len(inv.devices))
    _terminal.say(
        M_("collecting {n} devices, {count} sessions at once", n=len(chosen), count=count)
    )
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
        error = localize(result.error)
        if result.attempts > 1:
            _terminal.say(M_("{name}: {error} (after {n} attempts)", name=result.name,
                             error=error, n=result.attempts))  # fmt: skip
        else:
            _terminal.say(M_("{name}: {error}", name=result.name, error=error))
    for name, algorithms in sorted(run.legacy.items()):
        used = ", ".join(algorithms)
        _terminal.say(M_("{name}: legacy SSH algorithms used: {algorithms}", name=name,
                         algorithms=used))  # fmt: skip
    counts = {"ok": run.ok, "total": run.total, "out": str(run.out)}
    if run.retried:
        _terminal.say(M_("{ok} of {total} devices read; {retried} retried; snapshot in {out}",
                         retried=run.retried, **counts))  # fmt: skip
    else:
        _terminal.say(M_("{ok} of {total} devices read; snapshot in {out}", **counts))


@app.command("parse")
def parse_command(
    file: Annotated[Path, typer.Argument(help="A saved command output.")],
    platform: Annotated[str, typer.Option(help="netmiko device_type, e.g. huawei.")],
    command: Annotated[str, typer.Option(help="The command that produced FILE.")],
    format: Annotated[_terminal.Format, typer.Option("--format", "-f")] = _terminal.Format.json,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Print the interface records of one saved output, through the parser the audit uses."""
    from govops.network.output_file import read_device_output
    from govops.network.parsing import parse_output
    from govops.units import format_rate

    text = read_device_output(file)
    with _terminal.parse_warnings():
        records = parse_output(platform, command, text)
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
    columns = headings([N_("interface"), N_("status"), N_("speed"), N_("bandwidth"), N_("in"),
                        N_("out"), N_("members"), N_("addresses")])  # fmt: skip
    _terminal.emit(
        format,
        output,
        [r.to_json() for r in records],
        lambda: _terminal.print_table(None, columns, rows, right=2, right_end=6),
        title="records",
    )


def _audit(
    inventory: list[Path],
    snapshot: Path | None,
    live: bool,
    policy: Path | None,
    workers: str,
    options: Any,
    usage_request: Any = None,
) -> tuple[Any, Any, Any]:
    from concurrent.futures import ThreadPoolExecutor

    from govops.inventory import load_inventory
    from govops.network.audit import run_audit
    from govops.network.policy import load_policy
    from govops.network.snapshot import read_snapshot

    if (snapshot is None) == (not live):
        raise InputError(M_("give exactly one of --snapshot SNAP or --live"))
    inv = load_inventory(inventory)
    rules = load_policy(policy)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Prometheus works on the quantiles while this process reads the snapshot
        pending = None
        if usage_request is not None:
            from govops.network.utilisation_sources import measure_links

            pending = pool.submit(measure_links, inv, rules.metrics, usage_request)
        if snapshot is not None:
            results = read_snapshot(snapshot)
            if not any(r.name in inv.devices for r in results):
                # auditing it would store 0% coverage over the real summary
                raise InputError(
                    M_(
                        "snapshot `{path}` holds none of the inventory's {n} devices: "
                        "is it the right snapshot for this inventory?",
                        path=snapshot,
                        n=len(inv.devices),
                    )
                )
        else:
            devices = list(inv.devices.values())
            count = _collect.worker_count(workers, len(devices))
            results = _collect.read_devices(devices, count, options)
        usage = pending.result if pending else None
        return inv, results, run_audit(inv, results, rules, usage, _members_seen())


def _members_seen() -> dict[tuple[str, str], int]:
    """Aggregates' member counts in the last full audit stored (for links without members)."""
    from govops.network.checks import members_seen
    from govops.network.history import last_full
    from govops.store import connect

    with connect() as conn:
        return members_seen(last_full(conn))


def _store_audit(inv: Any, results: Any, report: Any, snapshot: Path | None) -> None:
    """Keep the audit in history (with its snapshot's time); a full one for the exporter."""
    from govops import clock
    from govops.network.history import record_audit
    from govops.network.snapshot import snapshot_created_at
    from govops.store import connect

    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    created = snapshot_created_at(snapshot) if snapshot is not None else now
    source = None if snapshot is None else str(snapshot)
    entry = record_audit(connect(), inv, results, report, created_at=created, snapshot=source)
    taken = clock.for_table(entry.created_at)
    _terminal.say(M_("stored as audit {id} ({scope}, taken {time})", id=entry.id,
                     scope=M_(entry.scope), time=taken))  # fmt: skip


def _store_view(view: dict[str, Any], snapshot: Path | None) -> None:
    """Keep the IPv6 view in history with its snapshot's time."""
    from govops import history
    from govops.network.snapshot import snapshot_created_at
    from govops.store import connect

    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    created = snapshot_created_at(snapshot) if snapshot is not None else now
    history.record(connect(), "network.ipv6", created, view)


@app.command("audit")
def audit_command(
    inventory: Inventories,
    snapshot: SnapshotOpt = None,
    live: LiveOpt = False,
    policy: Annotated[
        Path | None, typer.Option(help="Policy file (default: the plan's tiers).")
    ] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    output: OutputOpt = None,
    fail_on: Annotated[
        Severity | None, typer.Option(help="Exit 1 on findings at or above this.")
    ] = None,
    workers: Workers = "16",
    connect_timeout: ConnectTimeout = 10.0,
    command_timeout: CommandTimeout = 30.0,
    insecure_host_keys: Insecure = False,
    known_hosts: KnownHosts = None,
    prometheus: Annotated[
        str | None,
        typer.Option(
            envvar=ENV_PROMETHEUS_URL,
            show_envvar=False,
            help="Judge utilization by the quantile of 5-minute rates in this Prometheus "
            f"[env {ENV_PROMETHEUS_URL}].",
        ),
    ] = None,
    utilisation_from: Annotated[
        Path | None,
        typer.Option(
            help="Judge utilization by a CSV of measured figures (device, interface, "
            "in_bps, out_bps, window) from other monitoring."
        ),
    ] = None,
    window: Annotated[str, typer.Option(help="Window of the measured quantile.")] = "30d",
    quantile: Annotated[float, typer.Option(help="Quantile of the 5-minute rates.")] = 0.95,
    allow_partial: Annotated[
        bool, typer.Option(help="Audit links with no measured series as unknown, not exit 2.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Audit bandwidth tiers, dual uplinks, utilization, IPv6 and coverage, site by site.

    Reads a snapshot (--snapshot) or the devices themselves (--live); stores the summary
    for the exporter and the scorecard. With --prometheus (or --utilisation-from) a link's
    utilization is the busier direction's 95th percentile over --window, not the snapshot's
    one reading.
    """
    from govops.bounds import check_output_path

    if output is not None:
        check_output_path(output, "--output")  # before the audit, not after
    options = _collect.live_options(
        live, connect_timeout, command_timeout, insecure_host_keys, known_hosts
    )
    request = _usage_request(prometheus, utilisation_from, window, quantile, allow_partial)
    inv, results, report = _audit(inventory, snapshot, live, policy, workers, options, request)
    _store_audit(inv, results, report, snapshot)
    _render_audit(report, format, output)
    limit = {"warning": 1, "critical": 0}[fail_on] if fail_on else None
    ranks = {"critical": 0, "warning": 1, "info": 2}
    if limit is not None and any(ranks[f.severity] <= limit for f in report.findings):
        raise typer.Exit(1)


def _usage_request(
    prometheus: str | None,
    utilisation_from: Path | None,
    window: str,
    quantile: float,
    allow_partial: bool,
) -> Any:
    """The measured-utilisation options, checked; None when no source is given."""
    if not prometheus and utilisation_from is None:
        return None
    from govops.network.utilisation_sources import UsageRequest
    from govops.units import parse_duration

    try:
        window_s = parse_duration(window)
    except ValueError as exc:
        raise InputError(M_("--window: {reason}", reason=reason(exc))) from None
    request = UsageRequest(prometheus or None, utilisation_from, window_s, quantile, allow_partial)
    request.check()
    return request


def _render_audit(report: Any, format: ReportFormat, output: Path | None) -> None:
    import json

    from govops.network import report as render

    if format is ReportFormat.xlsx:
        _terminal.write_xlsx(output, _audit_sheets(report))
        return
    if format is ReportFormat.table and output is None:
        _terminal.print_table(
            _("Sites per level"), headings(render.LEVEL_COLUMNS), render.level_rows(report)
        )
        _terminal.print_table(
            _("Findings"),
            headings(render.FINDING_COLUMNS),
            render.finding_rows(report, info=False),
            right=99,
        )
        _render_usage(report)
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
        output.write_text(_terminal.safe(text), encoding="utf-8")
        _terminal.say(M_("report written to {output}", output=str(output)))


def _audit_sheets(report: Any) -> list[Any]:
    """The audit as a workbook: summary per level, then sites, links, devices, findings."""
    from govops.xlsx import records_sheet

    data = report.to_json()
    levels = [{"level": name, **values} for name, values in data["summary"].items()
              if isinstance(values, dict)]  # fmt: skip
    devices = [{k: v for k, v in d.items() if k != "interfaces"} for d in data["devices"]]
    interfaces = [{"device": d["name"], **i} for d in data["devices"] for i in d["interfaces"]]
    return [
        records_sheet("summary", levels),
        records_sheet("sites", data["sites"]),
        records_sheet("links", data["links"]),
        records_sheet("devices", devices),
        records_sheet("interfaces", interfaces),
        records_sheet("findings", [_finding_record(f) for f in report.findings]),
    ]


def _finding_record(finding: Any) -> dict[str, Any]:
    """A finding as the workbook shows it: its message in the reader's language."""
    return {"severity": finding.severity, "check": finding.check, "subject": finding.subject,
            "message": localize(finding.message)}  # fmt: skip


def _render_usage(report: Any) -> None:
    from govops.network.utilisation_report import USAGE_COLUMNS, usage_rows

    rows = usage_rows(report.links)
    measured = next((link.measured for link in report.links if link.measured), None)
    if measured is None:
        return
    title = _(
        "Busiest links: p{quantile} of 5-minute rates, {source}",
        quantile=f"{measured.quantile * 100:g}",
        source=measured.source,
    )
    width = None if sys.stdout.isatty() else 200  # a pipe gets whole link ids
    rows = [[localize(cell) for cell in row] for row in rows]
    _terminal.print_table(title, headings(USAGE_COLUMNS), rows, right=1, width=width)


@app.command("checks")
def checks_command(
    policy: Annotated[
        Path | None, typer.Option(help="Policy file (default: the plan's tiers).")
    ] = None,
    format: Annotated[_terminal.Format, typer.Option("--format", "-f")] = _terminal.Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List every check the audit runs: what it asserts, its thresholds, the fields it reads.

    Each finding of `govops network audit` names one of these ids in its `check`.
    """
    from govops.network.checklist import checks
    from govops.network.policy import load_policy

    listed = checks(load_policy(policy), str(policy) if policy else None)
    rows = [
        [
            c.id,
            _(c.asserts),
            "\n".join(
                f"{localize(t.name)}: {localize(t.value)} ({localize(t.source)})"
                for t in c.thresholds
            )
            or "-",
            ", ".join(c.fields),
        ]
        for c in listed
    ]
    columns = headings((N_("check"), N_("asserts"), N_("thresholds"), N_("reads")))
    _terminal.emit(
        format,
        output,
        [c.to_json() for c in listed],
        lambda: print_table(None, columns, rows, right=99),
        title="checks",
    )


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
    lang: LangOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show IPv4/IPv6 dual-stack progress by level and by city, and what to convert next."""
    from govops.network.report import ipv6_view

    options = _collect.live_options(
        live, connect_timeout, command_timeout, insecure_host_keys, known_hosts
    )
    inv, _results, report = _audit(inventory, snapshot, live, None, workers, options)
    view = ipv6_view(report, inv)
    data = {
        "headline": view.headline,
        "by_level": view.by_level,
        "by_city": view.by_city,
        "next_to_convert": view.next_to_convert,
    }
    _store_view(data, snapshot)
    _terminal.emit(
        format, output, data, lambda: _ipv6_tables(view), title="IPv6",
        sheets=lambda: _ipv6_sheets(view),
    )  # fmt: skip


def _ipv6_sheets(view: Any) -> list[Any]:
    from govops.xlsx import Sheet, records_sheet

    counts = ["dual_stack", "partial", "ipv4_only", "unknown"]
    city = ["city", "name", "itself", "below", "dual", "partial", "v4only", "unknown"]
    return [
        records_sheet("IPv6", [{"headline": view.headline,
                                "next_to_convert": view.next_to_convert}]),
        Sheet("by_level", ["level", "sites", *counts], view.by_level),
        Sheet("by_city", city, view.by_city),
    ]  # fmt: skip


def _ipv6_tables(view: Any) -> None:
    _terminal.print_text(localize(view.headline))
    counts = [N_("dual stack"), N_("partial"), N_("IPv4 only"), N_("unknown")]
    level_columns = headings([N_("level"), N_("sites"), *counts])
    _terminal.print_table(_("By level"), level_columns, view.by_level)
    city_columns = headings(
        [
            *(N_("city"), N_("name"), N_("itself"), N_("below")),
            *(N_("dual"), N_("partial"), N_("v4only"), N_("unknown")),
        ]
    )
    _terminal.print_table(
        _("By city (itself, and the sites below it)"), city_columns, view.by_city, right=3
    )
    if view.next_to_convert:
        _terminal.print_text(
            _(
                "Next to convert (parent already dual stack): {sites}",
                sites=", ".join(view.next_to_convert),
            )
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
    output: OutputOpt = None,
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
    lang: LangOpt = None,
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
        say("warning: " + _("TLS certificates are not verified (--insecure)"))
    report = probe_services(services, options)
    _terminal.emit(fmt, output, report.as_dict(), lambda: _probe_table(report), title="probe")


def _probe_table(report: ProbeReport) -> None:
    def cell(result: FamilyProbe) -> tuple[str, str | None]:
        ms = [result.connect_ms, result.tls_ms, result.http_ms]
        total = f"{sum(m for m in ms if m is not None):.1f}" if result.reachable else None
        return _probe_outcome(result, report.options.timeout), total

    rows = []
    for s in report.services:
        (v6, v6_ms), (v4, v4_ms) = cell(s.ipv6), cell(s.ipv4)
        rows.append((s.name, s.department, v6, v4, len(s.ipv6.addresses), v6_ms, v4_ms))
    from govops.xlsx_headings import heading

    columns = [_("service"), heading("department", current_lang())]  # 部门, not the level
    columns += headings([N_("IPv6"), N_("IPv4"), N_("AAAA"), N_("IPv6 ms"), N_("IPv4 ms")])
    # A pipe gets the whole table, not one cut to 80 columns.
    width = None if sys.stdout.isatty() else 200
    print_table(None, columns, rows, right=4, width=width)
    for family, label in (("ipv6", "IPv6"), ("ipv4", "IPv4")):
        summary = report.summary(family)
        ratio = summary.reachable_ratio
        share = "-" if ratio is None else f"{ratio:.1%}"
        line = _(
            "{reachable} of {services} services reachable over {family} ({share}); "
            "{with_address} with an {family} address",
            reachable=summary.reachable, services=summary.services, family=label, share=share,
            with_address=summary.with_address,
        )  # fmt: skip
        sys.stdout.write(line + "\n")


#: How a probe failed, as its table shows it (the failure's kind, underscores as spaces).
PROBE_FAILURES = (
    *(N_("tls verify"), N_("tls error"), N_("http error"), N_("refused"), N_("reset")),
    *(N_("unreachable"), N_("error"), N_("dns error")),
)


def _probe_outcome(result: FamilyProbe, timeout: float) -> str:
    if result.status is not None:
        arrow = f" -> {result.location}" if result.location else ""
        return f"{result.status}{arrow}"
    failure = result.failure
    if failure is None:
        return "-"
    if failure.kind == "no_address":
        return _("no address")
    if failure.kind == "timeout":
        return _("timeout {seconds} s ({step})", seconds=f"{timeout:g}", step=failure.step)
    return word(str(failure.kind).replace("_", " "))


# --- govops network history | diff | prune: audits over time ---

from govops.cli import _network_history  # noqa: E402 (the commands below are defined there)

app.command("history")(_network_history.history_command)
app.command("diff")(_network_history.diff_command)
app.command("prune")(_network_history.prune_command)


def _private_app() -> None:
    from govops.cli._tracked import tracked_app
    from govops.lifecycle.kinds import PRIVATE_NETWORK

    app.add_typer(
        tracked_app(
            "Track 部门专网整合: departmental private networks merging into the extranet.",
            PRIVATE_NETWORK.statuses,
            ("city", "department", "level"),
            "PRIVATE_NETWORKS",
        ),
        name="private",
    )


_private_app()
