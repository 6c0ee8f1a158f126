"""inventory import-netbox against the lab NetBox, through the real pynetbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.errors import InputError, ProblemsError
from govops.inventory import Inventory, load_inventory
from govops.lab.netbox import LabNetbox
from govops.netbox.client import NetboxError, check_url
from govops.netbox.importer import import_netbox
from tests.netbox.conftest import MAPPING

runner = CliRunner()


def _items(inv: Inventory) -> tuple[Any, Any, Any]:
    return (
        {k: v.model_dump() for k, v in inv.sites.items()},
        {k: v.model_dump() for k, v in inv.devices.items()},
        # NetBox carries no expected member count for an aggregate (links[].members)
        {k: v.model_dump(exclude={"intended", "members"}) for k, v in inv.links.items()},
    )


def test_round_trip_gives_back_the_demo_province(
    netbox: LabNetbox, demo: Inventory, tmp_path: Path
) -> None:
    result = import_netbox(netbox.url, netbox.token, tmp_path / "inv", MAPPING)
    assert result.version == "4.2.9"
    assert result.counts == {"sites": 205, "devices": 216, "links": 399}  # with 5 villages
    assert result.notes == []
    back = load_inventory(tmp_path / "inv")
    sites, devices, links = _items(back)
    assert (sites, devices, links) == _items(demo)
    # the things NetBox carries in its own units and shapes, read back by hand
    assert sites["sn-xa"] == {
        "id": "sn-xa",
        "name": "西安市",
        "level": "city",
        "parent": "sn",
        "code": "610100",
    }
    assert sites["dept-mzt"]["level"] == "department" and sites["dept-mzt"]["parent"] == "sn"
    assert devices["xa-changan-t1-r1"]["platform"] == "hp_comware"
    assert devices["xa-changan-t1-r1"]["host"] == "10.200.0.6"
    assert links["xa-changan-1"]["contracted"] == 2_000_000_000  # commit_rate 2,000,000 Kbps
    assert links["xa-changan-2"]["a"] == {
        "device": "xa-agg-2",
        "interface": "XGigabitEthernet0/0/1",
    }
    assert links["sn-xa-1"]["contracted"] is None  # a cable, not a carrier circuit


def test_cli_import_then_validate(netbox: LabNetbox, tmp_path: Path) -> None:
    out = tmp_path / "inv"
    env = {"NB_TOKEN": netbox.token}
    args = ["inventory", "import-netbox", netbox.url, "--token-env", "NB_TOKEN"]
    result = runner.invoke(
        app, [*args, "--mapping", str(MAPPING), "-o", str(out), "-f", "json"], env=env
    )
    assert result.exit_code == 0, result.stderr
    assert netbox.token not in result.stdout + result.stderr
    assert '"links": 399' in result.stdout
    assert f"read NetBox 4.2.9 at {netbox.url}; wrote {out}" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["devices.yaml", "links.yaml", "sites.yaml"]
    assert (
        (out / "links.yaml")
        .read_text(encoding="utf-8")
        .startswith(f"# Imported from NetBox 4.2.9 at {netbox.url} on ")
    )
    valid = runner.invoke(app, ["inventory", "validate", str(out)])
    assert valid.exit_code == 0, valid.stderr
    assert "inventory is valid (3 files)" in valid.stderr


def test_region_and_tag_limit_the_sites(netbox: LabNetbox, tmp_path: Path) -> None:
    result = import_netbox(netbox.url, netbox.token, tmp_path / "xa", MAPPING, region="sn-xa")
    inv = load_inventory(tmp_path / "xa")
    # xa-zhouzhi has one uplink; three villages under xa-changan-t1, two with a router
    assert result.counts == {"sites": 24, "devices": 24, "links": 41}
    assert inv.sites["sn-xa"].parent is None  # the province is outside the region
    assert result.notes == [
        "no parent among the imported sites (the one above is outside --region/--tag) "
        "for 1 site(s): `sn-xa`"
    ]
    assert {d.site for d in inv.devices.values()} <= set(inv.sites)
    tagged = import_netbox(netbox.url, netbox.token, tmp_path / "t", MAPPING, tag="govops")
    assert tagged.counts["sites"] == 205  # every site, villages too
    none = import_netbox(netbox.url, netbox.token, tmp_path / "n", MAPPING, tag="no-such-tag")
    assert none.counts == {"sites": 0, "devices": 0, "links": 0}


def test_unmapped_regions_and_platforms_are_named_by_id(
    netbox: LabNetbox, demo: Inventory, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "levels:\n  region_depth: {0: province, 1: city, 2: county}\n"
        "platforms: {huawei-vrp: huawei, cisco-ios: cisco_ios}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProblemsError) as caught:
        import_netbox(netbox.url, netbox.token, tmp_path / "inv", mapping)
    lines = caught.value.details()
    assert caught.value.exit_code == 2
    assert caught.value.message.startswith("NetBox import has ")
    region = netbox.data.get("region", "xa-changan-t1")
    assert (
        f"dcim.region:{region['id']}: level: region `xa-changan-t1` (depth 3; sites "
        "`xa-changan-t1`) maps to no level: add it under levels.regions or levels.region_depth"
    ) in lines
    platform = netbox.data.get("platform", "h3c-comware")
    # H3C devices at the sites the mapping still places (townships are not imported)
    h3c = [
        d.name
        for d in demo.devices.values()
        if d.platform == "hp_comware" and demo.sites[d.site].level != "township"
    ]
    assert (h3c[:3], len(h3c)) == (["tc-agg-1", "tc-agg-2", "tc-yijun-r1"], 16)
    assert (
        f"dcim.platform:{platform['id']}: slug: platform `h3c-comware` (devices "
        "`tc-agg-1`, `tc-agg-2`, `tc-yijun-r1` and 13 more) maps to no "
        "netmiko device_type: add it under platforms"
    ) in lines
    assert not any("huawei-vrp" in line or "cisco-ios" in line for line in lines)
    assert not (tmp_path / "inv").exists()


def test_a_device_without_primary_ipv4_is_reported(netbox: LabNetbox, tmp_path: Path) -> None:
    device = netbox.data.get("device", "sn-core-2")
    device["primary_ip4"] = None
    with pytest.raises(ProblemsError) as caught:
        import_netbox(netbox.url, netbox.token, tmp_path / "inv", MAPPING)
    assert caught.value.details() == [
        f"dcim.device:{device['id']}: primary_ip4: device `sn-core-2` has no primary IPv4 address"
    ]


def test_planned_circuits_and_provider_networks_are_notes(
    netbox: LabNetbox, tmp_path: Path
) -> None:
    netbox.data.get("circuit", "xa-changan-1")["status"] = {"value": "planned", "label": "Planned"}
    term = netbox.data.get("circuit-termination", "xa-lintong-1:Z")
    term["termination_type"] = "circuits.providernetwork"
    result = import_netbox(netbox.url, netbox.token, tmp_path / "inv", MAPPING)
    planned, provider = (
        netbox.data.get("circuit", c)["id"] for c in ("xa-changan-1", "xa-lintong-1")
    )
    assert result.notes == [
        f"circuit `xa-changan-1` (id {planned}) is planned: skipped",
        f"circuit `xa-lintong-1` (id {provider}) ends on circuits.providernetwork, not a site: "
        "skipped",
    ]
    assert result.counts["links"] == 397  # 399 less the two skipped


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("netbox.example", "`netbox.example` is not a NetBox URL"),
        ("ftp://netbox.example", "`ftp://netbox.example` is not a NetBox URL"),
        ("http://netbox.example:99999", "`http://netbox.example:99999` is not a URL"),
        ("http://netbox.example/?q=1", "without ?query"),
    ],
)
def test_bad_urls_are_input_errors(url: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("?", r"\?")):
        check_url(url)


def test_api_suffix_is_accepted() -> None:
    assert check_url("https://netbox.example/api/") == "https://netbox.example"
    assert check_url("https://netbox.example/nb/") == "https://netbox.example/nb"


def _cli(url: str, token: str, out: Path) -> Any:
    return runner.invoke(
        app,
        ["inventory", "import-netbox", url, "--mapping", str(MAPPING), "-o", str(out)],
        env={"NETBOX_TOKEN": token},
    )


def test_refused_token_exits_1_and_never_prints_it(netbox: LabNetbox, tmp_path: Path) -> None:
    secret = "f" * 40
    result = _cli(netbox.url, secret, tmp_path / "inv")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: NetBox at {netbox.url} refused the token (403: Invalid token); "
        "check the token and its read permissions\n"
    )
    netbox.override("/api/status/", 403, {"detail": f"token {secret} expired"})
    echoed = _cli(netbox.url, secret, tmp_path / "inv")
    assert echoed.exit_code == 1 and secret not in echoed.stderr
    assert "(403: token *** expired)" in echoed.stderr


def test_missing_token_variable_is_bad_input(netbox: LabNetbox, tmp_path: Path) -> None:
    result = _cli(netbox.url, "", tmp_path / "inv")
    assert result.exit_code == 2
    assert "environment variable `NETBOX_TOKEN` is empty" in result.stderr


def test_unreachable_netbox_exits_1(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = _cli(f"http://127.0.0.1:{port}", "t", tmp_path / "inv")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: NetBox at http://127.0.0.1:{port} is unreachable (ConnectionError); "
        "check the URL\n"
    )


@pytest.mark.parametrize(
    ("path", "status", "body", "code", "message"),
    [
        ("/api/dcim/sites/", 502, b"<html>Bad Gateway</html>", 1, "answered 502 Bad Gateway"),
        ("/api/status/", 500, {"detail": "boom"}, 1, "answered 500 Internal Server Error: boom"),
        ("/api/status/", 404, {"detail": "Not found."}, 2, "no NetBox API at"),
        ("/api/status/", 200, {"netbox-version": "3.7.8"}, 1, "NetBox 3.7.8 is older than 4.2"),
        ("/api/dcim/devices/", 200, b"not json", 1, "answered something that is not JSON"),
    ],
)
def test_broken_netbox_answers(
    netbox: LabNetbox,
    tmp_path: Path,
    path: str,
    status: int,
    body: Any,
    code: int,
    message: str,
) -> None:
    netbox.override(path, status, body)
    result = _cli(netbox.url, netbox.token, tmp_path / "inv")
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_field_govops_needs_missing_is_a_clean_error(netbox: LabNetbox, tmp_path: Path) -> None:
    site = netbox.data.get("site", "sn-xa")
    del site["slug"]
    with pytest.raises(NetboxError) as caught:
        import_netbox(netbox.url, netbox.token, tmp_path / "inv", MAPPING)
    assert caught.value.message == (
        f"NetBox answered a dcim.site govops cannot read (id {site['id']}): slug: Field required"
    )
