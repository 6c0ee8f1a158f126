"""The demo's loopback websites, run as `python -m govops.lab.websites`."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys

from govops.lab.websites import IPV4_ONLY, start_website


def get(address: str, port: int, path: str = "/") -> tuple[int, str | None]:
    connection = http.client.HTTPConnection(address, port, timeout=2)
    try:
        connection.request("GET", path, headers={"Host": "www.shaanxi.gov.cn"})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_module_serves_until_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "govops.lab.websites", "--dual-stack", "0", "--ipv4-only", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        dual = process.stderr.readline()
        ipv4 = process.stderr.readline()
        match = re.fullmatch(r"websites: serving on \[::1\]:(\d+), 127\.0\.0\.1:(\d+)\n", dual)
        assert match and match[1] == match[2], dual
        match4 = re.fullmatch(r"websites: serving on 127\.0\.0\.1:(\d+)\n", ipv4)
        assert match4, ipv4
        port = int(match[1])
        assert get("::1", port) == (200, None)
        assert get("127.0.0.1", port, "/old/a.html") == (301, "/a.html")
        assert get("127.0.0.1", int(match4[1])) == (200, None)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.wait(timeout=5)


def test_site_records_host_header() -> None:
    site = start_website(IPV4_ONLY)
    try:
        get("127.0.0.1", site.port, "/x")
        assert [(r.host, r.path, r.sni) for r in site.requests] == [
            ("www.shaanxi.gov.cn", "/x", None)
        ]
    finally:
        site.close()
