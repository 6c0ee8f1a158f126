from __future__ import annotations

from pathlib import Path

import pytest

from govops import config
from govops.errors import InputError
from govops.inventory import load_inventory
from govops.network.collect import select_devices

DEMO = Path(__file__).resolve().parents[2] / "inventories" / "demo"


def test_filters_select_devices() -> None:
    inventory = load_inventory(DEMO)
    assert [d.name for d in select_devices(inventory, sites=["sn-xa"])] == ["xa-agg-1", "xa-agg-2"]
    cities = select_devices(inventory, levels=["city"])
    assert len(cities) == 22 and all(d.name.endswith(("-agg-1", "-agg-2")) for d in cities)
    assert [d.name for d in select_devices(inventory, devices=["sn-core-2"])] == ["sn-core-2"]
    assert len(select_devices(inventory)) == 212
    with pytest.raises(InputError, match="no site `sn-zz`"):
        select_devices(inventory, sites=["sn-zz"])
    with pytest.raises(InputError, match="select no device"):
        select_devices(inventory, sites=["sn-xa"], levels=["county"])


def test_credentials_per_profile_fall_back_to_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_SSH_USER", "ops")
    monkeypatch.setenv("GOVOPS_SSH_PASSWORD", "default-secret")
    monkeypatch.setenv("GOVOPS_SSH_USER_CITY_XA", "xa-ops")
    monkeypatch.setenv("GOVOPS_SSH_PASSWORD_CITY_XA", "xa-secret")
    assert config.ssh_login(None) == ("ops", "default-secret")
    assert config.ssh_login("city-xa") == ("xa-ops", "xa-secret")
    assert config.ssh_login("county") == ("ops", "default-secret")
    monkeypatch.delenv("GOVOPS_SSH_PASSWORD")
    assert config.ssh_login("county") == ("ops", None)  # keys and the agent


def test_an_unsupported_platform_is_an_envelope_error_not_a_raise() -> None:
    from govops.inventory.models import Device
    from govops.network.ssh import Credentials, SshOptions, read_device

    # the inventory refuses it; a Device built in code is still read without a raise
    device = Device.model_construct(
        name="r1", site="s", host="127.0.0.1", port=9, platform="juniper_junos"
    )
    result = read_device(device, Credentials("u", "p"), SshOptions(connect_timeout=1))
    assert result.error == "unsupported platform: juniper_junos" and result.outputs == {}


def test_a_refused_connection_is_unreachable() -> None:
    import socket

    from govops.inventory.models import Device
    from govops.network.ssh import Credentials, SshOptions, read_device

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    device = Device(name="r1", site="s", host="127.0.0.1", port=port, platform="huawei")
    result = read_device(device, Credentials("u", "p"), SshOptions(connect_timeout=1))
    assert (result.error or "").startswith("unreachable: ")


def test_under_selects_a_site_and_every_site_below_it() -> None:
    inventory = load_inventory(DEMO)
    tc = [d.name for d in select_devices(inventory, under=["sn-tc"])]
    assert len(tc) == 18  # 2 aggregation + 4 counties x (1 county + 3 township routers)
    assert {"tc-agg-1", "tc-yaozhou-r1", "tc-yaozhou-t3-r1"} <= set(tc)
    assert all(d.startswith("tc-") for d in tc)
    only = [d.name for d in select_devices(inventory, sites=["sn-tc"])]
    assert only == ["tc-agg-1", "tc-agg-2"]  # --site keeps meaning that site only
    county = select_devices(inventory, under=["tc-yaozhou"], levels=["township"])
    assert [d.name for d in county] == [f"tc-yaozhou-t{n}-r1" for n in (1, 2, 3)]
    assert len(select_devices(inventory, under=["sn"])) == 212
    with pytest.raises(InputError, match="no site `sn-zz`"):
        select_devices(inventory, under=["sn-zz"])
