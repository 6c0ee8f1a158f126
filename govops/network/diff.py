"""What changed between two audits (design.md's audit JSON): new and fixed findings, links
and sites whose status changed, and per-level ratio deltas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RATIOS = ("coverage_ratio", "bandwidth_compliance_ratio", "ipv6_ready_ratio")
SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}
SITE_FIELDS = ("connected", "bandwidth_status", "ipv6_status")


@dataclass(frozen=True)
class AuditDiff:
    new_findings: list[dict[str, Any]]
    fixed_findings: list[dict[str, Any]]
    links: list[dict[str, Any]]  # id, tier, before, after
    sites: list[dict[str, Any]]  # id, level, field, before, after
    ratios: list[dict[str, Any]]  # level, ratio, before, after, delta

    def dropped(self) -> list[dict[str, Any]]:
        """Ratios that fell."""
        return [r for r in self.ratios if r["delta"] is not None and r["delta"] < 0]

    def regressions(self, fail_on: str) -> bool:
        """A new finding at or above ``fail_on``, or any ratio that fell."""
        limit = SEVERITY_RANK[fail_on]
        worse = any(SEVERITY_RANK[f["severity"]] <= limit for f in self.new_findings)
        return worse or bool(self.dropped())

    def to_json(self) -> dict[str, Any]:
        return {
            "new_findings": self.new_findings,
            "fixed_findings": self.fixed_findings,
            "links": self.links,
            "sites": self.sites,
            "ratios": self.ratios,
        }


def _identity(finding: dict[str, Any]) -> tuple[str, str, str]:
    """A finding is the same one while check, subject and severity stay (messages carry
    figures that move from run to run, such as a utilisation)."""
    return (finding["check"], finding["subject"], finding["severity"])


def _findings(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    before = {_identity(f): f for f in old.get("findings", [])}
    after = {_identity(f): f for f in new.get("findings", [])}

    def order(f: dict[str, Any]) -> tuple[int, str, str]:
        return (SEVERITY_RANK.get(f["severity"], 9), f["check"], f["subject"])

    added = sorted((f for k, f in after.items() if k not in before), key=order)
    fixed = sorted((f for k, f in before.items() if k not in after), key=order)
    return added, fixed


def _links(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    before = {link["id"]: link for link in old.get("links", [])}
    out = []
    for link in new.get("links", []):
        was = before.get(link["id"])
        was_status = None if was is None else was["status"]
        if was_status != link["status"]:
            row = {"id": link["id"], "tier": link.get("tier"), "before": was_status}
            out.append({**row, "after": link["status"]})
    gone = sorted(set(before) - {link["id"] for link in new.get("links", [])})
    out += [
        {"id": i, "tier": before[i].get("tier"), "before": before[i]["status"], "after": None}
        for i in gone
    ]
    return out


def _sites(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    before = {site["id"]: site for site in old.get("sites", [])}
    out = []
    for site in new.get("sites", []):
        was = before.get(site["id"], {})
        for field in SITE_FIELDS:
            if was.get(field) != site[field]:
                row = {"id": site["id"], "level": site["level"], "field": field}
                out.append({**row, "before": was.get(field), "after": site[field]})
    return out


def _ratios(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    def levels(report: dict[str, Any]) -> dict[str, Any]:
        summary = report.get("summary", {})
        return {**summary.get("levels", {}), "total": summary.get("total", {})}

    before, after = levels(old), levels(new)
    out = []
    for level in [*after, *(lv for lv in before if lv not in after)]:
        for ratio in RATIOS:
            was = before.get(level, {}).get(ratio)
            now = after.get(level, {}).get(ratio)
            delta = None if was is None or now is None else round(now - was, 4)
            out.append(
                {"level": level, "ratio": ratio, "before": was, "after": now, "delta": delta}
            )
    return out


def diff_audits(old: dict[str, Any], new: dict[str, Any]) -> AuditDiff:
    """From ``old`` to ``new``: both audit reports as ``govops network audit -f json`` prints."""
    added, fixed = _findings(old, new)
    return AuditDiff(added, fixed, _links(old, new), _sites(old, new), _ratios(old, new))
