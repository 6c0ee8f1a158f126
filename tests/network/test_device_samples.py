"""Every real sample in ../shared/device-output parses into the records read off it by hand.

The expected values are in ``samples_expected.py``, written from the text (never from
the parser's output); the CLI is driven as a user would, file by file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govops.cli import app
from tests.network.samples_expected import SAMPLES

SAMPLE_DIR = Path(__file__).parents[2] / ".." / "shared" / "device-output"

pytestmark = pytest.mark.skipif(not SAMPLE_DIR.is_dir(), reason="../shared/device-output absent")


def test_every_sample_has_expectations() -> None:
    on_disk = {p.name for p in SAMPLE_DIR.glob("*__*.txt")}
    assert on_disk == set(SAMPLES)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_sample_parses_into_the_records_read_off_it(sample: str) -> None:
    platform, command, expected = SAMPLES[sample]
    result = CliRunner().invoke(
        app,
        [
            *("network", "parse", "--platform", platform, "--command", command),
            *("--format", "json", str(SAMPLE_DIR / sample)),
        ],
    )
    assert result.exit_code == 0, result.output
    got: list[dict[str, Any]] = json.loads(result.stdout)
    assert [r["name"] for r in got] == [e["name"] for e in expected]
    for record, want in zip(got, expected, strict=True):
        assert {k: record[k] for k in want} == want, record["name"]


def test_a_placeholder_address_is_dropped_with_a_warning() -> None:
    sample = SAMPLE_DIR / "huawei_display_ipv6_interface_brief__ntc_tentative.txt"
    result = CliRunner().invoke(
        app,
        [
            *("network", "parse", "--platform", "huawei"),
            *("--command", "display ipv6 interface brief", str(sample)),
        ],
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: MEth0/0/0: `fd01:abcd:efgh::/64` is not an IPv6 address; dropped\n"
    )


def test_the_table_prints_addresses_as_they_are() -> None:
    sample = SAMPLE_DIR / "huawei_display_ipv6_interface_brief__ntc_tentative.txt"
    result = CliRunner().invoke(
        app,
        [
            *("network", "parse", "--platform", "huawei", "--format", "table"),
            *("--command", "display ipv6 interface brief", str(sample)),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0
    assert "fd00:abcd:1234:5678::/64" in result.stdout  # no ":abcd:" emoji
