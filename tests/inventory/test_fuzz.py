"""Whatever the bytes, the loader either loads or raises GovopsError: never anything else."""

from __future__ import annotations

import contextlib
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govops.errors import GovopsError
from govops.inventory import load_inventory
from tests.fuzz.conftest import COUNTS

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.dates(),
)
keys = st.sampled_from(
    [
        "sites",
        "devices",
        "links",
        "clouds",
        "systems",
        "id",
        "name",
        "level",
        "parent",
        "site",
        "host",
        "platform",
        "a",
        "b",
        "device",
        "interface",
        "tier",
        "contracted",
        "kind",
        "target_cloud",
        "depends_on",
        "classification",
        "resources",
        "vcpu",
        "port",
        "x",
    ]
)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _load(path: Path) -> None:
    COUNTS["inventory file"] += 1
    with contextlib.suppress(GovopsError):
        load_inventory(path)


@SETTINGS
@given(doc=documents)
def test_random_yaml_documents(tmp_path: Path, doc: object) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _load(path)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "inv.yaml"
    path.write_bytes(data)
    _load(path)


@SETTINGS
@given(text=st.text(alphabet="sites:-{}[]&*!|>'\"#%@ \n\tabc123", max_size=200))
def test_yaml_punctuation(tmp_path: Path, text: str) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    _load(path)
