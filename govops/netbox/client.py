"""The one door to pynetbox: read what the import needs from NetBox, checked on arrival.

Errors: a bad URL is an input error (exit 2); an unreachable NetBox, a 5xx, a refused
token or an answer govops cannot read is a NetBox error (exit 1). The token is never
printed, not even if a server echoes it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from govops.errors import DomainError, GovopsError, InputError, validation_message
from govops.i18n import M_
from govops.netbox import models as nb

MINIMUM = (4, 2)
#: How many site ids one device query names (keeps URLs short).
SITE_CHUNK = 100
M = TypeVar("M", bound=BaseModel)


class NetboxError(DomainError):
    """NetBox could not be read, or answered something govops cannot use. Exit 1."""


@dataclass(frozen=True)
class Answers:
    version: str
    regions: list[nb.Region]
    sites: list[nb.Site]
    devices: list[nb.Device]
    circuits: list[nb.Circuit]
    terminations: list[nb.Termination]
    cables: list[nb.Cable]
    groups: list[nb.CircuitGroup]


def check_url(url: str) -> str:
    """The NetBox base URL (without a trailing ``/api``), or an input error naming it."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        raise InputError(
            M_("`{url}` is not a URL: expected http(s)://host[:port][/path]", url=url)
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            M_("`{url}` is not a NetBox URL: expected http(s)://host[:port][/path]", url=url)
        )
    if parts.query or parts.fragment:
        raise InputError(
            M_("`{url}`: give NetBox's base URL, without ?query or #fragment", url=url)
        )
    return re.sub(r"/api/?$", "", url.rstrip("/"))


def read_netbox(
    url: str, token: str, region: str | None = None, tag: str | None = None, timeout: float = 30.0
) -> Answers:
    """Everything the import reads, from the NetBox at ``url`` (sites limited by region/tag)."""
    import pynetbox

    base = check_url(url)
    api = pynetbox.api(base, token=token)
    api.http_session = _session(timeout)
    with _errors(base, token):
        version = _version(api.status())
        sites = _read(_sites(api, region, tag), nb.Site, "dcim.site")
        return Answers(
            version=version,
            regions=_read(api.dcim.regions.all(), nb.Region, "dcim.region"),
            sites=sites,
            devices=_read(_devices(api, sites, region or tag), nb.Device, "dcim.device"),
            circuits=_read(api.circuits.circuits.all(), nb.Circuit, "circuits.circuit"),
            terminations=_read(
                api.circuits.circuit_terminations.all(), nb.Termination, "circuits.termination"
            ),
            cables=_read(api.dcim.cables.all(), nb.Cable, "dcim.cable"),
            groups=_read(api.circuits.circuit_groups.all(), nb.CircuitGroup, "circuits.group"),
        )


def _session(timeout: float) -> Any:
    """A requests session with a timeout that refuses to ask for the same page twice
    (a NetBox whose ``next`` links go round in circles would otherwise never end)."""
    import requests

    class Session(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            self.seen: set[str] = set()

        def request(  # type: ignore[override]
            self, method: str, url: Any, *args: Any, **kwargs: Any
        ) -> Any:
            key = f"{method} {url} {sorted((kwargs.get('params') or {}).items())}"
            if key in self.seen:
                raise NetboxError(
                    M_("NetBox's pagination goes round in circles at {url}", url=str(url))
                )
            self.seen.add(key)
            kwargs.setdefault("timeout", timeout)
            return super().request(method, url, *args, **kwargs)

    return Session()


def _sites(api: Any, region: str | None, tag: str | None) -> Any:
    filters = {k: v for k, v in (("region", region), ("tag", tag)) if v}
    return api.dcim.sites.filter(**filters) if filters else api.dcim.sites.all()


def _devices(api: Any, sites: list[nb.Site], filtered: str | None) -> Iterator[Any]:
    if not filtered:
        yield from _raw(api.dcim.devices.all())
        return
    ids = [s.id for s in sites]
    for start in range(0, len(ids), SITE_CHUNK):
        yield from _raw(api.dcim.devices.filter(site_id=ids[start : start + SITE_CHUNK]))


def _raw(records: Iterable[Any]) -> Iterator[Any]:
    """The JSON objects behind pynetbox's records (its RecordSet keeps the paginated answers
    in ``response``); building a Record per object costs more than the whole import."""
    response = getattr(records, "response", None)
    if response is not None:
        yield from response
    else:
        yield from (record if isinstance(record, dict) else dict(record) for record in records)


def _read(records: Iterable[Any], model: type[M], kind: str) -> list[M]:
    out = []
    for raw in _raw(records):
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in error["loc"]) or "object"
            oid = raw.get("id", "?") if isinstance(raw, dict) else "?"
            raise NetboxError(
                M_(
                    "NetBox answered a {kind} govops cannot read (id {id}): {where}: {message}",
                    kind=kind,
                    id=oid,
                    where=where,
                    message=validation_message(error, limit=10_000),
                )
            ) from None
    return out


