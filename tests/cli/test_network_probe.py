"""`govops network probe` through the CLI, against servers on ::1 and 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from govops.cli import app
from tests.network.loopback_sites import Sites, running_sites

runner = CliRunner()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with running_sites(tmp_path_factory.mktemp("certs")) as started:
        yield started


@pytest.fixture
def services_file(tmp_path: Path, sites: Sites) -> Path:
    path = tmp_path / "services.yaml"
    path.write_text(
        "services:\n"
        "  - name: 陕西省人民政府门户网站\n"
        "    department: 陕西省人民政府办公厅\n"
        f"    url: http://www.shaanxi.gov.cn:{sites.dual.port}/\n"
        "  - name: 陕西省人力资源和社会保障厅网站\n"
        "    department: 陕西省人力资源和社会保障厅\n"
        f"    url: http://rst.shaanxi.gov.cn:{sites.ipv4.port}/old/index.html\n"
        "  - name: 秦务员\n"
        "    department: 陕西省政务服务中心\n"
        f"    url: http://app.shaanxi.gov.cn:{sites.silent.port}/api\n"
        "  - name: 西安市人民政府门户网站\n"
        "    department: 西安市人民政府办公厅\n"
        f"    url: http://www.xa.gov.cn:{sites.refusing}/\n",
        encoding="utf-8",
    )
    return path


RESOLVE = [
    "--resolve",
    "www.shaanxi.gov.cn=::1,127.0.0.1",
    "--resolve",
    "rst.shaanxi.gov.cn=127.0.0.1",
    "--resolve",
    "app.shaanxi.gov.cn=::1",
    "--resolve",
    "www.xa.gov.cn=::1",
    "--resolve",
    "www.xa.gov.cn=127.0.0.1",
    "--timeout",
    "0.3",
]


NAMES = {
    "陕西省人民政府门户网站",
    "陕西省人力资源和社会保障厅网站",
    "秦务员",
    "西安市人民政府门户网站",
}


def probe(*args: str) -> Result:
    return runner.invoke(app, ["network", "probe", *args])


def test_table(services_file: Path) -> None:
    result = probe(str(services_file), *RESOLVE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = {}
    for line in result.stdout.splitlines():
        words = line.split()
        if words and words[0] in NAMES:
            rows[words[0]] = words[1:]
    assert rows["陕西省人民政府门户网站"][1:3] == ["200", "200"]
    assert rows["陕西省人力资源和社会保障厅网站"][1:6] == [
        "no",
        "address",
        "301",
        "->",
        "/index.html",
    ]
    assert rows["秦务员"][1:] == ["timeout", "0.3", "s", "(http)", "no", "address", "1", "-", "-"]
    assert rows["西安市人民政府门户网站"][1:6] == ["refused", "refused", "1", "-", "-"]
    assert result.stdout.splitlines()[-2:] == [
        "1 of 4 services reachable over IPv6 (25.0%); 3 with an IPv6 address",
        "2 of 4 services reachable over IPv4 (50.0%); 3 with an IPv4 address",
    ]


def test_json_is_stable_for_scripts(services_file: Path) -> None:
    result = probe(str(services_file), *RESOLVE, "--format", "json", "--concurrency", "2")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["format", "settings", "summary", "services"]
    assert data["format"] == "govops-probe/1"
    assert data["settings"]["timeout_s"] == 0.3 and data["settings"]["concurrency"] == 2
    assert data["summary"]["ipv6"] == {
        "services": 4,
        "with_address": 3,
        "reachable": 1,
        "reachable_ratio": 0.25,
    }
    app_v6 = data["services"][2]["ipv6"]["error"]
    assert app_v6 == {
        "step": "http",
        "kind": "timeout",
        "message": "gave up: no HTTP response within 0.3 s",
    }
    assert [s["ipv4"]["status"] for s in data["services"]] == [200, 301, None, None]


def test_insecure_says_so_on_stderr(services_file: Path) -> None:
    result = probe(str(services_file), *RESOLVE, "--insecure", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "warning: TLS certificates are not verified (--insecure)\n"
    assert json.loads(result.stdout)["settings"]["tls_verify"] is False


def test_https_with_cacert(sites: Sites, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    url = f"https://tls.test:{sites.tls.port}/"
    path.write_text(f"services:\n  - {{name: t, department: d, url: '{url}'}}\n")
    args = [str(path), "--resolve", "tls.test=127.0.0.1", "--format", "json", "--timeout", "1"]
    trusted = json.loads(probe(*args, "--cacert", str(sites.cafile)).stdout)
    assert trusted["services"][0]["ipv4"]["status"] == 200
    untrusted = json.loads(probe(*args).stdout)
    assert untrusted["services"][0]["ipv4"]["error"]["kind"] == "tls_verify"


def test_malformed_services_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "services:\n  - name: 陕西政务服务网\n    department: x\n    url: zwfw.shaanxi.gov.cn\n",
        encoding="utf-8",
    )
    result = probe(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:4: services[0].url: expected an http:// or https:// URL",
        "error: services file has 1 problem",
    ]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resolve", "www.gov.cn"], "error: --resolve `www.gov.cn`: expected NAME=ADDR"),
        (["--resolve", "a=b"], "error: --resolve `a=b`: `b` is not an IP address"),
        (["--timeout", "0"], "error: --timeout must be more than 0 seconds"),
        (["--concurrency", "0"], "error: --concurrency must be at least 1"),
        (["--cacert", "/nonexistent/ca.pem"], "error: --cacert `/nonexistent/ca.pem`: cannot"),
    ],
)
def test_bad_options_exit_2(services_file: Path, args: list[str], message: str) -> None:
    result = probe(str(services_file), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = probe(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml:0: file: cannot read: No such file or directory" in result.stderr


def test_probe_help_imports_nothing_heavy() -> None:
    # (Typer itself loads pydantic for a command's --help, so it is not checked here.)
    code = (
        "import sys; from govops.cli import app\n"
        "from typer.testing import CliRunner\n"
        "r = CliRunner().invoke(app, ['network', 'probe', '--help'])\n"
        "assert r.exit_code == 0 and '--resolve' in r.stdout, r.output\n"
        "heavy = ('govops.network.probe', 'govops.network.services', 'ssl', 'yaml')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
