"""What measured utilisation says to people: findings and the busiest-links table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from govops.i18n import M_, N_
from govops.network.checks import LinkAudit
from govops.network.findings import Finding
from govops.network.policy import Policy
from govops.network.utilisation import LinkUsage
from govops.units import format_rate


def _duration(seconds: float) -> str:
    days, rest = divmod(round(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{days}d" + (f" {hours}h" if hours else "")
    return f"{hours}h" if hours else f"{rest // 60}m"


def _threshold(link: LinkAudit, usage: LinkUsage, policy: Policy) -> Finding | None:
    if link.utilization is None or usage.figures is None or usage.end is None:
        return None
    f = usage.figures
    direction = "in" if (f.in_bps or 0) >= (f.out_bps or 0) else "out"
    label = f"p{usage.quantile * 100:g}"
    for severity, limit in (("critical", policy.utilization.critical),
                            ("warning", policy.utilization.warning)):  # fmt: skip
        if link.utilization >= limit:
            message = M_(
                "{label} over {window} at {utilization:.1%} of {effective} (>= {limit:.0%}; "
                "{direction} on {device} {interface})",
                label=label,
                window=_duration(f.window_s),
                utilization=link.utilization,
                effective=format_rate(link.effective_bps),
                limit=limit,
                direction=M_("in") if direction == "in" else M_("out"),
                device=usage.end[0],
                interface=usage.end[1],
            )
            return Finding(severity, "utilization", link.id, message)
    return None


def _window_finding(usages: Sequence[LinkUsage]) -> list[Finding]:
    """One info finding when the data held is shorter than the window asked for."""
    spans = [u.figures for u in usages if u.figures and u.figures.covered_s is not None]
    short = [f for f in spans if f.covered_s is not None and f.covered_s < f.window_s - 600]
    if not short:
        return []
    shortest = min(f.covered_s or 0.0 for f in short)
    longest = max(f.covered_s or 0.0 for f in short)
    counts = {"short": len(short), "total": len(usages), "window": _duration(short[0].window_s)}
    if _duration(shortest) == _duration(longest):
        message = M_(
            "{short} of {total} links have less data than the {window} window (covered "
            "{covered}); their quantiles are over the span covered",
            covered=_duration(shortest),
            **counts,
        )
    else:
        message = M_(
            "{short} of {total} links have less data than the {window} window (covered "
            "{shortest} to {longest}); their quantiles are over the span covered",
            shortest=_duration(shortest),
            longest=_duration(longest),
            **counts,
        )
    return [Finding("info", "utilization", usages[0].source, message)]


def usage_findings(links: Iterable[LinkAudit], policy: Policy) -> list[Finding]:
    """Measured links over a threshold, links with no figures, and a too-long window."""
    out: list[Finding] = []
    usages = []
    for link in links:
        usage = link.measured
        if usage is None:
            continue
        usages.append(usage)
        if usage.figures is None:
            out.append(
                Finding(
                    "warning",
                    "utilization",
                    link.id,
                    M_("utilisation unknown: {reason}", reason=usage.reason),
                )
            )
        elif (found := _threshold(link, usage, policy)) is not None:
            out.append(found)
    return out + _window_finding(usages)


USAGE_COLUMNS = (
    N_("link"),
    N_("rate"),
    N_("snapshot"),
    N_("in"),
    N_("out"),
    N_("max"),
    N_("covered"),
    N_("measured"),
)


def _pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.1%}"


def _rate(bps: float | None) -> str:
    return format_rate(None if bps is None else round(bps))


def usage_rows(links: Iterable[LinkAudit], limit: int = 10) -> list[list[str]]:
    """The busiest measured links beside the snapshot's figure, then every unknown one."""
    measured = [link for link in links if link.measured is not None]
    busy = sorted(
        (link for link in measured if link.utilization is not None),
        key=lambda link: (-(link.utilization or 0.0), link.id),
    )[:limit]
    rows = []
    for link in busy + [link for link in measured if link.measured and not link.measured.figures]:
        usage = link.measured
        assert usage is not None
        f = usage.figures
        maxima = [v for v in (f.max_in_bps, f.max_out_bps) if v is not None] if f else []
        highest = max(maxima) if maxima else None
        rows.append([
            link.id,
            format_rate(link.effective_bps),
            _pct(link.snapshot_utilization),
            _rate(f.in_bps) if f else "-",
            _rate(f.out_bps) if f else "-",
            _rate(highest),
            _duration(f.covered_s) if f and f.covered_s is not None else "-",
            _pct(link.utilization) if f else M_("unknown"),
        ])  # fmt: skip
    return rows
