"""SIGKILL the exporter while alerts are being posted: every alert answered 200 is in the
store exactly once after a restart, and Alertmanager's retries add no duplicates."""

from __future__ import annotations

import http.client
import signal
import threading
import time

from govops.sla import faults
from govops.sla.intake import alert_key
from govops.sla.models import parse_time
from tests.exporter.conftest import Exporter
from tests.exporter.test_server import webhook
from tests.sla.test_intake import alert

STARTS = "2026-11-23T08:00:00Z"


def post(port: int, index: int) -> int | None:
    """Post one alert; the HTTP status, or None when the exporter is gone."""
    body = webhook([alert(fp=f"crash-{index}", starts=STARTS)])
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("POST", "/alertmanager", body, {"Content-Type": "application/json"})
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


def test_sigkill_during_intake_loses_no_acknowledged_alert(state_url: str) -> None:
    db = state_url
    exporter = Exporter(db).start()
    acked: list[int] = []
    stop = threading.Event()

    def poster(offset: int) -> None:
        index = offset
        while not stop.is_set():
            if post(exporter.port, index) == 200:
                acked.append(index)
            index += 4

    threads = [threading.Thread(target=poster, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acked) < 200 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert exporter.proc is not None
    exporter.proc.send_signal(signal.SIGKILL)  # mid-stream: requests are in flight
    exporter.proc.wait(timeout=10)
    time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    assert len(acked) >= 200
    exporter.stop()

    restarted = Exporter(db).start()
    try:
        for index in acked[:50]:  # Alertmanager retries what it was not sure of
            assert post(restarted.port, index) == 200
    finally:
        restarted.stop()
    keys = [f.external_key for f in faults.list_faults(faults.open_store(db))]
    assert len(keys) == len(set(keys))
    expected = {alert_key(f"crash-{i}", parse_time(STARTS)) for i in acked}
    assert expected <= set(keys)
