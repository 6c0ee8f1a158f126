"""The services file: strict validation, every problem located by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.network.services import ServicesFileError, load_services, parse_endpoint

ROOT = Path(__file__).resolve().parents[2]


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "services.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ServicesFileError) as caught:
        load_services(path)
    assert caught.value.exit_code == 2
    return [line.removeprefix(f"{path}:") for line in caught.value.details()]


def test_demo_file_loads() -> None:
    services = load_services(ROOT / "inventories" / "services" / "demo.yaml")
    assert [s.name for s in services][:2] == ["陕西省人民政府门户网站", "陕西政务服务网"]
    assert services[0].endpoint.host == "www.shaanxi.gov.cn"


def test_every_field_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  - name: 陕西政务服务网\n"
        "    department: 陕西省政务服务中心\n"
        "    url: ftp://zwfw.shaanxi.gov.cn/\n"
        "  - name: 陕西省人民政府门户网站\n"
        "    url: https://www.shaanxi.gov.cn/\n"
        "    owner: 办公厅\n"
        "  - just a string\n"
        "  - {name: 陕西政务服务网, department: 重复, url: 'http://a.test/'}\n"
        "  - {name: 12, department: x, url: 'http://[::1/'}\n"
    )
    assert problems(tmp_path, text) == [
        "4: services[0].url: expected an http:// or https:// URL",
        "5: services[1].department: required field is missing",
        "7: services[1].owner: unknown field",
        "8: services[2]: expected a mapping with name, department, url",
        "9: services[3].name: duplicate name '陕西政务服务网' (first at line 2)",
        "10: services[4].name: Input should be a valid string",
        "10: services[4].url: not a valid URL: Invalid IPv6 URL",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("services: [\n", "yaml: malformed YAML:"),
        ("- a\n", "1: file: expected one key, `services`"),
        ("services: {}\nextra: 1\n", "1: file: expected one key, `services`"),
        ("services: nope\n", "1: services: expected a list"),
        (b"services:\n  - name: \xff\n", "1: file: not UTF-8 text"),
    ],
)
def test_malformed_file(tmp_path: Path, text: str | bytes, expected: str) -> None:
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(expected) or found[0].split(":", 1)[1].lstrip().startswith(expected)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ServicesFileError) as caught:
        load_services(tmp_path / "nope.yaml")
    assert caught.value.details() == [
        f"{tmp_path / 'nope.yaml'}:0: file: cannot read: No such file or directory"
    ]


@pytest.mark.parametrize(
    ("url", "scheme", "host", "port", "target", "authority"),
    [
        (
            "https://WWW.Shaanxi.GOV.cn",
            "https",
            "www.shaanxi.gov.cn",
            443,
            "/",
            "www.shaanxi.gov.cn",
        ),
        ("http://[::1]:8080/a?b=1", "http", "::1", 8080, "/a?b=1", "[::1]:8080"),
        ("http://127.0.0.1/", "http", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://政务.test:81/x", "http", "xn--zfr164b.test", 81, "/x", "xn--zfr164b.test:81"),
        ("https://a.test:443/#frag", "https", "a.test", 443, "/", "a.test"),
        (
            "http://a.test/办事?q=陕西",
            "http",
            "a.test",
            80,
            "/%E5%8A%9E%E4%BA%8B?q=%E9%99%95%E8%A5%BF",
            "a.test",
        ),
    ],
)
def test_endpoint(url: str, scheme: str, host: str, port: int, target: str, authority: str) -> None:
    endpoint = parse_endpoint(url)
    assert (endpoint.scheme, endpoint.host, endpoint.port, endpoint.target) == (
        scheme,
        host,
        port,
        target,
    )
    assert endpoint.authority == authority


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("zwfw.shaanxi.gov.cn", "expected an http:// or https:// URL"),
        ("http://", "URL has no host"),
        ("http://a.test:99999/", "not a valid URL: Port out of range 0-65535"),
        ("http://a.test:http/", "not a valid URL:"),
        ("http://user:pw@a.test/", "URL must not carry a user name or password"),
        ("http://::1/", "not a valid URL:"),
        ("http://[a.test]/", "not a valid URL:"),
        ("http://[fe80::1%25eth0]/", "an IPv6 zone (%25eth0) is not supported"),
        ("http://政务..test/", "host '政务..test' is not a valid international domain name"),
        ("http://a.test/办事 指南", "URL has a space or control character; percent-encode it"),
        ("http://a.test/\tx", "URL has a space or control character; percent-encode it"),
    ],
)
def test_bad_url(url: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_endpoint(url)
    assert str(caught.value).startswith(message)