def _version(status: Any) -> str:
    text = str(status.get("netbox-version", "")) if isinstance(status, dict) else ""
    match = re.match(r"v?(\d+)\.(\d+)", text)
    if match is None:
        raise NetboxError(
            M_("NetBox's /api/status/ gives no netbox-version (got {text!r})", text=text[:40])
        )
    if (int(match[1]), int(match[2])) < MINIMUM:
        raise NetboxError(
            M_(
                "NetBox {version} is older than 4.2: govops reads circuit terminations by "
                "termination_type/termination_id and circuit groups, which 4.2 introduced",
                version=text,
            )
        )
    return text


@contextmanager
def _errors(url: str, token: str) -> Iterator[None]:
    """pynetbox's and requests' exceptions as govops errors, the token never in them."""
    import pynetbox
    import requests

    def clean(text: str) -> str:
        return text.replace(token, "***") if token else text

    try:
        yield
    except pynetbox.RequestError as exc:
        raise _refused(url, exc.req, clean) from None
    except pynetbox.ContentError:
        raise NetboxError(
            M_("NetBox at {url} answered something that is not JSON", url=url)
        ) from None
    except (
        requests.exceptions.InvalidURL,
        requests.exceptions.InvalidSchema,
        requests.exceptions.MissingSchema,
    ):
        # check_url passed, so the link came from NetBox's answer (a ``next`` page)
        raise NetboxError(
            M_("NetBox at {url} answered a link govops cannot follow", url=url)
        ) from None
    except requests.exceptions.Timeout:
        raise NetboxError(M_("NetBox at {url} did not answer in time", url=url)) from None
    except requests.exceptions.RequestException as exc:
        reason = type(exc).__name__
        raise NetboxError(
            M_("NetBox at {url} is unreachable ({reason}); check the URL", url=url, reason=reason)
        ) from None
    except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
        raise NetboxError(
            M_(
                "NetBox at {url} answered something govops cannot read ({reason})",
                url=url,
                reason=type(exc).__name__,
            )
        ) from None


def _refused(url: str, response: Any, clean: Any) -> GovopsError:
    status = getattr(response, "status_code", 0)
    detail = ""
    try:
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            detail = ": " + clean(body["detail"])[:200]
    except ValueError:
        pass
    if status in (401, 403):
        return NetboxError(
            M_(
                "NetBox at {url} refused the token ({status}{detail}); "
                "check the token and its read permissions",
                url=url,
                status=status,
                detail=detail,
            )
        )
    if status == 404:
        return InputError(
            M_(
                "no NetBox API at {url} (404 on {path})",
                url=url,
                path=urlsplit(response.url).path,
            )
        )
    return NetboxError(
        M_(
            "NetBox at {url} answered {status} {reason}{detail}",
            url=url,
            status=status,
            reason=response.reason,
            detail=detail,
        )
    )
