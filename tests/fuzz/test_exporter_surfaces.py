"""The exporter's HTTP surface: any Authorization header, any head, any body."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.exporter.test_hardening import post_head, raw, serving, status_of
from tests.fuzz.conftest import COUNTS, SETTINGS

headers = st.one_of(
    st.binary(max_size=80).filter(lambda b: b"\r" not in b and b"\n" not in b),
    st.text(max_size=40)
    .map(lambda t: t.encode("utf-8"))
    .filter(lambda b: b"\r" not in b and b"\n" not in b),
    st.sampled_from([b"Bearer s3cret", b"bearer s3cret", b"Bearer  s3cret ", b"Bearer \xe4"]),
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with serving(Path(tmp_path_factory.mktemp("fuzz-exporter")), token="s3cret") as (_, port, _):
        yield port


@SETTINGS
@given(authorization=headers, body=st.binary(max_size=300))
def test_any_authorization_and_body(server: int, authorization: bytes, body: bytes) -> None:
    reply = raw(server, post_head(len(body), authorization) + body)
    status = status_of(reply)
    COUNTS["webhook authorization+body"] += 1
    scheme, _, given = authorization.partition(b" ")
    ok = authorization.isascii() and scheme.lower() == b"bearer" and given.strip() == b"s3cret"
    assert status in ((200, 400) if ok else (401,)), (authorization, reply[:200])


@SETTINGS
@given(head=st.binary(max_size=300))
def test_any_request_head(server: int, head: bytes) -> None:
    reply = raw(server, head + b"\r\n\r\n")
    COUNTS["http request head"] += 1
    # an answer with a status line (govops' own plain one when http.server refuses the
    # head), never Python's HTML error page
    assert reply.startswith(b"HTTP/1.") or reply == b"", reply[:100]
    assert b"Traceback" not in reply and b"/tmp" not in reply and b"<" not in reply
    assert status_of(raw(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")) == 200
