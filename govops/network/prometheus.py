"""A small client of Prometheus's HTTP API: instant queries, answers checked at the edge.

The only module that speaks HTTP to Prometheus. Exit codes follow decisions.md: a bad URL
or a query Prometheus refuses is bad input (2); Prometheus unreachable, answering 5xx or
answering something that is not its API is a domain error (1). Nothing here raises
anything else for a bad answer.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from govops.errors import DomainError, InputError
from govops.i18n import M_

MAX_ANSWER_BYTES = 256 * 2**20


class PrometheusError(DomainError):
    """Prometheus could not be asked, or its answer is not one (exit 1)."""


@dataclass(frozen=True)
class Sample:
    """One series of an instant vector: its labels and its value."""

    labels: Mapping[str, str]
    value: float


def check_url(url: str) -> tuple[str, str | None]:
    """The API base URL without credentials, and a Basic auth header if it carried some."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InputError(
            M_("--prometheus {url}: not a URL ({reason})", url=redact(url), reason=str(exc))
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            M_(
                "--prometheus {url}: give an http(s) URL such as http://prometheus:9090",
                url=redact(url),
            )
        )
    if parts.query or parts.fragment:
        raise InputError(
            M_("--prometheus {url}: give the base URL, without ?query or #", url=redact(url))
        )
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host if port is None else f"{host}:{port}"
    base = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    auth = None
    if parts.username is not None:
        pair = f"{parts.username}:{parts.password or ''}".encode()
        auth = "Basic " + base64.b64encode(pair).decode("ascii")
    return base, auth


def redact(url: str) -> str:
    """The URL as it may be printed: never its password."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit((parts.scheme, f"{parts.username}:***@{netloc}", *parts[2:]))
    except ValueError:
        return "<unparsable URL>"


class Prometheus:
    """Instant queries against one Prometheus (or a compatible API: Thanos, VictoriaMetrics)."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.base, self._auth = check_url(url)
        self.timeout = timeout

    def query(self, expr: str, at: float) -> list[Sample]:
        """The instant vector ``expr`` evaluated at ``at`` (Unix seconds), by POST."""
        body = self._post("/api/v1/query", {"query": expr, "time": f"{at:.3f}"}, expr)
        return parse_vector(body, self.base)

    def _post(self, path: str, form: Mapping[str, str], expr: str) -> bytes:
        import urllib.error
        import urllib.parse
        import urllib.request

        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Accept", "application/json")
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer: bytes = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise _http_error(self.base, exc.code, exc.read(65536), expr) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise PrometheusError(
                    M_(
                        "Prometheus at {base} did not answer within {timeout:g} s; a long "
                        "--window over many links is cheaper with the recording rules of "
                        "deploy/prometheus/govops-utilisation.rules.yml (policy metrics.in_rate)",
                        base=self.base,
                        timeout=self.timeout,
                    )
                ) from None
            raise PrometheusError(
                M_(
                    "Prometheus at {base} is unreachable ({reason}); check --prometheus "
                    "or GOVOPS_PROMETHEUS_URL",
                    base=self.base,
                    reason=str(reason),
                )
            ) from None
        if len(answer) > MAX_ANSWER_BYTES:
            raise PrometheusError(
                M_("Prometheus at {base}: answer larger than 256 MiB", base=self.base)
            )
        return answer


def _error_text(body: bytes) -> str:
    try:
        doc = json.loads(body)
        text = str(doc.get("error") or doc) if isinstance(doc, dict) else str(doc)
    except ValueError:
        text = body.decode("utf-8", "replace")
    return " ".join(text.split())[:300]


def _http_error(base: str, code: int, body: bytes, expr: str) -> Exception:
    if code in (400, 422):
        return InputError(
            M_(
                "Prometheus at {base} refused the query `{query}`: {reason}",
                base=base,
                query=expr[:200],
                reason=_error_text(body),
            )
        )
    if code == 404:
        return InputError(
            M_(
                "Prometheus at {base}: no query API there (404); give the server's base URL, "
                "e.g. http://prometheus:9090",
                base=base,
            )
        )
    if code in (401, 403):
        return PrometheusError(
            M_(
                "Prometheus at {base} refused access ({code}); put user:password in the URL",
                base=base,
                code=code,
            )
        )
    return PrometheusError(
        M_(
            "Prometheus at {base} answered {code}: {reason}",
            base=base,
            code=code,
            reason=_error_text(body),
        )
    )


def _not_api(base: str, what: str) -> PrometheusError:
    return PrometheusError(
        M_("Prometheus at {base}: its answer is not a query result ({what})", base=base, what=what)
    )


def parse_vector(body: bytes, base: str = "Prometheus") -> list[Sample]:
    """An /api/v1/query answer -> samples; PrometheusError for anything else.

    Values that are not finite numbers (NaN, Inf) are left out: no figure, not a wrong one.
    """
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        raise _not_api(base, M_("not JSON")) from None
    if not isinstance(doc, dict) or doc.get("status") != "success":
        error = doc.get("error") if isinstance(doc, dict) else None
        raise _not_api(base, M_("status is not success: {error}", error=str(error)[:200]))
    data = doc.get("data")
    if not isinstance(data, dict) or data.get("resultType") != "vector":
        raise _not_api(base, M_("not an instant vector"))
    result = data.get("result")
    if not isinstance(result, list):
        raise _not_api(base, M_("no result list"))
    samples = []
    for item in result:
        sample = _sample(item)
        if sample is None:
            raise _not_api(base, M_("a series without labels or value"))
        if math.isfinite(sample.value):
            samples.append(sample)
    return samples


def _sample(item: Any) -> Sample | None:
    if not isinstance(item, dict):
        return None
    labels, value = item.get("metric"), item.get("value")
    if not isinstance(labels, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        return None
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], str):
        return None
    try:
        number = float(value[1])
    except ValueError:
        return None
    return Sample(labels, number)


def promql_string(text: str) -> str:
    """A PromQL double-quoted string literal of ``text``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
