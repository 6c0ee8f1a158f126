from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.inventory import Inventory, load_inventory
from govops.lab.netbox import LabNetbox, start

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
MAPPING = ROOT / "playbooks" / "netbox-mapping.yaml"


@pytest.fixture(scope="session")
def demo() -> Inventory:
    return load_inventory(DEMO)


@pytest.fixture
def netbox(demo: Inventory) -> Iterator[LabNetbox]:
    """The demo province in a lab NetBox with 200-object pages (big lists paginate)."""
    lab = start(demo, max_page_size=200)
    yield lab
    lab.stop()
