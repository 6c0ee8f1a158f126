"""The services file: government websites and apps to probe, validated strictly.

```yaml
services:
  - name: 陕西政务服务网
    department: 陕西省政务服务中心
    url: https://zwfw.shaanxi.gov.cn/
```

Every problem is reported at once as ``file:line: field: message`` (exit 2).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govops.errors import Problem, ProblemsError
from govops.i18n import M_
from govops.inventory.yamlsrc import (
    LineDict,
    LineList,
    line_of,
    read_yaml_file,
    validation_problems,
)

DEFAULT_PORTS = {"http": 80, "https": 443}


class ServicesFileError(ProblemsError):
    """A services file has one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, "services file")


@dataclass(frozen=True)
class Endpoint:
    """Where a URL points: the host in ASCII (IDNA) form, the port, and the request target."""

    scheme: str
    host: str  # lower-case ASCII name, or an IP address without brackets
    port: int
    target: str  # path and query, e.g. "/index.html?a=1"
    is_ip: bool

    @property
    def authority(self) -> str:
        """The Host header: brackets around IPv6 literals, the port when not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def ascii_host(name: str) -> str:
    """A host name in the form DNS, SNI and Host use: lower case, IDNA for non-ASCII labels."""
    name = name.strip().rstrip(".").lower()
    if name.isascii():
        return name
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(
            M_("host {name!r} is not a valid international domain name", name=name)
        ) from exc


def parse_endpoint(url: str) -> Endpoint:
    """Split an http(s) URL into an Endpoint; ValueError says what is wrong with it."""
    url = url.strip()
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise ValueError(M_("URL has a space or control character; percent-encode it (%20)"))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValueError(M_("not a valid URL: {reason}", reason=str(exc))) from exc
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(M_("expected an http:// or https:// URL"))
    if not parts.hostname:
        raise ValueError(M_("URL has no host"))
    if parts.username is not None or parts.password is not None:
        raise ValueError(M_("URL must not carry a user name or password"))
    host, is_ip = _host(parts)
    target = _request_target(parts)
    return Endpoint(parts.scheme, host, port or DEFAULT_PORTS[parts.scheme], target, is_ip)


def _request_target(parts: SplitResult) -> str:
    """Path and query as sent: non-ASCII percent-encoded (UTF-8), as a browser does."""
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return "".join(c if c.isascii() else quote(c, safe="") for c in target)


def _host(parts: SplitResult) -> tuple[str, bool]:
    raw = parts.hostname or ""
    bracketed = "[" in parts.netloc
    if "%" in raw:
        raise ValueError(M_("an IPv6 zone (%25eth0) is not supported; use a global address"))
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        if bracketed:
            raise ValueError(M_("{host!r} in brackets is not an IPv6 address", host=raw)) from None
        if any(c in raw for c in " /\\@"):
            raise ValueError(M_("host {host!r} is not a valid name", host=raw)) from None
        return ascii_host(raw), False
    if address.version == 6 and not bracketed:
        raise ValueError(M_("an IPv6 address in a URL goes in brackets: http://[::1]:8080/"))
    return str(address), True


class Service(BaseModel):
    """One government website or app, as written in the services file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    department: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=2000)

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        parse_endpoint(value)
        return value.strip()

    @property
    def endpoint(self) -> Endpoint:
        return parse_endpoint(self.url)


def load_services(path: str | Path) -> list[Service]:
    """Read and validate a services file; raise ServicesFileError listing every problem."""
    name = str(path)
    document = _read(Path(path))
    if not isinstance(document, LineDict) or set(document) != {"services"}:
        line = document.line if isinstance(document, LineDict) else 1
        raise ServicesFileError([Problem(name, line, "file", M_("expected one key, `services`"))])
    items = document["services"]
    if not isinstance(items, LineList):
        line = line_of(document, "services", 1)
        raise ServicesFileError([Problem(name, line, "services", M_("expected a list"))])
    services: list[Service] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        service, found = _validate(name, index, items.lines[index], item)
        problems.extend(found)
        raw_name = item.get("name") if isinstance(item, LineDict) else None
        if isinstance(raw_name, str):
            line = line_of(item, "name", items.lines[index])
            if raw_name in seen:
                message = M_(
                    "duplicate name {name!r} (first at line {line})",
                    name=raw_name,
                    line=seen[raw_name],
                )
                problems.append(Problem(name, line, f"services[{index}].name", message))
                continue
            seen[raw_name] = line
        if service is not None:
            services.append(service)
    if problems:
        raise ServicesFileError(problems)
    return services


def _read(path: Path) -> Any:
    document, problem = read_yaml_file(path)
    if problem is not None:
        raise ServicesFileError([problem])
    return document


def _validate(name: str, index: int, line: int, item: Any) -> tuple[Service | None, list[Problem]]:
    label = f"services[{index}]"
    if not isinstance(item, LineDict):
        return None, [
            Problem(name, line, label, M_("expected a mapping with name, department, url"))
        ]
    try:
        return Service.model_validate(dict(item)), []
    except ValidationError as exc:
        return None, validation_problems(name, label, item, exc)
