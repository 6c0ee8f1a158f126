"""Probe government services over IPv6 and IPv4: DNS, TCP connect, TLS, HTTP status, timings.

Each service is probed once per address family, on the first address of that family:
connect, then (https) a TLS handshake with the URL's host as SNI, then one GET whose
status line is read and whose body is not. Redirects are reported, never followed. Every
step has its own timeout; a service's failure is a result, never an exception.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from govops.errors import InputError, reason
from govops.i18n import M_
from govops.network.exchange import Failure, exchange
from govops.network.services import Endpoint, Service, ascii_host

FORMAT = "govops-probe/1"
FAMILIES = ("ipv6", "ipv4")
RECORD = {"ipv6": "AAAA", "ipv4": "A"}
T = TypeVar("T")


@dataclass(frozen=True)
class ProbeOptions:
    timeout: float = 5.0  # seconds, for each step (DNS, connect, TLS, HTTP response)
    concurrency: int = 8
    insecure: bool = False  # skip TLS certificate verification
    cafile: str | None = None  # trust these CA certificates instead of the system's
    resolve: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # name -> addresses
    # The system resolver; tests hand in their own (the sandbox has no DNS to ask).
    getaddrinfo: Callable[..., list[Any]] = field(default=socket.getaddrinfo, repr=False)


@dataclass(frozen=True)
class FamilyProbe:
    """What one address family gave: addresses, step timings (ms), status or failure."""

    family: str
    addresses: tuple[str, ...] = ()
    address: str | None = None
    connect_ms: float | None = None
    tls_ms: float | None = None
    http_ms: float | None = None
    status: int | None = None
    location: str | None = None  # the Location of a redirect, reported and not followed
    failure: Failure | None = None

    @property
    def reachable(self) -> bool:
        """An HTTP response came back over this family (whatever its status)."""
        return self.status is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "addresses": list(self.addresses),
            "address": self.address,
            "reachable": self.reachable,
            "status": self.status,
            "location": self.location,
            "connect_ms": self.connect_ms,
            "tls_ms": self.tls_ms,
            "http_ms": self.http_ms,
            "error": self.failure.as_dict() if self.failure else None,
        }


@dataclass(frozen=True)
class ServiceProbe:
    name: str
    department: str
    url: str
    endpoint: Endpoint
    resolved_by: str  # dns | resolve (the --resolve option) | literal (an IP in the URL)
    ipv6: FamilyProbe
    ipv4: FamilyProbe

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "department": self.department,
            "url": self.url,
            "host": self.endpoint.host,
            "port": self.endpoint.port,
            "resolved_by": self.resolved_by,
            "ipv6": self.ipv6.as_dict(),
            "ipv4": self.ipv4.as_dict(),
        }


@dataclass(frozen=True)
class FamilySummary:
    services: int
    with_address: int
    reachable: int

    @property
    def reachable_ratio(self) -> float | None:
        return self.reachable / self.services if self.services else None

    def as_dict(self) -> dict[str, Any]:
        ratio = self.reachable_ratio
        return {
            "services": self.services,
            "with_address": self.with_address,
            "reachable": self.reachable,
            "reachable_ratio": None if ratio is None else round(ratio, 4),
        }


@dataclass(frozen=True)
class ProbeReport:
    services: tuple[ServiceProbe, ...]
    options: ProbeOptions

    def summary(self, family: str) -> FamilySummary:
        probes = [getattr(s, family) for s in self.services]
        return FamilySummary(
            len(probes),
            sum(1 for p in probes if p.addresses),
            sum(1 for p in probes if p.reachable),
        )

    def as_dict(self) -> dict[str, Any]:
        options = self.options
        return {
            "format": FORMAT,
            "settings": {
                "timeout_s": options.timeout,
                "concurrency": options.concurrency,
                "tls_verify": not options.insecure,
                "resolve": {name: list(addrs) for name, addrs in sorted(options.resolve.items())},
            },
            "summary": {family: self.summary(family).as_dict() for family in FAMILIES},
            "services": [s.as_dict() for s in self.services],
        }


def parse_resolve(values: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Map ``NAME=ADDR[,ADDR...]`` options (repeatable; IPv4, IPv6, brackets allowed)."""
    table: dict[str, list[str]] = {}
    for value in values:
        name, sep, addrs = value.partition("=")
        if not sep or not name.strip() or not addrs.strip():
            raise InputError(
                M_("--resolve `{value}`: expected NAME=ADDR, e.g. www.gov.cn=::1", value=value)
            )
        try:
            key = ascii_host(name)
        except ValueError as exc:
            raise InputError(
                M_("--resolve `{value}`: {reason}", value=value, reason=reason(exc))
            ) from None
        for raw in addrs.split(","):
            table.setdefault(key, []).append(_ip(value, raw.strip().strip("[]")))
    return {name: tuple(dict.fromkeys(addrs)) for name, addrs in table.items()}


