from __future__ import annotations

from pathlib import Path

import pytest

from govops.errors import InputError
from govops.sla.models import Policy
from govops.sla.policy import load_policy

SHIPPED = Path(__file__).resolve().parents[2] / "playbooks" / "sla.yaml"


def test_shipped_policy() -> None:
    policy = load_policy(SHIPPED)
    assert policy.target("network", "critical") == 3 * 3600
    assert policy.target("security", "minor") == 24 * 3600
    assert policy.ack_target("platform", "major") == 30 * 60
    assert policy.objective(2024) == 0.95 and policy.objective(2026) == 0.99
    assert policy.objective(2022) is None
    assert policy.windows == (7 * 86400, 30 * 86400, 365 * 86400)


def test_without_a_file_the_defaults_are_the_plan(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVOPS_SLA_POLICY", raising=False)
    assert load_policy() == Policy()
    assert Policy().target("network", "major") == 10800


def test_environment_variable_names_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "sla.yaml"
    path.write_text("default_target: 2h\n")
    monkeypatch.setenv("GOVOPS_SLA_POLICY", str(path))
    assert load_policy().default_target == 7200


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default_target: soon\n", "default_target"),
        ("objectives: {2025: 1.5}\n", "objectives"),
        ("targets: {power: 3h}\n", "targets.power: not one of the categories"),
        ("targets: {network: {urgent: 1h}}\n", "targets.network.urgent: not one of"),
        ("colour: red\n", "colour"),
        ("alertmanager: {default_category: power}\n", "alertmanager.default_category"),
    ],
)
def test_bad_policy_names_file_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sla.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as caught:
        load_policy(path)
    assert str(path) in caught.value.message
