"""Write a demo fault history (CSV for `govops fault import`) for the demo province.

Sixty days of network, platform and security faults at the demo inventory's sites, a
few of them still open (one overdue, one at risk). Deterministic for a given --now.

    python scripts/make_demo_faults.py OUT.csv [--now ISO] [--inventory inventories/demo]
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

SUMMARIES = {
    "network": [
        "uplink Eth-Trunk1 down",
        "member port flapping",
        "BGP session to core down",
        "optical power low on uplink",
        "packet loss over 5% to city core",
    ],
    "platform": [
        "cloud API 5xx above 5%",
        "compute node down",
        "storage pool latency high",
        "DNS resolver timeout",
    ],
    "security": ["weak SSH cipher found", "WAF blocked attack burst", "expired certificate"],
}


def sites(inventory: Path) -> list[tuple[str, str]]:
    raw = yaml.safe_load((inventory / "sites.yaml").read_text(encoding="utf-8"))
    return [(s["id"], s["level"]) for s in raw["sites"] if s["level"] != "village"]


def rows(now: datetime, places: list[tuple[str, str]]) -> list[dict[str, str]]:
    rng = random.Random(2026)
    out = []
    for n in range(150):
        category = rng.choices(["network", "platform", "security"], [6, 3, 1])[0]
        opened = now - timedelta(days=60) + timedelta(minutes=rng.randrange(60 * 24 * 59))
        minutes = min(rng.lognormvariate(4.1, 0.55), 60 * 20)
        site, level = rng.choice(places)
        out.append(
            _row(
                n,
                category,
                rng.choice(["critical", "major", "major", "minor"]),
                rng.choice(SUMMARIES[category]),
                site,
                level,
                opened,
                opened + timedelta(minutes=8),
                opened + timedelta(minutes=minutes),
            )
        )
    for n, (hours, category) in enumerate([(26, "network"), (2.25, "platform"), (0.5, "network")]):
        opened = now - timedelta(hours=hours)
        site, level = places[n * 7 % len(places)]
        out.append(
            _row(
                200 + n,
                category,
                "critical",
                SUMMARIES[category][0],
                site,
                level,
                opened,
                None,
                None,
            )
        )
    return out


#: Platform faults that took a cloud down (outages, 政务云平台可靠性), on these clouds in turn.
OUTAGES = ("cloud API 5xx above 5%", "compute node down")
OUTAGE_CLOUDS = ("prov", "city-xa", "city-yl", "ind-health", "city-hz")


def _row(
    n: int,
    category: str,
    severity: str,
    summary: str,
    site: str,
    level: str,
    opened: datetime,
    acked: datetime | None,
    resolved: datetime | None,
) -> dict[str, str]:
    def fmt(t: datetime | None) -> str:
        return "" if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")

    outage = category == "platform" and summary in OUTAGES
    return {
        "external_key": f"demo-{n:04d}",
        "category": category,
        "severity": severity,
        "summary": summary,
        "site": site,
        "level": level,
        "opened_at": fmt(opened),
        "acknowledged_at": fmt(acked),
        "resolved_at": fmt(resolved),
        "outage": "true" if outage else "",
        "cloud": OUTAGE_CLOUDS[n % len(OUTAGE_CLOUDS)] if outage else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a demo fault history CSV.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--now", help="end of the history, ISO-8601 (default: now)")
    parser.add_argument("--inventory", type=Path, default=Path("inventories/demo"))
    args = parser.parse_args()
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    now = now.replace(second=0, microsecond=0)
    data = rows(now, sites(args.inventory))
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)


if __name__ == "__main__":
    main()
