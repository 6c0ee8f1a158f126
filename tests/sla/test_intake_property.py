"""Whatever order, repeats and duplicates Alertmanager delivers in, the store ends the same."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from govops.sla import faults
from govops.sla.intake import apply_webhook
from govops.sla.models import Policy, parse_time

STARTS = ["2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z", "2026-11-23T10:00:00.5Z"]
ENDS = ["2026-11-23T08:30:00Z", "2026-11-23T12:00:00Z", "2026-11-23T10:20:00Z"]

RECORDED = parse_time("2026-11-23T13:00:00Z")

events = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["firing", "resolved"])), max_size=12
)


def body(batch: list[tuple[int, str]]) -> bytes:
    alerts = [
        {
            "status": status,
            "labels": {"category": "network"},
            "fingerprint": f"fp{i}",
            "startsAt": STARTS[i],
            "endsAt": ENDS[i] if status == "resolved" else "0001-01-01T00:00:00Z",
        }
        for i, status in batch
    ]
    return json.dumps({"version": "4", "status": "firing", "alerts": alerts}).encode()


@settings(max_examples=60, deadline=None)
@given(events, st.integers(1, 4))
def test_delivery_order_and_repeats_do_not_matter(
    sequence: list[tuple[int, str]], batch_size: int
) -> None:
    conn = faults.open_store(":memory:")
    policy = Policy()
    for start in range(0, len(sequence), batch_size):
        apply_webhook(conn, policy, body(sequence[start : start + batch_size]), now=RECORDED)
    stored = {f.external_key: f for f in faults.list_faults(conn)}
    assert len(stored) == len({i for i, _ in sequence})
    for i in {i for i, _ in sequence}:
        (fault,) = [f for f in stored.values() if f"fp{i}@" in (f.external_key or "")]
        assert fault.opened_at == parse_time(STARTS[i])
        resolved = (i, "resolved") in sequence
        assert fault.resolved_at == (parse_time(ENDS[i]) if resolved else None)
    again = faults.list_faults(conn)
    apply_webhook(conn, policy, body(sequence), now=RECORDED)  # a redelivery changes nothing
    assert faults.list_faults(conn) == again
    conn.dispose()
