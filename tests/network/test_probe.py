"""The probe against real servers on ::1 and 127.0.0.1 (no DNS; names come from --resolve)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from govops.errors import InputError
from govops.network.exchange import Failure
from govops.network.probe import ProbeOptions, parse_resolve, probe_services, resolve
from govops.network.services import Service, parse_endpoint
from tests.network.loopback_sites import TLS_NAME, Sites, running_sites

TIMEOUT = 0.3
STEP_MS = ("connect_ms", "tls_ms", "http_ms")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with running_sites(tmp_path_factory.mktemp("certs")) as started:
        yield started


def run(sites: Sites, urls: dict[str, str], resolve: list[str], **options: Any) -> dict[str, Any]:
    services = [Service(name=n, department="省大数据局", url=u) for n, u in urls.items()]
    opts = ProbeOptions(timeout=TIMEOUT, resolve=parse_resolve(resolve), **options)
    return probe_services(services, opts).as_dict()


def timed(family: dict[str, Any]) -> dict[str, Any]:
    """The family's result with each timing replaced by "ms" (a number >= 0) or None."""
    result = dict(family)
    for key in STEP_MS:
        value = result[key]
        assert value is None or (isinstance(value, float) and value >= 0), (key, value)
        result[key] = None if value is None else "ms"
    return result


def ok(address: str, status: int = 200, tls: bool = False, location: str | None = None) -> Any:
    return {
        "addresses": [address],
        "address": address,
        "reachable": True,
        "status": status,
        "location": location,
        "connect_ms": "ms",
        "tls_ms": "ms" if tls else None,
        "http_ms": "ms",
        "error": None,
    }


def failed(
    addresses: list[str], step: str, kind: str, message: str, done: tuple[str, ...] = ()
) -> Any:
    return {
        "addresses": addresses,
        "address": addresses[0] if addresses else None,
        "reachable": False,
        "status": None,
        "location": None,
        **{key: "ms" if key.removesuffix("_ms") in done else None for key in STEP_MS},
        "error": {"step": step, "kind": kind, "message": message},
    }


def test_dual_stack_ipv4_only_refusing_and_silent(sites: Sites) -> None:
    urls = {
        "dual": f"http://dual.test:{sites.dual.port}/",
        "v4": f"http://v4.test:{sites.ipv4.port}/",
        "v6-refused": f"http://v6gap.test:{sites.ipv4.port}/",
        "refusing": f"http://refusing.test:{sites.refusing}/",
        "silent": f"http://silent.test:{sites.silent.port}/",
    }
    resolve = [
        "dual.test=::1,127.0.0.1",
        "v4.test=127.0.0.1",
        "v6gap.test=[::1]",
        "v6gap.test=127.0.0.1",
        "refusing.test=::1,127.0.0.1",
        "silent.test=::1,127.0.0.1",
    ]
    start = time.monotonic()
    report = run(sites, urls, resolve)
    elapsed = time.monotonic() - start
    got = {s["name"]: (timed(s["ipv6"]), timed(s["ipv4"])) for s in report["services"]}
    gave_up = f"gave up: no HTTP response within {TIMEOUT:g} s"
    assert got == {
        "dual": (ok("::1"), ok("127.0.0.1")),
        "v4": (
            failed([], "dns", "no_address", "--resolve gives no IPv6 address for v4.test"),
            ok("127.0.0.1"),
        ),
        "v6-refused": (
            failed(["::1"], "connect", "refused", "connection refused"),
            ok("127.0.0.1"),
        ),
        "refusing": (
            failed(["::1"], "connect", "refused", "connection refused"),
            failed(["127.0.0.1"], "connect", "refused", "connection refused"),
        ),
        "silent": (
            failed(["::1"], "http", "timeout", gave_up, done=("connect",)),
            failed(["127.0.0.1"], "http", "timeout", gave_up, done=("connect",)),
        ),
    }
    assert report["summary"] == {
        "ipv6": {"services": 5, "with_address": 4, "reachable": 1, "reachable_ratio": 0.2},
        "ipv4": {"services": 5, "with_address": 5, "reachable": 3, "reachable_ratio": 0.6},
    }
    assert [s["resolved_by"] for s in report["services"]] == ["resolve"] * 5
    # The silent server costs one timeout per family; everything else runs beside it.
    assert 2 * TIMEOUT <= elapsed < 2 * TIMEOUT + 2


