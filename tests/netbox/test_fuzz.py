"""Odd NetBox answers (missing fields, wrong types, broken pages) end in a clean error.

A small province is served by the lab NetBox; each example breaks one object or one
page, and the import must either succeed (the field was one govops does not read) or
raise a GovopsError: never another exception, never a hang.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govops.errors import GovopsError
from govops.inventory import Inventory, load_inventory
from govops.lab.netbox import LabNetbox, start
from govops.lab.netbox_data import ENDPOINTS, build
from govops.netbox.importer import import_netbox
from tests.netbox.conftest import MAPPING

TINY = """
sites:
  - {id: sn, name: 省中心, level: province}
  - {id: sn-xa, name: 西安市, level: city, parent: sn}
  - {id: xa-ca, name: 长安区, level: county, parent: sn-xa}
  - {id: dept-a, name: 省某厅, level: department, parent: sn}
devices:
  - {name: sn-core-1, site: sn, host: 10.0.0.1, platform: huawei}
  - {name: xa-agg-1, site: sn-xa, host: 10.0.0.2, platform: hp_comware}
  - {name: xa-ca-r1, site: xa-ca, host: 10.0.0.3, platform: cisco_ios}
  - {name: dept-a-sw, site: dept-a, host: 10.0.0.4, platform: huawei}
links:
  - {id: sn-xa-1, a: {device: sn-core-1, interface: Eth-Trunk1}, b: {device: xa-agg-1, interface: Eth-Trunk1}}
  - {id: xa-ca-1, a: {device: xa-agg-1, interface: G0/1}, b: {device: xa-ca-r1, interface: G0/1}, contracted: 2G}
  - {id: xa-ca-2, a: {device: xa-agg-1, interface: G0/2}, b: {device: xa-ca-r1, interface: G0/2}, contracted: 2G}
  - {id: dept-a-1, a: {device: sn-core-1, interface: G0/3}, b: {device: dept-a-sw, interface: G0/1}, contracted: 1G}
"""  # noqa: E501

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
KINDS = sorted(k for k in ENDPOINTS if k != "tag")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Inventory:
    root = tmp_path_factory.mktemp("tiny")
    (root / "inv.yaml").write_text(TINY, encoding="utf-8")
    return load_inventory(root)


@pytest.fixture(scope="module")
def lab(tiny: Inventory) -> Iterator[LabNetbox]:
    netbox = start(tiny, max_page_size=3)  # every list of more than 3 paginates
    yield netbox
    netbox.stop()


def _import(lab: LabNetbox, out: Path) -> None:
    try:
        import_netbox(lab.url, lab.token, out, MAPPING)
    except GovopsError as exc:
        assert exc.exit_code in (1, 2)
        assert lab.token not in exc.message + "".join(exc.details())


def test_the_tiny_province_imports(lab: LabNetbox, tmp_path: Path) -> None:
    result = import_netbox(lab.url, lab.token, tmp_path / "out", MAPPING)
    assert result.counts == {"sites": 4, "devices": 4, "links": 4}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_odd_fields(lab: LabNetbox, tiny: Inventory, tmp_path: Path, data: st.DataObject) -> None:
    lab.data = build(tiny, lab.data.url)
    kind = data.draw(st.sampled_from(KINDS))
    objects = lab.data.objects.get(kind) or []
    if objects:
        obj = data.draw(st.sampled_from(objects))
        key = data.draw(st.sampled_from(sorted(obj)))
        if data.draw(st.booleans()):
            del obj[key]
        else:
            obj[key] = data.draw(json_values)
    _import(lab, tmp_path / "out")


pages = st.fixed_dictionaries(
    {},
    optional={
        "count": st.integers(-2, 10) | json_values,
        "next": st.none() | st.sampled_from(["", "nonsense", "http://[::1", "/api/dcim/sites/"]),
        "previous": json_values,
        "results": st.lists(json_values | st.just({"id": 1}), max_size=3) | json_values,
    },
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(["/api/status/"] + [f"/api/{a}/{e}/" for a, e in ENDPOINTS.values()]),
    status=st.sampled_from([200, 200, 200, 201, 204, 301, 400, 401, 404, 429, 500, 503]),
    body=pages | json_values | st.binary(max_size=20),
)
def test_odd_pages(
    lab: LabNetbox, tiny: Inventory, tmp_path: Path, path: str, status: int, body: Any
) -> None:
    lab.data = build(tiny, lab.data.url)
    lab.overrides.clear()
    if (
        isinstance(body, dict)
        and isinstance(body.get("next"), str)
        and body["next"].startswith("/")
    ):
        body["next"] = lab.url + body["next"]
    lab.override(path, status, body if isinstance(body, bytes) else json.dumps(body).encode())
    try:
        _import(lab, tmp_path / "out")
    finally:
        lab.overrides.clear()
