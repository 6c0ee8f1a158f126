"""Messages kept as JSON (msgid and parameters beside the English) and rebuilt when read."""

from __future__ import annotations

import json

from govops.i18n import M_, Message, message_from_json, message_json, tr


def test_a_message_survives_json_and_reads_in_chinese() -> None:
    message = M_(
        "effective {effective} below the {tier} tier's {required}",
        effective="5G",
        tier=M_("province-city"),
        required="10G",
    )
    record = json.loads(json.dumps({"message": message, **message_json(message)}))
    assert record == {
        "message": "effective 5G below the province-city tier's 10G",
        "message_id": "effective {effective} below the {tier} tier's {required}",
        "message_params": {
            "effective": "5G",
            "tier": {"message_id": "province-city", "message_params": {}},
            "required": "10G",
        },
    }
    rebuilt = message_from_json(record)
    assert isinstance(rebuilt, Message) and rebuilt == message
    assert rebuilt.tr("zh") == "有效带宽 5G，低于省-市层级要求的 10G"
    assert rebuilt.tr("en") == "effective 5G below the province-city tier's 10G"


def test_format_specs_and_numbers_come_back_the_same() -> None:
    message = M_(
        "running at {utilization:.0%} of {effective} (>= {limit:.0%})",
        utilization=0.93,
        effective="10G",
        limit=0.9,
    )
    record = json.loads(json.dumps({"message": message, **message_json(message)}))
    assert record["message_params"] == {"utilization": 0.93, "effective": "10G", "limit": 0.9}
    assert message_from_json(record).tr("zh") == tr(
        "zh", message.msgid, utilization=0.93, effective="10G", limit=0.9
    )


def test_plain_text_has_no_msgid() -> None:
    assert message_json("timeout: no SSH banner within 10s") == {
        "message_id": None,
        "message_params": {},
    }
    record = {"message": "timeout: no SSH banner within 10s", "message_id": None}
    assert message_from_json(record) == "timeout: no SSH banner within 10s"
    assert not isinstance(message_from_json(record), Message)


def test_old_or_damaged_records_fall_back_to_the_english_text() -> None:
    assert message_from_json({"message": "link is down"}) == "link is down"
    assert not isinstance(message_from_json({"message": "link is down"}), Message)
    damaged = [
        {"message_id": "{end}: global IPv6 but no IPv6 neighbour", "message_params": {}},
        {"message_id": "link is down", "message_params": "not a dict"},
        {"message_id": 42, "message_params": {}},
        {"message_id": "no uplink is up", "message_params": {}},  # not the text stored
        {"message_id": "{x:.0%}", "message_params": {"x": "text"}},
        {"message_id": "{x}", "message_params": {"x": {"message_id": None}}},
    ]
    for fields in damaged:
        shown = message_from_json({"message": "link is down", **fields})
        assert shown == "link is down" and not isinstance(shown, Message), fields