def test_requests_carry_the_host_of_the_url(sites: Sites) -> None:
    before = len(sites.dual.requests)
    run(sites, {"a": f"http://Portal.Test:{sites.dual.port}/q?x=1"}, ["portal.test=127.0.0.1"])
    seen = sites.dual.requests[before:]
    assert [(r.host, r.path) for r in seen] == [(f"portal.test:{sites.dual.port}", "/q?x=1")]


def test_redirect_is_reported_not_followed(sites: Sites) -> None:
    report = run(
        sites, {"old": f"http://old.test:{sites.dual.port}/old/new.html"}, ["old.test=::1"]
    )
    ipv6 = report["services"][0]["ipv6"]
    assert timed(ipv6) == ok("::1", status=301, location="/new.html")


def test_https_with_sni_verified_against_the_given_ca(sites: Sites) -> None:
    before = len(sites.tls.requests)
    url = f"https://{TLS_NAME}:{sites.tls.port}/"
    report = run(sites, {"tls": url}, [f"{TLS_NAME}=::1,127.0.0.1"], cafile=str(sites.cafile))
    service = report["services"][0]
    assert timed(service["ipv6"]) == ok("::1", tls=True)
    assert timed(service["ipv4"]) == ok("127.0.0.1", tls=True)
    seen = {(r.sni, r.host) for r in sites.tls.requests[before:]}
    assert seen == {(TLS_NAME, f"{TLS_NAME}:{sites.tls.port}")}
    assert report["settings"]["tls_verify"] is True


def test_https_untrusted_certificate_fails_unless_insecure(sites: Sites) -> None:
    url = f"https://{TLS_NAME}:{sites.tls.port}/"
    report = run(sites, {"tls": url}, [f"{TLS_NAME}=127.0.0.1"])
    ipv4 = report["services"][0]["ipv4"]
    assert (ipv4["error"]["step"], ipv4["error"]["kind"]) == ("tls", "tls_verify")
    assert ipv4["error"]["message"].startswith("certificate not trusted: ")
    assert ipv4["connect_ms"] is not None and ipv4["tls_ms"] is None

    report = run(sites, {"tls": url}, [f"{TLS_NAME}=127.0.0.1"], insecure=True)
    assert timed(report["services"][0]["ipv4"]) == ok("127.0.0.1", tls=True)
    assert report["settings"]["tls_verify"] is False


def test_https_name_mismatch_is_not_trusted(sites: Sites) -> None:
    url = f"https://other.test:{sites.tls.port}/"
    report = run(sites, {"x": url}, ["other.test=::1"], cafile=str(sites.cafile))
    error = report["services"][0]["ipv6"]["error"]
    assert error["kind"] == "tls_verify"
    assert "other.test" in error["message"]


def test_ipv6_literal_url_needs_no_resolution(sites: Sites) -> None:
    report = run(sites, {"lit": f"http://[::1]:{sites.dual.port}/"}, [])
    service = report["services"][0]
    assert service["resolved_by"] == "literal"
    assert timed(service["ipv6"]) == ok("::1")
    assert timed(service["ipv4"]) == failed(
        [], "dns", "no_address", "the URL names an IPv6 address"
    )


def test_localhost_resolves_through_getaddrinfo(sites: Sites) -> None:
    report = run(sites, {"local": f"http://localhost:{sites.ipv4.port}/"}, [])
    service = report["services"][0]
    assert service["resolved_by"] == "dns"
    assert "127.0.0.1" in service["ipv4"]["addresses"]
    assert service["ipv4"]["reachable"] is True


