from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.inventory import Inventory, load_inventory
from govops.lab.openstack import LabOpenStack, start

DEMO = Path(__file__).resolve().parents[2] / "inventories" / "demo"


@pytest.fixture(scope="session")
def demo_inv() -> Inventory:
    return load_inventory([DEMO])


@pytest.fixture(scope="session")
def lab(demo_inv: Inventory) -> Iterator[LabOpenStack]:
    running = start(demo_inv)
    yield running
    running.stop()


@pytest.fixture
def clouds_yaml(lab: LabOpenStack, tmp_path: Path) -> Path:
    return lab.write_clouds_yaml(tmp_path / "clouds.yaml")


def pytest_configure(config: pytest.Config) -> None:
    # openstacksdk warns about its own internals on every call; nothing for govops to act on
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:openstack")
    config.addinivalue_line("filterwarnings", "ignore::PendingDeprecationWarning:openstack")


@pytest.fixture(autouse=True)
def _loopback_without_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lab is on loopback; a proxy from the environment must not sit in between."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,::1")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,::1")


@pytest.fixture(autouse=True)
def _on_both_backends(state_url: str) -> str:
    """Every cloud test runs on SQLite and on PostgreSQL."""
    return state_url
