"""The lab NetBox answers as NetBox 4.2's REST API does (documented shapes), to pynetbox too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pynetbox
import pytest
import requests

from govops.inventory import load_inventory
from govops.lab.netbox import LabNetbox, start

DEMO = Path(__file__).resolve().parents[2] / "inventories" / "demo"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabNetbox]:
    netbox = start(load_inventory(DEMO), max_page_size=100)
    yield netbox
    netbox.stop()


def _get(lab: LabNetbox, path: str, token: str | None = "", **params: Any) -> requests.Response:
    headers = {"Accept": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Token {token or lab.token}"
    return requests.get(f"{lab.url}{path}", headers=headers, params=params, timeout=10)


def test_token_auth(lab: LabNetbox) -> None:
    none = _get(lab, "/api/dcim/sites/", token=None)
    assert none.status_code == 403
    assert none.json() == {"detail": "Authentication credentials were not provided."}
    bad = _get(lab, "/api/dcim/sites/", token="0" * 40)
    assert (bad.status_code, bad.json()) == (403, {"detail": "Invalid token"})
    bearer = requests.get(
        f"{lab.url}/api/", headers={"Authorization": f"Bearer {lab.token}"}, timeout=10
    )
    assert bearer.status_code == 200
    assert bearer.headers["API-Version"] == "4.2"
    assert bearer.json()["dcim"] == f"{lab.url}/api/dcim/"


def test_pagination(lab: LabNetbox) -> None:
    first = _get(lab, "/api/dcim/sites/", limit=30).json()
    assert first["count"] == 205 and len(first["results"]) == 30
    assert first["previous"] is None
    assert first["next"] == f"{lab.url}/api/dcim/sites/?limit=30&offset=30"
    last = requests.get(
        first["next"].replace("offset=30", "offset=180"),
        headers={"Authorization": f"Token {lab.token}"},
        timeout=10,
    ).json()
    # the last of sites.yaml: the villages come after the departments
    assert [s["slug"] for s in last["results"]][-1] == "bj-fengxiang-t1-v2"
    assert last["next"] is None
    assert last["previous"] == f"{lab.url}/api/dcim/sites/?limit=30&offset=150"
    biggest = _get(lab, "/api/dcim/sites/", limit=0).json()
    assert len(biggest["results"]) == 100  # limit=0: the largest page (MAX_PAGE_SIZE)
    filtered = _get(lab, "/api/dcim/sites/", region="sn-xa", limit=10).json()
    assert filtered["count"] == 24  # with xa-changan-t1's three villages
    assert filtered["next"] == f"{lab.url}/api/dcim/sites/?region=sn-xa&limit=10&offset=10"


def test_objects_and_brief_objects(lab: LabNetbox) -> None:
    site = _get(lab, "/api/dcim/sites/2/").json()
    assert site["slug"] == "sn-xa" and site["name"] == "西安市"
    assert site["region"] == {
        "id": 2,
        "url": f"{lab.url}/api/dcim/regions/2/",
        "display": "西安市",
        "name": "西安市",
        "slug": "sn-xa",
        "description": "",
        "site_count": 1,
        "_depth": 1,
    }
    assert site["status"] == {"value": "active", "label": "Active"}
    brief = _get(lab, "/api/dcim/sites/", brief=1, limit=1).json()["results"][0]
    assert sorted(brief) == ["description", "display", "id", "name", "slug", "url"]
    assert _get(lab, "/api/dcim/sites/9999/").status_code == 404
    assert _get(lab, "/api/dcim/nothing/").status_code == 404
    post = requests.post(
        f"{lab.url}/api/dcim/sites/",
        json={"name": "x"},
        headers={"Authorization": f"Token {lab.token}"},
        timeout=10,
    )
    assert (post.status_code, post.json()) == (405, {"detail": 'Method "POST" not allowed.'})


def test_circuits_as_netbox_42_shows_them(lab: LabNetbox) -> None:
    circuit = _get(lab, "/api/circuits/circuits/", cid="xa-changan-2").json()["results"][0]
    assert circuit["commit_rate"] == 2_000_000  # Kbps
    assert circuit["termination_a"]["termination_type"] == "dcim.site"
    assert circuit["termination_a"]["termination"]["slug"] == "sn-xa"
    assert circuit["assignments"][0]["priority"] == {"value": "secondary", "label": "Secondary"}
    terms = _get(lab, "/api/circuits/circuit-terminations/", circuit_id=circuit["id"]).json()
    a = next(t for t in terms["results"] if t["term_side"] == "A")
    assert a["link_peers_type"] == "dcim.interface"
    assert a["link_peers"][0]["name"] == "XGigabitEthernet0/0/1"
    assert a["link_peers"][0]["device"]["name"] == "xa-agg-2"


def test_pynetbox_reads_it(lab: LabNetbox) -> None:
    nb = pynetbox.api(lab.url, token=lab.token)
    assert nb.version == "4.2"
    assert nb.status()["netbox-version"] == "4.2.9"
    assert len(list(nb.dcim.cables.all())) == 777  # 8 pages of 100, followed by pynetbox
    site = nb.dcim.sites.get(slug="xa-changan")
    assert site is not None and site.region.slug == "xa-changan"
    devices = list(nb.dcim.devices.filter(site_id=[site.id, 2]))
    assert sorted(d.name for d in devices) == ["xa-agg-1", "xa-agg-2", "xa-changan-r1"]
    assert str(devices[0].primary_ip4) == "10.200.0.3/32"
    tagged = nb.dcim.sites.filter(tag="govops", region_id=3)
    assert [s.slug for s in tagged] == [
        "xa-changan",
        "xa-changan-t1",
        "xa-changan-t2",
        "xa-changan-t3",
        "xa-changan-t1-v1",  # villages come last in sites.yaml
        "xa-changan-t1-v2",
        "xa-changan-t1-v3",
    ]
