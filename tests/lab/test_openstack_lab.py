from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from govops.lab.openstack import LabOpenStack
from tests.cloud.conftest import demo_inv, lab

__all__ = ["demo_inv", "lab"]
DEMO = Path(__file__).resolve().parents[2] / "inventories" / "demo"


def get(url: str, token: str | None = None) -> tuple[int, dict[str, object]]:
    req = urllib.request.Request(url, headers={"X-Auth-Token": token} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_serves_every_cloud_of_the_layout(lab: LabOpenStack) -> None:
    assert len(lab.clouds) == 14  # 1 + 11 + 2
    status, body = get(f"{lab.url}/sn-prov/compute/v2.1")
    assert status == 200 and body["version"]["min_version"] == "2.1"  # type: ignore[index]
    status, body = get(f"{lab.url}/sn-edu/placement/")
    assert status == 200 and body["versions"][0]["max_version"] == "1.39"  # type: ignore[index]


def test_api_calls_need_a_token_keystone_issued(lab: LabOpenStack) -> None:
    status, body = get(f"{lab.url}/sn-prov/compute/v2.1/servers/detail")
    assert status == 401 and body["error"]["title"] == "Unauthorized"  # type: ignore[index]
    assert get(f"{lab.url}/sn-prov/compute/v2.1/servers/detail", "made-up")[0] == 401
    auth = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": "govops-lab",
                        "domain": {"name": "Default"},
                        "password": lab.password,
                    }
                },
            }
        }
    }
    req = urllib.request.Request(f"{lab.url}/sn-prov/identity/v3/auth/tokens",
                                 data=json.dumps(auth).encode(), method="POST")  # fmt: skip
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 201
        token = resp.headers["X-Subject-Token"]
        catalog = json.loads(resp.read())["token"]["catalog"]
    assert sorted(s["type"] for s in catalog) == [
        "block-storage",
        "compute",
        "identity",
        "placement",
    ]
    status, body = get(f"{lab.url}/sn-prov/compute/v2.1/servers/detail?all_projects=True", token)
    assert status == 200 and len(body["servers"]) == 27  # type: ignore[arg-type]


def test_clouds_yaml_is_private_and_names_every_cloud(lab: LabOpenStack, tmp_path: Path) -> None:
    path = lab.write_clouds_yaml(tmp_path / "lab" / "clouds.yaml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    clouds = yaml.safe_load(path.read_text())["clouds"]
    assert sorted(clouds) == sorted(lab.clouds)
    assert clouds["sn-xa"]["auth"]["auth_url"] == f"{lab.url}/sn-xa/identity/v3"


def test_lab_up_runs_until_sigterm(tmp_path: Path) -> None:
    clouds = tmp_path / "clouds.yaml"
    govops = Path(sys.executable).with_name("govops")
    proc = subprocess.Popen(
        [str(govops), "lab", "up", "-i", str(DEMO), "--no-fleet", "--clouds-yaml", str(clouds)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "GOVOPS_DB": str(tmp_path / "db")},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not clouds.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert clouds.exists()
        url = yaml.safe_load(clouds.read_text())["clouds"]["sn-prov"]["auth"]["auth_url"]
        assert get(url)[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and out == ""
    assert err.startswith("lab OpenStack: http://127.0.0.1:") and err.endswith("lab stopped\n")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
