"""The audit in forms people and scripts read: level rows, CSV, Markdown, the IPv6 view."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from govops.i18n import M_, N_, _, localize, word
from govops.inventory.models import Inventory
from govops.network.audit import AuditReport
from govops.network.checks import SiteAudit

LEVEL_COLUMNS = (
    N_("level"),
    N_("expect"),
    N_("connect"),
    N_("comply"),
    N_("IPv6"),
    N_("cover%"),
    N_("comply%"),
    N_("IPv6%"),
)
FINDING_COLUMNS = (N_("severity"), N_("check"), N_("subject"), N_("message"))


def _pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.1%}"


def level_rows(report: AuditReport) -> list[list[Any]]:
    """A line per level and a total line: the part of the audit a person reads first."""
    rows = []
    levels = report.summary["levels"]
    for name, s in [*levels.items(), ("total", report.summary["total"])]:
        rows.append(
            [
                word(name),
                s["expected"],
                s["connected"],
                s["bandwidth_compliant"],
                s["ipv6_ready"],
                _pct(s["coverage_ratio"]),
                _pct(s["bandwidth_compliance_ratio"]),
                _pct(s["ipv6_ready_ratio"]),
            ]
        )
    return rows


def finding_rows(report: AuditReport, info: bool = True) -> list[list[str]]:
    """Findings by severity; with ``info`` False, info findings shrink to a count per check."""
    rows = [
        [word(f.severity), word(f.check), f.subject, localize(f.message)]
        for f in report.findings
        if info or f.severity != "info"
    ]
    if not info:
        counts: dict[str, int] = {}
        for f in report.findings:
            if f.severity == "info":
                counts[f.check] = counts.get(f.check, 0) + 1
        rows += [
            [
                word("info"),
                word(check),
                _("{n} subjects", n=n),
                _("listed in --format json/csv/markdown"),
            ]
            for check, n in sorted(counts.items())
        ]
    return rows


def render_csv(report: AuditReport) -> str:
    """One row per site, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "site",
            "level",
            "parent",
            "uplinks_up",
            "uplinks_required",
            "bandwidth_status",
            "ipv6_status",
            "connected",
        ]
    )
    for s in report.sites:
        writer.writerow(
            [
                s.id,
                s.level,
                s.parent or "",
                s.uplinks_up,
                s.uplinks_required,
                s.bandwidth_status,
                s.ipv6_status,
                str(s.connected).lower(),
            ]
        )
    return out.getvalue()


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return lines


def render_markdown(report: AuditReport) -> str:
    lines = ["# " + _("Network audit"), "", "## " + _("Levels"), ""]
    lines += _md_table([_(c) for c in LEVEL_COLUMNS], level_rows(report))
    lines += ["", "## " + _("Findings"), ""]
    lines += _md_table([_(c) for c in FINDING_COLUMNS], finding_rows(report))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Ipv6View:
    headline: str
    by_level: list[list[Any]]
    by_city: list[list[Any]]
    next_to_convert: list[str]


def _count(sites: Sequence[SiteAudit]) -> list[int]:
    return [
        sum(s.ipv6_status == k for s in sites)
        for k in ("dual_stack", "partial", "ipv4_only", "unknown")
    ]


def _city_of(site: SiteAudit, by_id: dict[str, SiteAudit]) -> str | None:
    current: SiteAudit | None = site
    while current is not None and current.level != "city":
        current = by_id.get(current.parent or "")
    return current.id if current else None


def ipv6_view(report: AuditReport, inventory: Inventory) -> Ipv6View:
    """Dual-stack progress by level and by city, headed by the county line the plan watches."""
    by_id = {s.id: s for s in report.sites}
    by_level = []
    for level in report.summary["levels"]:
        at = [s for s in report.sites if s.level == level]
        by_level.append([word(level), len(at), *_count(at)])
    by_city = []
    for city in (s for s in report.sites if s.level == "city"):
        under = [s for s in report.sites if s.level != "city" and _city_of(s, by_id) == city.id]
        name = inventory.sites[city.id].name
        by_city.append([city.id, name, word(city.ipv6_status), len(under), *_count(under)])
    counties = [s for s in report.sites if s.level == "county"]
    focus = counties or list(report.sites)
    ready = sum(s.ipv6_status == "dual_stack" for s in focus)
    share = f"{ready / len(focus):.1%}" if focus else "-"
    template = (
        N_("{ready} of {total} county sites dual stack ({share})")
        if counties
        else N_("{ready} of {total} sites dual stack ({share})")
    )
    headline = M_(template, ready=ready, total=len(focus), share=share)
    nxt = [f.subject for f in report.findings if f.check == "ipv6" and "convert next" in f.message]
    return Ipv6View(headline, by_level, by_city, nxt)
