"""The running exporter answers 200 to govops's own alerts, opens nothing from them and
counts them in govops_webhook_alerts_ignored_total{reason="own"}."""

from __future__ import annotations

import json

from tests.exporter.conftest import Exporter, count_faults
from tests.exporter.test_server import request, webhook
from tests.sla.test_intake import alert


def test_own_alerts_answer_200_open_nothing_and_are_counted(exporter: Exporter) -> None:
    own = [
        alert(fp="o1", alertname="GovopsFaultOverdue", source="govops"),
        alert(fp="o2", alertname="GovopsFaultAtRisk", source="govops"),
    ]
    status, body = request(exporter.url + "/alertmanager", webhook([*own, alert(fp="x1")]))
    assert status == 200
    assert json.loads(body) == {"opened": 1, "resolved": 0, "unchanged": 0, "ignored": 2}
    assert count_faults(exporter.db) == 1
    status, body = request(exporter.url + "/alertmanager", webhook(own))
    assert (status, json.loads(body)["ignored"]) == (200, 2)
    _, text = request(exporter.url + "/metrics")
    lines = text.decode().splitlines()
    assert 'govops_webhook_alerts_ignored_total{reason="own"} 4.0' in lines
    assert 'govops_webhook_alerts_total{result="opened"} 1.0' in lines