def _ip(option: str, text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise InputError(
            M_("--resolve `{value}`: `{text}` is not an IP address", value=option, text=text)
        ) from None


def probe_services(services: Sequence[Service], options: ProbeOptions) -> ProbeReport:
    """Probe every service, at most ``options.concurrency`` at a time, in the file's order."""
    if options.timeout <= 0:
        raise InputError(M_("--timeout must be more than 0 seconds"))
    if options.concurrency < 1:
        raise InputError(M_("--concurrency must be at least 1"))
    context = tls_context(options)
    with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
        results = pool.map(lambda s: _guarded(s, options, context), services)
        return ProbeReport(tuple(results), options)


def _guarded(service: Service, options: ProbeOptions, context: ssl.SSLContext) -> ServiceProbe:
    """One service failing in a way nobody foresaw is its result, not the end of the run."""
    try:
        return probe_service(service, options, context)
    except Exception as exc:
        failure = Failure("probe", "error", f"unexpected {type(exc).__name__}: {exc}")
        return ServiceProbe(
            service.name,
            service.department,
            service.url,
            service.endpoint,
            "dns",
            FamilyProbe("ipv6", failure=failure),
            FamilyProbe("ipv4", failure=failure),
        )


def tls_context(options: ProbeOptions) -> ssl.SSLContext:
    try:
        context = ssl.create_default_context(cafile=options.cafile)
    except (OSError, ssl.SSLError) as exc:
        raise InputError(
            M_(
                "--cacert `{file}`: cannot load CA certificates: {reason}",
                file=str(options.cafile),
                reason=str(exc),
            )
        ) from None
    if options.insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def probe_service(service: Service, options: ProbeOptions, context: ssl.SSLContext) -> ServiceProbe:
    endpoint = service.endpoint
    resolved_by, found = resolve(endpoint, options)
    families = {}
    for family in FAMILIES:
        result = found if isinstance(found, Failure) else found[family]
        families[family] = probe_family(family, result, endpoint, options, context)
    return ServiceProbe(
        service.name, service.department, service.url, endpoint, resolved_by, **families
    )


def resolve(
    endpoint: Endpoint, options: ProbeOptions
) -> tuple[str, Failure | dict[str, tuple[str, ...]]]:
    """The addresses of each family, from the URL, --resolve or DNS (getaddrinfo)."""
    if endpoint.is_ip:
        return "literal", _by_family([endpoint.host])
    if endpoint.host in options.resolve:
        return "resolve", _by_family(options.resolve[endpoint.host])
    try:
        infos = _within(
            options.timeout,
            lambda: options.getaddrinfo(endpoint.host, endpoint.port, type=socket.SOCK_STREAM),
        )
    except TimeoutError:
        return "dns", Failure("dns", "timeout", f"no DNS answer within {options.timeout:g} s")
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return "dns", Failure("dns", "dns_error", f"cannot resolve {endpoint.host}: {reason}")
    return "dns", _by_family([str(info[4][0]) for info in infos])


def _by_family(addresses: Iterable[str]) -> dict[str, tuple[str, ...]]:
    unique = list(dict.fromkeys(addresses))
    return {
        "ipv6": tuple(a for a in unique if ":" in a),
        "ipv4": tuple(a for a in unique if ":" not in a),
    }


def _within(timeout: float, work: Callable[[], T]) -> T:
    """Run blocking work (getaddrinfo has no timeout) in a daemon thread; give up at timeout."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def probe_family(
    family: str,
    found: Failure | tuple[str, ...],
    endpoint: Endpoint,
    options: ProbeOptions,
    context: ssl.SSLContext,
) -> FamilyProbe:
    """Probe the first address of one family, or say why there is none."""
    if isinstance(found, Failure):
        return FamilyProbe(family, failure=found)
    if not found:
        return FamilyProbe(family, failure=_no_address(family, endpoint, options))
    result = exchange(found[0], endpoint, options.timeout, context)
    return FamilyProbe(
        family,
        found,
        found[0],
        connect_ms=result.timings_ms.get("connect"),
        tls_ms=result.timings_ms.get("tls"),
        http_ms=result.timings_ms.get("http"),
        status=result.status,
        location=result.location,
        failure=result.failure,
    )


def _no_address(family: str, endpoint: Endpoint, options: ProbeOptions) -> Failure:
    version = "IPv6" if family == "ipv6" else "IPv4"
    if endpoint.is_ip:
        message = f"the URL names an {'IPv4' if family == 'ipv6' else 'IPv6'} address"
    elif endpoint.host in options.resolve:
        message = f"--resolve gives no {version} address for {endpoint.host}"
    else:
        message = f"no {RECORD[family]} record for {endpoint.host}"
    return Failure("dns", "no_address", message)
