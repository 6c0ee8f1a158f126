"""govops network: collect from devices over SSH, parse, and audit against the plan."""

from __future__ import annotations

from govops.cli._app import new_app

app = new_app(help="Collect device output over SSH, parse it, and audit the extranet.")


# --- probe: IPv6 reachability of government services (issue 4, "Services") ---
# Self-contained so it merges beside the device audit commands: its own imports, names
# prefixed with _probe.
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Annotated  # noqa: E402

import typer  # noqa: E402

from govops.cli._terminal import Format, print_json, print_table, say  # noqa: E402

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
