"""Write a province-sized inventory: the demo province plus counties until it has N devices.

Shaped like Shaanxi (about 107 counties, 1,768 townships): each added county has a
router with two uplinks to its city's aggregation pair and twelve townships below it,
each with one router on two 200M uplinks. Deterministic: the same N writes the same files.
Used by bench/province_wan.py; a person can point `govops lab up` at its output.

    python scripts/make_province_inventory.py OUT_DIR [--devices 5000]
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TOWNSHIPS_PER_COUNTY = 12


def _demo() -> Any:
    spec = importlib.util.spec_from_file_location("demo", HERE / "make_demo_inventory.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(devices: int) -> Any:
    """The Builder holding the demo province grown to ``devices`` devices (at least the demo)."""
    demo = _demo()

    class Builder(demo.Builder):  # type: ignore[name-defined,misc]
        """The demo builder with a constant-time platform lookup (it scans the device list)."""

        def device(self, name: str, site: str, platform: str, model: str) -> None:
            super().device(name, site, platform, model)
            self.platforms = getattr(self, "platforms", {})
            self.platforms[name] = platform

        def platform(self, device: str) -> str:
            return str(self.platforms[device])

    b = Builder()
    demo.build_network(b)
    k = 0
    while len(b.devices) < devices:
        cid = demo.CITIES[k % len(demo.CITIES)][0]
        _county(demo, b, cid, f"{cid}-p{k}", k, devices - len(b.devices))
        k += 1
    return demo, b


def _county(demo: Any, b: Any, cid: str, county: str, k: int, room: int) -> None:
    b.site(county, f"扩展县{k}", "county", f"sn-{cid}")
    platform = ["huawei", "hp_comware", "huawei", "cisco_ios"][k % 4]
    router = f"{county}-r1"
    b.device(router, county, platform, demo.ACCESS_MODELS[platform])
    for n, agg in enumerate((f"{cid}-agg-1", f"{cid}-agg-2"), start=1):
        b.link(f"{county}-{n}", agg, router, speed="10G", contracted="2G")
    for t in range(1, min(TOWNSHIPS_PER_COUNTY, room - 1) + 1):
        township = f"{county}-t{t}"
        b.site(township, f"扩展镇{k}-{t}", "township", county)
        tplatform = ["huawei", "hp_comware", "cisco_ios"][(k + t) % 3]
        trouter = f"{township}-r1"
        b.device(trouter, township, tplatform, demo.ACCESS_MODELS[tplatform])
        for n in (1, 2):
            b.link(f"{township}-{n}", router, trouter, speed="1G", contracted="200M")


def write_inventory(out: Path, devices: int) -> Path:
    """Write sites.yaml, devices.yaml and links.yaml of a ``devices``-device province."""
    demo, b = build(devices)
    out.mkdir(parents=True, exist_ok=True)
    for name, key, items in (
        ("sites.yaml", "sites", b.sites),
        ("devices.yaml", "devices", b.devices),
        ("links.yaml", "links", b.links),
    ):
        demo.write(out, name, key, items)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--devices", type=int, default=5000)
    args = parser.parse_args()
    write_inventory(args.out, args.devices)
    print(f"{args.devices} devices written to {args.out}")


if __name__ == "__main__":
    main()