def test_results_keep_the_file_order_under_concurrency(sites: Sites) -> None:
    urls = {f"s{i:02d}": f"http://s{i}.test:{sites.dual.port}/" for i in range(12)}
    resolve = [f"s{i}.test=127.0.0.1" for i in range(12)]
    report = run(sites, urls, resolve, concurrency=3)
    assert [s["name"] for s in report["services"]] == sorted(urls)
    assert report["summary"]["ipv4"]["reachable"] == 12


def test_empty_list_has_no_ratio() -> None:
    report = probe_services([], ProbeOptions(timeout=TIMEOUT)).as_dict()
    assert report["summary"]["ipv6"] == {
        "services": 0,
        "with_address": 0,
        "reachable": 0,
        "reachable_ratio": None,
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nameonly", "--resolve `nameonly`: expected NAME=ADDR, e.g. www.gov.cn=::1"),
        ("a.test=", "--resolve `a.test=`: expected NAME=ADDR, e.g. www.gov.cn=::1"),
        ("a.test=10.0.0.300", "--resolve `a.test=10.0.0.300`: `10.0.0.300` is not an IP address"),
        ("a.test=::1,nope", "--resolve `a.test=::1,nope`: `nope` is not an IP address"),
    ],
)
def test_bad_resolve_is_input_error(value: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_resolve([value])
    assert caught.value.message == message
    assert caught.value.exit_code == 2


def test_resolve_merges_repeats_and_normalises() -> None:
    table = parse_resolve(["WWW.Gov.CN=[::1]", "www.gov.cn=127.0.0.1,::1", "政务.test=0:0::1"])
    assert table == {"www.gov.cn": ("::1", "127.0.0.1"), "xn--zfr164b.test": ("::1",)}


@pytest.mark.parametrize(("timeout", "concurrency"), [(0.0, 1), (1.0, 0)])
def test_bad_limits_are_input_errors(timeout: float, concurrency: int) -> None:
    with pytest.raises(InputError):
        probe_services([], ProbeOptions(timeout=timeout, concurrency=concurrency))


def test_international_domain_name_goes_out_as_punycode(sites: Sites) -> None:
    before = len(sites.dual.requests)
    report = run(sites, {"idn": f"http://政务服务.test:{sites.dual.port}/"}, ["政务服务.test=::1"])
    service = report["services"][0]
    assert service["host"] == "xn--zfra014l3vb.test"
    assert timed(service["ipv6"]) == ok("::1")
    assert [r.host for r in sites.dual.requests[before:]] == [
        f"xn--zfra014l3vb.test:{sites.dual.port}"
    ]


def test_https_to_a_plain_http_server_is_a_tls_error(sites: Sites) -> None:
    report = run(sites, {"x": f"https://plain.test:{sites.dual.port}/"}, ["plain.test=127.0.0.1"])
    error = report["services"][0]["ipv4"]["error"]
    assert (error["step"], error["kind"]) == ("tls", "tls_error")


def test_not_http_or_closed_without_answer_is_an_http_error() -> None:
    def serve(sock: socket.socket, reply: bytes) -> None:
        conn, _ = sock.accept()
        conn.recv(4096)
        conn.sendall(reply)
        conn.close()

    results = {}
    for reply in (b"SSH-2.0-OpenSSH_9.6\r\n", b""):
        listener = socket.create_server(("127.0.0.1", 0))
        thread = threading.Thread(target=serve, args=(listener, reply), daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        report = probe_services([Service(name="n", department="d", url=url)], ProbeOptions(1.0))
        thread.join(2)
        listener.close()
        results[reply] = report.services[0].ipv4.failure
    assert results[b"SSH-2.0-OpenSSH_9.6\r\n"] == Failure(
        "http", "http_error", "not a valid HTTP response (BadStatusLine)"
    )
    assert results[b""] == Failure(
        "http", "http_error", "closed the connection without an HTTP response"
    )


def test_dns_failure_and_dns_timeout_come_from_the_resolver() -> None:
    def no_such_name(host: str, port: int, **kwargs: Any) -> list[Any]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def never_answers(host: str, port: int, **kwargs: Any) -> list[Any]:
        time.sleep(5)
        return []

    service = Service(name="n", department="d", url="https://www.shaanxi.gov.cn/")
    for resolver, expected in (
        (
            no_such_name,
            Failure(
                "dns", "dns_error", "cannot resolve www.shaanxi.gov.cn: Name or service not known"
            ),
        ),
        (never_answers, Failure("dns", "timeout", f"no DNS answer within {TIMEOUT:g} s")),
    ):
        start = time.monotonic()
        options = ProbeOptions(timeout=TIMEOUT, getaddrinfo=resolver)
        probed = probe_services([service], options).services[0]
        assert (probed.ipv6.failure, probed.ipv4.failure) == (expected, expected)
        assert probed.resolved_by == "dns"
        assert time.monotonic() - start < TIMEOUT + 1


def test_dns_answer_is_split_by_family() -> None:
    def both(host: str, port: int, **kwargs: Any) -> list[Any]:
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2001:db8::80", port, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.80", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2001:db8::80", port, 0, 0)),
        ]

    options = ProbeOptions(timeout=TIMEOUT, getaddrinfo=both)
    resolved_by, found = resolve(parse_endpoint("http://www.shaanxi.gov.cn/"), options)
    assert (resolved_by, found) == ("dns", {"ipv6": ("2001:db8::80",), "ipv4": ("192.0.2.80",)})


def test_a_server_that_drips_bytes_is_cut_at_the_timeout() -> None:
    stop = threading.Event()

    def drip(sock: socket.socket) -> None:
        conn, _ = sock.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stop.wait(0.05):  # each byte well within the per-read timeout
            with contextlib.suppress(OSError):
                conn.sendall(b"X")
        conn.close()

    listener = socket.create_server(("::1", 0), family=socket.AF_INET6)
    thread = threading.Thread(target=drip, args=(listener,), daemon=True)
    thread.start()
    url = f"http://[::1]:{listener.getsockname()[1]}/"
    start = time.monotonic()
    try:
        report = probe_services([Service(name="n", department="d", url=url)], ProbeOptions(TIMEOUT))
    finally:
        stop.set()
        thread.join(2)
        listener.close()
    assert time.monotonic() - start < TIMEOUT + 1
    assert report.services[0].ipv6.failure == Failure(
        "http", "timeout", f"gave up: no HTTP response within {TIMEOUT:g} s"
    )


def test_tls_handshake_with_a_silent_server_times_out(sites: Sites) -> None:
    url = f"https://silent.test:{sites.silent.port}/"
    report = run(sites, {"s": url}, ["silent.test=::1"])
    assert timed(report["services"][0]["ipv6"]) == failed(
        ["::1"],
        "tls",
        "timeout",
        f"gave up: no TLS handshake within {TIMEOUT:g} s",
        done=("connect",),
    )


def test_an_unforeseen_error_in_one_service_does_not_stop_the_others(sites: Sites) -> None:
    def broken(host: str, port: int, **kwargs: Any) -> list[Any]:
        raise RuntimeError("boom")

    services = [
        Service(name="broken", department="d", url="http://www.shaanxi.gov.cn/"),
        Service(name="fine", department="d", url=f"http://127.0.0.1:{sites.dual.port}/"),
    ]
    report = probe_services(services, ProbeOptions(TIMEOUT, getaddrinfo=broken))
    boom = Failure("probe", "error", "unexpected RuntimeError: boom")
    assert (report.services[0].ipv6.failure, report.services[0].ipv4.failure) == (boom, boom)
    assert report.services[1].ipv4.status == 200
